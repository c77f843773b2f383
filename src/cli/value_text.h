// Wasm values as command-line text: decimal integers, C float syntax (incl. nan, inf).
#pragma once

#include <string>

#include "common/expected.h"
#include "wasm/runtime/value.h"

namespace lichen::cli {

Expected<wasm::Value, std::string> parseValueText(wasm::ValType type, const std::string& text);
std::string formatValueText(const wasm::Value& v);

}  // namespace lichen::cli
