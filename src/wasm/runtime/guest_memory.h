// Bounds-checked access to a guest's linear memory, for host functions. Every guest pointer is
// untrusted: each access checks [ptr, ptr+len) against the memory's current size (in 64-bit
// arithmetic, so ptr+len never wraps) and fails without touching anything otherwise. Scalars
// are little-endian, as wasm requires. A GuestMemory borrows the Memory for one host call: a
// memory.grow may move nothing (the base is fixed) but changes the size, so pointers from at()
// are good only until the guest runs again.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>

#include "wasm/runtime/memory.h"

namespace lichen::wasm {

static_assert(std::endian::native == std::endian::little,
              "guest memory is little-endian; a big-endian host needs byte swaps here");

class GuestMemory {
 public:
  explicit GuestMemory(Memory* memory) : memory_(memory) {}

  Memory* memory() const { return memory_; }
  uint64_t size() const { return memory_ ? memory_->size() : 0; }

  // A host pointer to [ptr, ptr+len), or null when out of bounds (or there is no memory).
  uint8_t* at(uint64_t ptr, uint64_t len) const {
    if (!memory_ || !memory_->inBounds(ptr, len)) return nullptr;
    return memory_->data() + ptr;
  }

  // A scalar at `ptr`, or nothing when out of bounds.
  template <typename T>
  std::optional<T> load(uint64_t ptr) const {
    static_assert(std::is_trivially_copyable_v<T>);
    const uint8_t* p = at(ptr, sizeof(T));
    if (!p) return std::nullopt;
    T out;
    std::memcpy(&out, p, sizeof(T));
    return out;
  }

  // Stores a scalar at `ptr`; false, storing nothing, when out of bounds.
  template <typename T>
  bool store(uint64_t ptr, T value) const {
    static_assert(std::is_trivially_copyable_v<T>);
    uint8_t* p = at(ptr, sizeof(T));
    if (!p) return false;
    std::memcpy(p, &value, sizeof(T));
    return true;
  }

  // Copies `len` host bytes into the guest at `ptr`; false, copying nothing, when out of bounds.
  bool write(uint64_t ptr, const void* data, uint64_t len) const {
    uint8_t* p = at(ptr, len);
    if (!p) return false;
    if (len) std::memcpy(p, data, len);
    return true;
  }

  // Copies `len` guest bytes at `ptr` out to the host; false, copying nothing, when out of bounds.
  bool read(uint64_t ptr, void* out, uint64_t len) const {
    const uint8_t* p = at(ptr, len);
    if (!p) return false;
    if (len) std::memcpy(out, p, len);
    return true;
  }

  // The guest bytes (ptr, len) as a string, or nothing when out of bounds.
  std::optional<std::string> readString(uint64_t ptr, uint64_t len) const {
    const uint8_t* p = at(ptr, len);
    if (!p) return std::nullopt;
    return std::string(reinterpret_cast<const char*>(p), len);
  }

 private:
  Memory* memory_;
};

}  // namespace lichen::wasm
