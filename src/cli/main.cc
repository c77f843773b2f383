// The `lichen` binary: one entry point, subcommands wired explicitly here.
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cli/daprd_flags.h"
#include "cli/new_command.h"
#include "cli/run_command.h"
#include "cli/spectest_command.h"
#include "cli/wasi_run.h"
#include "cli/wasm_command.h"
#include "runtime/runtime.h"

namespace {

// A sidecar holds two sockets per call in flight (caller and app) and the default soft limit
// is 1024 descriptors: raise it to the hard limit, as Go programs (daprd) do at start.
void raiseOpenFileLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
}

// The arguments as the parser reads them. Invoked as `daprd` (a symlink named daprd), the
// arguments are daprd's: the `daprd` subcommand is implied. The sidecar's flags are read as
// daprd reads them (normaliseDaprdArgs), up to a Wasm file and its own arguments.
std::vector<std::string> commandLine(int argc, char** argv) {
  std::vector<const char*> raw(argv, argv + argc);
  std::string_view program = argc > 0 ? argv[0] : "";
  if (program.substr(program.rfind('/') + 1) == "daprd") raw.insert(raw.begin() + 1, "daprd");
  std::vector<const char*> separated =
      lichen::cli::guestArgvSeparated(static_cast<int>(raw.size()), raw.data());
  std::vector<std::string> args(separated.begin(), separated.end());
  if (args.size() < 2 || (args[1] != "run" && args[1] != "daprd")) return args;
  std::vector<std::string> out(args.begin(), args.begin() + 2);
  auto flags = lichen::cli::normaliseDaprdArgs(std::span(args).subspan(2));
  out.insert(out.end(), flags.begin(), flags.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  raiseOpenFileLimit();
  CLI::App app{"Lichen: a Dapr-compatible sidecar with its own WebAssembly engine"};
  app.require_subcommand(1);
  const std::string version(lichen::runtime::kRuntimeVersion);
  app.set_version_flag("--version", version, "Print the runtime version");
  app.add_subcommand("version", "Print the runtime version")->callback([&version] {
    std::cout << version << "\n";
  });
  int exit_code = 0;
  lichen::cli::addWasmCommand(app, exit_code);
  lichen::cli::addSpectestCommand(app, exit_code);
  lichen::cli::addRunCommand(app, exit_code);  // the sidecar, and WASI programs (FILE.wasm)
  lichen::cli::addNewCommand(app, exit_code);  // scaffolds a Wasm app
  // `lichen run app.wasm -x` passes -x to the guest.
  std::vector<std::string> args = commandLine(argc, argv);
  std::vector<const char*> pointers;
  for (const std::string& arg : args) pointers.push_back(arg.c_str());
  CLI11_PARSE(app, static_cast<int>(pointers.size()), pointers.data());
  return exit_code;
}
