// Declarative subscriptions (kind: Subscription, apiVersion dapr.io/v2alpha1 with spec.routes,
// or the deprecated dapr.io/v1alpha1 with spec.route) from the resources paths.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "runtime/pubsub/pubsub_manager.h"

namespace lichen::resources {

struct DeclaredSubscription {
  pubsub::Subscription subscription;
  std::vector<std::string> scopes;  // app ids; empty = every app
  std::string where;                // file:line
};

StatusOr<std::vector<DeclaredSubscription>> parseSubscriptions(std::string_view yaml,
                                                               const std::string& file);
StatusOr<std::vector<DeclaredSubscription>> loadSubscriptions(
    const std::vector<std::string>& paths);

}  // namespace lichen::resources
