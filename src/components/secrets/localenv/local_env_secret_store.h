// secretstores.local.env: secrets from the sidecar's environment, as Dapr's local env store.
// Metadata: prefix (optional) — only variables starting with it are visible, and names are
// given without it. A missing variable reads as an empty value, as in Dapr.
#pragma once

#include <string>

#include "runtime/registry.h"
#include "runtime/secrets/secret_store.h"

namespace lichen::components {

class LocalEnvSecretStore : public secrets::SecretStore {
 public:
  Expected<void, Status> init(const component::Properties& properties) override;
  StatusOr<std::optional<secrets::Secret>> getSecret(const std::string& name,
                                                     const secrets::Metadata& metadata) override;
  StatusOr<std::map<std::string, secrets::Secret>> bulkGetSecret(
      const secrets::Metadata& metadata) override;

 private:
  std::string prefix_;
};

void registerLocalEnvSecretStore(runtime::Registry& registry);

}  // namespace lichen::components
