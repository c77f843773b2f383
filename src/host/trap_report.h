// One place that turns a guest's trap into what a user sees: the message and exit status the
// CLI prints, and a kind name + message that a later HTTP error body can carry. Limits get
// messages that say which limit ended the run and how it was set.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wasm/runtime/instance.h"
#include "wasm/runtime/trap.h"

namespace lichen::host {

// The exit status of a run that ends in a trap (128 + SIGABRT, as a native abort).
inline constexpr int kTrapExitCode = 134;

// How the run's limits were set, for the messages that name them.
struct RunLimits {
  std::optional<uint64_t> fuel;
  std::string timeout;               // as the user wrote it, e.g. "2s"
  std::string fuel_name = "--fuel";  // what set each limit
  std::string timeout_name = "--timeout";
};

struct TrapReport {
  wasm::TrapKind kind = wasm::TrapKind::kUnreachable;
  std::string kind_name;               // stable, machine-readable: "out_of_fuel", ...
  std::string message;                 // one line for a person
  std::vector<std::string> backtrace;  // function names, innermost first
  int exit_code = kTrapExitCode;       // the guest's status for kExit

  // The guest ended itself (proc_exit): not an error to report, only a status.
  bool exited() const { return kind == wasm::TrapKind::kExit; }
  // "trap: <message>" and one "  at <function>" line per frame, each ending in a newline.
  std::string toText() const;
};

// `inst` names the backtrace's functions; without it they are "func[N]".
TrapReport reportTrap(const wasm::Trap& trap, const wasm::ModuleInstance* inst,
                      const RunLimits& limits);

// A stable name per kind, for logs and error bodies.
const char* trapKindName(wasm::TrapKind kind);

}  // namespace lichen::host
