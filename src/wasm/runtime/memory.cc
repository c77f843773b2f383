#include "wasm/runtime/memory.h"

#include <sys/mman.h>

#include <algorithm>
#include <mutex>
#include <vector>

namespace lichen::wasm {
namespace {

// Released reservations are kept for reuse: a new instance then costs one mmap, not three
// system calls. Reservations are keyed by size; a few dozen are kept at most.
struct Reservation {
  uint8_t* base;
  uint64_t size;
  uint64_t committed;
};

class ReservationPool {
 public:
  static ReservationPool& get() {
    static ReservationPool* pool = new ReservationPool();  // outlives thread-exit destructors
    return *pool;
  }
  bool take(uint64_t size, Reservation& out) {
    std::lock_guard lock(mu_);
    for (size_t i = 0; i < free_.size(); ++i) {
      if (free_[i].size == size) {
        out = free_[i];
        free_[i] = free_.back();
        free_.pop_back();
        return true;
      }
    }
    return false;
  }
  bool give(const Reservation& r) {
    std::lock_guard lock(mu_);
    if (free_.size() >= kMaxPooled) return false;
    free_.push_back(r);
    return true;
  }

 private:
  static constexpr size_t kMaxPooled = 64;
  std::mutex mu_;
  std::vector<Reservation> free_;
};

Unexpected<Error> memoryError(std::string message) {
  return Unexpected(Error{Phase::kInstantiate, 0, std::move(message)});
}

}  // namespace

Result<std::unique_ptr<Memory>> Memory::reserve(const MemoryType& type, uint64_t limit_pages,
                                                ResourceBudget* budget) {
  std::unique_ptr<Memory> mem(new Memory());
  mem->max_pages_decl_ = type.limits.max;
  mem->max_pages_ = std::min<uint64_t>(type.limits.max.value_or(kMaxPages), kMaxPages);
  mem->max_pages_ = std::min(mem->max_pages_, limit_pages);
  if (type.limits.min > mem->max_pages_) {
    return memoryError("memory of " + std::to_string(type.limits.min) +
                       " pages exceeds the limit of " + std::to_string(mem->max_pages_) + " pages");
  }
  if (budget && !budget->take(type.limits.min * kPageSize)) {
    return memoryError("memory of " + std::to_string(type.limits.min) +
                       " pages exceeds the limit shared by the memories and tables of the "
                       "instance");
  }
  mem->budget_ = budget;
  mem->budget_charge_ = budget ? type.limits.min * kPageSize : 0;
  mem->reserved_ = std::max<uint64_t>(mem->max_pages_ * kPageSize, kPageSize);
  Reservation r;
  if (ReservationPool::get().take(mem->reserved_, r)) {
    mem->base_ = r.base;
    mem->committed_ = r.committed;
    return mem;
  }
  void* p =
      mmap(nullptr, mem->reserved_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return memoryError("cannot reserve address space for memory");
  mem->base_ = static_cast<uint8_t*>(p);
  return mem;
}

bool Memory::commit(uint64_t bytes, const MemoryImage* image) {
  const int flags = MAP_PRIVATE | MAP_FIXED;
  if (bytes > 0) {
    void* p = image ? mmap(base_, bytes, PROT_READ | PROT_WRITE, flags, image->fd(), 0)
                    : mmap(base_, bytes, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return false;
  }
  if (committed_ > bytes) {
    void* p = mmap(base_ + bytes, committed_ - bytes, PROT_NONE,
                   flags | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return false;
  }
  committed_ = bytes;
  size_ = bytes;
  return true;
}

Result<std::unique_ptr<Memory>> Memory::create(const MemoryType& type, uint64_t limit_pages,
                                               ResourceBudget* budget) {
  LICHEN_ASSIGN_OR_RETURN(auto mem, reserve(type, limit_pages, budget));
  if (!mem->commit(type.limits.min * kPageSize, nullptr)) {
    return memoryError("cannot commit initial memory");
  }
  return mem;
}

Result<std::unique_ptr<Memory>> Memory::createFromImage(const MemoryType& type,
                                                        uint64_t limit_pages,
                                                        const MemoryImage& image,
                                                        ResourceBudget* budget) {
  LICHEN_ASSIGN_OR_RETURN(auto mem, reserve(type, limit_pages, budget));
  if (image.size() != type.limits.min * kPageSize || !mem->commit(image.size(), &image)) {
    return memoryError("cannot map the initial memory image");
  }
  return mem;
}

Memory::~Memory() {
  if (budget_) budget_->give(budget_charge_);
  if (!base_) return;
  if (!ReservationPool::get().give(Reservation{base_, reserved_, committed_})) {
    munmap(base_, reserved_);
  }
}

int64_t Memory::grow(uint64_t delta) {
  const uint64_t old_pages = pages();
  if (delta > max_pages_ - old_pages) return -1;
  if (delta == 0) return static_cast<int64_t>(old_pages);
  if (budget_ && !budget_->take(delta * kPageSize)) return -1;
  const uint64_t new_size = (old_pages + delta) * kPageSize;
  // Pages past committed_ are fresh; pages below it were dropped to PROT_NONE by commit() and
  // mapping anonymous memory over them gives zeroes again.
  void* p = mmap(base_ + size_, new_size - size_, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    if (budget_) budget_->give(delta * kPageSize);
    return -1;
  }
  size_ = new_size;
  budget_charge_ = new_size;
  committed_ = std::max(committed_, new_size);
  return static_cast<int64_t>(old_pages);
}

}  // namespace lichen::wasm
