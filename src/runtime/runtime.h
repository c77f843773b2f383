// The sidecar core: builds components from their specs through the Registry (secret stores
// first, so secretKeyRef can resolve) and hands each to the building block of its category
// (one map, category -> block; see runtime.cc for the list), owns service invocation and the
// metadata that GET /v1.0/metadata reports. Transport-free; its lifecycle is the Sidecar's
// (runtime/sidecar.h). A new building block is its folder plus one addBlock line in
// Runtime::Runtime (and its library in src/runtime/CMakeLists.txt's block list).

#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "runtime/bindings/bindings_manager.h"
#include "runtime/component/app_channel.h"
#include "runtime/component/building_block.h"
#include "runtime/component/component_spec.h"
#include "runtime/configuration/configuration_manager.h"
#include "runtime/invoke/direct_messaging.h"
#include "runtime/lock/lock_manager.h"
#include "runtime/middleware/middleware_manager.h"
#include "runtime/pubsub/pubsub_manager.h"
#include "runtime/registry.h"
#include "runtime/resiliency/resiliency.h"
#include "runtime/resources/configuration.h"
#include "runtime/secrets/secrets_manager.h"
#include "runtime/state/state_manager.h"

namespace lichen::runtime {

inline constexpr std::string_view kRuntimeVersion = "1.16.0-lichen.0.1.0";

struct RuntimeOptions {
  std::string app_id;
  std::string ns;  // NAMESPACE; used by keyPrefix "namespace" and the {namespace} tag
  std::vector<resources::SecretScope> secret_scopes;  // from --config
  std::vector<std::string> enabled_features;          // from --config, for metadata
  resiliency::ResiliencySpec resiliency;  // the Resiliency resources that apply to this app id
};

struct ComponentInfo {
  std::string name;
  std::string type;
  std::string version;
  std::vector<std::string> capabilities;
};

class Runtime {
 public:
  // Builds and initialises every component in `specs`. Errors name the spec's file and line.
  static StatusOr<std::unique_ptr<Runtime>> create(RuntimeOptions options, const Registry& registry,
                                                   std::vector<component::ComponentSpec> specs);

  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  const std::string& appId() const { return options_.app_id; }
  const std::vector<std::string>& enabledFeatures() const { return options_.enabled_features; }
  // The building block of category Block::kCategory; every registered block is there.
  template <typename Block>
  Block& block() {
    return static_cast<Block&>(*blocks_.find(Block::kCategory)->second);
  }
  state::StateManager& state() { return block<state::StateManager>(); }
  secrets::SecretsManager& secrets() { return block<secrets::SecretsManager>(); }
  pubsub::PubSubManager& pubsub() { return block<pubsub::PubSubManager>(); }
  bindings::BindingsManager& bindings() { return block<bindings::BindingsManager>(); }
  middleware::MiddlewareManager& middleware() { return block<middleware::MiddlewareManager>(); }
  invoke::DirectMessaging& invocation() { return invocation_; }

  // The channel to the application (--app-port) for service invocation (shorthand for
  // invocation().setAppChannel); pub/sub delivers to the app's pubsub().setSubscriber.
  void setAppChannel(std::shared_ptr<component::AppChannel> channel) {
    invocation_.setAppChannel(std::move(channel));
  }
  std::vector<ComponentInfo> components() const;
  // Null when no Resiliency resource applies.
  resiliency::Resiliency* resiliencyEngine() { return resiliency_.get(); }
  // Ends resiliency retry waits now (shutdown begins); calls in them return their last error.
  void stopRetries();
  // Closes every block, last registered first (input bindings before the brokers); no block
  // calls the app after this returns. Idempotent.
  void close();

  // The `extended` map of GET /v1.0/metadata; PUT /v1.0/metadata/{key} writes it.
  void setExtended(const std::string& key, std::string value);
  std::map<std::string, std::string> extended() const;

  // A spec's metadata values resolved: envRef, secretKeyRef through its auth.secretStore,
  // template tags. Errors name the file and line. (Also used for HTTPEndpoint resources.)
  StatusOr<component::Properties> resolve(const component::ComponentSpec& spec);

 private:
  explicit Runtime(RuntimeOptions options);
  void addBlock(std::unique_ptr<component::BuildingBlock> block);
  Expected<void, Status> addComponent(const Registry& registry,
                                      const component::ComponentSpec& spec);

  RuntimeOptions options_;
  // category -> block, and the order they were added (closed in reverse).
  std::map<std::string, std::unique_ptr<component::BuildingBlock>, std::less<>> blocks_;
  std::vector<component::BuildingBlock*> block_order_;
  invoke::DirectMessaging invocation_;
  std::shared_ptr<resiliency::Resiliency> resiliency_;
  std::vector<ComponentInfo> components_;
  mutable std::mutex extended_mutex_;  // guards extended_
  std::map<std::string, std::string> extended_;
};

// The standalone defaults used when no resources path is given: a SQLite state store named
// "statestore" in `data_dir` (e.g. "./.lichen") and an in-memory pub/sub named "pubsub".
std::vector<component::ComponentSpec> embeddedDefaults(const std::string& data_dir);

// Replaces Dapr's template tags {uuid}, {podName}, {namespace} and {appID} in a metadata value.
std::string expandTemplateTags(const std::string& value, const RuntimeOptions& options);

}  // namespace lichen::runtime
