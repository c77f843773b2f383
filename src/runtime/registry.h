// The component registry: component type name -> factory. Built explicitly in main from the
// components' register functions (e.g. components::registerSqliteState); no static
// self-registration, so nothing is silently dropped when linking static libraries.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "runtime/pubsub/pubsub.h"
#include "runtime/secrets/secret_store.h"
#include "runtime/state/state_store.h"

namespace lichen::runtime {

using StateStoreFactory = std::function<std::unique_ptr<state::StateStore>()>;
using SecretStoreFactory = std::function<std::unique_ptr<secrets::SecretStore>()>;
using PubSubFactory = std::function<std::unique_ptr<pubsub::PubSub>()>;

class Registry {
 public:
  // `type` is the full Dapr type, e.g. "state.sqlite"; components are version v1.
  void addStateStore(std::string type, StateStoreFactory factory);
  void addSecretStore(std::string type, SecretStoreFactory factory);
  void addPubSub(std::string type, PubSubFactory factory);

  // nullptr when the type (or version) is unknown. An empty version means v1, as in Dapr.
  std::unique_ptr<state::StateStore> createStateStore(const std::string& type,
                                                      const std::string& version) const;
  std::unique_ptr<secrets::SecretStore> createSecretStore(const std::string& type,
                                                          const std::string& version) const;
  std::unique_ptr<pubsub::PubSub> createPubSub(const std::string& type,
                                               const std::string& version) const;
  bool knows(const std::string& type) const;
  std::vector<std::string> types() const;

 private:
  std::map<std::string, StateStoreFactory> state_;
  std::map<std::string, SecretStoreFactory> secrets_;
  std::map<std::string, PubSubFactory> pubsubs_;
};

}  // namespace lichen::runtime
