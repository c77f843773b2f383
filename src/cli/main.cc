// The `lichen` binary: one entry point, subcommands wired explicitly here.
#include <CLI/CLI.hpp>

#include "cli/new_command.h"
#include "cli/run_command.h"
#include "cli/spectest_command.h"
#include "cli/wasi_run.h"
#include "cli/wasm_command.h"

int main(int argc, char** argv) {
  CLI::App app{"Lichen: a Dapr-compatible sidecar with its own WebAssembly engine"};
  app.require_subcommand(1);
  int exit_code = 0;
  lichen::cli::addWasmCommand(app, exit_code);
  lichen::cli::addSpectestCommand(app, exit_code);
  lichen::cli::addRunCommand(app, exit_code);
  lichen::cli::addNewCommand(
      app, exit_code);  // scaffolds a Wasm app  // the sidecar, and WASI programs (FILE.wasm)
  // `lichen run app.wasm -x` passes -x to the guest.
  auto args = lichen::cli::guestArgvSeparated(argc, argv);
  CLI11_PARSE(app, static_cast<int>(args.size()), args.data());
  return exit_code;
}
