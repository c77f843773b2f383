// `lichen run FILE.wasm [ARGS...]`: runs a WASI command (`_start`) or calls an export of a
// reactor (`_initialize` + `--invoke NAME`) in a capability sandbox.
//
// Exit status: the guest's proc_exit code (0 when _start returns); 134 when the guest traps,
// including every limit (--fuel, --timeout, call depth), after "lichen: <what happened>" and a
// backtrace on stderr; 1 when the module cannot be loaded, linked or instantiated; 2 for a bad
// flag value.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wasi/wasi_ctx.h"

namespace lichen::cli {

struct WasiRunOptions {
  std::string file;                  // the .wasm file; empty: not a WASI run
  std::vector<std::string> args;     // guest arguments (or --invoke arguments)
  std::vector<std::string> dirs;     // HOST[::GUEST], read-write
  std::vector<std::string> dirs_ro;  // HOST[::GUEST], read-only
  std::vector<std::string> env;      // K=V, or K to pass the host's value
  std::optional<uint64_t> max_memory_mib;
  std::optional<uint64_t> fuel;
  std::string timeout;  // e.g. "500ms", "2s", "1m"; empty: none
  std::string invoke;   // reactor export to call
};

// Adds the WASI flags and the FILE.wasm [ARGS...] positionals to a `run` subcommand.
void addWasiRunOptions(CLI::App& run, WasiRunOptions& options);

// Runs the program; returns the process exit status (see above).
int runWasi(const WasiRunOptions& options);

// "HOST::GUEST" or "HOST" (seen by the guest under the same name).
wasi::Preopen parseDir(const std::string& spec, bool read_only);
// "1.5s", "500ms", "2m", "1h", "3" (seconds); nothing when malformed.
std::optional<std::chrono::nanoseconds> parseDuration(const std::string& text);

// Everything after `run ... FILE.wasm` belongs to the guest, even "-x" or "--help": returns
// argv with a "--" inserted after the .wasm file so the parser leaves those alone.
std::vector<const char*> guestArgvSeparated(int argc, const char* const* argv);

}  // namespace lichen::cli
