// A component as declared in Dapr resource YAML (kind: Component), before it is built.
// Secret references are kept unresolved here; the runtime resolves them through secret stores.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lichen::component {

struct SecretKeyRef {
  std::string name;  // secret name in the store
  std::string key;   // key inside the secret; empty means "same as name"
};

struct MetadataItem {
  std::string name;
  std::string value;
  std::optional<SecretKeyRef> secret_key_ref;
  std::string env_ref;  // `envRef`: take the value from this environment variable
  uint32_t line = 0;    // 1-based line in the source file, 0 when not from a file
};

struct ComponentSpec {
  std::string name;          // metadata.name
  std::string type;          // spec.type, e.g. "state.sqlite"
  std::string version;       // spec.version, e.g. "v1"
  std::string namespace_;    // metadata.namespace
  std::string secret_store;  // auth.secretStore
  bool ignore_errors = false;
  std::vector<MetadataItem> metadata;
  std::vector<std::string> scopes;
  std::string file;  // where it was declared, for error messages
  uint32_t line = 0;

  // "file:line" (or "component NAME" when not from a file), the prefix of every error about it.
  std::string where() const {
    if (file.empty()) return "component " + name;
    return file + ":" + std::to_string(line);
  }
  // The category, i.e. the part of the type before the first dot ("state", "secretstores").
  std::string category() const { return type.substr(0, type.find('.')); }
};

}  // namespace lichen::component
