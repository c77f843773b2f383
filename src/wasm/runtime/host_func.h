// Typed host functions: hostFunc(f) turns a C++ callable `R f(HostCall&, Args...)` into a
// HostFuncDef, its wasm type derived from the C++ one, so a host module states each signature
// once. Args are int32_t/uint32_t (i32), int64_t/uint64_t (i64), float (f32), double (f64);
// R is one of those, void, or Expected<that, Trap> for a function that can trap (generic lambdas
// have no one signature to read, so they are refused at compile time). The adapter is
// inlined into the HostFunc: a call costs what a hand-written HostFunc costs.
#pragma once

#include <bit>
#include <cstdint>
#include <functional>
#include <type_traits>
#include <utility>

#include "common/expected.h"
#include "wasm/ir/types.h"
#include "wasm/runtime/instance.h"

namespace lichen::wasm {

// One HostFunc with its type: what a HostModule holds per field.
struct HostFuncDef {
  FuncType type;
  HostFunc fn;
};

namespace host_func_detail {

// How a C++ scalar travels in the engine's 64-bit value slots.
template <typename T>
struct Slot;
template <>
struct Slot<uint32_t> {
  static constexpr ValType kType = ValType::kI32;
  static uint32_t from(uint64_t v) { return static_cast<uint32_t>(v); }
  static uint64_t to(uint32_t v) { return v; }
};
template <>
struct Slot<int32_t> {
  static constexpr ValType kType = ValType::kI32;
  static int32_t from(uint64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(v)); }
  static uint64_t to(int32_t v) { return static_cast<uint32_t>(v); }
};
template <>
struct Slot<uint64_t> {
  static constexpr ValType kType = ValType::kI64;
  static uint64_t from(uint64_t v) { return v; }
  static uint64_t to(uint64_t v) { return v; }
};
template <>
struct Slot<int64_t> {
  static constexpr ValType kType = ValType::kI64;
  static int64_t from(uint64_t v) { return static_cast<int64_t>(v); }
  static uint64_t to(int64_t v) { return static_cast<uint64_t>(v); }
};
template <>
struct Slot<float> {
  static constexpr ValType kType = ValType::kF32;
  static float from(uint64_t v) { return std::bit_cast<float>(static_cast<uint32_t>(v)); }
  static uint64_t to(float v) { return std::bit_cast<uint32_t>(v); }
};
template <>
struct Slot<double> {
  static constexpr ValType kType = ValType::kF64;
  static double from(uint64_t v) { return std::bit_cast<double>(v); }
  static uint64_t to(double v) { return std::bit_cast<uint64_t>(v); }
};

// R, or the value type of Expected<R, Trap>.
template <typename R>
struct Returns {
  using Value = R;
  static constexpr bool kCanTrap = false;
};
template <typename R>
struct Returns<Expected<R, Trap>> {
  using Value = R;
  static constexpr bool kCanTrap = true;
};

// The signature of a lambda, a function object or a function pointer.
template <typename F>
struct Signature : Signature<decltype(&F::operator())> {};
template <typename R, typename... A>
struct Signature<R (*)(HostCall&, A...)> {
  using Result = R;
  using Args = std::tuple<A...>;
};
template <typename C, typename R, typename... A>
struct Signature<R (C::*)(HostCall&, A...) const> : Signature<R (*)(HostCall&, A...)> {};
template <typename C, typename R, typename... A>
struct Signature<R (C::*)(HostCall&, A...)> : Signature<R (*)(HostCall&, A...)> {};

template <typename F, typename R, typename... A>
HostFuncDef make(F f, std::tuple<A...>*) {
  using Ret = Returns<R>;
  using V = typename Ret::Value;
  HostFuncDef def;
  def.type.params = {Slot<A>::kType...};
  if constexpr (!std::is_void_v<V>) def.type.results = {Slot<V>::kType};
  def.fn = [f = std::move(f)](HostCall& call, uint64_t* io) mutable -> Expected<void, Trap> {
    auto invoke = [&]<size_t... I>(std::index_sequence<I...>)->R {
      return f(call, Slot<A>::from(io[I])...);
    };
    if constexpr (Ret::kCanTrap) {
      R r = invoke(std::index_sequence_for<A...>{});
      if (!r) return Unexpected(std::move(r).error());
      if constexpr (!std::is_void_v<V>) io[0] = Slot<V>::to(*r);
    } else if constexpr (std::is_void_v<V>) {
      invoke(std::index_sequence_for<A...>{});
    } else {
      io[0] = Slot<V>::to(invoke(std::index_sequence_for<A...>{}));
    }
    return {};
  };
  return def;
}

}  // namespace host_func_detail

template <typename F>
HostFuncDef hostFunc(F f) {
  using Sig = host_func_detail::Signature<std::decay_t<F>>;
  return host_func_detail::make<std::decay_t<F>, typename Sig::Result>(
      std::move(f), static_cast<typename Sig::Args*>(nullptr));
}

}  // namespace lichen::wasm
