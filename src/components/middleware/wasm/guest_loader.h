// Where a Wasm component's guest comes from, as Dapr's common/wasm loader reads metadata `url`:
// file://path (relative to the working directory unless absolute) or http(s)://, fetched once
// (it must answer 200). The guest's name is the file's base name without ".wasm".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace lichen::components {

StatusOr<std::vector<uint8_t>> fetchGuest(const std::string& url);
std::string guestName(const std::string& url);

}  // namespace lichen::components
