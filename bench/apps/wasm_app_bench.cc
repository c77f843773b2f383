// What serving a request with a Wasm app costs in-process, without HTTP: WasmApp::invoke with
// a fresh instance per request (instantiate from the copy-on-write image, WASI context,
// _initialize, the handler, drop), for an empty handler and for the counter example, whose
// handler reads (and for increment, writes) the SQLite state store through the host ABI.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>

#include "app/wasm_app.h"
#include "components/register_components.h"

namespace lichen::app {
namespace {

struct Fixture {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("lichen-app-bench-" + std::to_string(::getpid()));
  std::unique_ptr<runtime::Runtime> runtime;
  std::unique_ptr<WasmApp> app;

  Fixture(const std::string& app_id, const std::string& wasm) {
    std::filesystem::create_directories(dir);
    runtime::Registry registry;
    components::registerBuiltinComponents(registry);
    runtime = std::move(*runtime::Runtime::create({app_id, "", {}, {}}, registry,
                                                  runtime::embeddedDefaults(dir.string())));
    WasmAppOptions options;
    options.file = wasm;
    options.app_id = app_id;
    auto loaded = WasmApp::load(options, *runtime);
    if (!loaded) std::fprintf(stderr, "%s\n", loaded.error().c_str());
    app = std::move(*loaded);
  }
  ~Fixture() {
    app.reset();
    runtime.reset();
    std::filesystem::remove_all(dir);
  }
};

void invoke(benchmark::State& state, const char* app_id, const char* wasm, const char* method) {
  Fixture fixture(app_id, wasm);
  component::AppRequest request;
  request.verb = "POST";
  request.method = method;
  request.path = std::string("/") + method;
  for (auto _ : state) {
    auto response = fixture.app->invoke(request);
    if (!response || response->status != 200) state.SkipWithError("the app did not answer 200");
    benchmark::DoNotOptimize(response);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_EmptyHandler(benchmark::State& state) { invoke(state, "faults", FAULTS_WASM, "ok"); }
void BM_CounterCount(benchmark::State& state) { invoke(state, "counter", COUNTER_WASM, "count"); }
void BM_CounterIncrement(benchmark::State& state) {
  invoke(state, "counter", COUNTER_WASM, "increment");
}
BENCHMARK(BM_EmptyHandler);
BENCHMARK(BM_CounterCount);
BENCHMARK(BM_CounterIncrement);

}  // namespace
}  // namespace lichen::app

BENCHMARK_MAIN();
