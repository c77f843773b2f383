// The `lichen` host module, version 3 (docs/host-abi.md is its specification): the functions a
// Wasm app imports to read the request or event it serves, write its response, and reach the
// building blocks in-process. Inputs are (ptr, len) pairs in guest memory; results the host
// makes come back as handles the guest copies out (buffer_*); a negative result is an error
// code whose message error_message() hands out. No guest pointer is trusted: one out of bounds
// is kBadPointer, never a host memory access.
#pragma once

#include <cstdint>
#include <string_view>

#include "host/outbound_http.h"
#include "runtime/runtime.h"
#include "wasm/runtime/linker.h"

namespace lichen::app {

inline constexpr std::string_view kAbiModule = "lichen";
// The newest ABI version this host serves; every older one keeps working (docs/host-abi.md).
inline constexpr int32_t kAbiVersion = 3;

// Error codes (negative results).
enum AbiError : int32_t {
  kBadPointer = -1,       // a (ptr, len) or out-pointer outside the guest's memory
  kBadHandle = -2,        // not a live buffer handle
  kInvalidArgument = -3,  // e.g. an unknown field, an empty key, an invalid ETag
  kNotFound = -4,         // no such component (store, pub/sub, secret store, ...) or secret
  kFailed = -5,           // the building block failed; the message says why
  kEtagMismatch = -6,     // the ETag given is not the current one
  kLimit = -7,            // too many handles or bytes held, or invocations nested too deep
  kNotAllowed = -8,       // e.g. a secret outside the app's secret scopes
  kUnavailable = -9,      // nothing to read here (no request in an event handler, ...)
};

// The host module; its functions reach `runtime` and send outbound HTTP through `http`, which
// must outlive every Store they are linked into. Each Store needs an AppInstance as its host
// data (app/app_instance.h).
wasm::HostModule lichenHostModule(runtime::Runtime& runtime, const host::OutboundHttp& http);

}  // namespace lichen::app
