#include "runtime/secrets/secrets_manager.h"

namespace lichen::secrets {

void SecretsManager::addStore(SecretStoreInfo info, std::unique_ptr<SecretStore> store) {
  std::string name = info.name;
  stores_.insert_or_assign(name, Entry{std::move(info), std::move(store)});
}

StatusOr<std::vector<std::string>> SecretsManager::addComponent(
    const component::ComponentId& id, const component::Properties&,
    std::unique_ptr<component::Component> component) {
  LICHEN_ASSIGN_OR_RETURN(
      std::unique_ptr<SecretStore> store,
      component::componentAs<SecretStore>(std::move(component), "secret store"));
  std::vector<std::string> capabilities = store->capabilities();
  addStore({id.name, id.type, id.version, capabilities}, std::move(store));
  return capabilities;
}

std::vector<SecretStoreInfo> SecretsManager::stores() const {
  std::vector<SecretStoreInfo> out;
  for (const auto& [name, entry] : stores_) out.push_back(entry.info);
  return out;
}

StatusOr<SecretsManager::Entry*> SecretsManager::find(const std::string& store) {
  if (stores_.empty()) {
    return fail(StatusCode::kSecretStoresNotConfigured, "secret store is not configured");
  }
  auto it = stores_.find(store);
  if (it == stores_.end()) {
    return fail(StatusCode::kSecretStoreNotFound, "failed finding secret store with key " + store);
  }
  return &it->second;
}

StatusOr<Secret> SecretsManager::get(const std::string& store, const std::string& name,
                                     const Metadata& metadata) {
  LICHEN_TRY(find(store));
  if (policy_ && !policy_(store, name)) {
    return fail(StatusCode::kSecretPermissionDenied,
                "access denied by policy to get \"" + name + "\" from \"" + store + "\"");
  }
  return fetch(store, name, metadata, outbound(store));
}

resiliency::Policy SecretsManager::outbound(const std::string& store) const {
  return resiliency::componentPolicyOf(resiliency_.get(), store,
                                       resiliency::ComponentKind::kSecretstore,
                                       resiliency::Direction::kOutbound);
}

StatusOr<Secret> SecretsManager::getForComponent(const std::string& store,
                                                 const std::string& name) {
  return fetch(store, name, {}, resiliency::Policy());  // start-up: no policy, as daprd
}

StatusOr<Secret> SecretsManager::fetch(const std::string& store, const std::string& name,
                                       const Metadata& metadata, const resiliency::Policy& policy) {
  LICHEN_ASSIGN_OR_RETURN(Entry * entry, find(store));
  // The call owns its copies: a policy timeout may leave it running (resiliency/policy.h).
  auto secret = policy.run<std::optional<Secret>>(
      [raw = entry->store.get(), name, metadata] { return raw->getSecret(name, metadata); });
  if (!secret) {
    return fail(
        secret.error()
            .withContext("failed getting secret with key " + name + " from secret store " + store)
            .withCode(StatusCode::kSecretGet));
  }
  if (!secret->has_value()) {
    return fail(StatusCode::kSecretGet, "failed getting secret with key " + name +
                                            " from secret store " + store + ": secret " + name +
                                            " not found");
  }
  return std::move(**secret);
}

StatusOr<std::map<std::string, Secret>> SecretsManager::bulkGet(const std::string& store,
                                                                const Metadata& metadata) {
  LICHEN_ASSIGN_OR_RETURN(Entry * entry, find(store));
  auto secrets = outbound(store).run<std::map<std::string, Secret>>(
      [raw = entry->store.get(), metadata] { return raw->bulkGetSecret(metadata); });
  if (!secrets) {
    return fail(secrets.error()
                    .withContext("failed getting secrets from secret store " + store)
                    .withCode(StatusCode::kSecretGet));
  }
  if (policy_) {
    std::erase_if(*secrets, [&](const auto& item) { return !policy_(store, item.first); });
  }
  return secrets;
}

}  // namespace lichen::secrets
