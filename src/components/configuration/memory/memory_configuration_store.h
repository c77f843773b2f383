// configuration.in-memory: configuration items held in the sidecar, from the component's
// metadata `items`, a JSON object key -> item, where an item is its value as a string or an
// object {"value","version","metadata":{…}}:
//   - name: items
//     value: '{"greeting":"hello","limit":{"value":"10","version":"3"}}'
// Keys keep their case (component metadata names do not, so each key is not its own entry).
// Nothing outside the process changes the items; set() and remove() do, and push to
// subscribers, for a program embedding the runtime.
#pragma once

#include <mutex>

#include "runtime/configuration/subscriptions.h"
#include "runtime/registry.h"

namespace lichen::components {

class MemoryConfigurationStore : public configuration::SubscribingStore {
 public:
  Expected<void, Status> init(const component::Properties& properties) override;
  StatusOr<configuration::Items> get(const std::vector<std::string>& keys,
                                     const configuration::Metadata& metadata) override;
  void close() override;

  // Adds or replaces an item; subscribers of `key` get it.
  void set(const std::string& key, configuration::Item item);
  // Subscribers of `key` get an empty item when it existed.
  void remove(const std::string& key);

 private:
  std::mutex mutex_;  // guards items_ and closed_
  configuration::Items items_;
  bool closed_ = false;
};

void registerMemoryConfigurationStore(runtime::Registry& registry);

}  // namespace lichen::components
