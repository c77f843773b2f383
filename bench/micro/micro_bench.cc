// Microbenchmarks of the per-request costs a sidecar pays: instantiating a small module afresh
// (goal: <= 5 us after the first instantiation) and a guest calling a C++ host function
// (goal: <= 20 ns per call).
#include <benchmark/benchmark.h>

#include <cstdio>

#include "wasm/engine/engine.h"

namespace lichen::wasm {
namespace {

std::shared_ptr<const CompiledModule> loadOrDie(Engine& engine, const char* name) {
  auto m = engine.loadFile(std::string(LICHEN_MICRO_DIR) + "/" + name);
  if (!m) {
    std::fprintf(stderr, "%s: %s\n", name, m.error().toString().c_str());
    std::abort();
  }
  return *m;
}

// A fresh Store and instance per iteration, as a sidecar would create per request.
void BM_InstantiateSmallModule(benchmark::State& state) {
  Engine engine;
  auto compiled = loadOrDie(engine, "small_module.wasm");
  {
    Store warm(engine.executor());
    if (!instantiate(warm, compiled, {})) std::abort();
  }
  for (auto _ : state) {
    Store store(engine.executor());
    auto inst = instantiate(store, compiled, {});
    benchmark::DoNotOptimize(inst);
  }
}
BENCHMARK(BM_InstantiateSmallModule);

// The same plus one call of the handler, which touches memory: the whole per-request cost.
void BM_InstantiateAndHandle(benchmark::State& state) {
  Engine engine;
  auto compiled = loadOrDie(engine, "small_module.wasm");
  const Value arg = Value::i32(1);
  for (auto _ : state) {
    Store store(engine.executor());
    auto inst = instantiate(store, compiled, {});
    auto r = store.invoke((*inst)->findExport("handle")->func, {&arg, 1});
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_InstantiateAndHandle);

void callLoop(benchmark::State& state, const char* export_name) {
  Engine engine;
  auto compiled = loadOrDie(engine, "host_call.wasm");
  Store store(engine.executor());
  FuncInstance* add = store.addHostFunc(
      FuncType{{ValType::kI32, ValType::kI32}, {ValType::kI32}},
      [](HostCall&, uint64_t* io) -> Expected<void, Trap> {
        io[0] = static_cast<uint32_t>(io[0] + io[1]);
        return {};
      },
      "add");
  Extern e;
  e.func = add;
  std::vector<Extern> imports{e};
  auto inst = instantiate(store, compiled, imports);
  if (!inst) std::abort();
  FuncInstance* loop = (*inst)->findExport(export_name)->func;
  constexpr uint32_t kCalls = 100000;
  const Value arg = Value::i32(kCalls);
  for (auto _ : state) {
    auto r = store.invoke(loop, {&arg, 1});
    benchmark::DoNotOptimize(r);
  }
  state.counters["ns_per_call"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * kCalls,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// Each iteration is 100000 guest-to-host calls (plus the loop around them).
void BM_HostCall(benchmark::State& state) { callLoop(state, "loop"); }
BENCHMARK(BM_HostCall)->Unit(benchmark::kMicrosecond);

// The same loop calling a wasm function: the cost of a call inside the engine.
void BM_WasmCall(benchmark::State& state) { callLoop(state, "loop_wasm"); }
BENCHMARK(BM_WasmCall)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace lichen::wasm

BENCHMARK_MAIN();
