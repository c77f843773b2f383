// Shared by the two halves of the `lichen` host module (host_abi.cc, host_abi_blocks.cc).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "app/app_instance.h"
#include "runtime/runtime.h"
#include "wasm/runtime/linker.h"

namespace lichen::app {

// A new handle for `bytes`, or kLimit (with its message) when the instance holds too much.
int32_t holdResult(AppInstance& inst, std::string bytes);
// A header name is a token; a value has no CR, LF or NUL.
bool validHeader(const std::string& name, const std::string& value);
// A guest's log message as one safe line: control bytes as \xNN, at most 4 KiB shown.
std::string printableLogLine(std::string_view message);
// state_*, publish, invoke, secret_get.
void addBuildingBlocks(wasm::HostModule& m, runtime::Runtime& runtime);

}  // namespace lichen::app
