// The lock block without transports: daprd's request checks in its order and messages, and
// its key prefixes (keyPrefix appid by default, name, none, or a fixed prefix).
#include "runtime/lock/lock_manager.h"

#include <gtest/gtest.h>

#include "components/lock/memory/memory_lock_store.h"

namespace lichen::lock {
namespace {

// A lock store that records the keys it is asked for, backed by the in-memory store.
class KeyRecordingStore : public components::MemoryLockStore {
 public:
  explicit KeyRecordingStore(std::vector<std::string>* keys) : keys_(keys) {}
  StatusOr<bool> tryLock(const std::string& resource_id, const std::string& owner,
                         int32_t expiry_seconds) override {
    keys_->push_back(resource_id);
    return MemoryLockStore::tryLock(resource_id, owner, expiry_seconds);
  }

 private:
  std::vector<std::string>* keys_;
};

Expected<void, Status> addStore(LockManager& manager, const std::string& name,
                                std::vector<std::string>* keys, const std::string& key_prefix) {
  component::Properties properties;
  if (!key_prefix.empty()) properties.set("keyPrefix", key_prefix);
  auto added = manager.addComponent({name, "lock.in-memory", "v1"}, properties,
                                    std::make_unique<KeyRecordingStore>(keys));
  if (!added) return fail(added.error());
  return {};
}

void expectError(const Status& error, StatusCode code, const std::string& message) {
  EXPECT_EQ(error.code(), code) << error.message();
  EXPECT_EQ(error.message(), message);
}

TEST(LockManagerTest, RequestChecksInDaprdsOrder) {
  LockManager none("app");
  // daprd checks the expiry before anything else, even with no store at all.
  expectError(none.tryLock("s", "r", "o", 0).error(), StatusCode::kMalformedRequest,
              "ExpiryInSeconds is not positive in lock store s");
  expectError(none.tryLock("s", "r", "o", 5).error(), StatusCode::kLockStoreNotConfigured,
              "lock store is not configured");
  expectError(none.unlock("s", "r", "o").error(), StatusCode::kLockStoreNotConfigured,
              "lock store is not configured");

  LockManager manager("app");
  std::vector<std::string> keys;
  ASSERT_TRUE(addStore(manager, "locks", &keys, ""));
  expectError(manager.tryLock("x", "", "o", 5).error(), StatusCode::kMalformedRequest,
              "ResourceId is empty in lock store x");
  expectError(manager.tryLock("x", "r", "", 5).error(), StatusCode::kMalformedRequest,
              "LockOwner is empty in lock store x");
  expectError(manager.unlock("x", "r", "o").error(), StatusCode::kLockStoreNotFound,
              "lock store x not found");
  expectError(manager.tryLock("locks", "a||b", "o", 5).error(), StatusCode::kTryLock,
              "failed to try acquiring lock: input key/keyPrefix 'a||b' can't contain '||'");
  expectError(manager.unlock("locks", "a||b", "o").error(), StatusCode::kUnlock,
              "failed to release lock: input key/keyPrefix 'a||b' can't contain '||'");
  EXPECT_TRUE(keys.empty());
}

TEST(LockManagerTest, LockAndUnlockThroughTheStore) {
  LockManager manager("app");
  std::vector<std::string> keys;
  ASSERT_TRUE(addStore(manager, "locks", &keys, ""));
  EXPECT_TRUE(*manager.tryLock("locks", "r", "alice", 10));
  EXPECT_FALSE(*manager.tryLock("locks", "r", "bob", 10));
  EXPECT_EQ(*manager.unlock("locks", "r", "bob"), UnlockStatus::kLockBelongsToOthers);
  EXPECT_EQ(*manager.unlock("locks", "r", "alice"), UnlockStatus::kSuccess);
  EXPECT_EQ(*manager.unlock("locks", "r", "alice"), UnlockStatus::kLockDoesNotExist);
}

TEST(LockManagerTest, KeyPrefixStrategies) {
  std::vector<std::string> keys;
  LockManager manager("app");
  ASSERT_TRUE(addStore(manager, "by-app", &keys, ""));
  ASSERT_TRUE(addStore(manager, "by-name", &keys, "name"));
  ASSERT_TRUE(addStore(manager, "plain", &keys, "NONE"));
  ASSERT_TRUE(addStore(manager, "fixed", &keys, "Shared"));
  for (const char* store : {"by-app", "by-name", "plain", "fixed"}) {
    ASSERT_TRUE(manager.tryLock(store, "r", "o", 5));
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"lock||app||r", "lock||by-name||r", "lock||r",
                                            "lock||shared||r"}));
  LockManager no_app("");
  std::vector<std::string> more;
  ASSERT_TRUE(addStore(no_app, "s", &more, ""));
  ASSERT_TRUE(no_app.tryLock("s", "r", "o", 5));
  EXPECT_EQ(more, std::vector<std::string>{"lock||r"});
  EXPECT_FALSE(addStore(manager, "bad", &keys, "a||b"));
}

}  // namespace
}  // namespace lichen::lock
