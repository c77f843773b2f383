#include "host/trap_report.h"

namespace lichen::host {

const char* trapKindName(wasm::TrapKind kind) {
  switch (kind) {
    case wasm::TrapKind::kUnreachable:
      return "unreachable";
    case wasm::TrapKind::kDivideByZero:
      return "divide_by_zero";
    case wasm::TrapKind::kIntegerOverflow:
      return "integer_overflow";
    case wasm::TrapKind::kInvalidConversion:
      return "invalid_conversion";
    case wasm::TrapKind::kMemoryOutOfBounds:
      return "memory_out_of_bounds";
    case wasm::TrapKind::kTableOutOfBounds:
      return "table_out_of_bounds";
    case wasm::TrapKind::kIndirectCallTypeMismatch:
      return "indirect_call_type_mismatch";
    case wasm::TrapKind::kUninitializedElement:
      return "uninitialized_element";
    case wasm::TrapKind::kUndefinedElement:
      return "undefined_element";
    case wasm::TrapKind::kCallStackExhausted:
      return "call_stack_exhausted";
    case wasm::TrapKind::kOutOfFuel:
      return "out_of_fuel";
    case wasm::TrapKind::kInterrupted:
      return "timeout";
    case wasm::TrapKind::kHost:
      return "host_error";
    case wasm::TrapKind::kExit:
      return "exit";
  }
  return "trap";
}

TrapReport reportTrap(const wasm::Trap& trap, const wasm::ModuleInstance* inst,
                      const RunLimits& limits) {
  TrapReport r;
  r.kind = trap.kind;
  r.kind_name = trapKindName(trap.kind);
  switch (trap.kind) {
    case wasm::TrapKind::kOutOfFuel:
      r.message = limits.fuel ? "fuel limit reached: the program used all " +
                                    std::to_string(*limits.fuel) + " units of " + limits.fuel_name
                              : "fuel limit reached: the program used all its fuel";
      break;
    case wasm::TrapKind::kInterrupted:
      r.message = "time limit reached: the program ran longer than " + limits.timeout_name +
                  (limits.timeout.empty() ? "" : " " + limits.timeout);
      break;
    case wasm::TrapKind::kCallStackExhausted:
      r.message = "call stack exhausted (call depth limit)";
      break;
    case wasm::TrapKind::kExit:
      r.message = "program exited with status " + std::to_string(trap.exit_code);
      r.exit_code = trap.exit_code;
      break;
    default:
      r.message = trap.toString();
      break;
  }
  r.backtrace.reserve(trap.backtrace.size());
  for (uint32_t f : trap.backtrace) {
    r.backtrace.push_back(inst ? inst->funcName(f) : "func[" + std::to_string(f) + "]");
  }
  return r;
}

std::string TrapReport::toText() const {
  std::string text = "trap: " + message + "\n";
  for (const std::string& frame : backtrace) text += "  at " + frame + "\n";
  return text;
}

}  // namespace lichen::host
