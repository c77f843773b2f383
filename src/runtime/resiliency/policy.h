// One resolved policy: a timeout, a retry policy and a circuit breaker, any of them absent,
// composed as daprd's NewRunnerWithOptions does: retry( breaker( timeout( operation ))). The
// timeout is per attempt; a refusing breaker ends the retries; a failure whose status code the
// retry policy does not match is not retried. A policy with nothing in it runs the operation
// once, on the caller's thread.
//
// With a timeout the operation runs on a thread of its own and may outlive the call (as the
// goroutine daprd leaves behind): it must own what it uses (capture by value or shared_ptr).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/status.h"
#include "runtime/resiliency/circuit_breaker.h"
#include "runtime/resiliency/clock.h"
#include "runtime/resiliency/retry.h"

namespace lichen::resiliency {

// How a value the operation returned went: a failure to retry (an app's 500), or fine.
struct Verdict {
  bool failed = false;
  std::optional<int32_t> code;  // the HTTP / gRPC status, for `matching`
  std::string why;              // for logs
};

// Operations that timed out and still run; the runtime waits for them before it closes the
// components they use.
class BackgroundCalls {
 public:
  void begin();
  void end();
  // True when none runs any more; false if some still do after `limit`.
  bool waitIdle(Duration limit);

 private:
  std::mutex mutex_;
  std::condition_variable idle_;
  int64_t running_ = 0;
};

// daprd's error text for an attempt cut by its timeout (Go's context.DeadlineExceeded).
inline constexpr std::string_view kDeadlineExceeded = "context deadline exceeded";

class Policy {
 public:
  Policy() = default;
  Policy(std::string name, std::optional<Duration> timeout,
         std::shared_ptr<const RetryPolicy> retry, std::shared_ptr<CircuitBreaker> breaker,
         std::shared_ptr<Clock> clock, std::shared_ptr<BackgroundCalls> background);

  bool empty() const { return !timeout_ && !retry_ && !breaker_; }
  bool hasRetries() const { return retry_ != nullptr; }
  const std::string& name() const { return name_; }

  // Runs `operation` under the policy. An error is retried (unless it is a breaker's refusal);
  // a value `judge` calls failed is retried as daprd retries a CodeError, and when the retries
  // run out that last value is what the caller gets. Errors of the policy itself: "circuit
  // breaker is open", "too many requests", "context deadline exceeded" (code kInternal).
  template <typename T>
  StatusOr<T> run(std::function<StatusOr<T>()> operation,
                  std::function<Verdict(const T&)> judge = {}) const {
    if (empty()) return operation();
    Attempt last = runErased([operation = std::move(operation), judge = std::move(judge)]() {
      StatusOr<T> result = operation();
      Attempt attempt;
      if (!result) {
        attempt.error = std::move(result).error();
        return attempt;
      }
      if (judge) {
        Verdict verdict = judge(*result);
        if (verdict.failed) {
          attempt.error = Status(StatusCode::kInternal, verdict.why);
          attempt.code = verdict.code;
        }
      }
      attempt.value = std::make_shared<T>(std::move(*result));
      return attempt;
    });
    if (last.value) return std::move(*static_cast<T*>(last.value.get()));
    return fail(std::move(last.error));
  }
  // The same for an operation with no value.
  Expected<void, Status> runVoid(std::function<Expected<void, Status>()> operation) const;

 private:
  struct Attempt {
    Status error;  // ok: it worked
    std::optional<int32_t> code;
    bool permanent = false;       // never retried (the breaker refused)
    std::shared_ptr<void> value;  // the operation's value, also for a judged failure
  };
  using Erased = std::function<Attempt()>;
  Attempt runErased(const Erased& operation) const;
  Attempt once(const Erased& operation) const;
  Attempt withTimeout(const Erased& operation) const;

  std::string name_;
  std::optional<Duration> timeout_;
  std::shared_ptr<const RetryPolicy> retry_;
  std::shared_ptr<CircuitBreaker> breaker_;
  std::shared_ptr<Clock> clock_;
  std::shared_ptr<BackgroundCalls> background_;
};

}  // namespace lichen::resiliency
