// Microbenchmarks of the per-request costs a sidecar pays: instantiating a small module afresh
// (goal: <= 5 us after the first instantiation) and a guest calling a C++ host function
// (goal: <= 20 ns per call).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <iterator>
#include <vector>

#include "wasm/engine/engine.h"
#include "wasm/runtime/linker.h"

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

// About 5 MiB of code: 1200 functions of 4.5 KB, each a run of arithmetic, local traffic,
// an if/else and a counted loop. Compilation (decode + validate + compile) must stay linear.
std::vector<uint8_t> largeModule() {
  auto leb = [](std::vector<uint8_t>& out, uint64_t v) {
    do {
      uint8_t b = v & 0x7F;
      v >>= 7;
      out.push_back(v ? b | 0x80 : b);
    } while (v);
  };
  std::vector<uint8_t> body = {0x01, 0x04, 0x7F};  // 4 i32 locals
  for (int k = 0; k < 100; ++k) {
    const uint8_t chunk[] = {
        0x20, 0x00, 0x41, 0x07, 0x6A, 0x21, 0x01,              // l1 = p0 + 7
        0x20, 0x01, 0x20, 0x02, 0x6C, 0x22, 0x02,              // l2 = l1 * l2 (tee)
        0x41, 0x03, 0x48, 0x04, 0x7F, 0x20, 0x01, 0x05,        // if l2 < 3 then l1
        0x20, 0x02, 0x0B, 0x21, 0x03,                          // else l2; l3 = that
        0x02, 0x40, 0x03, 0x40, 0x20, 0x03, 0x41, 0x01, 0x6B,  // block loop l3 -= 1
        0x22, 0x03, 0x45, 0x0D, 0x01, 0x0C, 0x00, 0x0B, 0x0B,  // br_if !l3 out; br loop
    };
    body.insert(body.end(), std::begin(chunk), std::end(chunk));
  }
  body.insert(body.end(), {0x20, 0x03, 0x0B});
  constexpr uint32_t kFuncs = 1200;
  std::vector<uint8_t> m = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  m.insert(m.end(), {0x01, 0x06, 0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F});  // type (i32)->i32
  std::vector<uint8_t> funcs;
  leb(funcs, kFuncs);
  funcs.insert(funcs.end(), kFuncs, 0x00);
  m.push_back(0x03);
  leb(m, funcs.size());
  m.insert(m.end(), funcs.begin(), funcs.end());
  std::vector<uint8_t> code;
  leb(code, kFuncs);
  for (uint32_t i = 0; i < kFuncs; ++i) {
    leb(code, body.size());
    code.insert(code.end(), body.begin(), body.end());
  }
  m.push_back(0x0A);
  leb(m, code.size());
  m.insert(m.end(), code.begin(), code.end());
  return m;
}

void BM_CompileLargeModule(benchmark::State& state) {
  const std::vector<uint8_t> bytes = largeModule();
  Engine engine;
  for (auto _ : state) {
    auto m = engine.load(bytes);
    if (!m) std::abort();
    benchmark::DoNotOptimize(m);
  }
  state.counters["MiB"] = static_cast<double>(bytes.size()) / (1 << 20);
}
BENCHMARK(BM_CompileLargeModule)->Unit(benchmark::kMillisecond);

HostFunc addFunction() {
  return [](HostCall&, uint64_t* io) -> Expected<void, Trap> {
    io[0] = static_cast<uint32_t>(io[0] + io[1]);
    return {};
  };
}

// `linked`: through the Linker's host module "env", as WASI and the lichen ABI are linked;
// otherwise the host function is handed to instantiate directly. Both should cost the same.
void callLoop(benchmark::State& state, const char* export_name, bool linked = false) {
  Engine engine;
  auto compiled = loadOrDie(engine, "host_call.wasm");
  Store store(engine.executor());
  const FuncType add_type{{ValType::kI32, ValType::kI32}, {ValType::kI32}};
  Result<ModuleInstance*> inst = nullptr;
  if (linked) {
    Linker linker;
    if (!linker.addHostModule(HostModule("env").func("add", add_type, addFunction()))) {
      std::abort();
    }
    inst = linker.instantiate(store, compiled);
  } else {
    Extern e;
    e.func = store.addHostFunc(add_type, addFunction(), "add");
    std::vector<Extern> imports{e};
    inst = instantiate(store, compiled, imports);
  }
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

// The same, linked by (module, name) through the Linker.
void BM_HostCallLinked(benchmark::State& state) { callLoop(state, "loop", true); }
BENCHMARK(BM_HostCallLinked)->Unit(benchmark::kMicrosecond);

// The same loop calling a wasm function: the cost of a call inside the engine.
void BM_WasmCall(benchmark::State& state) { callLoop(state, "loop_wasm"); }
BENCHMARK(BM_WasmCall)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace lichen::wasm

BENCHMARK_MAIN();
