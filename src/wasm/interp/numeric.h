// Wasm numeric semantics that C++ does not give directly: IEEE min/max/nearest, bitwise float
// sign ops, and the range checks of float-to-int conversions.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace lichen::wasm::interp {

template <typename F>
inline F wasmMin(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;  // propagates a quiet NaN
  if (a == b) return std::signbit(a) ? a : b;        // min(-0, +0) is -0
  return a < b ? a : b;
}

template <typename F>
inline F wasmMax(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return a + b;
  if (a == b) return std::signbit(a) ? b : a;
  return a > b ? a : b;
}

// libm's rounding functions may return a signalling NaN unchanged; Wasm wants it quieted.
template <typename F>
inline F wasmCeil(F a) {
  return std::isnan(a) ? a + a : std::ceil(a);
}
template <typename F>
inline F wasmFloor(F a) {
  return std::isnan(a) ? a + a : std::floor(a);
}
template <typename F>
inline F wasmTrunc(F a) {
  return std::isnan(a) ? a + a : std::trunc(a);
}
template <typename F>
inline F wasmNearest(F a) {
  return std::isnan(a) ? a + a : std::nearbyint(a);
}

inline uint32_t f32Abs(uint32_t bits) { return bits & 0x7FFFFFFFu; }
inline uint32_t f32Neg(uint32_t bits) { return bits ^ 0x80000000u; }
inline uint32_t f32Copysign(uint32_t a, uint32_t b) {
  return (a & 0x7FFFFFFFu) | (b & 0x80000000u);
}
inline uint64_t f64Abs(uint64_t bits) { return bits & 0x7FFFFFFFFFFFFFFFull; }
inline uint64_t f64Neg(uint64_t bits) { return bits ^ 0x8000000000000000ull; }
inline uint64_t f64Copysign(uint64_t a, uint64_t b) {
  return (a & 0x7FFFFFFFFFFFFFFFull) | (b & 0x8000000000000000ull);
}

// Whether a float truncates into the integer type I without overflow (NaN checked apart).
// The bounds are exact powers of two, so the comparisons are exact.
template <typename I, typename F>
inline bool truncInRange(F x) {
  if constexpr (std::is_signed_v<I>) {
    constexpr F lo = -static_cast<F>(std::numeric_limits<I>::max()) - F(1);  // -2^(n-1)
    constexpr F hi = -lo;                                                    // 2^(n-1)
    // lo - 1 is exact where F can hold it; elsewhere it rounds to lo and x >= lo decides.
    return (x >= lo || x > lo - F(1)) && x < hi;
  } else {
    constexpr F hi = static_cast<F>(std::numeric_limits<I>::max() / 2 + 1) * F(2);  // 2^n
    return x > F(-1) && x < hi;
  }
}

template <typename I, typename F>
inline I truncSat(F x) {
  if (std::isnan(x)) return 0;
  if (truncInRange<I>(x)) return static_cast<I>(x);
  return x < F(0) ? std::numeric_limits<I>::min() : std::numeric_limits<I>::max();
}

}  // namespace lichen::wasm::interp
