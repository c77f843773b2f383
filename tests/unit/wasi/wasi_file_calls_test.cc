// The less common calls: positional I/O, sizes, times, links, readlink, allocation, advice,
// fdstat flags, and poll_oneoff on a descriptor that becomes readable.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "tests/unit/wasi/wasi_fixture.h"

namespace lichen::wasi {
namespace {

using testing::WasiFixture;
constexpr uint64_t kRw = rights::kAll;

TEST_F(WasiFixture, PositionalIoLeavesTheOffsetAlone) {
  uint32_t fd = 0;
  ASSERT_EQ(open(kBox, "p.txt", kOflagCreat, kRw, &fd), Errno::kSuccess);
  ASSERT_EQ(write(fd, "0123456789"), Errno::kSuccess);
  Call c = call();
  std::memcpy(mem(kData), "AB", 2);
  *reinterpret_cast<uint32_t*>(mem(kIov)) = kData;
  *reinterpret_cast<uint32_t*>(mem(kIov + 4)) = 2;
  ASSERT_EQ(fdPwrite(c, fd, kIov, 1, 3, kOut), Errno::kSuccess);
  EXPECT_EQ(u32(kOut), 2u);
  *reinterpret_cast<uint32_t*>(mem(kIov + 4)) = 4;
  ASSERT_EQ(fdPread(c, fd, kIov, 1, 2, kOut), Errno::kSuccess);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(mem(kData)), u32(kOut)), "2AB5");
  ASSERT_EQ(fdTell(c, fd, kOut), Errno::kSuccess);
  EXPECT_EQ(u64(kOut), 10u);
  EXPECT_EQ(tree_.read("box/p.txt"), "012AB56789");
}

TEST_F(WasiFixture, SizesAllocationAdviceAndSync) {
  uint32_t fd = 0;
  ASSERT_EQ(open(kBox, "s.bin", kOflagCreat, kRw, &fd), Errno::kSuccess);
  Call c = call();
  EXPECT_EQ(fdAllocate(c, fd, 0, 4096), Errno::kSuccess);
  EXPECT_EQ(fdAllocate(c, fd, 0, 0), Errno::kInval);
  EXPECT_EQ(fdAdvise(c, fd, 0, 100, 1), Errno::kSuccess);
  EXPECT_EQ(fdAdvise(c, fd, 0, 100, 9), Errno::kInval);
  EXPECT_EQ(fdFilestatSetSize(c, fd, 123), Errno::kSuccess);
  EXPECT_EQ(fdDatasync(c, fd), Errno::kSuccess);
  EXPECT_EQ(fdSync(c, fd), Errno::kSuccess);
  ASSERT_EQ(pathFilestatGet(c, kBox, 0, kPath, path("s.bin"), kOut), Errno::kSuccess);
  EXPECT_EQ(u64(kOut + 32), 123u);
}

TEST_F(WasiFixture, SetTimes) {
  tree_.write("box/t", "t");
  Call c = call();
  const uint64_t mtim = 1'000'000'000'123'000'000ull;  // 2001-09-09, with nanoseconds
  ASSERT_EQ(pathFilestatSetTimes(c, kBox, 0, kPath, path("t"), 0, mtim, kFstflagMtim),
            Errno::kSuccess);
  struct stat st {};
  ASSERT_EQ(::stat(tree_.path("box/t").c_str(), &st), 0);
  EXPECT_EQ(st.st_mtim.tv_sec, 1'000'000'000);
  EXPECT_EQ(st.st_mtim.tv_nsec, 123'000'000);
  EXPECT_EQ(
      pathFilestatSetTimes(c, kBox, 0, kPath, path("t"), 0, mtim, kFstflagMtim | kFstflagMtimNow),
      Errno::kInval);
  uint32_t fd = 0;
  ASSERT_EQ(open(kBox, "t", 0, kRw, &fd), Errno::kSuccess);
  ASSERT_EQ(fdFilestatSetTimes(c, fd, 5'000'000'000ull, 0, kFstflagAtim), Errno::kSuccess);
  ASSERT_EQ(::stat(tree_.path("box/t").c_str(), &st), 0);
  EXPECT_EQ(st.st_atim.tv_sec, 5);
  EXPECT_EQ(st.st_mtim.tv_sec, 1'000'000'000);  // omitted: unchanged
}

TEST_F(WasiFixture, LinksAndReadlink) {
  tree_.write("box/orig", "o");
  Call c = call();
  const uint32_t len = path("orig");
  std::memcpy(mem(kData), "copy", 4);
  ASSERT_EQ(pathLink(c, kBox, 0, kPath, len, kBox, kData, 4), Errno::kSuccess);
  EXPECT_EQ(tree_.read("box/copy"), "o");
  EXPECT_EQ(pathLink(c, kBox, 0, kPath, len, kBox, kData, 4), Errno::kExist);
  std::memcpy(mem(kData), "orig", 4);
  ASSERT_EQ(pathSymlink(c, kData, 4, kBox, kPath, path("sym")), Errno::kSuccess);
  ASSERT_EQ(pathReadlink(c, kBox, kPath, path("sym"), kData, 64, kOut), Errno::kSuccess);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(mem(kData)), u32(kOut)), "orig");
  ASSERT_EQ(pathReadlink(c, kBox, kPath, path("sym"), kData, 2, kOut), Errno::kSuccess);
  EXPECT_EQ(u32(kOut), 2u);  // truncated, like POSIX readlink
  EXPECT_EQ(pathReadlink(c, kBox, kPath, path("orig"), kData, 64, kOut), Errno::kInval);
  // Without symlink_follow, filestat describes the link itself.
  ASSERT_EQ(pathFilestatGet(c, kBox, 0, kPath, path("sym"), kOut), Errno::kSuccess);
  EXPECT_EQ(mem(kOut + 16)[0], static_cast<uint8_t>(Filetype::kSymbolicLink));
  ASSERT_EQ(pathFilestatGet(c, kBox, kLookupSymlinkFollow, kPath, path("sym"), kOut),
            Errno::kSuccess);
  EXPECT_EQ(mem(kOut + 16)[0], static_cast<uint8_t>(Filetype::kRegularFile));
  // path_open without symlink_follow does not open through a final symlink.
  Errno e = pathOpen(c, kBox, 0, kPath, path("sym"), 0, kRw, kRw, 0, kOut);
  EXPECT_EQ(e, Errno::kLoop);
}

TEST_F(WasiFixture, FdstatFlags) {
  uint32_t fd = 0;
  ASSERT_EQ(open(kBox, "a.log", kOflagCreat, kRw, &fd, kFdflagAppend), Errno::kSuccess);
  Call c = call();
  ASSERT_EQ(fdFdstatGet(c, fd, kOut), Errno::kSuccess);
  EXPECT_EQ(mem(kOut)[0], static_cast<uint8_t>(Filetype::kRegularFile));
  EXPECT_EQ(*reinterpret_cast<uint16_t*>(mem(kOut + 2)), kFdflagAppend);
  EXPECT_EQ(fdFdstatSetFlags(c, fd, kFdflagNonblock), Errno::kSuccess);
  ASSERT_EQ(fdFdstatGet(c, fd, kOut), Errno::kSuccess);
  EXPECT_EQ(*reinterpret_cast<uint16_t*>(mem(kOut + 2)), kFdflagNonblock);
  EXPECT_EQ(fdFdstatSetFlags(c, fd, kFdflagSync), Errno::kNotsup);
}

class WasiPollTest : public WasiFixture {
 protected:
  void SetUp() override {
    ASSERT_EQ(::pipe(pipe_), 0);
    init(std::make_shared<PosixOs>(), pipe_[0]);
  }
  void TearDown() override {
    ::close(pipe_[0]);
    ::close(pipe_[1]);
  }
  int pipe_[2] = {-1, -1};
};

TEST_F(WasiPollTest, ReadableDescriptorWinsOverALongClock) {
  ASSERT_EQ(::write(pipe_[1], "x", 1), 1);
  uint8_t* subs = mem(kData);
  std::memset(subs, 0, 2 * kSubscriptionSize);
  subs[0] = 1;  // userdata 1: stdin readable
  subs[8] = kEventFdRead;
  *reinterpret_cast<uint32_t*>(subs + 16) = 0;
  uint8_t* clock = subs + kSubscriptionSize;
  clock[0] = 2;  // userdata 2: a one-hour timeout
  clock[8] = kEventClock;
  *reinterpret_cast<uint32_t*>(clock + 16) = kClockMonotonic;
  *reinterpret_cast<uint64_t*>(clock + 24) = 3600ull * 1'000'000'000ull;
  Call c = call();
  ASSERT_EQ(pollOneoff(c, kData, kOut, 2, kIov), Errno::kSuccess);
  ASSERT_EQ(u32(kIov), 1u);
  EXPECT_EQ(u64(kOut), 1u);
  EXPECT_EQ(mem(kOut + 10)[0], kEventFdRead);
  EXPECT_EQ(*reinterpret_cast<uint16_t*>(mem(kOut + 8)), 0);
}

TEST_F(WasiPollTest, ReadFromAnIdlePipeEndsWhenInterrupted) {
  std::atomic<bool> interrupt{true};  // the deadline has passed already
  Call c{*ctx_, GuestMemory(memory_.get()), &interrupt};
  *reinterpret_cast<uint32_t*>(mem(kIov)) = kData;
  *reinterpret_cast<uint32_t*>(mem(kIov + 4)) = 16;
  EXPECT_EQ(fdRead(c, 0, kIov, 1, kOut), Errno::kIntr);  // nothing was written: would block
  interrupt = false;
  ASSERT_EQ(::write(pipe_[1], "abc", 3), 3);
  ASSERT_EQ(fdRead(c, 0, kIov, 1, kOut), Errno::kSuccess);
  EXPECT_EQ(u32(kOut), 3u);
}

// Opening a FIFO blocks until its other end opens; a deadline must still end the wait.
TEST_F(WasiFixture, OpeningAFifoWithNoPeerEndsWhenInterrupted) {
  ASSERT_EQ(::mkfifo(tree_.path("box/fifo").c_str(), 0600), 0);
  std::atomic<bool> interrupt{false};
  Call c{*ctx_, GuestMemory(memory_.get()), &interrupt};
  std::thread deadline([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    interrupt = true;
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(pathOpen(c, kBox, 0, kPath, path("fifo"), 0, rights::kFdWrite, 0, 0, kOut),
            Errno::kIntr);
  deadline.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  // A reader gets its fd at once; its read waits for a writer until the deadline.
  ASSERT_EQ(pathOpen(c, kBox, 0, kPath, path("fifo"), 0, rights::kFdRead, 0, 0, kOut),
            Errno::kSuccess);
  const uint32_t fd = u32(kOut);
  *reinterpret_cast<uint32_t*>(mem(kIov)) = kData;
  *reinterpret_cast<uint32_t*>(mem(kIov + 4)) = 16;
  EXPECT_EQ(fdRead(c, fd, kIov, 1, kOut), Errno::kIntr);
  ASSERT_EQ(fdFdstatGet(c, fd, kOut), Errno::kSuccess);
  EXPECT_EQ(*reinterpret_cast<uint16_t*>(mem(kOut + 2)) & kFdflagNonblock, 0);  // as asked
}

TEST_F(WasiPollTest, UnknownFdIsReportedInItsEvent) {
  uint8_t* sub = mem(kData);
  std::memset(sub, 0, kSubscriptionSize);
  sub[0] = 9;
  sub[8] = kEventFdWrite;
  *reinterpret_cast<uint32_t*>(sub + 16) = 99;
  Call c = call();
  ASSERT_EQ(pollOneoff(c, kData, kOut, 1, kIov), Errno::kSuccess);
  ASSERT_EQ(u32(kIov), 1u);
  EXPECT_EQ(*reinterpret_cast<uint16_t*>(mem(kOut + 8)), static_cast<uint16_t>(Errno::kBadf));
}

}  // namespace
}  // namespace lichen::wasi
