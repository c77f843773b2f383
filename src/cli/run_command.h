// `lichen run`: the Dapr-compatible sidecar, with daprd's flag names.
#pragma once

#include <CLI/CLI.hpp>

namespace lichen::cli {

// Registers the `run` subcommand; its result lands in exit_code.
void addRunCommand(CLI::App& app, int& exit_code);

}  // namespace lichen::cli
