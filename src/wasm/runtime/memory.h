// Linear memory: one mmap reservation sized for the maximum, committed page by page as it
// grows, so the base address never moves and the interpreter may cache it.
#pragma once

#include <cstdint>
#include <memory>

#include "wasm/ir/error.h"
#include "wasm/ir/types.h"
#include "wasm/runtime/budget.h"
#include "wasm/runtime/memory_image.h"

namespace lichen::wasm {

class Memory {
 public:
  // `limit_pages` caps growth below the type's maximum (an embedder's --max-memory); the pages
  // are also charged to `budget`, if given (it must outlive the memory).
  static Result<std::unique_ptr<Memory>> create(const MemoryType& type, uint64_t limit_pages,
                                                ResourceBudget* budget = nullptr);
  // The same, starting from `image` (its size must be the type's minimum), mapped
  // copy-on-write: the image is shared until written.
  static Result<std::unique_ptr<Memory>> createFromImage(const MemoryType& type,
                                                         uint64_t limit_pages,
                                                         const MemoryImage& image,
                                                         ResourceBudget* budget = nullptr);
  ~Memory();
  Memory(const Memory&) = delete;
  Memory& operator=(const Memory&) = delete;

  uint8_t* data() const { return base_; }
  uint64_t size() const { return size_; }
  uint64_t pages() const { return size_ / kPageSize; }
  MemoryType type() const { return MemoryType{Limits{pages(), max_pages_decl_}}; }

  // Returns the old size in pages, or -1 when the memory cannot grow by `delta` pages.
  int64_t grow(uint64_t delta);

  // Whether [offset, offset + len) lies inside the memory.
  bool inBounds(uint64_t offset, uint64_t len) const {
    return offset <= size_ && len <= size_ - offset;
  }

 private:
  Memory() = default;
  static Result<std::unique_ptr<Memory>> reserve(const MemoryType& type, uint64_t limit_pages,
                                                 ResourceBudget* budget);
  // Replaces [0, bytes) with fresh pages (zero, or the image's) and drops anything beyond.
  bool commit(uint64_t bytes, const MemoryImage* image);

  uint64_t committed_ = 0;  // bytes that may hold pages, from earlier use of the reservation
  uint8_t* base_ = nullptr;
  uint64_t size_ = 0;
  uint64_t reserved_ = 0;
  uint64_t max_pages_ = 0;                  // effective growth limit
  std::optional<uint64_t> max_pages_decl_;  // as declared by the module
  ResourceBudget* budget_ = nullptr;        // charged budget_charge_ bytes
  uint64_t budget_charge_ = 0;
};

}  // namespace lichen::wasm
