// Shared by the parts of the `lichen` host module (host_abi.cc, host_abi_state.cc,
// host_abi_blocks.cc, host_abi_config_lock.cc, host_abi_http.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/abi_list.h"
#include "app/app_instance.h"
#include "host/outbound_http.h"
#include "runtime/runtime.h"
#include "wasm/runtime/linker.h"

namespace lichen::app {

// A new handle for `bytes`, or kLimit (with its message) when the instance holds too much.
int32_t holdResult(AppInstance& inst, std::string bytes);
// A header name is a token; a value has no CR, LF or NUL.
bool validHeader(const std::string& name, const std::string& value);
// A guest's log message as one safe line: control bytes as \xNN, at most 4 KiB shown.
std::string printableLogLine(std::string_view message);

// A runtime Status as the guest sees it: an error code, its message kept for error_message().
int32_t failWith(AppInstance& inst, const Status& status);
int32_t badPointer(AppInstance& inst, const char* fn);

// Guest (ptr, len) pairs read as strings; `ok` is false after the first out of bounds.
struct GuestReader {
  wasm::HostCall& call;
  bool ok = true;

  std::string operator()(uint32_t ptr, uint32_t len) {
    auto s = call.guestMemory().readString(ptr, len);
    if (!s) ok = false;
    return s ? std::move(*s) : std::string();
  }
};

// state_* (v1 and v2).
void addState(wasm::HostModule& m, runtime::Runtime& runtime);
// publish, publish_with, subscribe, invoke, binding_invoke, binding_get, secret_get.
void addBuildingBlocks(wasm::HostModule& m, runtime::Runtime& runtime);
// config_get, lock_try, unlock (v3).
void addConfigurationAndLocks(wasm::HostModule& m, runtime::Runtime& runtime);
// http_request.
void addOutboundHttp(wasm::HostModule& m, const host::OutboundHttp& http);

}  // namespace lichen::app
