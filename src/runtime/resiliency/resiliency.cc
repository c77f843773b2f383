#include "runtime/resiliency/resiliency.h"

#include <spdlog/spdlog.h>

#include <array>

namespace lichen::resiliency {
namespace {

constexpr size_t kAppBreakersPerApp = 100;  // daprd's defaultEndpointCacheSize

std::string_view kindName(ComponentKind kind) {
  switch (kind) {
    case ComponentKind::kStatestore:
      return "Statestore";
    case ComponentKind::kPubsub:
      return "Pubsub";
    case ComponentKind::kBinding:
      return "Binding";
    case ComponentKind::kSecretstore:
      return "Secretstore";
    case ComponentKind::kConfiguration:
      return "Configuration";
    case ComponentKind::kLock:
      return "Lock";
  }
  return "";
}

// The first "Default<level><what>Policy" defined in `policies`, the levels in order, then the
// top-level "Default<what>Policy"; empty when none is.
template <typename Map>
std::string defaultName(const Map& policies, const std::vector<std::string>& levels,
                        std::string_view what) {
  for (const std::string& level : levels) {
    std::string name = "Default" + level + std::string(what) + "Policy";
    if (policies.contains(name)) return name;
  }
  std::string top = "Default" + std::string(what) + "Policy";
  return policies.contains(top) ? top : "";
}

}  // namespace

void ResiliencySpec::merge(ResiliencySpec other) {
  for (auto& name : other.names) names.push_back(std::move(name));
  for (auto& [name, value] : other.timeouts) timeouts.insert_or_assign(name, value);
  for (auto& [name, value] : other.retries) retries.insert_or_assign(name, std::move(value));
  for (auto& [name, value] : other.circuit_breakers) {
    circuit_breakers.insert_or_assign(name, std::move(value));
  }
  for (auto& [name, value] : other.apps) apps.insert_or_assign(name, std::move(value));
  for (auto& [name, value] : other.components) components.insert_or_assign(name, std::move(value));
  for (auto& item : other.unsupported) unsupported.push_back(std::move(item));
}

Resiliency::Resiliency(ResiliencySpec spec, std::shared_ptr<Clock> clock)
    : spec_(std::move(spec)), clock_(clock ? std::move(clock) : std::make_shared<SystemClock>()) {
  for (const auto& [name, retry] : spec_.retries) {
    retries_.emplace(name, std::make_shared<const RetryPolicy>(retry));
  }
}

Resiliency::~Resiliency() { shutdown(std::chrono::seconds(0)); }

void Resiliency::shutdown(Duration limit) {
  stopped_.store(true);
  clock_->cancel();
  if (!background_->waitIdle(limit) && limit > Duration::zero()) {
    spdlog::warn("resiliency: calls cut by their timeout are still running at shutdown");
  }
}

Policy Resiliency::appPolicy(const std::string& app_id, const std::string& method) {
  std::string label = "endpoint[" + app_id + ", " + app_id + ":" + method + "]";
  std::string key = "app:" + app_id + ":" + method;
  if (auto it = spec_.apps.find(app_id); it != spec_.apps.end()) {
    return build(std::move(label), it->second, key);
  }
  std::vector<std::string> levels{"App"};
  PolicyNames defaults{defaultName(spec_.timeouts, levels, "Timeout"),
                       defaultName(spec_.retries, levels, "Retry"),
                       defaultName(spec_.circuit_breakers, levels, "CircuitBreaker")};
  return build(std::move(label), defaults, key);
}

Policy Resiliency::componentPolicy(const std::string& name, ComponentKind kind,
                                   Direction direction) {
  bool inbound = direction == Direction::kInbound;
  std::string dir = inbound ? "Inbound" : "Outbound";
  std::string label = "component[" + name + "] " + (inbound ? "input" : "output");
  std::string key = "component:" + name + ":" + dir;
  if (auto it = spec_.components.find(name); it != spec_.components.end()) {
    return build(std::move(label), inbound ? it->second.inbound : it->second.outbound, key);
  }
  std::vector<std::string> levels{std::string(kindName(kind)) + "Component" + dir,
                                  "Component" + dir, "Component"};
  PolicyNames defaults{defaultName(spec_.timeouts, levels, "Timeout"),
                       defaultName(spec_.retries, levels, "Retry"),
                       defaultName(spec_.circuit_breakers, levels, "CircuitBreaker")};
  return build(std::move(label), defaults, key);
}

Policy Resiliency::build(std::string label, const PolicyNames& names,
                         const std::string& breaker_key) {
  std::optional<Duration> timeout;
  if (auto it = spec_.timeouts.find(names.timeout); it != spec_.timeouts.end()) {
    timeout = it->second;
  }
  std::shared_ptr<const RetryPolicy> retry;
  if (auto it = retries_.find(names.retry); it != retries_.end()) retry = it->second;
  std::shared_ptr<CircuitBreaker> breaker;
  if (auto it = spec_.circuit_breakers.find(names.circuit_breaker);
      it != spec_.circuit_breakers.end()) {
    // App breakers are also bounded per app: "app:<appId>" names that set.
    std::string app =
        breaker_key.starts_with("app:") ? breaker_key.substr(0, breaker_key.find(':', 4)) : "";
    breaker = breakerFor(it->first + "-" + breaker_key, app, it->second);
  }
  if (!timeout && !retry && !breaker) return Policy();
  return Policy(std::move(label), timeout, std::move(retry), std::move(breaker), clock_,
                background_);
}

std::shared_ptr<CircuitBreaker> Resiliency::breakerFor(const std::string& key,
                                                       const std::string& app,
                                                       const BreakerSettings& settings) {
  std::lock_guard lock(mutex_);
  auto it = breakers_.find(key);
  if (!app.empty()) {
    std::list<std::string>& order = app_breaker_order_[app];
    if (it != breakers_.end()) {
      order.remove(key);
      order.push_front(key);
      return it->second;
    }
    order.push_front(key);
    if (order.size() > kAppBreakersPerApp) {
      breakers_.erase(order.back());
      order.pop_back();
    }
  } else if (it != breakers_.end()) {
    return it->second;
  }
  auto breaker = std::make_shared<CircuitBreaker>(key, settings, *clock_);
  breakers_.emplace(key, breaker);
  return breaker;
}

Policy componentPolicyOf(Resiliency* resiliency, const std::string& name, ComponentKind kind,
                         Direction direction) {
  return resiliency ? resiliency->componentPolicy(name, kind, direction) : Policy();
}

}  // namespace lichen::resiliency
