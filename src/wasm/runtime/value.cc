#include "wasm/runtime/value.h"

#include <cstdio>

namespace lichen::wasm {

std::string valueToString(const Value& v) {
  char buf[64];
  switch (v.type) {
    case ValType::kI32:
      std::snprintf(buf, sizeof buf, "%u:i32", v.asU32());
      break;
    case ValType::kI64:
      std::snprintf(buf, sizeof buf, "%llu:i64", static_cast<unsigned long long>(v.bits));
      break;
    case ValType::kF32:
      std::snprintf(buf, sizeof buf, "%.9g:f32", static_cast<double>(v.asF32()));
      break;
    case ValType::kF64:
      std::snprintf(buf, sizeof buf, "%.17g:f64", v.asF64());
      break;
    case ValType::kFuncRef:
    case ValType::kExternRef:
      if (v.bits == 0) return std::string("null:") + valTypeName(v.type);
      std::snprintf(buf, sizeof buf, "0x%llx:%s", static_cast<unsigned long long>(v.bits),
                    valTypeName(v.type));
      break;
    default:
      return "?";
  }
  return buf;
}

}  // namespace lichen::wasm
