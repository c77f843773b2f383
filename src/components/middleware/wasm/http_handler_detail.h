// Shared by the parts of the http_handler host module (http_handler_abi.cc for the request,
// headers and administrative functions, http_handler_body.cc for bodies and the status).
#pragma once

#include <string>

#include "components/middleware/wasm/guest_state.h"
#include "wasm/runtime/host_func.h"

namespace lichen::components {

template <typename T>
using OrTrap = Expected<T, wasm::Trap>;

// The spec's answer to misuse: a trap, whose message names the function.
inline Unexpected<wasm::Trap> trap(const std::string& fn, const std::string& why) {
  return Unexpected(wasm::Trap{wasm::TrapKind::kHost, "http_handler." + fn + ": " + why, {}, 0});
}

// The caller's state while it serves a request; a trap outside one (e.g. from _start).
inline OrTrap<GuestState*> serving(wasm::HostCall& call, const char* fn) {
  GuestState& state = GuestState::of(call);
  if (!state.request) return trap(fn, "called outside handle_request and handle_response");
  return &state;
}

// The body, status and read/write functions (http_handler_body.cc).
void addBodyAndStatusFunctions(wasm::HostModule& m);

}  // namespace lichen::components
