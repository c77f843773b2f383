// Where bindings.wasm (and next middleware.http.wasm) gets its module: the `url` metadata as
// Dapr's components-contrib common/wasm reads it. `file://PATH` takes everything after the
// scheme as a path, relative to the working directory unless it starts with '/';
// `http://` and `https://` are fetched once, under a deadline. The guest's name (argv[0]) is
// the URL's last path segment without ".wasm".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace lichen::components {

struct GuestSource {
  std::vector<uint8_t> bytes;
  std::string name;
};

inline constexpr int64_t kGuestFetchTimeoutMs = 30'000;

StatusOr<GuestSource> loadGuest(const std::string& url,
                                int64_t fetch_timeout_ms = kGuestFetchTimeoutMs);

}  // namespace lichen::components
