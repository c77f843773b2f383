// The execution tier behind a Store: the interpreter now, the JIT later. Both take the same
// validated Module and produce the same traps.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

#include "common/expected.h"
#include "wasm/ir/error.h"
#include "wasm/runtime/instance.h"

namespace lichen::wasm {

// Limits every execution honours; each ends in a clean trap.
struct ExecLimits {
  uint32_t max_call_depth = 20000;  // wasm frames
  uint64_t stack_slots = 1 << 20;   // 64-bit value slots per thread (8 MiB)
  // Remaining fuel, if metered: one unit per call and per loop iteration.
  std::optional<uint64_t> fuel;
  const std::atomic<bool>* interrupt = nullptr;  // set by another thread to stop the guest
};

class Executor {
 public:
  virtual ~Executor() = default;
  // Compiles a module that has passed validation.
  virtual Result<std::shared_ptr<const CompiledModule>> compile(Module module) = 0;
  // Calls `func` with arguments in io[0..params); results land in io[0..results).
  virtual Expected<void, Trap> call(Store& store, FuncInstance* func, uint64_t* io) = 0;
};

}  // namespace lichen::wasm
