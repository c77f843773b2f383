// The secret store component interface, mirroring Dapr's secretstores.SecretStore.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "common/status.h"
#include "runtime/component/component.h"
#include "runtime/component/properties.h"

namespace lichen::secrets {

using Metadata = std::map<std::string, std::string>;
// One secret: for name/value stores {name: value}, for multi-valued stores {key: value, ...}.
using Secret = std::map<std::string, std::string>;

class SecretStore : public component::Component {
 public:
  // nullopt when the store has no secret of that name.
  virtual StatusOr<std::optional<Secret>> getSecret(const std::string& name,
                                                    const Metadata& metadata) = 0;
  // Every secret the store holds, by name.
  virtual StatusOr<std::map<std::string, Secret>> bulkGetSecret(const Metadata& metadata) = 0;
  // Dapr reports these as the component's capabilities (e.g. "MULTIPLE_KEY_VALUES_PER_SECRET").
  virtual std::vector<std::string> capabilities() const { return {}; }
};

}  // namespace lichen::secrets
