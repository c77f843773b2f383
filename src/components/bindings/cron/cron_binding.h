// bindings.cron: an input binding that fires on a schedule (metadata `schedule`, see
// cron_schedule.h) with no data and the metadata daprd's sends: `timeZone` ("Local", the
// scheduler's zone, as daprd's) and `readTimeUTC` (Go's time.String of the firing, in UTC).
// One thread per binding fires in order: a delivery that outlasts the period delays the
// next firing rather than overlapping it (robfig's cron would start another one).
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "components/bindings/cron/cron_schedule.h"
#include "runtime/bindings/binding.h"
#include "runtime/registry.h"

namespace lichen::components {

class CronBinding : public bindings::InputBinding {
 public:
  // Unix milliseconds; tests pass a fake clock and call wake() after moving it.
  using Clock = std::function<int64_t()>;
  explicit CronBinding(Clock clock = nullptr);
  ~CronBinding() override;

  Expected<void, Status> init(const component::Properties& properties) override;
  Expected<void, Status> read(bindings::ReadHandler handler) override;
  void close() override;
  // Makes the scheduler look at the clock again (a fake clock moved).
  void wake();

 private:
  void run(int64_t due, bindings::ReadHandler handler);

  Clock clock_;
  std::optional<CronSchedule> schedule_;
  std::mutex mutex_;  // guards closed_, woken_
  std::condition_variable cv_;
  bool closed_ = false;
  bool woken_ = false;
  std::thread thread_;
};

// Go's time.Time.String() of a UTC instant: "2026-01-02 15:04:05.5 +0000 UTC".
std::string goUtcString(int64_t unix_ns);

void registerCronBinding(runtime::Registry& registry);

}  // namespace lichen::components
