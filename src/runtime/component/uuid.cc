#include "runtime/component/uuid.h"

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <random>

namespace lichen::component {

std::string newUuid() {
  static std::mutex mutex;
  static std::mt19937_64 gen{std::random_device{}()};
  uint64_t hi = 0, lo = 0;
  {
    std::lock_guard lock(mutex);
    hi = gen();
    lo = gen();
  }
  hi = (hi & ~0xF000ull) | 0x4000ull;              // version 4
  lo = (lo & ~(0xC0ull << 56)) | (0x80ull << 56);  // RFC 4122 variant
  char buf[37];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  return buf;
}

}  // namespace lichen::component
