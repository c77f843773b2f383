// Bounds-checked access to a guest's linear memory. Every guest pointer is untrusted: each
// access checks [ptr, ptr+len) against the memory's current size and answers kFault otherwise.
// A GuestMemory borrows the Memory for one host call.
#pragma once

#include <sys/uio.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "wasi/wasi_types.h"
#include "wasm/runtime/memory.h"

namespace lichen::wasi {

class GuestMemory {
 public:
  explicit GuestMemory(wasm::Memory* memory) : memory_(memory) {}

  // A host pointer to [ptr, ptr+len), or null when out of bounds (or no memory).
  uint8_t* at(uint64_t ptr, uint64_t len) const {
    if (!memory_ || !memory_->inBounds(ptr, len)) return nullptr;
    return memory_->data() + ptr;
  }

  template <typename T>
  Errno load(uint64_t ptr, T& out) const {
    const uint8_t* p = at(ptr, sizeof(T));
    if (!p) return Errno::kFault;
    std::memcpy(&out, p, sizeof(T));  // wasm is little-endian, as is every host we build for
    return Errno::kSuccess;
  }

  template <typename T>
  Errno store(uint64_t ptr, T value) const {
    uint8_t* p = at(ptr, sizeof(T));
    if (!p) return Errno::kFault;
    std::memcpy(p, &value, sizeof(T));
    return Errno::kSuccess;
  }

  Errno storeBytes(uint64_t ptr, const void* data, uint64_t len) const {
    uint8_t* p = at(ptr, len);
    if (!p) return Errno::kFault;
    if (len) std::memcpy(p, data, len);
    return Errno::kSuccess;
  }

  // A guest string (ptr, len); embedded NULs are refused (kIlseq), as paths cannot hold them.
  Errno loadString(uint64_t ptr, uint64_t len, std::string& out) const {
    const uint8_t* p = at(ptr, len);
    if (!p) return Errno::kFault;
    out.assign(reinterpret_cast<const char*>(p), len);
    if (out.find('\0') != std::string::npos) return Errno::kIlseq;
    return Errno::kSuccess;
  }

  // A guest iovec array, turned into host iovecs that point into guest memory.
  Errno loadIovecs(uint64_t ptr, uint32_t count, std::vector<iovec>& out) const {
    out.clear();
    if (!at(ptr, uint64_t{count} * kIovecSize)) return Errno::kFault;
    for (uint32_t i = 0; i < count; ++i) {
      uint32_t buf = 0;
      uint32_t len = 0;
      load(ptr + uint64_t{i} * kIovecSize, buf);
      load(ptr + uint64_t{i} * kIovecSize + 4, len);
      uint8_t* p = at(buf, len);
      if (!p) return Errno::kFault;
      out.push_back({p, len});
    }
    return Errno::kSuccess;
  }

 private:
  wasm::Memory* memory_;
};

}  // namespace lichen::wasi
