// Fuzz target for the engine: decode, validate and compile any bytes; when that succeeds and
// the module imports nothing, instantiate it and call every exported nullary function under
// tight limits. Anything may fail, as an error value or a trap; nothing may crash or hang.
#include <cstddef>
#include <cstdint>

#include "wasm/engine/engine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lichen::wasm;
  Engine engine;
  auto compiled = engine.load({data, size});
  if (!compiled || !(*compiled)->module.imports.empty()) return 0;
  Store store(engine.executor());
  store.limits().fuel = 100000;
  store.limits().max_call_depth = 2000;
  store.setMaxMemoryPages(256);  // 16 MiB
  auto inst = instantiate(store, *compiled, {});
  if (!inst) return 0;
  for (const Extern& e : (*inst)->exports) {
    if (e.kind != ExternKind::kFunc || !e.func->type->params.empty()) continue;
    store.limits().fuel = 100000;
    (void)store.invoke(e.func, {});
  }
  return 0;
}
