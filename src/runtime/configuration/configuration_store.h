// The configuration store component interface, mirroring Dapr's configuration.Store: read items
// by key, and subscribe a handler to changes of some keys (none = every key).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "runtime/component/component.h"

namespace lichen::configuration {

using Metadata = std::map<std::string, std::string>;

struct Item {
  std::string value;
  std::string version;
  Metadata metadata;

  bool operator==(const Item&) const = default;
};

using Items = std::map<std::string, Item>;

// One change as Dapr's configuration.UpdateEvent: the subscription it is for and the items
// that changed. A deleted key comes as an empty item (no value, no version), as Dapr's redis
// store sends it.
struct UpdateEvent {
  std::string id;
  Items items;
};

using UpdateHandler = std::function<void(const UpdateEvent&)>;

class ConfigurationStore : public component::Component {
 public:
  // The items of `keys` the store has (missing keys are left out); no keys = every item.
  virtual StatusOr<Items> get(const std::vector<std::string>& keys, const Metadata& metadata) = 0;
  // Calls `handler` on a thread of the store for every later change of one of `keys` (no keys =
  // any key); answers the subscription id.
  virtual StatusOr<std::string> subscribe(const std::vector<std::string>& keys,
                                          const Metadata& metadata, UpdateHandler handler) = 0;
  // An unknown id is an error.
  virtual Expected<void, Status> unsubscribe(const std::string& id) = 0;
  // Stops watching for changes: no handler call starts after it returns. Idempotent.
  virtual void close() {}
};

}  // namespace lichen::configuration
