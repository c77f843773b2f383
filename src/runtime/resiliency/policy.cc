#include "runtime/resiliency/policy.h"

#include <spdlog/spdlog.h>

#include <thread>

#include "runtime/resiliency/duration.h"

namespace lichen::resiliency {

void BackgroundCalls::begin() {
  std::lock_guard lock(mutex_);
  ++running_;
}

void BackgroundCalls::end() {
  {
    std::lock_guard lock(mutex_);
    --running_;
  }
  idle_.notify_all();
}

bool BackgroundCalls::waitIdle(Duration limit) {
  std::unique_lock lock(mutex_);
  return idle_.wait_for(lock, limit, [this] { return running_ == 0; });
}

Policy::Policy(std::string name, std::optional<Duration> timeout,
               std::shared_ptr<const RetryPolicy> retry, std::shared_ptr<CircuitBreaker> breaker,
               std::shared_ptr<Clock> clock, std::shared_ptr<BackgroundCalls> background)
    : name_(std::move(name)),
      timeout_(timeout),
      retry_(std::move(retry)),
      breaker_(std::move(breaker)),
      clock_(std::move(clock)),
      background_(std::move(background)) {
  if (timeout_ && *timeout_ <= Duration::zero()) timeout_.reset();
  if (!clock_) clock_ = std::make_shared<SystemClock>();
  if (!background_) background_ = std::make_shared<BackgroundCalls>();
}

Expected<void, Status> Policy::runVoid(std::function<Expected<void, Status>()> operation) const {
  if (empty()) return operation();
  auto done = run<bool>([operation = std::move(operation)]() -> StatusOr<bool> {
    LICHEN_TRY(operation());
    return true;
  });
  if (!done) return fail(std::move(done).error());
  return {};
}

Policy::Attempt Policy::runErased(const Erased& operation) const {
  if (!retry_) return once(operation);
  BackOff backoff(*retry_, *clock_);
  for (int64_t attempt = 1;; ++attempt) {
    Attempt result = once(operation);
    if (result.error.ok() || result.permanent) return result;
    if (result.code && !retry_->retriesCode(*result.code)) return result;
    std::optional<Duration> wait = backoff.next();
    if (!wait) return result;
    spdlog::info("{}: attempt {} failed ({}); retrying in {}", name_, attempt,
                 result.error.message(), formatDuration(*wait));
    if (!clock_->sleepFor(*wait)) return result;  // shutting down
  }
}

Policy::Attempt Policy::once(const Erased& operation) const {
  uint64_t generation = 0;
  if (breaker_) {
    auto admitted = breaker_->admit();
    if (!admitted) {
      Attempt refused;
      refused.error = std::move(admitted).error();
      refused.permanent = true;
      return refused;
    }
    generation = *admitted;
  }
  Attempt result = timeout_ ? withTimeout(operation) : operation();
  if (breaker_) breaker_->record(generation, result.error.ok());
  return result;
}

Policy::Attempt Policy::withTimeout(const Erased& operation) const {
  struct Slot {
    std::mutex mutex;
    std::condition_variable done;
    std::optional<Attempt> result;
  };
  auto slot = std::make_shared<Slot>();
  background_->begin();
  std::thread([operation, slot, background = background_] {
    Attempt result = operation();
    {
      std::lock_guard lock(slot->mutex);
      slot->result = std::move(result);
    }
    slot->done.notify_all();
    background->end();
  }).detach();
  std::unique_lock lock(slot->mutex);
  if (slot->done.wait_for(lock, *timeout_, [&slot] { return slot->result.has_value(); })) {
    return std::move(*slot->result);
  }
  Attempt timed_out;
  timed_out.error = Status(StatusCode::kInternal, std::string(kDeadlineExceeded));
  return timed_out;
}

}  // namespace lichen::resiliency
