// The sidecar's log: spdlog on stdout, as text or in daprd's JSON line shape (--log-as-json).
#pragma once

#include <string>

namespace lichen::cli {

// Installs the "lichen" logger as spdlog's default. `level`: debug, info, warn, error, fatal.
void setupLogging(const std::string& level, bool as_json, const std::string& app_id);

}  // namespace lichen::cli
