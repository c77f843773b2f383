// One thread that serves every deadline of the process: arm(duration, flag) sets `flag` once
// the duration has passed, unless the returned handle is disarmed (or destroyed) first. A
// guest's Store points its interrupt at the flag, so a run past its deadline ends in an
// kInterrupted trap. Replaces a thread per run; arming and disarming are a map insert and erase.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>

namespace lichen::host {

class DeadlineTicker {
 public:
  using Clock = std::chrono::steady_clock;

  // Disarms on destruction. Once disarm() returns, the ticker never touches the flag again, so
  // the flag may then be destroyed. Must not outlive its ticker.
  class Handle {
   public:
    Handle() = default;
    Handle(Handle&& other) noexcept { *this = std::move(other); }
    Handle& operator=(Handle&& other) noexcept;
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle() { disarm(); }

    void disarm();
    bool armed() const { return ticker_ != nullptr; }

   private:
    friend class DeadlineTicker;
    Handle(DeadlineTicker* ticker, uint64_t id) : ticker_(ticker), id_(id) {}

    DeadlineTicker* ticker_ = nullptr;
    uint64_t id_ = 0;
  };

  DeadlineTicker();
  // Every handle must be gone first.
  ~DeadlineTicker();
  DeadlineTicker(const DeadlineTicker&) = delete;
  DeadlineTicker& operator=(const DeadlineTicker&) = delete;

  // `flag` must outlive the handle. A duration <= 0 fires at once (on the ticker's thread).
  [[nodiscard]] Handle arm(std::chrono::nanoseconds after, std::atomic<bool>& flag);

  // Deadlines armed and not yet fired or disarmed.
  size_t pending() const;

 private:
  using Key = std::pair<Clock::time_point, uint64_t>;

  void run();
  void disarm(uint64_t id);

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::map<Key, std::atomic<bool>*> by_time_;
  std::unordered_map<uint64_t, Clock::time_point> by_id_;
  uint64_t next_id_ = 1;
  bool stop_ = false;
  // When the thread wakes next on its own (max: only when notified). Guarded by mutex_.
  Clock::time_point sleeping_until_ = Clock::time_point::min();
  std::thread thread_;  // last: starts after the members it uses
};

}  // namespace lichen::host
