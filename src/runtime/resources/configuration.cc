#include "runtime/resources/configuration.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace lichen::resources {
namespace {

Unexpected<Status> errorAt(const std::string& file, const YAML::Node& node,
                           const std::string& message) {
  return fail(StatusCode::kInvalidConfig,
              file + ":" + std::to_string(node.Mark().line + 1) + ": " + message);
}

StatusOr<std::vector<std::string>> stringList(const YAML::Node& node, const std::string& file,
                                              const char* what) {
  std::vector<std::string> out;
  if (!node || node.IsNull()) return out;
  if (!node.IsSequence()) return errorAt(file, node, std::string(what) + " must be a list");
  for (const YAML::Node& item : node) {
    if (!item.IsScalar()) return errorAt(file, item, std::string(what) + " must hold strings");
    out.push_back(item.Scalar());
  }
  return out;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// spec.<key>.handlers: [{name, type}], in order (dapr/dapr pkg/config PipelineSpec).
StatusOr<std::vector<PipelineHandler>> pipeline(const YAML::Node& spec, const char* key,
                                                const std::string& file) {
  std::vector<PipelineHandler> handlers;
  YAML::Node section = spec[key];
  if (!section) return handlers;
  YAML::Node list = section.IsMap() ? section["handlers"] : YAML::Node();
  if (!list) return handlers;
  if (!list.IsSequence()) return errorAt(file, list, std::string(key) + ".handlers must be a list");
  for (const YAML::Node& item : list) {
    if (!item.IsMap() || !item["name"] || !item["type"]) {
      return errorAt(file, item, std::string(key) + ".handlers entries need a name and a type");
    }
    handlers.push_back({item["name"].as<std::string>(""), item["type"].as<std::string>("")});
  }
  return handlers;
}

StatusOr<Configuration> parseDocument(const YAML::Node& doc, const std::string& file) {
  Configuration config;
  if (YAML::Node meta = doc["metadata"]; meta && meta.IsMap() && meta["name"]) {
    config.name = meta["name"].as<std::string>("");
  }
  YAML::Node spec = doc["spec"];
  if (!spec || spec.IsNull()) return config;
  if (!spec.IsMap()) return errorAt(file, spec, "Configuration spec must be a map");
  if (YAML::Node secrets = spec["secrets"]; secrets && secrets.IsMap()) {
    YAML::Node scopes = secrets["scopes"];
    if (scopes && !scopes.IsNull()) {
      if (!scopes.IsSequence()) return errorAt(file, scopes, "secrets.scopes must be a list");
      for (const YAML::Node& scope : scopes) {
        if (!scope.IsMap() || !scope["storeName"] || !scope["storeName"].IsScalar()) {
          return errorAt(file, scope, "each secrets.scopes entry needs a storeName");
        }
        SecretScope parsed;
        parsed.store_name = scope["storeName"].Scalar();
        if (YAML::Node access = scope["defaultAccess"]; access && access.IsScalar()) {
          if (equalsIgnoreCase(access.Scalar(), "deny")) {
            parsed.default_deny = true;
          } else if (!equalsIgnoreCase(access.Scalar(), "allow")) {
            return errorAt(file, access, "defaultAccess must be allow or deny");
          }
        }
        LICHEN_ASSIGN_OR_RETURN(parsed.allowed,
                                stringList(scope["allowedSecrets"], file, "allowedSecrets"));
        LICHEN_ASSIGN_OR_RETURN(parsed.denied,
                                stringList(scope["deniedSecrets"], file, "deniedSecrets"));
        config.secret_scopes.push_back(std::move(parsed));
      }
    }
  }
  LICHEN_ASSIGN_OR_RETURN(config.http_pipeline, pipeline(spec, "httpPipeline", file));
  LICHEN_ASSIGN_OR_RETURN(config.app_http_pipeline, pipeline(spec, "appHttpPipeline", file));
  if (YAML::Node features = spec["features"]; features && features.IsSequence()) {
    for (const YAML::Node& feature : features) {
      if (feature.IsMap() && feature["name"] && feature["enabled"] &&
          feature["enabled"].as<std::string>("") == "true") {
        config.enabled_features.push_back(feature["name"].as<std::string>(""));
      }
    }
  }
  return config;
}

}  // namespace

bool SecretScope::allows(const std::string& secret) const {
  auto contains = [&secret](const std::vector<std::string>& list) {
    return std::find(list.begin(), list.end(), secret) != list.end();
  };
  if (!allowed.empty()) return contains(allowed);
  if (contains(denied)) return false;
  return !default_deny;
}

StatusOr<Configuration> parseConfiguration(std::string_view yaml, const std::string& file) {
  // yaml-cpp throws on bad input; the exception stops here and becomes a Status.
  try {
    for (const YAML::Node& doc : YAML::LoadAll(std::string(yaml))) {
      if (!doc || !doc.IsMap() || !doc["kind"] || !doc["kind"].IsScalar()) continue;
      if (doc["kind"].Scalar() == "Configuration") return parseDocument(doc, file);
    }
  } catch (const YAML::Exception& e) {
    return fail(StatusCode::kInvalidConfig,
                file + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg);
  }
  return fail(StatusCode::kInvalidConfig, file + ": no resource of kind Configuration");
}

StatusOr<Configuration> loadConfiguration(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(StatusCode::kInvalidConfig, file + ": cannot read configuration file");
  std::ostringstream text;
  text << in.rdbuf();
  return parseConfiguration(text.str(), file);
}

}  // namespace lichen::resources
