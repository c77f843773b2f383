// Comparison of secrets (API tokens) in time that depends only on the lengths, so a caller
// cannot learn a token byte by byte from how long a rejection takes.
#pragma once

#include <cstddef>
#include <string_view>

namespace lichen {

inline bool constantTimeEquals(std::string_view given, std::string_view expected) {
  // Every byte of `expected` is read whatever `given` holds; only the length may leak.
  unsigned char diff = given.size() == expected.size() ? 0 : 1;
  for (size_t i = 0; i < expected.size(); ++i) {
    const unsigned char g = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
    diff |= static_cast<unsigned char>(g ^ static_cast<unsigned char>(expected[i]));
  }
  // The volatile read keeps the compiler from turning the loop into an early exit.
  volatile unsigned char result = diff;
  return result == 0;
}

}  // namespace lichen
