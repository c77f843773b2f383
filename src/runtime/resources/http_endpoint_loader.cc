#include "runtime/resources/http_endpoint_loader.h"

#include <yaml-cpp/yaml.h>

#include "runtime/resources/resource_loader.h"

namespace lichen::resources {
namespace {

uint32_t lineOf(const YAML::Node& node) { return static_cast<uint32_t>(node.Mark().line + 1); }

Unexpected<Status> errorAt(const std::string& file, uint32_t line, const std::string& message) {
  return fail(StatusCode::kInvalidConfig, file + ":" + std::to_string(line) + ": " + message);
}

std::string scalarOr(const YAML::Node& parent, const char* key) {
  YAML::Node node = parent[key];
  return node && node.IsScalar() ? node.Scalar() : "";
}

StatusOr<DeclaredHttpEndpoint> parseEndpoint(const YAML::Node& doc, const std::string& file) {
  DeclaredHttpEndpoint endpoint;
  endpoint.file = file;
  endpoint.line = lineOf(doc);
  if (scalarOr(doc, "apiVersion") != "dapr.io/v1alpha1") {
    return errorAt(file, endpoint.line, "HTTPEndpoint needs apiVersion dapr.io/v1alpha1");
  }
  if (YAML::Node meta = doc["metadata"]; meta && meta.IsMap())
    endpoint.name = scalarOr(meta, "name");
  if (endpoint.name.empty())
    return errorAt(file, endpoint.line, "HTTPEndpoint without metadata.name");
  std::string what = "HTTPEndpoint '" + endpoint.name + "'";
  YAML::Node spec = doc["spec"];
  if (!spec || !spec.IsMap()) return errorAt(file, endpoint.line, what + " has no spec");
  endpoint.base_url = scalarOr(spec, "baseUrl");
  if (endpoint.base_url.rfind("http://", 0) != 0 && endpoint.base_url.rfind("https://", 0) != 0) {
    YAML::Node at = spec["baseUrl"] ? spec["baseUrl"] : spec;
    return errorAt(file, lineOf(at),
                   what + ": spec.baseUrl must be an http:// or https:// URL, got '" +
                       endpoint.base_url + "'");
  }
  while (endpoint.base_url.size() > 8 && endpoint.base_url.back() == '/')
    endpoint.base_url.pop_back();
  if (YAML::Node headers = spec["headers"]; headers && !headers.IsNull()) {
    if (!headers.IsSequence())
      return errorAt(file, lineOf(headers), what + ": spec.headers must be a list");
    for (const YAML::Node& node : headers) {
      LICHEN_ASSIGN_OR_RETURN(component::MetadataItem item,
                              parseMetadataItem(node, file, endpoint.name));
      endpoint.items.push_back(std::move(item));
    }
  }
  if (YAML::Node tls = spec["clientTLS"]; tls && !tls.IsNull()) {
    if (!tls.IsMap()) return errorAt(file, lineOf(tls), what + ": spec.clientTLS must be a map");
    for (const char* field : {"rootCA", "certificate", "privateKey"}) {
      YAML::Node node = tls[field];
      if (!node || node.IsNull()) continue;
      YAML::Node named = YAML::Clone(node);
      if (named.IsMap()) named["name"] = std::string("tls.") + field;
      LICHEN_ASSIGN_OR_RETURN(component::MetadataItem item,
                              parseMetadataItem(named, file, endpoint.name));
      endpoint.items.push_back(std::move(item));
    }
  }
  if (YAML::Node auth = doc["auth"]; auth && auth.IsMap())
    endpoint.secret_store = scalarOr(auth, "secretStore");
  if (YAML::Node scopes = doc["scopes"]; scopes && !scopes.IsNull()) {
    if (!scopes.IsSequence())
      return errorAt(file, lineOf(scopes), what + ": scopes must be a list");
    for (const YAML::Node& scope : scopes) endpoint.scopes.push_back(scope.as<std::string>(""));
  }
  return endpoint;
}

}  // namespace

StatusOr<std::vector<DeclaredHttpEndpoint>> parseHttpEndpoints(std::string_view yaml,
                                                               const std::string& file) {
  // yaml-cpp reports errors by throwing; they stop here and become a Status.
  try {
    std::vector<DeclaredHttpEndpoint> endpoints;
    for (const YAML::Node& doc : YAML::LoadAll(std::string(yaml))) {
      if (!doc || !doc.IsMap() || scalarOr(doc, "kind") != "HTTPEndpoint") continue;
      LICHEN_ASSIGN_OR_RETURN(DeclaredHttpEndpoint endpoint, parseEndpoint(doc, file));
      endpoints.push_back(std::move(endpoint));
    }
    return endpoints;
  } catch (const YAML::Exception& e) {
    return errorAt(file, static_cast<uint32_t>(e.mark.line + 1), "invalid YAML: " + e.msg);
  }
}

StatusOr<std::vector<DeclaredHttpEndpoint>> loadHttpEndpoints(
    const std::vector<std::string>& paths) {
  LICHEN_ASSIGN_OR_RETURN(std::vector<std::string> files, resourceFiles(paths));
  std::vector<DeclaredHttpEndpoint> all;
  for (const std::string& file : files) {
    LICHEN_ASSIGN_OR_RETURN(std::string text, readResourceFile(file));
    LICHEN_ASSIGN_OR_RETURN(std::vector<DeclaredHttpEndpoint> found,
                            parseHttpEndpoints(text, file));
    for (DeclaredHttpEndpoint& endpoint : found) {
      for (const DeclaredHttpEndpoint& seen : all) {
        if (seen.name == endpoint.name) {
          return errorAt(endpoint.file, endpoint.line,
                         "HTTPEndpoint '" + endpoint.name + "' is already declared at " +
                             seen.file + ":" + std::to_string(seen.line));
        }
      }
      all.push_back(std::move(endpoint));
    }
  }
  return all;
}

}  // namespace lichen::resources
