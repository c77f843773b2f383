// Faults injected through WasiOs reach the guest as the right WASI errno, and nothing else
// breaks: disk full on write, EIO on read and sync, no descriptors left on open.
#include <gtest/gtest.h>

#include "tests/unit/wasi/wasi_fixture.h"

namespace lichen::wasi {
namespace {

class FaultyOs : public PosixOs {
 public:
  int write_errno = 0;
  int read_errno = 0;
  int sync_errno = 0;
  int open_errno = 0;

  OsResult<size_t> writev(int fd, std::span<const iovec> iov) override {
    if (write_errno) return Unexpected(write_errno);
    return PosixOs::writev(fd, iov);
  }
  OsResult<size_t> readv(int fd, std::span<const iovec> iov) override {
    if (read_errno) return Unexpected(read_errno);
    return PosixOs::readv(fd, iov);
  }
  OsResult<void> fsync(int fd) override {
    if (sync_errno) return Unexpected(sync_errno);
    return PosixOs::fsync(fd);
  }
  OsResult<int> openAt(int dir, const std::string& name, int flags, mode_t mode) override {
    if (open_errno) return Unexpected(open_errno);
    return PosixOs::openAt(dir, name, flags, mode);
  }
};

class WasiFaultsTest : public testing::WasiFixture {
 protected:
  void SetUp() override {
    faulty_ = std::make_shared<FaultyOs>();
    init(faulty_);
  }
  std::shared_ptr<FaultyOs> faulty_;
};

TEST_F(WasiFaultsTest, DiskFullOnWrite) {
  uint32_t fd = 0;
  ASSERT_EQ(open(kBox, "f", kOflagCreat, rights::kAll, &fd), Errno::kSuccess);
  faulty_->write_errno = ENOSPC;
  EXPECT_EQ(write(fd, "data"), Errno::kNospc);
  EXPECT_EQ(write(1, "to stdout"), Errno::kNospc);
  faulty_->write_errno = EDQUOT;
  EXPECT_EQ(write(fd, "data"), Errno::kDquot);
  faulty_->write_errno = 0;
  EXPECT_EQ(write(fd, "data"), Errno::kSuccess);
  EXPECT_EQ(tree_.read("box/f"), "data");
}

TEST_F(WasiFaultsTest, IoErrorOnReadAndSync) {
  tree_.write("box/f", "content");
  uint32_t fd = 0;
  ASSERT_EQ(open(kBox, "f", 0, rights::kAll, &fd), Errno::kSuccess);
  faulty_->read_errno = EIO;
  std::string text;
  EXPECT_EQ(read(fd, text), Errno::kIo);
  faulty_->sync_errno = EIO;
  Call c = call();
  EXPECT_EQ(fdSync(c, fd), Errno::kIo);
  faulty_->read_errno = 0;
  EXPECT_EQ(read(fd, text), Errno::kSuccess);
  EXPECT_EQ(text, "content");
}

TEST_F(WasiFaultsTest, NoDescriptorsLeftOnOpen) {
  faulty_->open_errno = EMFILE;
  EXPECT_EQ(open(kBox, "f", kOflagCreat, rights::kAll), Errno::kMfile);
  faulty_->open_errno = ENFILE;
  EXPECT_EQ(open(kBox, "f", kOflagCreat, rights::kAll), Errno::kNfile);
  EXPECT_FALSE(tree_.exists("box/f"));
}

}  // namespace
}  // namespace lichen::wasi
