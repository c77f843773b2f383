// The http-wasm "http_handler" host module (https://http-wasm.io/http-handler-abi/): every
// import a guest may use, each bound to the GuestState of the calling instance's Store. Misuse
// the spec names (a bad kind, memory out of bounds, a request setter after next, a trailer
// write, read_body with a zero limit) traps, which fails only that guest's request; `log`
// never traps.
#pragma once

#include <string_view>

#include "wasm/runtime/linker.h"

namespace lichen::components {

inline constexpr std::string_view kHttpHandlerModule = "http_handler";

wasm::HostModule httpHandlerModule();

}  // namespace lichen::components
