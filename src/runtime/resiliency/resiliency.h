// The resiliency engine: the merged Resiliency resources of this app id, and the policies the
// runtime runs its calls under. Lookups follow daprd's pkg/resiliency/resiliency.go: a target
// named in `targets` uses exactly the policies it names; any other target uses the default
// policies, the most specific defined name first (DefaultAppRetryPolicy, then DefaultRetryPolicy;
// Default<Type>Component<Direction>..., Default Component<Direction>..., DefaultComponent...,
// then Default...). Circuit breakers keep their state per app method ("<appId>:<method>", at
// most 100 per app, least recently used dropped) and per component and direction.
#pragma once

#include <atomic>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "runtime/resiliency/policy.h"
#include "runtime/resiliency/resiliency_spec.h"

namespace lichen::resiliency {

enum class ComponentKind { kStatestore, kPubsub, kBinding, kSecretstore, kConfiguration, kLock };
enum class Direction { kInbound, kOutbound };

class Resiliency {
 public:
  explicit Resiliency(ResiliencySpec spec, std::shared_ptr<Clock> clock = nullptr);
  ~Resiliency();

  // Service invocation of `app_id`'s `method`.
  Policy appPolicy(const std::string& app_id, const std::string& method);
  Policy componentPolicy(const std::string& name, ComponentKind kind, Direction direction);
  const ResiliencySpec& spec() const { return spec_; }

  // Ends retry waits, then waits up to `limit` for timed-out calls still running. Retries
  // after this make no more attempts.
  void shutdown(Duration limit);
  bool stopped() const { return stopped_.load(); }

 private:
  Policy build(std::string label, const PolicyNames& names, const std::string& breaker_key);
  std::shared_ptr<CircuitBreaker> breakerFor(const std::string& key, const std::string& app,
                                             const BreakerSettings& settings);

  ResiliencySpec spec_;
  std::shared_ptr<Clock> clock_;
  std::shared_ptr<BackgroundCalls> background_ = std::make_shared<BackgroundCalls>();
  std::atomic<bool> stopped_{false};
  std::map<std::string, std::shared_ptr<const RetryPolicy>> retries_;
  std::mutex mutex_;  // guards the breakers below
  std::map<std::string, std::shared_ptr<CircuitBreaker>> breakers_;
  std::map<std::string, std::list<std::string>> app_breaker_order_;  // most recent first
};

// `resiliency`'s policy for a component, or an empty one when there is no engine.
Policy componentPolicyOf(Resiliency* resiliency, const std::string& name, ComponentKind kind,
                         Direction direction);

}  // namespace lichen::resiliency
