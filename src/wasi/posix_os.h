// The real WasiOs: thin wrappers over POSIX *at() calls. Tests derive from it to inject faults.
#pragma once

#include "wasi/os.h"

namespace lichen::wasi {

class PosixOs : public WasiOs {
 public:
  OsResult<int> openAt(int dir_fd, const std::string& name, int flags, mode_t mode) override;
  OsResult<void> close(int fd) override;
  OsResult<size_t> readv(int fd, std::span<const iovec> iov) override;
  OsResult<size_t> writev(int fd, std::span<const iovec> iov) override;
  OsResult<size_t> preadv(int fd, std::span<const iovec> iov, uint64_t offset) override;
  OsResult<size_t> pwritev(int fd, std::span<const iovec> iov, uint64_t offset) override;
  OsResult<uint64_t> seek(int fd, int64_t offset, int whence) override;
  OsResult<struct stat> fstat(int fd) override;
  OsResult<struct stat> fstatAt(int dir_fd, const std::string& name, bool follow) override;
  OsResult<void> mkdirAt(int dir_fd, const std::string& name) override;
  OsResult<void> unlinkAt(int dir_fd, const std::string& name, bool dir) override;
  OsResult<void> renameAt(int old_dir, const std::string& old_name, int new_dir,
                          const std::string& new_name) override;
  OsResult<void> linkAt(int old_dir, const std::string& old_name, int new_dir,
                        const std::string& new_name) override;
  OsResult<void> symlinkAt(const std::string& target, int dir_fd, const std::string& name) override;
  OsResult<std::string> readlinkAt(int dir_fd, const std::string& name) override;
  OsResult<void> utimensAt(int dir_fd, const std::string& name, const timespec times[2]) override;
  OsResult<void> futimens(int fd, const timespec times[2]) override;
  OsResult<void> ftruncate(int fd, uint64_t size) override;
  OsResult<void> fsync(int fd) override;
  OsResult<void> fdatasync(int fd) override;
  OsResult<void> fallocate(int fd, uint64_t offset, uint64_t len) override;
  OsResult<void> fadvise(int fd, uint64_t offset, uint64_t len, int advice) override;
  OsResult<int> getFlags(int fd) override;
  OsResult<void> setFlags(int fd, int flags) override;
  OsResult<std::vector<HostDirEntry>> readDir(int fd) override;
  OsResult<uint64_t> clockTime(int clock) override;
  OsResult<uint64_t> clockRes(int clock) override;
  OsResult<void> random(std::span<uint8_t> out) override;
  OsResult<int> poll(std::span<pollfd> fds, int64_t timeout_ns) override;
  void yield() override;
};

}  // namespace lichen::wasi
