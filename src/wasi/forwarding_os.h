// ForwardingOs: a WasiOs that passes every call to another one. The decorators that replace a
// few calls (in-memory stdio, the strict sandbox's clocks) derive from it and override only
// those, so they stack: a strict sandbox over in-memory stdio over the real PosixOs.
#pragma once

#include <memory>
#include <utility>

#include "wasi/os.h"

namespace lichen::wasi {

class ForwardingOs : public WasiOs {
 public:
  explicit ForwardingOs(std::shared_ptr<WasiOs> inner) : inner_(std::move(inner)) {}

  OsResult<int> openAt(int dir_fd, const std::string& name, int flags, mode_t mode) override {
    return inner_->openAt(dir_fd, name, flags, mode);
  }
  OsResult<void> close(int fd) override { return inner_->close(fd); }
  OsResult<size_t> readv(int fd, std::span<const iovec> iov) override {
    return inner_->readv(fd, iov);
  }
  OsResult<size_t> writev(int fd, std::span<const iovec> iov) override {
    return inner_->writev(fd, iov);
  }
  OsResult<size_t> preadv(int fd, std::span<const iovec> iov, uint64_t offset) override {
    return inner_->preadv(fd, iov, offset);
  }
  OsResult<size_t> pwritev(int fd, std::span<const iovec> iov, uint64_t offset) override {
    return inner_->pwritev(fd, iov, offset);
  }
  OsResult<uint64_t> seek(int fd, int64_t offset, int whence) override {
    return inner_->seek(fd, offset, whence);
  }
  OsResult<struct stat> fstat(int fd) override { return inner_->fstat(fd); }
  OsResult<struct stat> fstatAt(int dir_fd, const std::string& name, bool follow) override {
    return inner_->fstatAt(dir_fd, name, follow);
  }
  OsResult<void> mkdirAt(int dir_fd, const std::string& name) override {
    return inner_->mkdirAt(dir_fd, name);
  }
  OsResult<void> unlinkAt(int dir_fd, const std::string& name, bool dir) override {
    return inner_->unlinkAt(dir_fd, name, dir);
  }
  OsResult<void> renameAt(int old_dir, const std::string& old_name, int new_dir,
                          const std::string& new_name) override {
    return inner_->renameAt(old_dir, old_name, new_dir, new_name);
  }
  OsResult<void> linkAt(int old_dir, const std::string& old_name, int new_dir,
                        const std::string& new_name) override {
    return inner_->linkAt(old_dir, old_name, new_dir, new_name);
  }
  OsResult<void> symlinkAt(const std::string& target, int dir_fd,
                           const std::string& name) override {
    return inner_->symlinkAt(target, dir_fd, name);
  }
  OsResult<std::string> readlinkAt(int dir_fd, const std::string& name) override {
    return inner_->readlinkAt(dir_fd, name);
  }
  OsResult<void> utimensAt(int dir_fd, const std::string& name, const timespec times[2]) override {
    return inner_->utimensAt(dir_fd, name, times);
  }
  OsResult<void> futimens(int fd, const timespec times[2]) override {
    return inner_->futimens(fd, times);
  }
  OsResult<void> ftruncate(int fd, uint64_t size) override { return inner_->ftruncate(fd, size); }
  OsResult<void> fsync(int fd) override { return inner_->fsync(fd); }
  OsResult<void> fdatasync(int fd) override { return inner_->fdatasync(fd); }
  OsResult<void> fallocate(int fd, uint64_t offset, uint64_t len) override {
    return inner_->fallocate(fd, offset, len);
  }
  OsResult<void> fadvise(int fd, uint64_t offset, uint64_t len, int advice) override {
    return inner_->fadvise(fd, offset, len, advice);
  }
  OsResult<int> getFlags(int fd) override { return inner_->getFlags(fd); }
  OsResult<void> setFlags(int fd, int flags) override { return inner_->setFlags(fd, flags); }
  OsResult<std::vector<HostDirEntry>> readDir(int fd) override { return inner_->readDir(fd); }
  OsResult<uint64_t> clockTime(int clock) override { return inner_->clockTime(clock); }
  OsResult<uint64_t> clockRes(int clock) override { return inner_->clockRes(clock); }
  OsResult<void> random(std::span<uint8_t> out) override { return inner_->random(out); }
  OsResult<int> poll(std::span<pollfd> fds, int64_t timeout_ns) override {
    return inner_->poll(fds, timeout_ns);
  }
  void yield() override { inner_->yield(); }

 private:
  std::shared_ptr<WasiOs> inner_;
};

}  // namespace lichen::wasi
