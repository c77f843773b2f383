// state.in-memory: a process-local state store with ETags, TTLs and transactions, like Dapr's
// in-memory store. Nothing survives a restart.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/registry.h"
#include "runtime/state/state_store.h"

namespace lichen::components {

class MemoryStateStore : public state::StateStore {
 public:
  explicit MemoryStateStore(state::Clock clock = state::systemClockMs);

  Expected<void, Status> init(const component::Properties& properties) override;
  state::Features features() const override;
  bool neverBlocks() const override { return true; }  // a map under a mutex
  StatusOr<std::optional<state::GetResponse>> get(const state::GetRequest& request) override;
  Expected<void, Status> set(const state::SetRequest& request) override;
  Expected<void, Status> remove(const state::DeleteRequest& request) override;
  Expected<void, Status> multi(const std::vector<state::Operation>& operations,
                               const state::Metadata& metadata) override;

 private:
  struct Item {
    std::string value;
    uint64_t version = 0;
    std::optional<int64_t> expire_ms;
    std::string content_type;
  };
  using Undo = std::vector<std::pair<std::string, std::optional<Item>>>;

  // Callers hold mutex_. Each records the previous value in `undo` before changing it.
  Item* findLive(const std::string& key, int64_t now);
  Expected<void, Status> setLocked(const state::SetRequest& request, int64_t now, Undo& undo);
  Expected<void, Status> removeLocked(const state::DeleteRequest& request, int64_t now, Undo& undo);
  void remember(const std::string& key, Undo& undo);

  state::Clock clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Item> items_;
  uint64_t next_version_ = 1;
  uint64_t writes_ = 0;
};

void registerMemoryState(runtime::Registry& registry);

}  // namespace lichen::components
