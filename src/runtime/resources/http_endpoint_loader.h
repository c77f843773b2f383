// HTTPEndpoint resources (kind: HTTPEndpoint, apiVersion dapr.io/v1alpha1): a name for a
// service outside Dapr that /v1.0/invoke/<name>/method/... reaches at spec.baseUrl, with
// spec.headers added to every call (values, envRef or secretKeyRef through auth.secretStore)
// and optional spec.clientTLS (rootCA, certificate, privateKey).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "runtime/component/component_spec.h"

namespace lichen::resources {

struct DeclaredHttpEndpoint {
  std::string name;
  std::string base_url;  // http:// or https://
  // Headers, then clientTLS's rootCA / certificate / privateKey as items named "tls.rootCA",
  // "tls.certificate" and "tls.privateKey": one list the runtime resolves like a component's.
  std::vector<component::MetadataItem> items;
  std::string secret_store;  // auth.secretStore
  std::vector<std::string> scopes;
  std::string file;
  uint32_t line = 0;
};

StatusOr<std::vector<DeclaredHttpEndpoint>> parseHttpEndpoints(std::string_view yaml,
                                                               const std::string& file);
StatusOr<std::vector<DeclaredHttpEndpoint>> loadHttpEndpoints(
    const std::vector<std::string>& paths);

}  // namespace lichen::resources
