// In-memory stdio for a guest: stdin reads from a byte string, stdout and stderr append to
// strings with a size cap (wazero's WithStdin/WithStdout with a bytes buffer). A WasiOs
// decorator owns three reserved fd numbers that are never real host fds; attach() points a
// WasiConfig's fds 0..2 at them and every other call goes to the inner WasiOs.
//
// A write past the cap writes nothing and fails with EFBIG (the guest sees a write error); the
// host then asks overflowed() and ends the run with its own error instead of growing a buffer
// without bound. Not thread-safe: one per guest run, as a WasiCtx.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "wasi/forwarding_os.h"
#include "wasi/wasi_ctx.h"

namespace lichen::wasi {

class MemoryStdioOs : public ForwardingOs {
 public:
  // Negative so that no host open can return them and poll() on the host ignores them.
  static constexpr int kStdinFd = -100;
  static constexpr int kStdoutFd = -101;
  static constexpr int kStderrFd = -102;

  // `output_cap` bounds stdout and stderr each, in bytes.
  MemoryStdioOs(std::shared_ptr<WasiOs> inner, std::string stdin_bytes, size_t output_cap);

  // Points fds 0, 1 and 2 of `config` at the buffers.
  static void attach(WasiConfig& config);

  const std::string& stdoutBytes() const { return out_; }
  const std::string& stderrBytes() const { return err_; }
  std::string takeStdout() { return std::move(out_); }
  // Which stream hit the cap first ("stdout" or "stderr"); empty while neither has.
  const std::string& overflowed() const { return overflowed_; }
  size_t outputCap() const { return cap_; }

  OsResult<void> close(int fd) override;
  OsResult<size_t> readv(int fd, std::span<const iovec> iov) override;
  OsResult<size_t> writev(int fd, std::span<const iovec> iov) override;
  OsResult<size_t> preadv(int fd, std::span<const iovec> iov, uint64_t offset) override;
  OsResult<size_t> pwritev(int fd, std::span<const iovec> iov, uint64_t offset) override;
  OsResult<uint64_t> seek(int fd, int64_t offset, int whence) override;
  OsResult<struct stat> fstat(int fd) override;
  OsResult<void> futimens(int fd, const timespec times[2]) override;
  OsResult<void> ftruncate(int fd, uint64_t size) override;
  OsResult<void> fsync(int fd) override;
  OsResult<void> fdatasync(int fd) override;
  OsResult<void> fallocate(int fd, uint64_t offset, uint64_t len) override;
  OsResult<void> fadvise(int fd, uint64_t offset, uint64_t len, int advice) override;
  OsResult<int> getFlags(int fd) override;
  OsResult<void> setFlags(int fd, int flags) override;
  OsResult<int> poll(std::span<pollfd> fds, int64_t timeout_ns) override;

 private:
  static bool ours(int fd) { return fd == kStdinFd || fd == kStdoutFd || fd == kStderrFd; }

  std::string in_;
  size_t in_pos_ = 0;
  std::string out_;
  std::string err_;
  size_t cap_;
  std::string overflowed_;
};

}  // namespace lichen::wasi
