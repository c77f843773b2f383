#include "wasi/posix_os.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sched.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <string_view>

namespace lichen::wasi {
namespace {

// Retries on EINTR; turns -1 into the errno.
template <typename F>
auto retry(F f) -> OsResult<decltype(f())> {
  for (;;) {
    auto r = f();
    if (r >= 0) return r;
    if (errno != EINTR) return Unexpected(errno);
  }
}

OsResult<void> check(int rc) {
  if (rc < 0) return Unexpected(errno);
  return {};
}

int iovCount(std::span<const iovec> iov) {
  return static_cast<int>(std::min<size_t>(iov.size(), IOV_MAX));
}

}  // namespace

OsResult<int> PosixOs::openAt(int dir_fd, const std::string& name, int flags, mode_t mode) {
  if ((flags & O_NOFOLLOW) && dir_fd != AT_FDCWD) {
    // The kernel enforces what the path resolver already ensures: nothing beneath `dir_fd` is
    // left through `..`, an absolute name or a symlink, whatever name reaches here.
    static std::atomic<bool> openat2_missing{false};
    if (!openat2_missing.load(std::memory_order_relaxed)) {
      open_how how{};
      how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
      // openat2 refuses a mode without O_CREAT/O_TMPFILE (O_TMPFILE includes O_DIRECTORY).
      const bool creates = (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
      how.mode = creates ? mode : 0;
      how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
      auto fd = retry([&] {
        return static_cast<int>(::syscall(SYS_openat2, dir_fd, name.c_str(), &how, sizeof how));
      });
      if (fd || fd.error() != ENOSYS) return fd;
      openat2_missing.store(true, std::memory_order_relaxed);  // kernels before 5.6
    }
  }
  return retry([&] { return ::openat(dir_fd, name.c_str(), flags | O_CLOEXEC, mode); });
}

OsResult<void> PosixOs::close(int fd) { return check(::close(fd)); }

OsResult<size_t> PosixOs::readv(int fd, std::span<const iovec> iov) {
  LICHEN_ASSIGN_OR_RETURN(ssize_t n, retry([&] { return ::readv(fd, iov.data(), iovCount(iov)); }));
  return static_cast<size_t>(n);
}

OsResult<size_t> PosixOs::writev(int fd, std::span<const iovec> iov) {
  LICHEN_ASSIGN_OR_RETURN(ssize_t n,
                          retry([&] { return ::writev(fd, iov.data(), iovCount(iov)); }));
  return static_cast<size_t>(n);
}

OsResult<size_t> PosixOs::preadv(int fd, std::span<const iovec> iov, uint64_t offset) {
  LICHEN_ASSIGN_OR_RETURN(
      ssize_t n,
      retry([&] { return ::preadv(fd, iov.data(), iovCount(iov), static_cast<off_t>(offset)); }));
  return static_cast<size_t>(n);
}

OsResult<size_t> PosixOs::pwritev(int fd, std::span<const iovec> iov, uint64_t offset) {
  LICHEN_ASSIGN_OR_RETURN(
      ssize_t n,
      retry([&] { return ::pwritev(fd, iov.data(), iovCount(iov), static_cast<off_t>(offset)); }));
  return static_cast<size_t>(n);
}

OsResult<uint64_t> PosixOs::seek(int fd, int64_t offset, int whence) {
  off_t r = ::lseek(fd, static_cast<off_t>(offset), whence);
  if (r < 0) return Unexpected(errno);
  return static_cast<uint64_t>(r);
}

OsResult<struct stat> PosixOs::fstat(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) < 0) return Unexpected(errno);
  return st;
}

OsResult<struct stat> PosixOs::fstatAt(int dir_fd, const std::string& name, bool follow) {
  struct stat st {};
  if (::fstatat(dir_fd, name.c_str(), &st, follow ? 0 : AT_SYMLINK_NOFOLLOW) < 0) {
    return Unexpected(errno);
  }
  return st;
}

OsResult<void> PosixOs::mkdirAt(int dir_fd, const std::string& name) {
  return check(::mkdirat(dir_fd, name.c_str(), 0777));
}

OsResult<void> PosixOs::unlinkAt(int dir_fd, const std::string& name, bool dir) {
  return check(::unlinkat(dir_fd, name.c_str(), dir ? AT_REMOVEDIR : 0));
}

OsResult<void> PosixOs::renameAt(int old_dir, const std::string& old_name, int new_dir,
                                 const std::string& new_name) {
  return check(::renameat(old_dir, old_name.c_str(), new_dir, new_name.c_str()));
}

OsResult<void> PosixOs::linkAt(int old_dir, const std::string& old_name, int new_dir,
                               const std::string& new_name) {
  return check(::linkat(old_dir, old_name.c_str(), new_dir, new_name.c_str(), 0));
}

OsResult<void> PosixOs::symlinkAt(const std::string& target, int dir_fd, const std::string& name) {
  return check(::symlinkat(target.c_str(), dir_fd, name.c_str()));
}

OsResult<std::string> PosixOs::readlinkAt(int dir_fd, const std::string& name) {
  std::string buf(256, '\0');
  for (;;) {
    ssize_t n = ::readlinkat(dir_fd, name.c_str(), buf.data(), buf.size());
    if (n < 0) return Unexpected(errno);
    if (static_cast<size_t>(n) < buf.size()) {
      buf.resize(static_cast<size_t>(n));
      return buf;
    }
    buf.resize(buf.size() * 2);
  }
}

OsResult<void> PosixOs::utimensAt(int dir_fd, const std::string& name, const timespec times[2]) {
  return check(::utimensat(dir_fd, name.c_str(), times, AT_SYMLINK_NOFOLLOW));
}

OsResult<void> PosixOs::futimens(int fd, const timespec times[2]) {
  return check(::futimens(fd, times));
}

OsResult<void> PosixOs::ftruncate(int fd, uint64_t size) {
  return check(::ftruncate(fd, static_cast<off_t>(size)));
}

OsResult<void> PosixOs::fsync(int fd) { return check(::fsync(fd)); }

OsResult<void> PosixOs::fdatasync(int fd) { return check(::fdatasync(fd)); }

OsResult<void> PosixOs::fallocate(int fd, uint64_t offset, uint64_t len) {
  int rc = ::posix_fallocate(fd, static_cast<off_t>(offset), static_cast<off_t>(len));
  if (rc != 0) return Unexpected(rc);
  return {};
}

OsResult<void> PosixOs::fadvise(int fd, uint64_t offset, uint64_t len, int advice) {
  int rc = ::posix_fadvise(fd, static_cast<off_t>(offset), static_cast<off_t>(len), advice);
  if (rc != 0) return Unexpected(rc);
  return {};
}

OsResult<int> PosixOs::getFlags(int fd) {
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0) return Unexpected(errno);
  return flags;
}

OsResult<void> PosixOs::setFlags(int fd, int flags) { return check(::fcntl(fd, F_SETFL, flags)); }

OsResult<std::vector<HostDirEntry>> PosixOs::readDir(int fd) {
  // fdopendir takes ownership of its fd, so give it a duplicate; the duplicate shares the
  // directory offset, hence the rewind.
  int dup_fd = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (dup_fd < 0) return Unexpected(errno);
  DIR* dir = ::fdopendir(dup_fd);
  if (!dir) {
    int err = errno;
    ::close(dup_fd);
    return Unexpected(err);
  }
  ::rewinddir(dir);
  std::vector<HostDirEntry> entries;
  for (;;) {
    errno = 0;
    dirent* ent = ::readdir(dir);
    if (!ent) break;
    entries.push_back({ent->d_name, static_cast<uint64_t>(ent->d_ino), ent->d_type});
  }
  int err = errno;
  ::closedir(dir);
  if (err != 0) return Unexpected(err);
  // "." and ".." come first, as wasmtime lists them (and as Rust's std skips them).
  std::stable_partition(entries.begin(), entries.end(),
                        [](const HostDirEntry& e) { return e.name == "." || e.name == ".."; });
  return entries;
}

OsResult<uint64_t> PosixOs::clockTime(int clock) {
  timespec ts{};
  if (::clock_gettime(clock, &ts) < 0) return Unexpected(errno);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
}

OsResult<uint64_t> PosixOs::clockRes(int clock) {
  timespec ts{};
  if (::clock_getres(clock, &ts) < 0) return Unexpected(errno);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
}

OsResult<void> PosixOs::random(std::span<uint8_t> out) {
  size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::getrandom(out.data() + done, out.size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Unexpected(errno);
    }
    done += static_cast<size_t>(n);
  }
  return {};
}

OsResult<int> PosixOs::poll(std::span<pollfd> fds, int64_t timeout_ns) {
  timespec ts{};
  timespec* timeout = nullptr;
  if (timeout_ns >= 0) {
    ts.tv_sec = static_cast<time_t>(timeout_ns / 1'000'000'000);
    ts.tv_nsec = static_cast<long>(timeout_ns % 1'000'000'000);
    timeout = &ts;
  }
  int n = ::ppoll(fds.data(), fds.size(), timeout, nullptr);
  if (n < 0) return Unexpected(errno);
  return n;
}

void PosixOs::yield() { ::sched_yield(); }

}  // namespace lichen::wasi
