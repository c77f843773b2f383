// Compiles validated function bodies into the interpreter's internal code (see code.h).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "wasm/interp/code.h"
#include "wasm/ir/module.h"
#include "wasm/runtime/instance.h"

namespace lichen::wasm {

// The executable form of one function.
struct CompiledFunc {
  const uint32_t* code = nullptr;
  uint32_t num_params = 0;
  uint32_t num_locals = 0;  // declared locals, zeroed on entry
  uint32_t num_slots = 0;   // whole frame: params, locals, operand stack
  uint32_t num_results = 0;
  uint32_t func_index = 0;
};

namespace interp {

// All of a module's functions, in one code buffer.
struct ModuleCode {
  std::vector<uint32_t> words;
  std::vector<CompiledFunc> funcs;
};

// How the function compiler translates bodies; the defaults are what production runs.
struct CompileOptions {
  // Off: every value is materialised in its stack slot, no result is retargeted into a local
  // and no comparison fuses with a branch. The plain code differential fuzzing checks the
  // rewritten code against (see tests/fuzz/README.md).
  bool rewrites = true;
};

// Decodes, validates and compiles every body. The module's fields must already be valid.
Result<std::shared_ptr<const CompiledModule>> compileModule(Module module,
                                                            const CompileOptions& options = {});

}  // namespace interp
}  // namespace lichen::wasm
