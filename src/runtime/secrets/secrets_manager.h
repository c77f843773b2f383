// The secrets building block: named secret stores with Dapr's error codes and messages.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "runtime/secrets/secret_store.h"

namespace lichen::secrets {

struct SecretStoreInfo {
  std::string name;
  std::string type;
  std::string version;
  std::vector<std::string> capabilities;
};

class SecretsManager {
 public:
  void addStore(SecretStoreInfo info, std::unique_ptr<SecretStore> store);
  std::vector<SecretStoreInfo> stores() const;
  bool hasStore(const std::string& name) const { return stores_.contains(name); }

  // A missing secret is an error (kSecretGet), as with Dapr's local stores.
  StatusOr<Secret> get(const std::string& store, const std::string& name, const Metadata& metadata);
  StatusOr<std::map<std::string, Secret>> bulkGet(const std::string& store,
                                                  const Metadata& metadata);

 private:
  struct Entry {
    SecretStoreInfo info;
    std::unique_ptr<SecretStore> store;
  };
  StatusOr<Entry*> find(const std::string& store);

  std::map<std::string, Entry> stores_;  // filled at start-up, read-only while serving
};

}  // namespace lichen::secrets
