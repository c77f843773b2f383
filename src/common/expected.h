// Expected<T, E>: a value or an error, with std::expected's member names (g++ 12 lacks it in
// C++20). Errors travel as values through the engine and the request paths; no exceptions.
#pragma once

#include <type_traits>
#include <utility>
#include <variant>

namespace lichen {

template <typename E>
class Unexpected {
 public:
  explicit Unexpected(E error) : error_(std::move(error)) {}
  E& error() & { return error_; }
  E&& error() && { return std::move(error_); }
  const E& error() const& { return error_; }

 private:
  E error_;
};

template <typename E>
Unexpected(E) -> Unexpected<E>;

template <typename T, typename E>
class [[nodiscard]] Expected {
 public:
  using value_type = T;
  using error_type = E;

  Expected() requires std::is_default_constructible_v<T> : v_(std::in_place_index<0>) {}
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  template <typename U>
  requires std::is_constructible_v<T, U&&> &&
      (!std::is_same_v<std::decay_t<U>, Expected>)&&(!std::is_same_v<std::decay_t<U>, T>)
          Expected(U&& value)
      : v_(std::in_place_index<0>, T(std::forward<U>(value))) {}  // NOLINT
  template <typename G>
  Expected(Unexpected<G> error)  // NOLINT: implicit, as std::expected
      : v_(std::in_place_index<1>, E(std::move(error).error())) {}

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::move(std::get<0>(v_)); }
  const T& value() const& { return std::get<0>(v_); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(std::get<0>(v_)); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  E& error() & { return std::get<1>(v_); }
  E&& error() && { return std::move(std::get<1>(v_)); }
  const E& error() const& { return std::get<1>(v_); }

 private:
  std::variant<T, E> v_;
};

// Expected<void, E>: success or an error.
template <typename E>
class [[nodiscard]] Expected<void, E> {
 public:
  using value_type = void;
  using error_type = E;

  Expected() = default;
  template <typename G>
  Expected(Unexpected<G> error)  // NOLINT: implicit, as std::expected
      : has_error_(true), error_(E(std::move(error).error())) {}

  bool has_value() const { return !has_error_; }
  explicit operator bool() const { return has_value(); }
  void value() const {}

  E& error() & { return error_; }
  E&& error() && { return std::move(error_); }
  const E& error() const& { return error_; }

 private:
  bool has_error_ = false;
  E error_{};
};

}  // namespace lichen

#define LICHEN_CONCAT_INNER(a, b) a##b
#define LICHEN_CONCAT(a, b) LICHEN_CONCAT_INNER(a, b)

// Returns the error of an Expected expression from the enclosing function.
#define LICHEN_TRY(expr)                                                 \
  do {                                                                   \
    auto&& lichen_try_result = (expr);                                   \
    if (!lichen_try_result) {                                            \
      return ::lichen::Unexpected(std::move(lichen_try_result).error()); \
    }                                                                    \
  } while (0)

// `LICHEN_ASSIGN_OR_RETURN(auto x, f());` binds the value or returns the error.
#define LICHEN_ASSIGN_OR_RETURN(lhs, expr)                                                \
  auto LICHEN_CONCAT(lichen_aor_, __LINE__) = (expr);                                     \
  if (!LICHEN_CONCAT(lichen_aor_, __LINE__)) {                                            \
    return ::lichen::Unexpected(std::move(LICHEN_CONCAT(lichen_aor_, __LINE__)).error()); \
  }                                                                                       \
  lhs = std::move(LICHEN_CONCAT(lichen_aor_, __LINE__)).value()
