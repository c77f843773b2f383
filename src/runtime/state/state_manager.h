// The state building block: named stores plus Dapr's request semantics on top of them — key
// prefixing, `||` validation, TTL metadata, ETag error mapping and Dapr's error codes/messages.
// Transport-free: the HTTP and gRPC APIs and the Wasm host all call this.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "runtime/component/building_block.h"
#include "runtime/resiliency/resiliency.h"
#include "runtime/state/key_prefix.h"
#include "runtime/state/state_store.h"

namespace lichen::state {

struct StoreInfo {
  std::string name;
  std::string type;
  std::string version;
  Features features;
};

class StateManager : public component::BuildingBlock {
 public:
  static constexpr std::string_view kCategory = "state";
  StateManager(std::string app_id, std::string ns);

  std::string_view category() const override { return kCategory; }
  // Metadata `actorStateStore` and `keyPrefix` apply here.
  StatusOr<std::vector<std::string>> addComponent(
      const component::ComponentId& id, const component::Properties& properties,
      std::unique_ptr<component::Component> component) override;

  // Calls into a store run under its outbound resiliency policy (targets.components.<name>
  // .outbound, else the default statestore policies). Set before serving.
  void setResiliency(std::shared_ptr<resiliency::Resiliency> resiliency) {
    resiliency_ = std::move(resiliency);
  }
  // Takes an initialised store; `key_prefix` is the component's keyPrefix metadata value.
  void addStore(StoreInfo info, std::unique_ptr<StateStore> store, std::string_view key_prefix);
  std::vector<StoreInfo> stores() const;
  // The store's info, or Dapr's error for an unknown store / no stores at all.
  StatusOr<StoreInfo> storeInfo(const std::string& store);

  // True when calls on `store` return without waiting: the store says so and no resiliency
  // policy (retries, timeouts) applies to it. An unknown store is true (its error is at hand).
  bool neverBlocks(const std::string& store) const;

  // Requests carry the caller's keys; the manager prefixes them.
  StatusOr<std::optional<GetResponse>> get(const std::string& store, const GetRequest& request);
  Expected<void, Status> save(const std::string& store, std::vector<SetRequest> requests);
  Expected<void, Status> remove(const std::string& store, const DeleteRequest& request);
  StatusOr<std::vector<BulkGetItem>> bulkGet(const std::string& store,
                                             const std::vector<std::string>& keys,
                                             const Metadata& metadata);
  Expected<void, Status> bulkDelete(const std::string& store,
                                    const std::vector<DeleteRequest>& requests);
  Expected<void, Status> transact(const std::string& store, std::vector<Operation> operations,
                                  const Metadata& metadata);

 private:
  struct Entry {
    StoreInfo info;
    std::unique_ptr<StateStore> store;
    KeyPrefix prefix;
  };
  StatusOr<Entry*> find(const std::string& store);
  resiliency::Policy outbound(const std::string& store) const;

  std::string app_id_;
  std::string namespace_;
  std::map<std::string, Entry> stores_;  // filled at start-up, read-only while serving
  std::shared_ptr<resiliency::Resiliency> resiliency_;
};

// Reads metadata "ttlInSeconds": nullopt when absent, an error when not an integer >= -1.
StatusOr<std::optional<int64_t>> ttlFromMetadata(const Metadata& metadata);

}  // namespace lichen::state
