#include "runtime/resources/resource_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lichen::resources {
namespace {

using component::ComponentSpec;
using component::MetadataItem;

uint32_t lineOf(const YAML::Node& node) { return static_cast<uint32_t>(node.Mark().line + 1); }

Unexpected<Status> errorAt(const std::string& file, uint32_t line, const std::string& message) {
  return fail(StatusCode::kInvalidConfig, file + ":" + std::to_string(line) + ": " + message);
}

// A scalar child as a string; empty when absent. `ok` turns false when present but not scalar.
std::string scalar(const YAML::Node& parent, const char* key, bool& ok) {
  YAML::Node node = parent[key];
  if (!node || node.IsNull()) return "";
  if (!node.IsScalar()) {
    ok = false;
    return "";
  }
  return node.Scalar();
}

}  // namespace

StatusOr<MetadataItem> parseMetadataItem(const YAML::Node& node, const std::string& file,
                                         const std::string& component) {
  MetadataItem item;
  item.line = lineOf(node);
  if (!node.IsMap()) {
    return errorAt(
        file, item.line,
        "component '" + component + "': spec.metadata entries must be maps with name and value");
  }
  bool ok = true;
  item.name = scalar(node, "name", ok);
  item.value = scalar(node, "value", ok);
  item.env_ref = scalar(node, "envRef", ok);
  if (!ok) {
    return errorAt(
        file, item.line,
        "component '" + component + "': metadata name, value and envRef must be scalars");
  }
  if (item.name.empty()) {
    return errorAt(file, item.line, "component '" + component + "': metadata entry without a name");
  }
  if (YAML::Node ref = node["secretKeyRef"]; ref && !ref.IsNull()) {
    if (!ref.IsMap()) {
      return errorAt(file, lineOf(ref),
                     "component '" + component + "': secretKeyRef of '" + item.name +
                         "' must be a map with name and key");
    }
    component::SecretKeyRef secret_ref;
    secret_ref.name = scalar(ref, "name", ok);
    secret_ref.key = scalar(ref, "key", ok);
    if (!ok || secret_ref.name.empty()) {
      return errorAt(
          file, lineOf(ref),
          "component '" + component + "': secretKeyRef of '" + item.name + "' needs a secret name");
    }
    item.secret_key_ref = std::move(secret_ref);
  }
  return item;
}

namespace {

StatusOr<ComponentSpec> parseComponent(const YAML::Node& doc, const std::string& file) {
  ComponentSpec spec;
  spec.file = file;
  spec.line = lineOf(doc);
  bool ok = true;
  std::string api_version = scalar(doc, "apiVersion", ok);
  if (api_version != "dapr.io/v1alpha1") {
    return errorAt(file, spec.line,
                   "Component needs apiVersion dapr.io/v1alpha1, got '" + api_version + "'");
  }
  YAML::Node meta = doc["metadata"];
  if (meta && meta.IsMap()) {
    spec.name = scalar(meta, "name", ok);
    spec.namespace_ = scalar(meta, "namespace", ok);
  }
  if (!ok || spec.name.empty()) return errorAt(file, spec.line, "Component without metadata.name");
  YAML::Node spec_node = doc["spec"];
  if (!spec_node || !spec_node.IsMap()) {
    return errorAt(file, spec.line, "component '" + spec.name + "' has no spec");
  }
  spec.type = scalar(spec_node, "type", ok);
  spec.version = scalar(spec_node, "version", ok);
  std::string ignore_errors = scalar(spec_node, "ignoreErrors", ok);
  if (!ok) {
    return errorAt(
        file, lineOf(spec_node),
        "component '" + spec.name + "': spec.type, spec.version and ignoreErrors must be scalars");
  }
  if (spec.type.empty() || spec.type.find('.') == std::string::npos) {
    return errorAt(file, lineOf(spec_node),
                   "component '" + spec.name + "': spec.type must be <category>.<name>, got '" +
                       spec.type + "'");
  }
  spec.ignore_errors = ignore_errors == "true" || ignore_errors == "True";
  if (YAML::Node items = spec_node["metadata"]; items && !items.IsNull()) {
    if (!items.IsSequence()) {
      return errorAt(file, lineOf(items),
                     "component '" + spec.name + "': spec.metadata must be a list");
    }
    for (const YAML::Node& node : items) {
      LICHEN_ASSIGN_OR_RETURN(MetadataItem item, parseMetadataItem(node, file, spec.name));
      spec.metadata.push_back(std::move(item));
    }
  }
  if (YAML::Node auth = doc["auth"]; auth && auth.IsMap()) {
    spec.secret_store = scalar(auth, "secretStore", ok);
  }
  if (YAML::Node scopes = doc["scopes"]; scopes && !scopes.IsNull()) {
    if (!scopes.IsSequence()) {
      return errorAt(file, lineOf(scopes), "component '" + spec.name + "': scopes must be a list");
    }
    for (const YAML::Node& scope : scopes) {
      if (!scope.IsScalar()) return errorAt(file, lineOf(scope), "scopes must be app ids");
      spec.scopes.push_back(scope.Scalar());
    }
  }
  return spec;
}

}  // namespace

StatusOr<std::vector<ComponentSpec>> parseComponents(std::string_view yaml,
                                                     const std::string& file) {
  // yaml-cpp reports errors by throwing; they stop here and become a Status.
  try {
    std::vector<YAML::Node> docs = YAML::LoadAll(std::string(yaml));
    std::vector<ComponentSpec> specs;
    for (const YAML::Node& doc : docs) {
      if (!doc || doc.IsNull()) continue;
      if (!doc.IsMap()) return errorAt(file, lineOf(doc), "a resource must be a YAML map");
      YAML::Node kind = doc["kind"];
      if (!kind || !kind.IsScalar()) return errorAt(file, lineOf(doc), "resource without kind");
      if (kind.Scalar() != "Component") continue;
      LICHEN_ASSIGN_OR_RETURN(ComponentSpec spec, parseComponent(doc, file));
      specs.push_back(std::move(spec));
    }
    return specs;
  } catch (const YAML::Exception& e) {
    return errorAt(file, static_cast<uint32_t>(e.mark.line + 1), "invalid YAML: " + e.msg);
  }
}

StatusOr<std::vector<std::string>> resourceFiles(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (const fs::directory_entry& entry : fs::directory_iterator(path, ec)) {
        std::string ext = entry.path().extension().string();
        if (entry.is_regular_file(ec) && (ext == ".yaml" || ext == ".yml")) {
          found.push_back(entry.path().string());
        }
      }
      if (ec) return fail(StatusCode::kInvalidConfig, path + ": " + ec.message());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(path, ec)) {
      files.push_back(path);
    } else {
      return fail(StatusCode::kInvalidConfig, path + ": no such resources file or folder");
    }
  }
  return files;
}

StatusOr<std::string> readResourceFile(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(StatusCode::kInvalidConfig, file + ": cannot read file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

StatusOr<std::vector<ComponentSpec>> loadComponents(const std::vector<std::string>& paths) {
  LICHEN_ASSIGN_OR_RETURN(std::vector<std::string> files, resourceFiles(paths));
  std::vector<ComponentSpec> all;
  for (const std::string& file : files) {
    LICHEN_ASSIGN_OR_RETURN(std::string text, readResourceFile(file));
    LICHEN_ASSIGN_OR_RETURN(std::vector<ComponentSpec> specs, parseComponents(text, file));
    for (ComponentSpec& spec : specs) {
      for (const ComponentSpec& seen : all) {
        if (seen.name == spec.name && seen.category() == spec.category()) {
          return fail(StatusCode::kInvalidConfig, spec.where() + ": component '" + spec.name +
                                                      "' is already declared at " + seen.where());
        }
      }
      all.push_back(std::move(spec));
    }
  }
  return all;
}

}  // namespace lichen::resources
