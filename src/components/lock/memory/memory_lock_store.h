// lock.in-memory: locks held in the sidecar's memory, so shared by the callers of one Lichen
// process only (no metadata). An expired lock is gone: the next tryLock takes it.
#pragma once

#include <map>
#include <mutex>

#include "runtime/lock/lock_store.h"
#include "runtime/registry.h"

namespace lichen::components {

class MemoryLockStore : public lock::LockStore {
 public:
  explicit MemoryLockStore(lock::Clock clock = lock::systemClockMs) : clock_(std::move(clock)) {}
  Expected<void, Status> init(const component::Properties& properties) override;
  StatusOr<bool> tryLock(const std::string& resource_id, const std::string& owner,
                         int32_t expiry_seconds) override;
  StatusOr<lock::UnlockStatus> unlock(const std::string& resource_id,
                                      const std::string& owner) override;

 private:
  struct Held {
    std::string owner;
    int64_t expire_ms;
  };
  // Drops expired locks once the map has doubled since the last sweep. Needs mutex_.
  void sweepLocked(int64_t now);

  lock::Clock clock_;
  std::mutex mutex_;  // guards locks_ and swept_size_
  std::map<std::string, Held> locks_;
  size_t swept_size_ = 0;
};

void registerMemoryLockStore(runtime::Registry& registry);

}  // namespace lichen::components
