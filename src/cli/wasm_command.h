// `lichen wasm validate|invoke|fuzz-exec`: poke at a module from the command line.
#pragma once

#include <CLI/CLI.hpp>

namespace lichen::cli {

void addWasmCommand(CLI::App& app, int& exit_code);

}  // namespace lichen::cli
