// Typed values at the embedder boundary. Inside the engine every value is a 64-bit slot:
// integers and float bits in the low bits, references as pointers (0 is null).
#pragma once

#include <bit>
#include <cstdint>
#include <string>

#include "wasm/ir/types.h"

namespace lichen::wasm {

struct Value {
  ValType type = ValType::kI32;
  uint64_t bits = 0;

  static Value i32(uint32_t v) { return {ValType::kI32, v}; }
  static Value i64(uint64_t v) { return {ValType::kI64, v}; }
  static Value f32(float v) { return {ValType::kF32, std::bit_cast<uint32_t>(v)}; }
  static Value f64(double v) { return {ValType::kF64, std::bit_cast<uint64_t>(v)}; }
  static Value f32Bits(uint32_t b) { return {ValType::kF32, b}; }
  static Value f64Bits(uint64_t b) { return {ValType::kF64, b}; }
  static Value ref(ValType t, uint64_t r) { return {t, r}; }

  uint32_t asU32() const { return static_cast<uint32_t>(bits); }
  int32_t asI32() const { return static_cast<int32_t>(bits); }
  uint64_t asU64() const { return bits; }
  float asF32() const { return std::bit_cast<float>(static_cast<uint32_t>(bits)); }
  double asF64() const { return std::bit_cast<double>(bits); }
  bool isNullRef() const { return bits == 0; }
};

std::string valueToString(const Value& v);

}  // namespace lichen::wasm
