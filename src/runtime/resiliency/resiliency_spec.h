// What Resiliency resources declare (dapr.io/v1alpha1 kind Resiliency, daprd's
// pkg/apis/resiliency/v1alpha1), parsed and checked: named policies and the targets that use
// them. Several resources merge; a later one replaces policies and targets of the same name.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "runtime/resiliency/circuit_breaker.h"
#include "runtime/resiliency/clock.h"
#include "runtime/resiliency/retry.h"

namespace lichen::resiliency {

// The policy names a target uses; empty = none of that kind.
struct PolicyNames {
  std::string timeout;
  std::string retry;
  std::string circuit_breaker;
};

struct ComponentTargets {
  PolicyNames inbound;   // deliveries from the component to the app (pub/sub subscriptions)
  PolicyNames outbound;  // calls into the component (state, publish, output bindings)
};

struct ResiliencySpec {
  std::vector<std::string> names;  // metadata.name of each resource, for logs
  std::map<std::string, Duration> timeouts;
  std::map<std::string, RetryPolicy> retries;
  std::map<std::string, BreakerSettings> circuit_breakers;
  std::map<std::string, PolicyNames> apps;             // targets.apps.<appId>
  std::map<std::string, ComponentTargets> components;  // targets.components.<name>
  std::vector<std::string> unsupported;  // sections read but not applied (targets.actors)

  bool empty() const { return timeouts.empty() && retries.empty() && circuit_breakers.empty(); }
  void merge(ResiliencySpec other);
};

}  // namespace lichen::resiliency
