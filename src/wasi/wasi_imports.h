// WASI preview1 as a host module: `wasi_snapshot_preview1` on a wasm::Linker, its functions
// bound to one WasiCtx, beside whatever other host modules the linker has.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "wasi/wasi_ctx.h"
#include "wasm/ir/error.h"
#include "wasm/runtime/linker.h"

namespace lichen::wasi {

inline constexpr std::string_view kWasiModule = "wasi_snapshot_preview1";

// The host module, its functions bound to `ctx`, which must outlive every Store they are
// linked into.
wasm::HostModule wasiHostModule(WasiCtx& ctx);
// The host module for many Stores at once, each with its own context (e.g. a fresh instance per
// request): every call asks `ctx_of` for its caller's context, e.g. from the Store's host data.
using CtxOf = std::function<WasiCtx&(wasm::HostCall&)>;
wasm::HostModule wasiHostModule(const CtxOf& ctx_of);
// Registers wasiHostModule(ctx) on `linker`; an error when it already has a WASI module.
wasm::Result<void> addToLinker(wasm::Linker& linker, WasiCtx& ctx);

// The names of every function of wasi_snapshot_preview1 Lichen provides (46).
std::vector<std::string_view> wasiFunctionNames();

}  // namespace lichen::wasi
