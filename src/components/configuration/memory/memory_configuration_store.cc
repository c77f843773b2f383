#include "components/configuration/memory/memory_configuration_store.h"

#include "runtime/configuration/configuration_json.h"

namespace lichen::components {

using configuration::Item;
using configuration::Items;

Expected<void, Status> MemoryConfigurationStore::init(const component::Properties& properties) {
  std::string text = properties.getOr("items", "");
  if (text.empty()) return {};
  auto items = configuration::parseItems(text);
  if (!items) return fail(items.error().withContext("metadata 'items'"));
  std::lock_guard lock(mutex_);
  items_ = std::move(*items);
  return {};
}

StatusOr<Items> MemoryConfigurationStore::get(const std::vector<std::string>& keys,
                                              const configuration::Metadata&) {
  std::lock_guard lock(mutex_);
  if (keys.empty()) return items_;
  Items out;
  for (const std::string& key : keys) {
    auto it = items_.find(key);
    if (it != items_.end()) out.insert(*it);
  }
  return out;
}

void MemoryConfigurationStore::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  subscriptions_.clear();
}

void MemoryConfigurationStore::set(const std::string& key, Item item) {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    items_[key] = item;
  }
  subscriptions_.notify(key, item);
}

void MemoryConfigurationStore::remove(const std::string& key) {
  {
    std::lock_guard lock(mutex_);
    if (closed_ || items_.erase(key) == 0) return;
  }
  subscriptions_.notify(key, Item{});
}

void registerMemoryConfigurationStore(runtime::Registry& registry) {
  registry.add("configuration.in-memory",
               [] { return std::make_unique<MemoryConfigurationStore>(); });
}

}  // namespace lichen::components
