// The initial contents of a module's memory, kept in a memfd so that each new instance maps it
// copy-on-write with one mmap instead of copying data segments. Immutable once built.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

namespace lichen::wasm {

class MemoryImage {
 public:
  // An image of `size` bytes (a whole number of pages), zero but for `writes`.
  struct Write {
    uint64_t offset;
    std::span<const uint8_t> bytes;
  };
  static std::unique_ptr<MemoryImage> create(uint64_t size, std::span<const Write> writes);
  ~MemoryImage();
  MemoryImage(const MemoryImage&) = delete;
  MemoryImage& operator=(const MemoryImage&) = delete;

  int fd() const { return fd_; }
  uint64_t size() const { return size_; }

 private:
  MemoryImage(int fd, uint64_t size) : fd_(fd), size_(size) {}
  int fd_;
  uint64_t size_;
};

}  // namespace lichen::wasm
