// The `lichen` binary: one entry point, subcommands wired explicitly here.
#include <sys/resource.h>

#include <CLI/CLI.hpp>

#include "cli/new_command.h"
#include "cli/run_command.h"
#include "cli/spectest_command.h"
#include "cli/wasi_run.h"
#include "cli/wasm_command.h"

namespace {

// A sidecar holds two sockets per call in flight (caller and app) and the default soft limit
// is 1024 descriptors: raise it to the hard limit, as Go programs (daprd) do at start.
void raiseOpenFileLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace

int main(int argc, char** argv) {
  raiseOpenFileLimit();
  CLI::App app{"Lichen: a Dapr-compatible sidecar with its own WebAssembly engine"};
  app.require_subcommand(1);
  int exit_code = 0;
  lichen::cli::addWasmCommand(app, exit_code);
  lichen::cli::addSpectestCommand(app, exit_code);
  lichen::cli::addRunCommand(app, exit_code);  // the sidecar, and WASI programs (FILE.wasm)
  lichen::cli::addNewCommand(app, exit_code);  // scaffolds a Wasm app
  // `lichen run app.wasm -x` passes -x to the guest.
  auto args = lichen::cli::guestArgvSeparated(argc, argv);
  CLI11_PARSE(app, static_cast<int>(args.size()), args.data());
  return exit_code;
}
