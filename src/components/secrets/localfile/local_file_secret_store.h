// secretstores.local.file: secrets from a JSON file, as Dapr's local file store. Metadata:
// secretsFile (required), nestedSeparator (default ":"), multiValued (default false). Nested
// objects and arrays are flattened into "outer:inner" / "list:0" names; with multiValued, each
// top-level key is one secret whose (flattened) members are its keys.
#pragma once

#include <map>
#include <string>

#include "runtime/registry.h"
#include "runtime/secrets/secret_store.h"

namespace lichen::components {

class LocalFileSecretStore : public secrets::SecretStore {
 public:
  Expected<void, Status> init(const component::Properties& properties) override;
  StatusOr<std::optional<secrets::Secret>> getSecret(const std::string& name,
                                                     const secrets::Metadata& metadata) override;
  StatusOr<std::map<std::string, secrets::Secret>> bulkGetSecret(
      const secrets::Metadata& metadata) override;
  std::vector<std::string> capabilities() const override;

 private:
  bool multi_valued_ = false;
  std::map<std::string, secrets::Secret> secrets_;  // read once at init; immutable after
};

void registerLocalFileSecretStore(runtime::Registry& registry);

}  // namespace lichen::components
