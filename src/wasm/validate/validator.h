// Module validation: the typing rules of Wasm 2.0 over a decoded Module.
#pragma once

#include "wasm/ir/error.h"
#include "wasm/ir/module.h"
#include "wasm/validate/body_decoder.h"

namespace lichen::wasm {

// Everything but the function bodies: types, imports, limits, constant expressions, segments,
// exports, start. Fills `ctx` (declared function references) for the body decoder.
Result<void> validateModuleFields(const Module& m, ValidationContext& ctx);

// The whole module, bodies included.
Result<void> validateModule(const Module& m);

}  // namespace lichen::wasm
