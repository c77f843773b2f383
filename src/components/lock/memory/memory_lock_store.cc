#include "components/lock/memory/memory_lock_store.h"

namespace lichen::components {

using lock::UnlockStatus;

Expected<void, Status> MemoryLockStore::init(const component::Properties&) { return {}; }

void MemoryLockStore::sweepLocked(int64_t now) {
  if (locks_.size() < 2 * swept_size_ + 64) return;
  std::erase_if(locks_, [now](const auto& entry) { return entry.second.expire_ms <= now; });
  swept_size_ = locks_.size();
}

StatusOr<bool> MemoryLockStore::tryLock(const std::string& resource_id, const std::string& owner,
                                        int32_t expiry_seconds) {
  std::lock_guard lock(mutex_);
  int64_t now = clock_();
  sweepLocked(now);
  auto [it, inserted] = locks_.try_emplace(resource_id, Held{owner, 0});
  if (!inserted && it->second.expire_ms > now) return false;
  it->second = Held{owner, now + int64_t{expiry_seconds} * 1000};
  return true;
}

StatusOr<UnlockStatus> MemoryLockStore::unlock(const std::string& resource_id,
                                               const std::string& owner) {
  std::lock_guard lock(mutex_);
  auto it = locks_.find(resource_id);
  if (it == locks_.end()) return UnlockStatus::kLockDoesNotExist;
  if (it->second.expire_ms <= clock_()) {
    locks_.erase(it);
    return UnlockStatus::kLockDoesNotExist;
  }
  if (it->second.owner != owner) return UnlockStatus::kLockBelongsToOthers;
  locks_.erase(it);
  return UnlockStatus::kSuccess;
}

void registerMemoryLockStore(runtime::Registry& registry) {
  registry.add("lock.in-memory", [] { return std::make_unique<MemoryLockStore>(); });
}

}  // namespace lichen::components
