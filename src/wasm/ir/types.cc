#include "wasm/ir/types.h"

#include "wasm/ir/error.h"

namespace lichen::wasm {

const char* valTypeName(ValType t) {
  switch (t) {
    case ValType::kI32:
      return "i32";
    case ValType::kI64:
      return "i64";
    case ValType::kF32:
      return "f32";
    case ValType::kF64:
      return "f64";
    case ValType::kV128:
      return "v128";
    case ValType::kFuncRef:
      return "funcref";
    case ValType::kExternRef:
      return "externref";
  }
  return "?";
}

std::string funcTypeToString(const FuncType& t) {
  std::string s = "(";
  for (size_t i = 0; i < t.params.size(); ++i)
    s += (i ? " " : "") + std::string(valTypeName(t.params[i]));
  s += ") -> (";
  for (size_t i = 0; i < t.results.size(); ++i)
    s += (i ? " " : "") + std::string(valTypeName(t.results[i]));
  return s + ")";
}

const char* externKindName(ExternKind k) {
  switch (k) {
    case ExternKind::kFunc:
      return "function";
    case ExternKind::kTable:
      return "table";
    case ExternKind::kMemory:
      return "memory";
    case ExternKind::kGlobal:
      return "global";
  }
  return "?";
}

const char* phaseName(Phase p) {
  switch (p) {
    case Phase::kDecode:
      return "malformed module";
    case Phase::kValidate:
      return "invalid module";
    case Phase::kLink:
      return "link error";
    case Phase::kInstantiate:
      return "instantiation error";
    case Phase::kTrap:
      return "trap";
    case Phase::kIo:
      return "i/o error";
  }
  return "error";
}

std::string Error::toString() const {
  std::string s = phaseName(phase);
  if (phase == Phase::kDecode || phase == Phase::kValidate)
    s += " at offset " + std::to_string(offset);
  return s + ": " + message;
}

}  // namespace lichen::wasm
