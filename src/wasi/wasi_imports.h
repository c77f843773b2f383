// Links a module's `wasi_snapshot_preview1` imports to a WasiCtx: one host function per
// import, in the module's import order, ready for wasm::instantiate.
#pragma once

#include <string_view>
#include <vector>

#include "wasi/wasi_ctx.h"
#include "wasm/ir/error.h"
#include "wasm/ir/module.h"
#include "wasm/runtime/store.h"

namespace lichen::wasi {

inline constexpr std::string_view kWasiModule = "wasi_snapshot_preview1";

// An import that is not a WASI function of the right type is a link error naming it.
// `ctx` must outlive the store's use of the functions.
wasm::Result<std::vector<wasm::Extern>> linkWasi(wasm::Store& store, WasiCtx& ctx,
                                                 const wasm::Module& module);

// The names of every function of wasi_snapshot_preview1 Lichen provides (46).
std::vector<std::string_view> wasiFunctionNames();

}  // namespace lichen::wasi
