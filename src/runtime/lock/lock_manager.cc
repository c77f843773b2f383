#include "runtime/lock/lock_manager.h"

#include <algorithm>
#include <cctype>
#include <chrono>

namespace lichen::lock {
namespace {

constexpr std::string_view kSeparator = "||";

Unexpected<Status> illegalKey(const std::string& key) {
  return fail(StatusCode::kInvalidConfig,
              "input key/keyPrefix '" + key + "' can't contain '" + std::string(kSeparator) + "'");
}

// Calls the store with the prefixed key. A resource id containing "||" (refused, as daprd) or a
// store error becomes `code` with daprd's context ("failed to release lock: ...").
template <typename Call>
auto callStore(const auto& entry, const std::string& resource_id, std::string_view failed,
               StatusCode code, Call call) -> decltype(call(std::string())) {
  auto failure = [&](const Status& error) {
    return fail(error.withContext(failed).withCode(code));
  };
  if (resource_id.find(kSeparator) != std::string::npos) {
    return failure(illegalKey(resource_id).error());
  }
  auto result = call(entry.prefix + resource_id);
  if (!result) return failure(result.error());
  return result;
}

}  // namespace

int64_t systemClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

StatusOr<std::vector<std::string>> LockManager::addComponent(
    const component::ComponentId& id, const component::Properties& properties,
    std::unique_ptr<component::Component> component) {
  std::string strategy = properties.getOr("keyPrefix", "appid");
  std::transform(strategy.begin(), strategy.end(), strategy.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (strategy.find(kSeparator) != std::string::npos) return illegalKey(strategy);
  LICHEN_ASSIGN_OR_RETURN(std::unique_ptr<LockStore> store,
                          component::componentAs<LockStore>(std::move(component), "lock store"));
  std::string prefix = "lock||";
  if (strategy == "name") {
    prefix += id.name + "||";
  } else if (strategy == "appid") {
    if (!app_id_.empty()) prefix += app_id_ + "||";
  } else if (strategy != "none") {
    prefix += strategy + "||";
  }
  stores_.insert_or_assign(id.name, Entry{std::move(store), std::move(prefix)});
  return std::vector<std::string>{};
}

StatusOr<LockManager::Entry*> LockManager::find(const std::string& store,
                                                const std::string& resource_id,
                                                const std::string& owner) {
  if (stores_.empty()) {
    return fail(StatusCode::kLockStoreNotConfigured, "lock store is not configured");
  }
  if (resource_id.empty()) {
    return fail(StatusCode::kMalformedRequest, "ResourceId is empty in lock store " + store);
  }
  if (owner.empty()) {
    return fail(StatusCode::kMalformedRequest, "LockOwner is empty in lock store " + store);
  }
  auto it = stores_.find(store);
  if (it == stores_.end()) {
    return fail(StatusCode::kLockStoreNotFound, "lock store " + store + " not found");
  }
  return &it->second;
}

StatusOr<bool> LockManager::tryLock(const std::string& store, const std::string& resource_id,
                                    const std::string& owner, int32_t expiry_seconds) {
  // daprd checks the expiry before anything else.
  if (expiry_seconds <= 0) {
    return fail(StatusCode::kMalformedRequest,
                "ExpiryInSeconds is not positive in lock store " + store);
  }
  LICHEN_ASSIGN_OR_RETURN(Entry * entry, find(store, resource_id, owner));
  return callStore(
      *entry, resource_id, "failed to try acquiring lock", StatusCode::kTryLock,
      [&](const std::string& key) { return entry->store->tryLock(key, owner, expiry_seconds); });
}

StatusOr<UnlockStatus> LockManager::unlock(const std::string& store, const std::string& resource_id,
                                           const std::string& owner) {
  LICHEN_ASSIGN_OR_RETURN(Entry * entry, find(store, resource_id, owner));
  return callStore(*entry, resource_id, "failed to release lock", StatusCode::kUnlock,
                   [&](const std::string& key) { return entry->store->unlock(key, owner); });
}

}  // namespace lichen::lock
