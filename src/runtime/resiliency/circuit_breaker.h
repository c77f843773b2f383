// A circuit breaker (spec.policies.circuitBreakers.<name>) with daprd's semantics (sony/gobreaker
// under pkg/resiliency/breaker): closed, it counts results and opens when `trip` holds after a
// failure; open, it refuses every call ("circuit breaker is open") for `timeout`, then turns
// half-open and lets `maxRequests` calls through ("too many requests" beyond): one failure
// opens it again, `maxRequests` consecutive successes close it. Closed, the counts reset every
// `interval` (0: never). Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "runtime/resiliency/clock.h"

namespace lichen::resiliency {

struct BreakerCounts {
  uint32_t requests = 0;
  uint32_t total_successes = 0;
  uint32_t total_failures = 0;
  uint32_t consecutive_successes = 0;
  uint32_t consecutive_failures = 0;
};

// The trip expressions Lichen evaluates: `<count> <op> <integer>` where count is one of
// requests, totalSuccesses, totalFailures, consecutiveSuccesses, consecutiveFailures and op is
// >, >= or ==. daprd takes any CEL; other expressions are refused at load time.
class TripCondition {
 public:
  static StatusOr<TripCondition> parse(std::string_view text);
  bool holds(const BreakerCounts& counts) const;
  const std::string& text() const { return text_; }

 private:
  enum class Op { kGreater, kGreaterEqual, kEqual };
  uint32_t BreakerCounts::*counter_ = &BreakerCounts::consecutive_failures;
  Op op_ = Op::kGreater;
  int64_t threshold_ = 5;
  std::string text_ = "consecutiveFailures > 5";  // gobreaker's default
};

struct BreakerSettings {
  uint32_t max_requests = 1;                    // half-open; 0 means 1
  Duration interval = Duration::zero();         // closed-state count reset; 0 = never
  Duration timeout = std::chrono::seconds(60);  // open before half-open; 0 means 60 s
  TripCondition trip;
};

enum class BreakerState { kClosed, kHalfOpen, kOpen };
std::string_view stateName(BreakerState state);

class CircuitBreaker {
 public:
  CircuitBreaker(std::string name, BreakerSettings settings, Clock& clock);

  // Before a call: the generation to report the result to, or daprd's error when the breaker
  // refuses the call.
  StatusOr<uint64_t> admit();
  // After an admitted call. A result from an older generation is ignored, as gobreaker does.
  void record(uint64_t generation, bool success);
  BreakerState state();
  const std::string& name() const { return name_; }

 private:
  void refresh(TimePoint now);  // open -> half-open after timeout; closed interval reset
  void moveTo(BreakerState state, TimePoint now);
  void newGeneration(TimePoint now);

  std::string name_;
  BreakerSettings settings_;
  Clock& clock_;
  std::mutex mutex_;  // guards the four below
  BreakerState state_ = BreakerState::kClosed;
  uint64_t generation_ = 0;
  BreakerCounts counts_;
  std::optional<TimePoint> expiry_;  // closed: next count reset; open: when to half-open
};

// The errors a refusing breaker gives (gobreaker's ErrOpenState / ErrTooManyRequests texts).
inline constexpr std::string_view kBreakerOpen = "circuit breaker is open";
inline constexpr std::string_view kTooManyRequests = "too many requests";
bool isBreakerRejection(const Status& status);

}  // namespace lichen::resiliency
