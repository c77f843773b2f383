// `lichen new LANGUAGE NAME`: scaffolds a Wasm app that builds and runs as it is (source, SDK,
// build script, component YAML, README), from the templates in templates/.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <string>

#include "common/expected.h"

namespace lichen::cli {

void addNewCommand(CLI::App& app, int& exit_code);

// Writes the app into `dir` (which must not exist, or be empty); returns the files written.
Expected<std::vector<std::filesystem::path>, std::string> scaffoldApp(
    const std::string& language, const std::string& name, const std::filesystem::path& dir);

}  // namespace lichen::cli
