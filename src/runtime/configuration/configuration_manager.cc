#include "runtime/configuration/configuration_manager.h"

#include <spdlog/spdlog.h>

#include "runtime/configuration/configuration_json.h"
#include "runtime/invoke/invocation.h"

namespace lichen::configuration {
namespace {

// Go's fmt %v of a []string, as daprd's messages print the keys: "[a b]".
std::string keyList(const std::vector<std::string>& keys) {
  std::string out = "[";
  for (size_t i = 0; i < keys.size(); ++i) out += (i == 0 ? "" : " ") + keys[i];
  return out + "]";
}

}  // namespace

StatusOr<std::vector<std::string>> ConfigurationManager::addComponent(
    const component::ComponentId& id, const component::Properties&,
    std::unique_ptr<component::Component> component) {
  LICHEN_ASSIGN_OR_RETURN(
      std::unique_ptr<ConfigurationStore> store,
      component::componentAs<ConfigurationStore>(std::move(component), "configuration store"));
  stores_.insert_or_assign(id.name, std::move(store));
  return std::vector<std::string>{};
}

StatusOr<ConfigurationStore*> ConfigurationManager::find(const std::string& store) {
  if (stores_.empty()) {
    return fail(StatusCode::kConfigurationStoreNotConfigured,
                "configuration stores not configured");
  }
  auto it = stores_.find(store);
  if (it == stores_.end()) {
    return fail(StatusCode::kConfigurationStoreNotFound,
                "configuration store " + store + " not found");
  }
  return it->second.get();
}

StatusOr<Items> ConfigurationManager::get(const std::string& store,
                                          const std::vector<std::string>& keys,
                                          const Metadata& metadata) {
  LICHEN_ASSIGN_OR_RETURN(ConfigurationStore * found, find(store));
  auto items = found->get(keys, metadata);
  if (!items) {
    return fail(StatusCode::kConfigurationGet, "failed to get " + keyList(keys) +
                                                   " from Configuration store " + store + ": " +
                                                   items.error().message());
  }
  return items;
}

StatusOr<std::string> ConfigurationManager::subscribe(const std::string& store,
                                                      const std::vector<std::string>& keys,
                                                      const Metadata& metadata) {
  LICHEN_ASSIGN_OR_RETURN(ConfigurationStore * found, find(store));
  if (!app_channel_()) {
    return fail(StatusCode::kAppChannelNil,
                "app channel is not initialized. cannot subscribe to configuration updates");
  }
  auto id = found->subscribe(keys, metadata,
                             [this, store](const UpdateEvent& event) { push(store, event); });
  if (!id) {
    return fail(StatusCode::kConfigurationSubscribe, "failed to subscribe " + keyList(keys) +
                                                         " from Configuration store " + store +
                                                         ": " + id.error().message());
  }
  return id;
}

Expected<void, Status> ConfigurationManager::unsubscribe(const std::string& store,
                                                         const std::string& id) {
  LICHEN_ASSIGN_OR_RETURN(ConfigurationStore * found, find(store));
  auto removed = found->unsubscribe(id);
  if (!removed) {
    return fail(
        StatusCode::kConfigurationUnsubscribe,
        "failed to unsubscribe to configuration request " + id + ": " + removed.error().message());
  }
  return {};
}

void ConfigurationManager::push(const std::string& store, const UpdateEvent& event) {
  if (closed_.load()) return;
  std::shared_ptr<component::AppChannel> channel = app_channel_();
  if (!channel) {
    spdlog::error("app channel is nil. unable to send configuration update from {}", store);
    return;
  }
  std::string body = encodeEvent(event);
  for (const auto& [key, item] : event.items) {
    std::string path = "/configuration/" + invoke::percentEncode(store, false) + "/" +
                       invoke::percentEncode(key, false);
    auto response = channel->call("POST", path, body, "application/json");
    if (!response) {
      spdlog::error("error sending configuration item to the app: {}", response.error().message());
    } else if (response->status != 200) {
      spdlog::error(
          "error sending configuration item to the app: error sending configuration item to "
          "application, status {}",
          response->status);
    }
  }
}

void ConfigurationManager::close() {
  closed_.store(true);
  for (auto& [name, store] : stores_) store->close();
}

}  // namespace lichen::configuration
