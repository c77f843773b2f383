#include "wasm/runtime/trap.h"

namespace lichen::wasm {

const char* trapKindMessage(TrapKind kind) {
  // The texts the spec testsuite uses, where it has one.
  switch (kind) {
    case TrapKind::kUnreachable:
      return "unreachable";
    case TrapKind::kDivideByZero:
      return "integer divide by zero";
    case TrapKind::kIntegerOverflow:
      return "integer overflow";
    case TrapKind::kInvalidConversion:
      return "invalid conversion to integer";
    case TrapKind::kMemoryOutOfBounds:
      return "out of bounds memory access";
    case TrapKind::kTableOutOfBounds:
      return "out of bounds table access";
    case TrapKind::kIndirectCallTypeMismatch:
      return "indirect call type mismatch";
    case TrapKind::kUninitializedElement:
      return "uninitialized element";
    case TrapKind::kUndefinedElement:
      return "undefined element";
    case TrapKind::kCallStackExhausted:
      return "call stack exhausted";
    case TrapKind::kOutOfFuel:
      return "all fuel consumed";
    case TrapKind::kInterrupted:
      return "interrupted: deadline exceeded";
    case TrapKind::kHost:
      return "host function failed";
    case TrapKind::kExit:
      return "program exited";
  }
  return "trap";
}

}  // namespace lichen::wasm
