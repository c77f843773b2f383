#include "components/secrets/localenv/local_env_secret_store.h"

#include <cstdlib>

extern char** environ;  // POSIX: the process environment

namespace lichen::components {

Expected<void, Status> LocalEnvSecretStore::init(const component::Properties& properties) {
  prefix_ = properties.getOr("prefix", "");
  return {};
}

StatusOr<std::optional<secrets::Secret>> LocalEnvSecretStore::getSecret(const std::string& name,
                                                                        const secrets::Metadata&) {
  const char* value = std::getenv((prefix_ + name).c_str());
  return std::optional<secrets::Secret>(secrets::Secret{{name, value ? value : ""}});
}

StatusOr<std::map<std::string, secrets::Secret>> LocalEnvSecretStore::bulkGetSecret(
    const secrets::Metadata&) {
  std::map<std::string, secrets::Secret> out;
  for (char** env = environ; env && *env; ++env) {
    std::string entry(*env);
    size_t eq = entry.find('=');
    if (eq == std::string::npos || entry.compare(0, prefix_.size(), prefix_) != 0) continue;
    std::string name = entry.substr(prefix_.size(), eq - prefix_.size());
    if (name.empty()) continue;
    out[name] = {{name, entry.substr(eq + 1)}};
  }
  return out;
}

void registerLocalEnvSecretStore(runtime::Registry& registry) {
  registry.add("secretstores.local.env", [] { return std::make_unique<LocalEnvSecretStore>(); });
}

}  // namespace lichen::components
