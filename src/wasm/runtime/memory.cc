#include "wasm/runtime/memory.h"

#include <sys/mman.h>

#include <algorithm>

namespace lichen::wasm {

Result<std::unique_ptr<Memory>> Memory::create(const MemoryType& type, uint64_t limit_pages) {
  std::unique_ptr<Memory> mem(new Memory());
  mem->max_pages_decl_ = type.limits.max;
  mem->max_pages_ = std::min<uint64_t>(type.limits.max.value_or(kMaxPages), kMaxPages);
  mem->max_pages_ = std::min(mem->max_pages_, limit_pages);
  if (type.limits.min > mem->max_pages_) {
    return Unexpected(Error{Phase::kInstantiate, 0,
                            "memory of " + std::to_string(type.limits.min) +
                                " pages exceeds the limit of " + std::to_string(mem->max_pages_) +
                                " pages"});
  }
  mem->reserved_ = std::max<uint64_t>(mem->max_pages_ * kPageSize, kPageSize);
  void* p =
      mmap(nullptr, mem->reserved_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    return Unexpected(Error{Phase::kInstantiate, 0, "cannot reserve address space for memory"});
  }
  mem->base_ = static_cast<uint8_t*>(p);
  if (mem->grow(type.limits.min) < 0) {
    return Unexpected(Error{Phase::kInstantiate, 0, "cannot commit initial memory"});
  }
  return mem;
}

Memory::~Memory() {
  if (base_) munmap(base_, reserved_);
}

int64_t Memory::grow(uint64_t delta) {
  const uint64_t old_pages = pages();
  if (delta > max_pages_ - old_pages) return -1;
  if (delta == 0) return static_cast<int64_t>(old_pages);
  const uint64_t new_size = (old_pages + delta) * kPageSize;
  if (mprotect(base_ + size_, new_size - size_, PROT_READ | PROT_WRITE) != 0) return -1;
  size_ = new_size;
  return static_cast<int64_t>(old_pages);
}

}  // namespace lichen::wasm
