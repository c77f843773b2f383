// Values of wast2json scripts: parsing arguments, matching expected results and trap texts.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "common/expected.h"
#include "wasm/runtime/trap.h"
#include "wasm/runtime/value.h"

namespace lichen::cli::spectest {

// Host externref N is the non-null reference N + 1 inside the engine (0 is null).
Expected<wasm::Value, std::string> parseSpecValue(const boost::json::object& v);
// Checks `actual` against an expected value (exact bits, NaN classes, null or non-null refs).
Expected<void, std::string> matchSpecValue(const boost::json::object& expected,
                                           const wasm::Value& actual);
// The trap kind a testsuite trap text names: exactly its text, or its text and a space-separated
// detail; an error for any other text.
Expected<wasm::TrapKind, std::string> trapKindForText(const std::string& expected_text);

}  // namespace lichen::cli::spectest
