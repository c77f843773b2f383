// The configuration building block (daprd's configuration API, pkg/api/http/http.go): named
// configuration stores, get and subscribe with daprd's error codes and messages, and the
// pushes of subscribed changes to the app (POST /configuration/{store}/{key} through the app
// channel, so HTTP and Wasm apps alike). Transport-free.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "runtime/component/app_channel.h"
#include "runtime/component/building_block.h"
#include "runtime/configuration/configuration_store.h"

namespace lichen::configuration {

class ConfigurationManager : public component::BuildingBlock {
 public:
  static constexpr std::string_view kCategory = "configuration";
  // The channel to the app at the time of a subscribe or a push; null when there is no app.
  using AppChannelSource = std::function<std::shared_ptr<component::AppChannel>()>;
  explicit ConfigurationManager(AppChannelSource app_channel)
      : app_channel_(std::move(app_channel)) {}
  ~ConfigurationManager() override { close(); }

  std::string_view category() const override { return kCategory; }
  StatusOr<std::vector<std::string>> addComponent(
      const component::ComponentId& id, const component::Properties& properties,
      std::unique_ptr<component::Component> component) override;
  bool hasStore(const std::string& name) const { return stores_.contains(name); }

  // ERR_CONFIGURATION_STORE_NOT_CONFIGURED / _NOT_FOUND for the store, ERR_CONFIGURATION_GET
  // when the store fails. No keys = every item.
  StatusOr<Items> get(const std::string& store, const std::vector<std::string>& keys,
                      const Metadata& metadata);
  // The subscription id; ERR_APP_CHANNEL_NIL without an app, ERR_CONFIGURATION_SUBSCRIBE when
  // the store fails. Each change is pushed to the app once per changed key; a push the app
  // does not answer with 200 is logged and not retried (daprd without a resiliency policy).
  StatusOr<std::string> subscribe(const std::string& store, const std::vector<std::string>& keys,
                                  const Metadata& metadata);
  // ERR_CONFIGURATION_UNSUBSCRIBE for an unknown id.
  Expected<void, Status> unsubscribe(const std::string& store, const std::string& id);
  // Closes every store: no push starts after it returns.
  void close() override;

 private:
  StatusOr<ConfigurationStore*> find(const std::string& store);
  void push(const std::string& store, const UpdateEvent& event);

  AppChannelSource app_channel_;
  std::map<std::string, std::unique_ptr<ConfigurationStore>> stores_;  // read-only once serving
  std::atomic<bool> closed_{false};
};

}  // namespace lichen::configuration
