#include "host/deadline_ticker.h"

namespace lichen::host {

DeadlineTicker::Handle& DeadlineTicker::Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    disarm();
    ticker_ = std::exchange(other.ticker_, nullptr);
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

void DeadlineTicker::Handle::disarm() {
  if (ticker_) std::exchange(ticker_, nullptr)->disarm(id_);
}

DeadlineTicker::DeadlineTicker() : thread_([this] { run(); }) {}

DeadlineTicker::~DeadlineTicker() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

DeadlineTicker::Handle DeadlineTicker::arm(std::chrono::nanoseconds after,
                                           std::atomic<bool>& flag) {
  // A century is "never"; it also keeps now() + after from overflowing.
  constexpr std::chrono::nanoseconds kNever = std::chrono::hours(24 * 365 * 100);
  const Clock::time_point when = Clock::now() + std::min(after, kNever);
  std::lock_guard lock(mutex_);
  const uint64_t id = next_id_++;
  auto it = by_time_.emplace(Key{when, id}, &flag).first;
  by_id_.emplace(id, when);
  // Only a deadline before the one the thread sleeps until needs it awake: a request's deadline
  // armed after the previous one was disarmed does not (the thread wakes at the old one, once).
  if (it == by_time_.begin() && when < sleeping_until_) wake_.notify_one();
  return Handle(this, id);
}

void DeadlineTicker::disarm(uint64_t id) {
  std::lock_guard lock(mutex_);
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return;  // already fired
  by_time_.erase(Key{it->second, id});
  by_id_.erase(it);
}

size_t DeadlineTicker::pending() const {
  std::lock_guard lock(mutex_);
  return by_id_.size();
}

void DeadlineTicker::run() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    if (by_time_.empty()) {
      sleeping_until_ = Clock::time_point::max();
      wake_.wait(lock);
      continue;
    }
    auto first = by_time_.begin();
    if (Clock::now() < first->first.first) {
      sleeping_until_ = first->first.first;
      wake_.wait_until(lock, sleeping_until_);
      continue;
    }
    // Under the lock: a concurrent disarm either removes the entry first or waits for this.
    first->second->store(true, std::memory_order_relaxed);
    by_id_.erase(first->first.second);
    by_time_.erase(first);
  }
}

}  // namespace lichen::host
