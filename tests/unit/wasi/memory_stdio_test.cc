// In-memory stdio (wasi/memory_stdio.h) and the strict sandbox (wasi/strict_sandbox_os.h),
// through the WASI calls a guest makes.
#include "wasi/memory_stdio.h"

#include <gtest/gtest.h>

#include "tests/unit/wasi/wasi_fixture.h"
#include "wasi/strict_sandbox_os.h"

namespace lichen::wasi::testing {
namespace {

class PollFixture : public WasiFixture {
 protected:
  // poll_oneoff with one subscription (`field` at +16: the fd or clock id; `timeout` at +24);
  // returns the number of events, and the first event's userdata in *userdata.
  uint32_t pollOne(uint8_t tag, uint32_t field, uint64_t timeout, uint64_t* userdata) {
    constexpr uint32_t kEvents = kData + 512;
    std::memset(mem(kData), 0, kSubscriptionSize);
    *reinterpret_cast<uint64_t*>(mem(kData)) = 42;
    *mem(kData + 8) = tag;
    *reinterpret_cast<uint32_t*>(mem(kData + 16)) = field;
    *reinterpret_cast<uint64_t*>(mem(kData + 24)) = timeout;
    Call c = call();
    EXPECT_EQ(pollOneoff(c, kData, kEvents, 1, kOut), Errno::kSuccess);
    *userdata = u64(kEvents);
    return u32(kOut);
  }
};

class MemoryStdioTest : public PollFixture {
 protected:
  void SetUp() override { start("hello world", 16); }

  void start(std::string input, size_t cap) {
    stdio_ = std::make_shared<MemoryStdioOs>(std::make_shared<PosixOs>(), std::move(input), cap);
    init(stdio_, 0, &MemoryStdioOs::attach);
  }

  std::shared_ptr<MemoryStdioOs> stdio_;
};

TEST_F(MemoryStdioTest, StdinReadsTheBytesThenEndOfFile) {
  std::string got;
  ASSERT_EQ(read(0, got, 5), Errno::kSuccess);
  EXPECT_EQ(got, "hello");
  ASSERT_EQ(read(0, got), Errno::kSuccess);
  EXPECT_EQ(got, " world");
  ASSERT_EQ(read(0, got), Errno::kSuccess);
  EXPECT_EQ(got, "");
}

TEST_F(MemoryStdioTest, StdoutAndStderrAreCapturedApart) {
  ASSERT_EQ(write(1, "out"), Errno::kSuccess);
  ASSERT_EQ(write(2, "err"), Errno::kSuccess);
  ASSERT_EQ(write(1, "put"), Errno::kSuccess);
  EXPECT_EQ(stdio_->stdoutBytes(), "output");
  EXPECT_EQ(stdio_->stderrBytes(), "err");
  EXPECT_TRUE(stdio_->overflowed().empty());
}

TEST_F(MemoryStdioTest, AWritePastTheCapFailsWithEfbigAndWritesNothing) {
  ASSERT_EQ(write(1, "0123456789"), Errno::kSuccess);
  EXPECT_EQ(write(1, "0123456789"), Errno::kFbig);
  EXPECT_EQ(stdio_->stdoutBytes(), "0123456789");
  EXPECT_EQ(stdio_->overflowed(), "stdout");
  EXPECT_EQ(write(1, "012345"), Errno::kSuccess);  // exactly up to the cap still fits
  EXPECT_EQ(stdio_->stdoutBytes().size(), 16u);
}

TEST_F(MemoryStdioTest, StdioIsAStreamNotATerminalAndCannotSeek) {
  Call c = call();
  ASSERT_EQ(fdFdstatGet(c, 1, kOut), Errno::kSuccess);
  EXPECT_EQ(*mem(kOut), static_cast<uint8_t>(Filetype::kUnknown));  // not a tty: no line buffering
  EXPECT_EQ(fdSeek(c, 0, 0, kWhenceSet, kOut), Errno::kSpipe);
  EXPECT_EQ(write(0, "x"), Errno::kNotcapable);  // stdin has no write right
}

TEST_F(MemoryStdioTest, PollingStdinIsReadyAtOnce) {
  uint64_t userdata = 0;
  EXPECT_EQ(pollOne(kEventFdRead, 0, 0, &userdata), 1u);
  EXPECT_EQ(userdata, 42u);
}

class StrictSandboxTest : public PollFixture {
 protected:
  static constexpr uint64_t kWallStart = 1'700'000'000'000'000'000;
  void SetUp() override {
    init(std::make_shared<StrictSandboxOs>(std::make_shared<PosixOs>(), kWallStart));
  }
  uint64_t clock(uint32_t id) {
    Call c = call();
    EXPECT_EQ(clockTimeGet(c, id, 0, kOut), Errno::kSuccess);
    return u64(kOut);
  }
  std::string randomBytes() {
    Call c = call();
    EXPECT_EQ(randomGet(c, kData, 16), Errno::kSuccess);
    return std::string(reinterpret_cast<char*>(mem(kData)), 16);
  }
};

TEST_F(StrictSandboxTest, MonotonicStartsAtZeroAndAdvancesOneMillisecondPerRead) {
  EXPECT_EQ(clock(kClockMonotonic), 0u);
  EXPECT_EQ(clock(kClockMonotonic), 1'000'000u);
  EXPECT_EQ(clock(kClockMonotonic), 2'000'000u);
}

TEST_F(StrictSandboxTest, WallClockStartsAtTheGivenTimeAndAdvancesOneMillisecondPerRead) {
  EXPECT_EQ(clock(kClockRealtime), kWallStart);
  EXPECT_EQ(clock(kClockRealtime), kWallStart + 1'000'000);
}

TEST_F(StrictSandboxTest, RandomIsTheSameSequenceForEveryRun) {
  const std::string first = randomBytes();
  const std::string second = randomBytes();
  EXPECT_NE(first, second);
  StrictSandboxOs other(std::make_shared<PosixOs>(), 0);
  std::string again(16, '\0');
  ASSERT_TRUE(other.random(std::span(reinterpret_cast<uint8_t*>(again.data()), 16)));
  EXPECT_EQ(again, first);
}

TEST_F(StrictSandboxTest, SleepReturnsAtOnce) {
  // A relative clock subscription of one hour: answered without waiting (a real wait would
  // outlast the test's TIMEOUT and fail it).
  uint64_t userdata = 0;
  EXPECT_EQ(pollOne(kEventClock, kClockMonotonic, 3'600'000'000'000, &userdata), 1u);
  EXPECT_EQ(userdata, 42u);
}

}  // namespace
}  // namespace lichen::wasi::testing
