// WASI's view of a guest's linear memory: the engine's bounds-checked wasm::GuestMemory, with
// failures as WASI errnos (kFault out of bounds) and the two shapes WASI adds: NUL-free strings
// and iovec arrays. A GuestMemory borrows the Memory for one host call.
#pragma once

#include <sys/uio.h>

#include <cstdint>
#include <string>
#include <vector>

#include "wasi/wasi_types.h"
#include "wasm/runtime/guest_memory.h"

namespace lichen::wasi {

class GuestMemory {
 public:
  explicit GuestMemory(wasm::Memory* memory) : mem_(memory) {}

  // A host pointer to [ptr, ptr+len), or null when out of bounds (or no memory).
  uint8_t* at(uint64_t ptr, uint64_t len) const { return mem_.at(ptr, len); }

  template <typename T>
  Errno load(uint64_t ptr, T& out) const {
    auto v = mem_.load<T>(ptr);
    if (!v) return Errno::kFault;
    out = *v;
    return Errno::kSuccess;
  }

  template <typename T>
  Errno store(uint64_t ptr, T value) const {
    return mem_.store(ptr, value) ? Errno::kSuccess : Errno::kFault;
  }

  Errno storeBytes(uint64_t ptr, const void* data, uint64_t len) const {
    return mem_.write(ptr, data, len) ? Errno::kSuccess : Errno::kFault;
  }

  // A guest string (ptr, len); embedded NULs are refused (kIlseq), as paths cannot hold them.
  Errno loadString(uint64_t ptr, uint64_t len, std::string& out) const {
    auto s = mem_.readString(ptr, len);
    if (!s) return Errno::kFault;
    out = std::move(*s);
    if (out.find('\0') != std::string::npos) return Errno::kIlseq;
    return Errno::kSuccess;
  }

  // A guest iovec array, turned into host iovecs that point into guest memory.
  Errno loadIovecs(uint64_t ptr, uint32_t count, std::vector<iovec>& out) const {
    out.clear();
    if (!at(ptr, uint64_t{count} * kIovecSize)) return Errno::kFault;
    for (uint32_t i = 0; i < count; ++i) {
      const uint32_t buf = *mem_.load<uint32_t>(ptr + uint64_t{i} * kIovecSize);
      const uint32_t len = *mem_.load<uint32_t>(ptr + uint64_t{i} * kIovecSize + 4);
      uint8_t* p = at(buf, len);
      if (!p) return Errno::kFault;
      out.push_back({p, len});
    }
    return Errno::kSuccess;
  }

 private:
  wasm::GuestMemory mem_;
};

}  // namespace lichen::wasi
