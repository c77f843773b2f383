// What one Store may hold in linear memory and table storage together. An embedder's
// --max-memory is a limit on the sum, so a module cannot exceed it by declaring many tables or
// memories; table elements are also capped on their own by default, since nothing else bounds
// them. Single-threaded, like the Store that owns it.
#pragma once

#include <algorithm>
#include <cstdint>

namespace lichen::wasm {

class ResourceBudget {
 public:
  static constexpr uint64_t kUnlimited = UINT64_MAX;
  // Table elements across one Store when no byte limit is set (8 bytes each: 80 MB).
  static constexpr uint64_t kDefaultMaxTableElements = 10'000'000;
  static constexpr uint64_t kTableElementBytes = 8;

  uint64_t limitBytes() const { return limit_bytes_; }
  void setLimitBytes(uint64_t bytes) { limit_bytes_ = bytes; }
  uint64_t usedBytes() const { return used_bytes_; }

  // Takes `bytes` of memory or table storage; false, taking nothing, past the limit.
  bool take(uint64_t bytes) {
    if (bytes > limit_bytes_ - std::min(limit_bytes_, used_bytes_)) return false;
    used_bytes_ += bytes;
    return true;
  }
  bool takeTableElements(uint64_t n) {
    if (n > kDefaultMaxTableElements - std::min(kDefaultMaxTableElements, table_elements_)) {
      return false;
    }
    if (n > kUnlimited / kTableElementBytes || !take(n * kTableElementBytes)) return false;
    table_elements_ += n;
    return true;
  }
  void give(uint64_t bytes) { used_bytes_ -= std::min(bytes, used_bytes_); }
  void giveTableElements(uint64_t n) {
    table_elements_ -= std::min(n, table_elements_);
    give(n * kTableElementBytes);
  }

 private:
  uint64_t limit_bytes_ = kUnlimited;
  uint64_t used_bytes_ = 0;
  uint64_t table_elements_ = 0;
};

}  // namespace lichen::wasm
