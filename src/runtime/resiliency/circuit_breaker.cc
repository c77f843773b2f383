#include "runtime/resiliency/circuit_breaker.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <utility>

namespace lichen::resiliency {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

StatusOr<TripCondition> TripCondition::parse(std::string_view text) {
  static constexpr std::pair<std::string_view, uint32_t BreakerCounts::*> kCounters[] = {
      {"requests", &BreakerCounts::requests},
      {"totalSuccesses", &BreakerCounts::total_successes},
      {"totalFailures", &BreakerCounts::total_failures},
      {"consecutiveSuccesses", &BreakerCounts::consecutive_successes},
      {"consecutiveFailures", &BreakerCounts::consecutive_failures}};
  std::string shown(trim(text));
  auto refuse = [&shown]() {
    return fail(StatusCode::kInvalidConfig,
                "trip '" + shown +
                    "' is not supported: Lichen evaluates '<counter> > N', '>= N' or '== N' "
                    "with counter one of requests, totalSuccesses, totalFailures, "
                    "consecutiveSuccesses, consecutiveFailures");
  };
  std::string_view rest = trim(text);
  TripCondition out;
  out.text_ = shown;
  bool found = false;
  for (const auto& [name, member] : kCounters) {
    if (rest.starts_with(name)) {
      out.counter_ = member;
      rest = trim(rest.substr(name.size()));
      found = true;
      break;
    }
  }
  if (!found) return refuse();
  if (rest.starts_with(">=")) {
    out.op_ = Op::kGreaterEqual;
    rest.remove_prefix(2);
  } else if (rest.starts_with("==")) {
    out.op_ = Op::kEqual;
    rest.remove_prefix(2);
  } else if (rest.starts_with(">")) {
    out.op_ = Op::kGreater;
    rest.remove_prefix(1);
  } else {
    return refuse();
  }
  rest = trim(rest);
  auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), out.threshold_);
  if (rest.empty() || error != std::errc() || end != rest.data() + rest.size() ||
      out.threshold_ < 0) {
    return refuse();
  }
  return out;
}

bool TripCondition::holds(const BreakerCounts& counts) const {
  int64_t value = counts.*counter_;
  switch (op_) {
    case Op::kGreater:
      return value > threshold_;
    case Op::kGreaterEqual:
      return value >= threshold_;
    case Op::kEqual:
      return value == threshold_;
  }
  return false;
}

std::string_view stateName(BreakerState state) {
  switch (state) {
    case BreakerState::kClosed:
      return "closed";
    case BreakerState::kHalfOpen:
      return "half-open";
    case BreakerState::kOpen:
      return "open";
  }
  return "unknown";
}

bool isBreakerRejection(const Status& status) {
  return status.message() == kBreakerOpen || status.message() == kTooManyRequests;
}

CircuitBreaker::CircuitBreaker(std::string name, BreakerSettings settings, Clock& clock)
    : name_(std::move(name)), settings_(std::move(settings)), clock_(clock) {
  if (settings_.max_requests == 0) settings_.max_requests = 1;
  if (settings_.timeout <= Duration::zero()) settings_.timeout = std::chrono::seconds(60);
  newGeneration(clock_.now());
}

StatusOr<uint64_t> CircuitBreaker::admit() {
  std::lock_guard lock(mutex_);
  refresh(clock_.now());
  if (state_ == BreakerState::kOpen) return fail(StatusCode::kInternal, std::string(kBreakerOpen));
  if (state_ == BreakerState::kHalfOpen && counts_.requests >= settings_.max_requests) {
    return fail(StatusCode::kInternal, std::string(kTooManyRequests));
  }
  ++counts_.requests;
  return generation_;
}

void CircuitBreaker::record(uint64_t generation, bool success) {
  std::lock_guard lock(mutex_);
  TimePoint now = clock_.now();
  refresh(now);
  if (generation != generation_) return;
  if (success) {
    ++counts_.total_successes;
    ++counts_.consecutive_successes;
    counts_.consecutive_failures = 0;
    if (state_ == BreakerState::kHalfOpen &&
        counts_.consecutive_successes >= settings_.max_requests) {
      moveTo(BreakerState::kClosed, now);
    }
    return;
  }
  ++counts_.total_failures;
  ++counts_.consecutive_failures;
  counts_.consecutive_successes = 0;
  if (state_ == BreakerState::kHalfOpen ||
      (state_ == BreakerState::kClosed && settings_.trip.holds(counts_))) {
    moveTo(BreakerState::kOpen, now);
  }
}

BreakerState CircuitBreaker::state() {
  std::lock_guard lock(mutex_);
  refresh(clock_.now());
  return state_;
}

void CircuitBreaker::refresh(TimePoint now) {
  if (!expiry_ || now < *expiry_) return;
  if (state_ == BreakerState::kClosed) {
    newGeneration(now);
  } else if (state_ == BreakerState::kOpen) {
    moveTo(BreakerState::kHalfOpen, now);
  }
}

void CircuitBreaker::moveTo(BreakerState state, TimePoint now) {
  if (state_ == state) return;
  spdlog::info("circuit breaker '{}' changed state from {} to {}", name_, stateName(state_),
               stateName(state));
  state_ = state;
  newGeneration(now);
}

void CircuitBreaker::newGeneration(TimePoint now) {
  ++generation_;
  counts_ = {};
  expiry_.reset();
  if (state_ == BreakerState::kClosed && settings_.interval > Duration::zero()) {
    expiry_ = now + settings_.interval;
  } else if (state_ == BreakerState::kOpen) {
    expiry_ = now + settings_.timeout;
  }
}

}  // namespace lichen::resiliency
