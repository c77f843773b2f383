// Traps are values: a kind the embedder can branch on, a message, and where it happened.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lichen::wasm {

enum class TrapKind : uint8_t {
  kUnreachable,
  kDivideByZero,
  kIntegerOverflow,
  kInvalidConversion,
  kMemoryOutOfBounds,
  kTableOutOfBounds,
  kIndirectCallTypeMismatch,
  kUninitializedElement,
  kUndefinedElement,
  kCallStackExhausted,
  kOutOfFuel,
  kInterrupted,  // deadline passed or the embedder asked to stop
  kHost,         // a host function failed; the message says why
  kExit,         // a host function ended the program (e.g. WASI proc_exit); see exit_code
};

const char* trapKindMessage(TrapKind kind);

struct Trap {
  TrapKind kind = TrapKind::kUnreachable;
  std::string message;              // empty: the kind's standard text
  std::vector<uint32_t> backtrace;  // function indices, innermost first (wasm frames only)
  int32_t exit_code = 0;            // kExit only

  std::string toString() const { return message.empty() ? trapKindMessage(kind) : message; }
};

}  // namespace lichen::wasm
