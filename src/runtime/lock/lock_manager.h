// The distributed lock building block (daprd pkg/api/universal/lock.go): named lock stores,
// daprd's request checks in its order, and its key prefixing (pkg/components/lock): a
// resource id reaches the store as "lock||<app id>||<id>" unless the component's keyPrefix
// metadata says "name" (the store's name), "none" (no prefix) or another fixed prefix.
// Transport-free.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "runtime/component/building_block.h"
#include "runtime/lock/lock_store.h"

namespace lichen::lock {

class LockManager : public component::BuildingBlock {
 public:
  static constexpr std::string_view kCategory = "lock";
  explicit LockManager(std::string app_id) : app_id_(std::move(app_id)) {}

  std::string_view category() const override { return kCategory; }
  // Metadata keyPrefix applies here ("appid" by default); one containing "||" fails the
  // component, as in daprd.
  StatusOr<std::vector<std::string>> addComponent(
      const component::ComponentId& id, const component::Properties& properties,
      std::unique_ptr<component::Component> component) override;

  // ERR_MALFORMED_REQUEST for a bad request, ERR_LOCK_STORE_NOT_CONFIGURED / _NOT_FOUND for
  // the store, ERR_TRY_LOCK when the store fails.
  StatusOr<bool> tryLock(const std::string& store, const std::string& resource_id,
                         const std::string& owner, int32_t expiry_seconds);
  // As tryLock, with ERR_UNLOCK.
  StatusOr<UnlockStatus> unlock(const std::string& store, const std::string& resource_id,
                                const std::string& owner);

 private:
  struct Entry {
    std::unique_ptr<LockStore> store;
    std::string prefix;  // "lock||…||" or "lock||"
  };
  StatusOr<Entry*> find(const std::string& store, const std::string& resource_id,
                        const std::string& owner);

  std::string app_id_;
  std::map<std::string, Entry> stores_;  // read-only once serving
};

}  // namespace lichen::lock
