// `lichen spectest FILE.json...`: runs wast2json scripts of the WebAssembly testsuite.
#pragma once

#include <CLI/CLI.hpp>

namespace lichen::cli {

void addSpectestCommand(CLI::App& app, int& exit_code);

}  // namespace lichen::cli
