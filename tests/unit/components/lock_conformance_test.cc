// One conformance suite for every lock store (like components-contrib's
// tests/conformance/lock), plus the SQLite store shared by two connections as two Lichen
// processes share one file. Add a store: add one factory below.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "components/lock/memory/memory_lock_store.h"
#include "components/lock/sqlite/sqlite_lock_store.h"
#include "unit/runtime/scratch_dir.h"

namespace lichen::components {
namespace {

using lock::UnlockStatus;

struct LockStoreFactory {
  std::string name;
  std::function<std::unique_ptr<lock::LockStore>(lock::Clock)> make;
  std::function<component::Properties(const std::string& dir)> properties;
};

// Test names and ctest's listing show the store's name, not the factory's bytes.
void PrintTo(const LockStoreFactory& factory, std::ostream* out) { *out << factory.name; }

component::Properties sqliteProperties(const std::string& dir) {
  component::Properties properties;
  properties.set("connectionString", dir + "/locks.db");
  return properties;
}

// One thread per entry of `stores` (the same store may appear more than once) hammers
// tryLock/unlock on one resource: whoever holds the lock must be alone in the critical
// section, and every lock taken is released by its owner.
struct RaceResult {
  int acquired = 0;
  int overlaps = 0;
  int errors = 0;
};

RaceResult race(const std::vector<lock::LockStore*>& stores, int rounds) {
  std::atomic<int> inside{0};
  std::atomic<int> acquired{0};
  std::atomic<int> overlaps{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (size_t t = 0; t < stores.size(); ++t) {
    threads.emplace_back([&, t] {
      std::string owner = "owner-" + std::to_string(t);
      for (int i = 0; i < rounds; ++i) {
        auto locked = stores[t]->tryLock("hot", owner, 60);
        if (!locked) {
          ++errors;
          continue;
        }
        if (!*locked) continue;
        ++acquired;
        if (inside.fetch_add(1) != 0) ++overlaps;
        std::this_thread::yield();
        inside.fetch_sub(1);
        auto status = stores[t]->unlock("hot", owner);
        if (!status || *status != UnlockStatus::kSuccess) ++errors;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  return {acquired.load(), overlaps.load(), errors.load()};
}

class LockConformanceTest : public ::testing::TestWithParam<LockStoreFactory> {
 protected:
  void SetUp() override {
    store_ = open();
    ASSERT_TRUE(store_);
  }
  std::unique_ptr<lock::LockStore> open() {
    auto store = GetParam().make([this] { return now_.load(); });
    auto init = store->init(GetParam().properties(dir_.path().string()));
    EXPECT_TRUE(init) << init.error().message();
    return init ? std::move(store) : nullptr;
  }
  bool tryLock(lock::LockStore& store, const std::string& resource, const std::string& owner,
               int32_t expiry = 10) {
    auto locked = store.tryLock(resource, owner, expiry);
    EXPECT_TRUE(locked) << locked.error().message();
    return locked && *locked;
  }
  UnlockStatus unlock(lock::LockStore& store, const std::string& resource,
                      const std::string& owner) {
    auto status = store.unlock(resource, owner);
    EXPECT_TRUE(status) << status.error().message();
    return status ? *status : UnlockStatus::kInternalError;
  }

  testing::ScratchDir dir_{"lichen-lock"};
  std::atomic<int64_t> now_{1'000'000};
  std::unique_ptr<lock::LockStore> store_;
};

TEST_P(LockConformanceTest, OneOwnerAtATime) {
  EXPECT_TRUE(tryLock(*store_, "r1", "alice"));
  EXPECT_FALSE(tryLock(*store_, "r1", "bob"));
  EXPECT_FALSE(tryLock(*store_, "r1", "alice")) << "locks are not reentrant";
  EXPECT_TRUE(tryLock(*store_, "r2", "bob")) << "another resource is free";
  EXPECT_EQ(unlock(*store_, "r1", "alice"), UnlockStatus::kSuccess);
  EXPECT_TRUE(tryLock(*store_, "r1", "bob"));
}

TEST_P(LockConformanceTest, UnlockStatuses) {
  EXPECT_EQ(unlock(*store_, "none", "alice"), UnlockStatus::kLockDoesNotExist);
  ASSERT_TRUE(tryLock(*store_, "r", "alice"));
  EXPECT_EQ(unlock(*store_, "r", "bob"), UnlockStatus::kLockBelongsToOthers);
  EXPECT_EQ(unlock(*store_, "r", "alice"), UnlockStatus::kSuccess);
  EXPECT_EQ(unlock(*store_, "r", "alice"), UnlockStatus::kLockDoesNotExist);
}

TEST_P(LockConformanceTest, ExpiredLockIsGone) {
  ASSERT_TRUE(tryLock(*store_, "r", "alice", 5));
  now_ += 4999;
  EXPECT_FALSE(tryLock(*store_, "r", "bob"));
  now_ += 1;
  EXPECT_EQ(unlock(*store_, "r", "alice"), UnlockStatus::kLockDoesNotExist);
  ASSERT_TRUE(tryLock(*store_, "r", "alice", 5));
  now_ += 5000;
  EXPECT_TRUE(tryLock(*store_, "r", "bob", 5)) << "an expired lock is taken over";
  EXPECT_EQ(unlock(*store_, "r", "alice"), UnlockStatus::kLockBelongsToOthers);
  EXPECT_EQ(unlock(*store_, "r", "bob"), UnlockStatus::kSuccess);
}

TEST_P(LockConformanceTest, ManyExpiredLocksAreSweptAndStillWork) {
  for (int i = 0; i < 500; ++i) ASSERT_TRUE(tryLock(*store_, "r" + std::to_string(i), "o", 1));
  now_ += 1000;
  for (int i = 0; i < 500; ++i) ASSERT_TRUE(tryLock(*store_, "r" + std::to_string(i), "p", 1));
  EXPECT_EQ(unlock(*store_, "r7", "p"), UnlockStatus::kSuccess);
}

TEST_P(LockConformanceTest, RacingThreadsNeverShareTheLock) {
  RaceResult result = race({store_.get(), store_.get(), store_.get(), store_.get()}, 300);
  EXPECT_EQ(result.overlaps, 0);
  EXPECT_EQ(result.errors, 0);
  EXPECT_GT(result.acquired, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Stores, LockConformanceTest,
    ::testing::Values(
        LockStoreFactory{"memory",
                         [](lock::Clock clock) { return std::make_unique<MemoryLockStore>(clock); },
                         [](const std::string&) { return component::Properties(); }},
        LockStoreFactory{"sqlite",
                         [](lock::Clock clock) { return std::make_unique<SqliteLockStore>(clock); },
                         sqliteProperties}),
    [](const ::testing::TestParamInfo<LockStoreFactory>& info) { return info.param.name; });

// Two connections to one file, as two Lichen processes: each thread has its own store, so
// the only thing keeping them apart is SQLite's locking.
TEST(SqliteLockStoreTest, TwoConnectionsRacingNeverBothHoldTheLock) {
  testing::ScratchDir dir("lichen-lock-shared");
  std::vector<std::unique_ptr<SqliteLockStore>> stores;
  for (int i = 0; i < 3; ++i) {
    stores.push_back(std::make_unique<SqliteLockStore>());
    auto init = stores.back()->init(sqliteProperties(dir.path().string()));
    ASSERT_TRUE(init) << init.error().message();
  }
  RaceResult result = race({stores[0].get(), stores[1].get(), stores[2].get()}, 200);
  EXPECT_EQ(result.overlaps, 0);
  EXPECT_EQ(result.errors, 0);
  EXPECT_GT(result.acquired, 0);
  // A lock taken through one connection is seen through the others.
  ASSERT_TRUE(*stores[0]->tryLock("seen", "p0", 60));
  EXPECT_FALSE(*stores[1]->tryLock("seen", "p1", 60));
  EXPECT_EQ(*stores[2]->unlock("seen", "p2"), UnlockStatus::kLockBelongsToOthers);
}

TEST(SqliteLockStoreTest, BadMetadataIsAnError) {
  SqliteLockStore store;
  EXPECT_FALSE(store.init({}));
  component::Properties properties;
  properties.set("connectionString", "/tmp/x.db");
  properties.set("table", "locks; DROP TABLE x");
  EXPECT_FALSE(store.init(properties));
}

}  // namespace
}  // namespace lichen::components
