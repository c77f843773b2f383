// The secrets building block: named secret stores with Dapr's error codes and messages.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "runtime/component/building_block.h"
#include "runtime/resiliency/resiliency.h"
#include "runtime/secrets/secret_store.h"

namespace lichen::secrets {

struct SecretStoreInfo {
  std::string name;
  std::string type;
  std::string version;
  std::vector<std::string> capabilities;
};

class SecretsManager : public component::BuildingBlock {
 public:
  static constexpr std::string_view kCategory = "secretstores";
  std::string_view category() const override { return kCategory; }
  StatusOr<std::vector<std::string>> addComponent(
      const component::ComponentId& id, const component::Properties& properties,
      std::unique_ptr<component::Component> component) override;

  void addStore(SecretStoreInfo info, std::unique_ptr<SecretStore> store);
  std::vector<SecretStoreInfo> stores() const;
  bool hasStore(const std::string& name) const { return stores_.contains(name); }

  // Which secrets the application may read (Configuration spec.secrets.scopes); unset = all.
  using AccessPolicy = std::function<bool(const std::string& store, const std::string& secret)>;
  void setAccessPolicy(AccessPolicy policy) { policy_ = std::move(policy); }
  // Store calls run under the store's outbound resiliency policy. Set before serving.
  void setResiliency(std::shared_ptr<resiliency::Resiliency> resiliency) {
    resiliency_ = std::move(resiliency);
  }

  // For the application: a denied secret is kSecretPermissionDenied (403); a missing secret is
  // kSecretGet, as with Dapr's local stores. bulkGet leaves out denied secrets.
  StatusOr<Secret> get(const std::string& store, const std::string& name, const Metadata& metadata);
  StatusOr<std::map<std::string, Secret>> bulkGet(const std::string& store,
                                                  const Metadata& metadata);
  // For the runtime resolving secretKeyRef in component metadata: no application policy.
  StatusOr<Secret> getForComponent(const std::string& store, const std::string& name);

 private:
  struct Entry {
    SecretStoreInfo info;
    std::unique_ptr<SecretStore> store;
  };
  StatusOr<Entry*> find(const std::string& store);
  resiliency::Policy outbound(const std::string& store) const;

  StatusOr<Secret> fetch(const std::string& store, const std::string& name,
                         const Metadata& metadata, const resiliency::Policy& policy);

  std::map<std::string, Entry> stores_;  // filled at start-up, read-only while serving
  AccessPolicy policy_;
  std::shared_ptr<resiliency::Resiliency> resiliency_;
};

}  // namespace lichen::secrets
