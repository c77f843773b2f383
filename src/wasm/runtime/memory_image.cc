#include "wasm/runtime/memory_image.h"

#include <sys/mman.h>
#include <unistd.h>

namespace lichen::wasm {

std::unique_ptr<MemoryImage> MemoryImage::create(uint64_t size, std::span<const Write> writes) {
  const int fd = memfd_create("lichen-memory-image", MFD_CLOEXEC);
  if (fd < 0) return nullptr;
  std::unique_ptr<MemoryImage> image(new MemoryImage(fd, size));
  if (ftruncate(fd, static_cast<off_t>(size)) != 0) return nullptr;
  for (const Write& w : writes) {
    size_t done = 0;
    while (done < w.bytes.size()) {
      const ssize_t n = pwrite(fd, w.bytes.data() + done, w.bytes.size() - done,
                               static_cast<off_t>(w.offset + done));
      if (n <= 0) return nullptr;
      done += static_cast<size_t>(n);
    }
  }
  return image;
}

MemoryImage::~MemoryImage() { close(fd_); }

}  // namespace lichen::wasm
