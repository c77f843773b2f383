// The app channel as seen by the health check: is the application listening yet?
#pragma once

#include <cstdint>
#include <string>

namespace lichen::http {

// true when a TCP connection to address:port succeeds within `timeout_ms`.
bool appReachable(const std::string& address, uint16_t port, int timeout_ms = 500);

}  // namespace lichen::http
