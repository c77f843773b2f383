// The deadline ticker: one thread serves many deadlines, disarmed ones never fire, and arming
// and disarming from many threads at once leaves nothing behind.
#include "host/deadline_ticker.h"

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <thread>
#include <vector>

namespace lichen::host {
namespace {

using namespace std::chrono_literals;

bool waitFor(const std::atomic<bool>& flag, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!flag.load()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

TEST(DeadlineTicker, FiresAfterTheDuration) {
  DeadlineTicker ticker;
  std::atomic<bool> flag{false};
  const auto start = std::chrono::steady_clock::now();
  auto handle = ticker.arm(30ms, flag);
  EXPECT_TRUE(handle.armed());
  ASSERT_TRUE(waitFor(flag, 10s));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 30ms);
  EXPECT_EQ(ticker.pending(), 0u);
}

// Each attempt arms two deadlines and disarms them at once, one by disarm() and one by the
// handle's destructor, then waits well past both. An attempt counts only if the disarming
// happened before the deadlines were due: a loaded machine may stall this thread that long.
TEST(DeadlineTicker, DisarmedDeadlinesNeverFire) {
  DeadlineTicker ticker;
  int counted = 0;
  for (int attempt = 0; attempt < 5 && counted == 0; ++attempt) {
    std::atomic<bool> early{false};
    std::atomic<bool> late{false};
    const auto start = std::chrono::steady_clock::now();
    {
      auto dropped = ticker.arm(100ms, early);  // disarmed by its destructor
      auto kept = ticker.arm(150ms, late);
      kept.disarm();
      EXPECT_FALSE(kept.armed());
    }
    if (std::chrono::steady_clock::now() - start >= 100ms) continue;
    ++counted;
    EXPECT_EQ(ticker.pending(), 0u);
    std::this_thread::sleep_for(250ms);
    EXPECT_FALSE(early.load());
    EXPECT_FALSE(late.load());
  }
  EXPECT_EQ(counted, 1);
}

TEST(DeadlineTicker, MovedHandlesKeepTheirDeadline) {
  DeadlineTicker ticker;
  std::atomic<bool> flag{false};
  DeadlineTicker::Handle outer;
  {
    auto inner = ticker.arm(10ms, flag);
    outer = std::move(inner);
    EXPECT_FALSE(inner.armed());  // NOLINT(bugprone-use-after-move): moved-from is empty
  }
  EXPECT_TRUE(outer.armed());
  EXPECT_TRUE(waitFor(flag, 10s));
}

TEST(DeadlineTicker, FarAndPastDeadlines) {
  DeadlineTicker ticker;
  std::atomic<bool> never{false};
  std::atomic<bool> now{false};
  auto far = ticker.arm(std::chrono::nanoseconds::max(), never);
  auto past = ticker.arm(-5s, now);
  EXPECT_TRUE(waitFor(now, 10s));
  EXPECT_FALSE(never.load());
  EXPECT_EQ(ticker.pending(), 1u);
}

TEST(DeadlineTicker, ManyConcurrentDeadlinesAllFire) {
  DeadlineTicker ticker;
  constexpr int kThreads = 8;
  constexpr int kPerThread = 250;
  std::vector<std::unique_ptr<std::atomic<bool>>> flags;
  for (int i = 0; i < kThreads * kPerThread; ++i) {
    flags.push_back(std::make_unique<std::atomic<bool>>(false));
  }
  std::vector<DeadlineTicker::Handle> handles(flags.size());
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const size_t k = t * kPerThread + i;
        handles[k] = ticker.arm(std::chrono::milliseconds(k % 50), *flags[k]);
      }
    });
  }
  for (auto& th : threads) th.join();
  for (auto& flag : flags) ASSERT_TRUE(waitFor(*flag, 10s));
  EXPECT_EQ(ticker.pending(), 0u);
}

// Arms and disarms 100k deadlines that are due about when they are disarmed, so firing and
// disarming race; each flag dies right after its handle, which is only safe if a disarm that
// returned can no longer be followed by a store to the flag.
TEST(DeadlineTicker, ArmDisarmRaces) {
  DeadlineTicker ticker;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 25'000;
  std::atomic<int> fired{0};
  auto work = std::async(std::launch::async, [&] {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i) {
          auto flag = std::make_unique<std::atomic<bool>>(false);
          auto handle = ticker.arm(std::chrono::microseconds((i + t) % 3), *flag);
          if ((i & 7) == 0) std::this_thread::yield();
          handle.disarm();
          if (flag->load()) fired.fetch_add(1);
        }
      });
    }
    for (auto& th : threads) th.join();
  });
  // The test's own deadline: a deadlock fails here instead of hanging until ctest's timeout.
  if (work.wait_for(60s) != std::future_status::ready) {
    ADD_FAILURE() << "100k arm/disarm did not finish within 60 s";
    std::abort();
  }
  EXPECT_EQ(ticker.pending(), 0u);
  RecordProperty("fired_before_disarm", fired.load());
}

}  // namespace
}  // namespace lichen::host
