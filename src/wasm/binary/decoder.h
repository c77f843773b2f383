// Decodes a WebAssembly binary into a Module. Function bodies are checked for framing here
// (sizes, locals); their instructions are decoded by the validator's body decoder.
#pragma once

#include <cstdint>
#include <span>

#include "wasm/ir/error.h"
#include "wasm/ir/module.h"

namespace lichen::wasm {

Result<Module> decodeModule(std::span<const uint8_t> bytes);

// Reads a constant expression up to and including its `end`.
class Reader;
Result<ConstExpr> decodeConstExpr(Reader& r);
Result<ValType> decodeValType(Reader& r);

}  // namespace lichen::wasm
