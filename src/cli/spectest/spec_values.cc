#include "cli/spectest/spec_values.h"

#include <cstdlib>

namespace lichen::cli::spectest {
namespace {

Expected<wasm::ValType, std::string> typeOf(const std::string& name) {
  using wasm::ValType;
  if (name == "i32") return ValType::kI32;
  if (name == "i64") return ValType::kI64;
  if (name == "f32") return ValType::kF32;
  if (name == "f64") return ValType::kF64;
  if (name == "funcref") return ValType::kFuncRef;
  if (name == "externref") return ValType::kExternRef;
  return Unexpected("unsupported value type " + name);
}

std::string field(const boost::json::object& o, const char* key) {
  const boost::json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

Expected<wasm::Value, std::string> parseSpecValue(const boost::json::object& v) {
  LICHEN_ASSIGN_OR_RETURN(wasm::ValType t, typeOf(field(v, "type")));
  const std::string text = field(v, "value");
  if (wasm::isRefType(t)) {
    if (text == "null" || text.empty()) return wasm::Value::ref(t, 0);
    return wasm::Value::ref(t, std::strtoull(text.c_str(), nullptr, 10) + 1);
  }
  uint64_t bits = std::strtoull(text.c_str(), nullptr, 10);
  if (t == wasm::ValType::kI32 || t == wasm::ValType::kF32) bits &= 0xFFFFFFFFull;
  return wasm::Value{t, bits};
}

Expected<void, std::string> matchSpecValue(const boost::json::object& expected,
                                           const wasm::Value& actual) {
  LICHEN_ASSIGN_OR_RETURN(wasm::ValType t, typeOf(field(expected, "type")));
  if (t != actual.type) return Unexpected(std::string("type differs"));
  const std::string text = field(expected, "value");
  const std::string got = wasm::valueToString(actual);
  if (wasm::isRefType(t)) {
    if (text.empty()) {
      if (actual.bits == 0) return Unexpected("expected a non-null reference, got " + got);
      return {};
    }
    LICHEN_ASSIGN_OR_RETURN(wasm::Value want, parseSpecValue(expected));
    if (want.bits != actual.bits) return Unexpected("expected " + text + ", got " + got);
    return {};
  }
  if (text == "nan:canonical" || text == "nan:arithmetic") {
    const bool is32 = t == wasm::ValType::kF32;
    const uint64_t exp_mask = is32 ? 0x7F800000ull : 0x7FF0000000000000ull;
    const uint64_t quiet = is32 ? 0x00400000ull : 0x0008000000000000ull;
    const uint64_t payload_mask = is32 ? 0x007FFFFFull : 0x000FFFFFFFFFFFFFull;
    const uint64_t b = actual.bits;
    const bool nan = (b & exp_mask) == exp_mask && (b & payload_mask) != 0;
    const bool ok =
        text == "nan:canonical" ? nan && (b & payload_mask) == quiet : nan && (b & quiet) != 0;
    if (!ok) return Unexpected("expected " + text + ", got " + got);
    return {};
  }
  LICHEN_ASSIGN_OR_RETURN(wasm::Value want, parseSpecValue(expected));
  if (want.bits != actual.bits) return Unexpected("expected " + text + ", got " + got);
  return {};
}

Expected<wasm::TrapKind, std::string> trapKindForText(const std::string& expected_text) {
  using wasm::TrapKind;
  // Every trap kind a Wasm instruction can raise; embedder kinds (fuel, host, exit) never appear
  // in the testsuite.
  static constexpr TrapKind kKinds[] = {
      TrapKind::kUnreachable,
      TrapKind::kDivideByZero,
      TrapKind::kIntegerOverflow,
      TrapKind::kInvalidConversion,
      TrapKind::kMemoryOutOfBounds,
      TrapKind::kTableOutOfBounds,
      TrapKind::kIndirectCallTypeMismatch,
      TrapKind::kUninitializedElement,
      TrapKind::kUndefinedElement,
      TrapKind::kCallStackExhausted,
  };
  for (TrapKind kind : kKinds) {
    const std::string text = wasm::trapKindMessage(kind);
    // The reference interpreter may append details after the kind's text
    // ("uninitialized element 2"); anything else is not this kind.
    if (expected_text == text ||
        (expected_text.size() > text.size() && expected_text.compare(0, text.size(), text) == 0 &&
         expected_text[text.size()] == ' ')) {
      return kind;
    }
  }
  return Unexpected("unknown trap text \"" + expected_text + "\"");
}

}  // namespace lichen::cli::spectest
