// WebAssembly types shared by every stage: value, function, table, memory and global types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lichen::wasm {

// Value types carry their binary encoding.
enum class ValType : uint8_t {
  kI32 = 0x7F,
  kI64 = 0x7E,
  kF32 = 0x7D,
  kF64 = 0x7C,
  kV128 = 0x7B,
  kFuncRef = 0x70,
  kExternRef = 0x6F,
};

inline bool isRefType(ValType t) { return t == ValType::kFuncRef || t == ValType::kExternRef; }
inline bool isNumType(ValType t) {
  return t == ValType::kI32 || t == ValType::kI64 || t == ValType::kF32 || t == ValType::kF64;
}
const char* valTypeName(ValType t);

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
};
std::string funcTypeToString(const FuncType& t);

struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool operator==(const Limits&) const = default;
};

struct TableType {
  ValType elem = ValType::kFuncRef;
  Limits limits;
};

struct MemoryType {
  Limits limits;  // in 64 KiB pages
};

struct GlobalType {
  ValType type = ValType::kI32;
  bool mut = false;
  bool operator==(const GlobalType&) const = default;
};

enum class ExternKind : uint8_t { kFunc = 0, kTable = 1, kMemory = 2, kGlobal = 3 };
const char* externKindName(ExternKind k);

constexpr uint64_t kPageSize = 65536;
constexpr uint64_t kMaxPages = 65536;  // 4 GiB of 32-bit address space

// Whether `actual` may stand where `required` is expected (import matching).
inline bool limitsMatch(const Limits& actual, const Limits& required) {
  if (actual.min < required.min) return false;
  if (!required.max) return true;
  return actual.max && *actual.max <= *required.max;
}

}  // namespace lichen::wasm
