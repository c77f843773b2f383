#include "wasi/memory_stdio.h"

#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace lichen::wasi {

MemoryStdioOs::MemoryStdioOs(std::shared_ptr<WasiOs> inner, std::string stdin_bytes,
                             size_t output_cap)
    : ForwardingOs(std::move(inner)), in_(std::move(stdin_bytes)), cap_(output_cap) {}

void MemoryStdioOs::attach(WasiConfig& config) {
  config.stdin_fd = kStdinFd;
  config.stdout_fd = kStdoutFd;
  config.stderr_fd = kStderrFd;
}

OsResult<void> MemoryStdioOs::close(int fd) {
  if (ours(fd)) return {};
  return ForwardingOs::close(fd);
}

OsResult<size_t> MemoryStdioOs::readv(int fd, std::span<const iovec> iov) {
  if (!ours(fd)) return ForwardingOs::readv(fd, iov);
  if (fd != kStdinFd) return Unexpected(EBADF);
  size_t total = 0;
  for (const iovec& v : iov) {
    const size_t n = std::min(v.iov_len, in_.size() - in_pos_);
    std::memcpy(v.iov_base, in_.data() + in_pos_, n);
    in_pos_ += n;
    total += n;
    if (n < v.iov_len) break;  // end of input: a short read, then reads of 0
  }
  return total;
}

OsResult<size_t> MemoryStdioOs::writev(int fd, std::span<const iovec> iov) {
  if (!ours(fd)) return ForwardingOs::writev(fd, iov);
  if (fd == kStdinFd) return Unexpected(EBADF);
  std::string& sink = fd == kStdoutFd ? out_ : err_;
  size_t total = 0;
  for (const iovec& v : iov) total += v.iov_len;
  if (total > cap_ - sink.size()) {
    if (overflowed_.empty()) overflowed_ = fd == kStdoutFd ? "stdout" : "stderr";
    return Unexpected(EFBIG);
  }
  for (const iovec& v : iov) sink.append(static_cast<const char*>(v.iov_base), v.iov_len);
  return total;
}

// Streams have no offsets, as a pipe: the positioned calls and seek answer ESPIPE.
OsResult<size_t> MemoryStdioOs::preadv(int fd, std::span<const iovec> iov, uint64_t offset) {
  if (ours(fd)) return Unexpected(ESPIPE);
  return ForwardingOs::preadv(fd, iov, offset);
}

OsResult<size_t> MemoryStdioOs::pwritev(int fd, std::span<const iovec> iov, uint64_t offset) {
  if (ours(fd)) return Unexpected(ESPIPE);
  return ForwardingOs::pwritev(fd, iov, offset);
}

OsResult<uint64_t> MemoryStdioOs::seek(int fd, int64_t offset, int whence) {
  if (ours(fd)) return Unexpected(ESPIPE);
  return ForwardingOs::seek(fd, offset, whence);
}

// A FIFO: WASI's filetype "unknown", so wasi-libc neither treats it as a terminal (line
// buffering) nor seeks it.
OsResult<struct stat> MemoryStdioOs::fstat(int fd) {
  if (!ours(fd)) return ForwardingOs::fstat(fd);
  struct stat st {};
  st.st_mode = S_IFIFO | (fd == kStdinFd ? 0400 : 0200);
  st.st_nlink = 1;
  return st;
}

OsResult<void> MemoryStdioOs::futimens(int fd, const timespec times[2]) {
  if (ours(fd)) return Unexpected(EINVAL);
  return ForwardingOs::futimens(fd, times);
}

OsResult<void> MemoryStdioOs::ftruncate(int fd, uint64_t size) {
  if (ours(fd)) return Unexpected(EINVAL);
  return ForwardingOs::ftruncate(fd, size);
}

OsResult<void> MemoryStdioOs::fsync(int fd) {
  if (ours(fd)) return Unexpected(EINVAL);
  return ForwardingOs::fsync(fd);
}

OsResult<void> MemoryStdioOs::fdatasync(int fd) {
  if (ours(fd)) return Unexpected(EINVAL);
  return ForwardingOs::fdatasync(fd);
}

OsResult<void> MemoryStdioOs::fallocate(int fd, uint64_t offset, uint64_t len) {
  if (ours(fd)) return Unexpected(ESPIPE);
  return ForwardingOs::fallocate(fd, offset, len);
}

OsResult<void> MemoryStdioOs::fadvise(int fd, uint64_t offset, uint64_t len, int advice) {
  if (ours(fd)) return Unexpected(ESPIPE);
  return ForwardingOs::fadvise(fd, offset, len, advice);
}

OsResult<int> MemoryStdioOs::getFlags(int fd) {
  if (!ours(fd)) return ForwardingOs::getFlags(fd);
  return fd == kStdinFd ? O_RDONLY : O_WRONLY;
}

OsResult<void> MemoryStdioOs::setFlags(int fd, int flags) {
  if (ours(fd)) return {};  // O_NONBLOCK and O_APPEND change nothing for a buffer
  return ForwardingOs::setFlags(fd, flags);
}

// The buffers are always ready (stdin at its end reads 0 bytes). When one of them is among
// `fds`, nothing waits: the host fds are only polled without a timeout.
OsResult<int> MemoryStdioOs::poll(std::span<pollfd> fds, int64_t timeout_ns) {
  const bool any = std::any_of(fds.begin(), fds.end(), [](const pollfd& p) { return ours(p.fd); });
  if (!any) return ForwardingOs::poll(fds, timeout_ns);
  // The host ignores negative fds (revents 0), so ours are answered after it.
  auto host = ForwardingOs::poll(fds, 0);
  if (!host) return host;
  int ready = *host;
  for (pollfd& p : fds) {
    if (!ours(p.fd)) continue;
    p.revents = static_cast<short>(p.events & (p.fd == kStdinFd ? POLLIN : POLLOUT));
    if (p.revents) ++ready;
  }
  return ready;
}

}  // namespace lichen::wasi
