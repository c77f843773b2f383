// The distributed lock component interface, mirroring Dapr's lock.Store: a lock on a resource
// held by one owner until it is released or its expiry passes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "common/status.h"
#include "runtime/component/component.h"

namespace lichen::lock {

// Dapr's UnlockResponse.Status numbers, which the HTTP API answers as they are.
enum class UnlockStatus : int {
  kSuccess = 0,
  kLockDoesNotExist = 1,
  kLockBelongsToOthers = 2,
  kInternalError = 3,
};

// Milliseconds since the Unix epoch; stores take one so tests can move time.
using Clock = std::function<int64_t()>;
int64_t systemClockMs();

class LockStore : public component::Component {
 public:
  // true when `owner` now holds the lock for `expiry_seconds` (> 0); false when another owner
  // holds an unexpired lock on the resource, or the same owner does (locks are not reentrant,
  // as with Dapr's redis store).
  virtual StatusOr<bool> tryLock(const std::string& resource_id, const std::string& owner,
                                 int32_t expiry_seconds) = 0;
  // An expired lock no longer exists.
  virtual StatusOr<UnlockStatus> unlock(const std::string& resource_id,
                                        const std::string& owner) = 0;
};

}  // namespace lichen::lock
