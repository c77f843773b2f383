// Dapr's Configuration resource (kind: Configuration, --config FILE). Lichen applies
// spec.secrets.scopes (secret access policies), spec.httpPipeline and spec.appHttpPipeline
// (middleware, run by the sidecar) and records spec.features; other sections are accepted and
// ignored for now.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace lichen::resources {

// One entry of spec.secrets.scopes (dapr/dapr pkg/config SecretsScope).
struct SecretScope {
  std::string store_name;
  bool default_deny = false;  // defaultAccess: deny
  std::vector<std::string> allowed;
  std::vector<std::string> denied;

  // daprd's IsSecretAllowed: a non-empty allow list decides alone; then the deny list; then
  // the default.
  bool allows(const std::string& secret) const;
};

// One handler of spec.httpPipeline / spec.appHttpPipeline: a middleware component.
struct PipelineHandler {
  std::string name;
  std::string type;  // "middleware.http.wasm"
};

struct Configuration {
  std::string name;
  std::vector<SecretScope> secret_scopes;
  std::vector<std::string> enabled_features;       // spec.features with enabled: true
  std::vector<PipelineHandler> http_pipeline;      // on requests to Lichen's API, in order
  std::vector<PipelineHandler> app_http_pipeline;  // on requests to the app, in order
};

StatusOr<Configuration> parseConfiguration(std::string_view yaml, const std::string& file);
StatusOr<Configuration> loadConfiguration(const std::string& file);

}  // namespace lichen::resources
