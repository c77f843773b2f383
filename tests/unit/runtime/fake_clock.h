// A Clock for resiliency tests: time moves only when a retry sleeps or the test advances it;
// sleeps are recorded; the back-off jitter is a fixed value.
#pragma once

#include <mutex>
#include <vector>

#include "runtime/resiliency/clock.h"

namespace lichen::resiliency {

class FakeClock : public Clock {
 public:
  TimePoint now() override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  bool sleepFor(Duration duration) override {
    std::lock_guard lock(mutex_);
    sleeps_.push_back(duration);
    now_ += duration;
    return !cancelled_;
  }
  double random() override { return jitter_; }
  void cancel() override {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
  }

  void advance(Duration duration) {
    std::lock_guard lock(mutex_);
    now_ += duration;
  }
  std::vector<Duration> sleeps() {
    std::lock_guard lock(mutex_);
    return sleeps_;
  }
  void setJitter(double jitter) { jitter_ = jitter; }

 private:
  std::mutex mutex_;
  TimePoint now_{};
  std::vector<Duration> sleeps_;
  bool cancelled_ = false;
  double jitter_ = 0.5;  // random() 0.5: the wait is exactly the interval
};

}  // namespace lichen::resiliency
