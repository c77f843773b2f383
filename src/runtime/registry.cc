#include "runtime/registry.h"

namespace lichen::runtime {
namespace {

bool versionSupported(const std::string& version) { return version.empty() || version == "v1"; }

}  // namespace

void Registry::addStateStore(std::string type, StateStoreFactory factory) {
  state_.insert_or_assign(std::move(type), std::move(factory));
}

void Registry::addSecretStore(std::string type, SecretStoreFactory factory) {
  secrets_.insert_or_assign(std::move(type), std::move(factory));
}

std::unique_ptr<state::StateStore> Registry::createStateStore(const std::string& type,
                                                              const std::string& version) const {
  auto it = state_.find(type);
  if (it == state_.end() || !versionSupported(version)) return nullptr;
  return it->second();
}

std::unique_ptr<secrets::SecretStore> Registry::createSecretStore(
    const std::string& type, const std::string& version) const {
  auto it = secrets_.find(type);
  if (it == secrets_.end() || !versionSupported(version)) return nullptr;
  return it->second();
}

void Registry::addPubSub(std::string type, PubSubFactory factory) {
  pubsubs_.insert_or_assign(std::move(type), std::move(factory));
}

std::unique_ptr<pubsub::PubSub> Registry::createPubSub(const std::string& type,
                                                       const std::string& version) const {
  auto it = pubsubs_.find(type);
  if (it == pubsubs_.end() || !versionSupported(version)) return nullptr;
  return it->second();
}

bool Registry::knows(const std::string& type) const {
  return state_.contains(type) || secrets_.contains(type) || pubsubs_.contains(type);
}

std::vector<std::string> Registry::types() const {
  std::vector<std::string> out;
  for (const auto& [type, factory] : state_) out.push_back(type);
  for (const auto& [type, factory] : secrets_) out.push_back(type);
  for (const auto& [type, factory] : pubsubs_) out.push_back(type);
  return out;
}

}  // namespace lichen::runtime
