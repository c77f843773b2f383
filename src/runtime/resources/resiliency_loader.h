// Resiliency resources (apiVersion dapr.io/v1alpha1, kind: Resiliency) from the resources
// paths. A resource applies when its `scopes` list this app id or is absent. Every value is
// checked when loaded; an error names the file, line and field
// ("res.yaml:9: resiliency 'r': spec.policies.retries.fast.maxRetries: ...") and stops the
// sidecar from starting (daprd logs such a resource and runs without it).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "runtime/resiliency/resiliency_spec.h"

namespace lichen::resources {

// A policy name a target uses, checked once all resources are merged.
struct PolicyReference {
  std::string kind;  // "timeout", "retry", "circuitBreaker"
  std::string name;
  std::string where;  // "file:line: resiliency 'r': targets.apps.b.retry"
};

struct DeclaredResiliency {
  resiliency::ResiliencySpec spec;
  std::vector<std::string> scopes;  // app ids; empty = every app
  std::vector<PolicyReference> references;
};

StatusOr<std::vector<DeclaredResiliency>> parseResiliency(std::string_view yaml,
                                                          const std::string& file);
// Checks that every reference names a policy `spec` defines.
Expected<void, Status> checkReferences(const resiliency::ResiliencySpec& spec,
                                       const std::vector<PolicyReference>& references);
// The merged resources under `paths` that apply to `app_id` (in file order; later ones win).
StatusOr<resiliency::ResiliencySpec> loadResiliency(const std::vector<std::string>& paths,
                                                    const std::string& app_id);

}  // namespace lichen::resources
