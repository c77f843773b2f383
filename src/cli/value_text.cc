#include "cli/value_text.h"

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>

namespace lichen::cli {

Expected<wasm::Value, std::string> parseValueText(wasm::ValType type, const std::string& text) {
  using wasm::ValType;
  using wasm::Value;
  errno = 0;
  char* end = nullptr;
  const char* s = text.c_str();
  const bool negative = !text.empty() && text[0] == '-';
  switch (type) {
    case ValType::kI32:
    case ValType::kI64: {
      uint64_t bits;
      if (negative) {
        bits = static_cast<uint64_t>(std::strtoll(s, &end, 0));
      } else {
        bits = std::strtoull(s, &end, 0);
      }
      if (text.empty() || *end || errno) break;
      if (type == ValType::kI32) {
        const auto sv = static_cast<int64_t>(bits);
        if (negative ? sv < INT32_MIN : bits > UINT32_MAX) break;
        return Value::i32(static_cast<uint32_t>(bits));
      }
      return Value::i64(bits);
    }
    case ValType::kF32: {
      const float f = std::strtof(s, &end);
      if (text.empty() || *end) break;
      return Value::f32(f);
    }
    case ValType::kF64: {
      const double d = std::strtod(s, &end);
      if (text.empty() || *end) break;
      return Value::f64(d);
    }
    default:
      return Unexpected(std::string("cannot pass a ") + wasm::valTypeName(type) +
                        " from the command line");
  }
  return Unexpected("\"" + text + "\" is not a valid " + wasm::valTypeName(type));
}

std::string formatValueText(const wasm::Value& v) {
  char buf[64];
  switch (v.type) {
    case wasm::ValType::kI32:
      std::snprintf(buf, sizeof buf, "%" PRId32, v.asI32());
      break;
    case wasm::ValType::kI64:
      std::snprintf(buf, sizeof buf, "%" PRId64, static_cast<int64_t>(v.bits));
      break;
    case wasm::ValType::kF32:
      std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v.asF32()));
      break;
    case wasm::ValType::kF64:
      std::snprintf(buf, sizeof buf, "%.17g", v.asF64());
      break;
    default:
      return wasm::valueToString(v);
  }
  return buf;
}

}  // namespace lichen::cli
