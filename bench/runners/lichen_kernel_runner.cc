// Times one call of a kernel's run(n) under Lichen's interpreter: prints
// "<milliseconds> <checksum>". Loading and instantiation are outside the timed region, as they
// are for the native and V8 runners.
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "wasm/engine/engine.h"

int main(int argc, char** argv) {
  using namespace lichen::wasm;
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s KERNEL.wasm N\n", argv[0]);
    return 2;
  }
  Engine engine;
  auto compiled = engine.loadFile(argv[1]);
  if (!compiled) {
    std::fprintf(stderr, "%s\n", compiled.error().toString().c_str());
    return 1;
  }
  Store store(engine.executor());
  auto inst = instantiate(store, *compiled, {});
  if (!inst) {
    std::fprintf(stderr, "%s\n", inst.error().toString().c_str());
    return 1;
  }
  const Extern* run = (*inst)->findExport("run");
  if (!run || run->kind != ExternKind::kFunc) {
    std::fprintf(stderr, "no exported run function\n");
    return 1;
  }
  const Value arg = Value::i32(static_cast<uint32_t>(std::strtoul(argv[2], nullptr, 10)));
  const auto t0 = std::chrono::steady_clock::now();
  auto result = store.invoke(run->func, {&arg, 1});
  const auto t1 = std::chrono::steady_clock::now();
  if (!result) {
    std::fprintf(stderr, "trap: %s\n", result.error().toString().c_str());
    return 1;
  }
  std::printf("%.3f %u\n", std::chrono::duration<double, std::milli>(t1 - t0).count(),
              (*result)[0].asU32());
  return 0;
}
