// WasiOs: the one door from WASI to the host operating system. Everything the WASI layer does to
// files, clocks and randomness goes through it, so tests can inject faults (ENOSPC, EIO) or
// observe calls. Errors are host errno values; errno_map.h turns them into WASI errnos.
#pragma once

#include <poll.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/expected.h"

namespace lichen::wasi {

template <typename T>
using OsResult = Expected<T, int>;  // error: a host errno value

struct HostDirEntry {
  std::string name;
  uint64_t ino = 0;
  unsigned char type = 0;  // DT_* from <dirent.h>
};

class WasiOs {
 public:
  virtual ~WasiOs() = default;

  // Files and directories; names are relative to `dir_fd` and never followed by the OS when
  // the caller passes O_NOFOLLOW / AT_SYMLINK_NOFOLLOW (the path resolver walks symlinks itself).
  // openAt with O_NOFOLLOW resolves beneath `dir_fd` only, with no symlink anywhere.
  virtual OsResult<int> openAt(int dir_fd, const std::string& name, int flags, mode_t mode) = 0;
  virtual OsResult<void> close(int fd) = 0;
  virtual OsResult<size_t> readv(int fd, std::span<const iovec> iov) = 0;
  virtual OsResult<size_t> writev(int fd, std::span<const iovec> iov) = 0;
  virtual OsResult<size_t> preadv(int fd, std::span<const iovec> iov, uint64_t offset) = 0;
  virtual OsResult<size_t> pwritev(int fd, std::span<const iovec> iov, uint64_t offset) = 0;
  virtual OsResult<uint64_t> seek(int fd, int64_t offset, int whence) = 0;
  virtual OsResult<struct stat> fstat(int fd) = 0;
  virtual OsResult<struct stat> fstatAt(int dir_fd, const std::string& name, bool follow) = 0;
  virtual OsResult<void> mkdirAt(int dir_fd, const std::string& name) = 0;
  virtual OsResult<void> unlinkAt(int dir_fd, const std::string& name, bool dir) = 0;
  virtual OsResult<void> renameAt(int old_dir, const std::string& old_name, int new_dir,
                                  const std::string& new_name) = 0;
  virtual OsResult<void> linkAt(int old_dir, const std::string& old_name, int new_dir,
                                const std::string& new_name) = 0;
  virtual OsResult<void> symlinkAt(const std::string& target, int dir_fd,
                                   const std::string& name) = 0;
  virtual OsResult<std::string> readlinkAt(int dir_fd, const std::string& name) = 0;
  // times[0] = access, times[1] = modification; UTIME_NOW / UTIME_OMIT allowed.
  virtual OsResult<void> utimensAt(int dir_fd, const std::string& name,
                                   const timespec times[2]) = 0;
  virtual OsResult<void> futimens(int fd, const timespec times[2]) = 0;
  virtual OsResult<void> ftruncate(int fd, uint64_t size) = 0;
  virtual OsResult<void> fsync(int fd) = 0;
  virtual OsResult<void> fdatasync(int fd) = 0;
  virtual OsResult<void> fallocate(int fd, uint64_t offset, uint64_t len) = 0;
  virtual OsResult<void> fadvise(int fd, uint64_t offset, uint64_t len, int advice) = 0;
  virtual OsResult<int> getFlags(int fd) = 0;  // fcntl(F_GETFL)
  virtual OsResult<void> setFlags(int fd, int flags) = 0;
  // Every entry of an open directory, "." and ".." first, then the OS's order.
  virtual OsResult<std::vector<HostDirEntry>> readDir(int fd) = 0;

  // Clocks (clockid_t values), randomness, waiting.
  virtual OsResult<uint64_t> clockTime(int clock) = 0;  // nanoseconds
  virtual OsResult<uint64_t> clockRes(int clock) = 0;
  virtual OsResult<void> random(std::span<uint8_t> out) = 0;
  // ppoll with a relative timeout in nanoseconds (negative: wait forever); returns ready count.
  virtual OsResult<int> poll(std::span<pollfd> fds, int64_t timeout_ns) = 0;
  virtual void yield() = 0;
};

}  // namespace lichen::wasi
