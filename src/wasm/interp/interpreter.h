// The interpreter tier: compiles validated modules to internal code and runs it with
// computed-goto dispatch. Wasm calls do not recurse on the host stack.
#pragma once

#include "wasm/interp/compiler.h"
#include "wasm/runtime/executor.h"
#include "wasm/runtime/store.h"

namespace lichen::wasm::interp {

class Interpreter final : public Executor {
 public:
  explicit Interpreter(CompileOptions options = {}) : options_(options) {}

  Result<std::shared_ptr<const CompiledModule>> compile(Module module) override;
  Expected<void, Trap> call(Store& store, FuncInstance* func, uint64_t* io) override;

 private:
  CompileOptions options_;
};

}  // namespace lichen::wasm::interp
