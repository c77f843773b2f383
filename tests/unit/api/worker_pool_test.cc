// The request handlers' pool: it grows while every thread is busy, shrinks back when idle, and
// runs what was queued before it stops.
#include "api/http/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace lichen::http {
namespace {

using namespace std::chrono_literals;

// Polls `done` until it holds or 20 s pass.
template <typename Done>
bool eventually(Done done) {
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

struct Gate {
  std::mutex mutex;
  std::condition_variable cv;
  bool open = false;
  void wait() {
    std::unique_lock lock(mutex);
    cv.wait_for(lock, 30s, [&] { return open; });
  }
  void release() {
    std::lock_guard lock(mutex);
    open = true;
    cv.notify_all();
  }
};

TEST(WorkerPoolTest, BlockedTasksNeverHoldUpANewOne) {
  WorkerPool pool(2, 1000, 50ms);
  Gate gate;
  std::atomic<int> blocked{0};
  for (int i = 0; i < 200; ++i) {
    pool.post([&] {
      blocked.fetch_add(1);
      gate.wait();
    });
  }
  ASSERT_TRUE(eventually([&] { return blocked.load() == 200; }));
  std::atomic<bool> ran{false};
  pool.post([&] { ran = true; });
  EXPECT_TRUE(eventually([&] { return ran.load(); }));
  EXPECT_GE(pool.threads(), 201u);
  gate.release();
  // Idle threads beyond the minimum end.
  EXPECT_TRUE(eventually([&] { return pool.threads() == 2; })) << pool.threads();
  std::atomic<bool> after{false};
  pool.post([&] { after = true; });
  EXPECT_TRUE(eventually([&] { return after.load(); }));
}

TEST(WorkerPoolTest, AtTheMaximumTasksWaitTheirTurn) {
  WorkerPool pool(1, 2, 50ms);
  Gate gate;
  std::atomic<int> done{0};
  for (int i = 0; i < 10; ++i) {
    pool.post([&] {
      gate.wait();
      done.fetch_add(1);
    });
  }
  EXPECT_LE(pool.threads(), 2u);
  gate.release();
  EXPECT_TRUE(eventually([&] { return done.load() == 10; }));
}

TEST(WorkerPoolTest, StopRunsWhatIsQueuedAndRefusesMore) {
  std::atomic<int> done{0};
  {
    WorkerPool pool(1, 1, 1s);
    for (int i = 0; i < 50; ++i) pool.post([&] { done.fetch_add(1); });
    pool.stop();
    EXPECT_EQ(done.load(), 50);
    pool.post([&] { done.fetch_add(1); });
  }
  EXPECT_EQ(done.load(), 50);
}

TEST(WorkerPoolTest, PostingFromManyThreadsWhileThreadsComeAndGo) {
  // Threads end after 1 ms idle, so start and exit race with posts the whole time.
  WorkerPool pool(1, 64, 1ms);
  std::atomic<int> done{0};
  std::vector<std::thread> posters;
  for (int t = 0; t < 4; ++t) {
    posters.emplace_back([&] {
      for (int i = 0; i < 25000; ++i) {
        pool.post([&] { done.fetch_add(1); });
        if (i % 1000 == 0) std::this_thread::sleep_for(2ms);
      }
    });
  }
  for (auto& poster : posters) poster.join();
  EXPECT_TRUE(eventually([&] { return done.load() == 100000; })) << done.load();
}

}  // namespace
}  // namespace lichen::http
