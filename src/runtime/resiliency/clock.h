// Time for the resiliency policies: what the retry loop and the circuit breaker read and how
// a retry waits. Tests inject a clock that records sleeps and moves time by hand; the sidecar
// uses SystemClock, whose sleeps end early when the sidecar shuts down.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>

namespace lichen::resiliency {

using Duration = std::chrono::nanoseconds;
using TimePoint = std::chrono::steady_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() = 0;
  // Waits `duration`; false when waiting was cancelled (shutdown): the caller stops retrying.
  virtual bool sleepFor(Duration duration) = 0;
  // Uniform in [0, 1): the jitter of exponential back-off.
  virtual double random() = 0;
  // Ends every sleep now and later (shutdown). Test clocks may ignore it.
  virtual void cancel() {}
};

class SystemClock : public Clock {
 public:
  TimePoint now() override { return std::chrono::steady_clock::now(); }
  bool sleepFor(Duration duration) override;
  double random() override;
  // Wakes every sleeper and makes later sleeps return false at once. Not undone.
  void cancel() override;

 private:
  std::mutex mutex_;  // guards the three below
  std::condition_variable wake_;
  bool cancelled_ = false;
  std::mt19937_64 random_{std::random_device{}()};
};

}  // namespace lichen::resiliency
