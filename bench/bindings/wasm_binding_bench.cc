// One output-binding call in-process, without HTTP: bindings.wasm running the example transform
// (a fresh instance per call: instantiate, WASI context, _start, stdout captured) beside
// bindings.localstorage reading a small file, the same interface's cheapest real peer.
// bench/bindings.sh runs it and prints the ratio.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>

#include "components/bindings/localstorage/local_storage_binding.h"
#include "components/bindings/wasm/wasm_binding.h"

namespace lichen::components {
namespace {

void BM_WasmTransform(benchmark::State& state) {
  component::Properties props;
  props.set("url", std::string("file://") + TRANSFORM_WASM);
  WasmBinding binding;
  if (auto ok = binding.init(props); !ok) {
    state.SkipWithError(ok.error().message().c_str());
    return;
  }
  const bindings::InvokeRequest request{"execute", "\"hello lichen\"", {}};
  for (auto _ : state) {
    bindings::InvokeResult r = binding.invoke(request);
    if (!r.ok() || r.response->data != "\"HELLO LICHEN\"") {
      state.SkipWithError("wrong answer");
      return;
    }
  }
}
BENCHMARK(BM_WasmTransform);

void BM_LocalStorageGet(benchmark::State& state) {
  const std::filesystem::path root =
      std::filesystem::temp_directory_path() / ("lichen-bench-" + std::to_string(::getpid()));
  component::Properties props;
  props.set("rootPath", root.string());
  LocalStorageBinding binding;
  if (auto ok = binding.init(props); !ok) {
    state.SkipWithError(ok.error().message().c_str());
    return;
  }
  (void)binding.invoke({"create", "\"hello lichen\"", {{"fileName", "bench.txt"}}});
  const bindings::InvokeRequest request{"get", "", {{"fileName", "bench.txt"}}};
  for (auto _ : state) {
    bindings::InvokeResult r = binding.invoke(request);
    if (!r.ok()) {
      state.SkipWithError(r.error.message().c_str());
      break;
    }
  }
  std::filesystem::remove_all(root);
}
BENCHMARK(BM_LocalStorageGet);

}  // namespace
}  // namespace lichen::components

BENCHMARK_MAIN();
