#include "components/bindings/cron/cron_binding.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>

namespace lichen::components {
namespace {

int64_t systemNowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// The scheduler sleeps at most this long between looks at the clock, so a wall-clock jump or
// a fake clock without wake() is noticed.
constexpr int64_t kMaxSleepMs = 1000;

}  // namespace

std::string goUtcString(int64_t unix_ns) {
  int64_t seconds = unix_ns / 1000000000 - (unix_ns % 1000000000 < 0);
  int64_t nanos = unix_ns - seconds * 1000000000;
  int64_t days = seconds / 86400 - (seconds % 86400 < 0);
  int64_t of_day = seconds - days * 86400;
  int64_t year;
  unsigned month, day;
  civilFromDays(days, year, month, day);
  char text[64];
  std::snprintf(text, sizeof(text), "%04lld-%02u-%02u %02lld:%02lld:%02lld",
                static_cast<long long>(year), month, day, static_cast<long long>(of_day / 3600),
                static_cast<long long>(of_day / 60 % 60), static_cast<long long>(of_day % 60));
  std::string out = text;
  if (nanos != 0) {  // Go's .999999999: trailing zeros dropped
    std::snprintf(text, sizeof(text), ".%09lld", static_cast<long long>(nanos));
    std::string fraction = text;
    fraction.erase(fraction.find_last_not_of('0') + 1);
    out += fraction;
  }
  return out + " +0000 UTC";
}

CronBinding::CronBinding(Clock clock) : clock_(clock ? std::move(clock) : Clock(systemNowMs)) {}

CronBinding::~CronBinding() { close(); }

Expected<void, Status> CronBinding::init(const component::Properties& properties) {
  std::string spec = properties.getOr("schedule", "");
  if (spec.empty()) return fail(StatusCode::kInvalidConfig, "schedule not set");
  auto parsed = CronSchedule::parse(spec);
  if (!parsed) {
    return fail(StatusCode::kInvalidConfig,
                "invalid schedule format '" + spec + "': " + parsed.error().message());
  }
  schedule_ = std::move(*parsed);
  return {};
}

Expected<void, Status> CronBinding::read(bindings::ReadHandler handler) {
  std::lock_guard lock(mutex_);
  if (closed_) return fail(StatusCode::kInternal, "binding is closed");
  if (!schedule_) return fail(StatusCode::kInternal, "binding is not initialised");
  if (thread_.joinable()) return fail(StatusCode::kInternal, "binding is already reading");
  // The first firing is due from the clock as read now, not whenever the thread starts.
  int64_t due = schedule_->next(clock_());
  thread_ = std::thread([this, due, handler = std::move(handler)] { run(due, handler); });
  return {};
}

void CronBinding::run(int64_t due, bindings::ReadHandler handler) {
  std::unique_lock lock(mutex_);
  while (!closed_ && due >= 0) {
    int64_t now = clock_();
    if (now < due) {
      cv_.wait_for(lock, std::chrono::milliseconds(std::min(due - now, kMaxSleepMs)),
                   [this] { return closed_ || woken_; });
      woken_ = false;
      continue;
    }
    lock.unlock();
    using namespace std::chrono;
    int64_t now_ns = duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count();
    auto reply = handler({"", {{"timeZone", "Local"}, {"readTimeUTC", goUtcString(now_ns)}}});
    (void)reply;  // as daprd's cron, the app's answer changes nothing
    // The next firing after this one (robfig's Next(now) at firing); if a slow delivery
    // overran it, it fires as soon as the delivery returns (robfig would run it alongside).
    due = schedule_->next(now);
    lock.lock();
  }
  if (due < 0) spdlog::warn("cron schedule has no further activation within five years");
}

void CronBinding::wake() {
  std::lock_guard lock(mutex_);
  woken_ = true;
  cv_.notify_all();
}

void CronBinding::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void registerCronBinding(runtime::Registry& registry) {
  registry.add("bindings.cron", [] { return std::make_unique<CronBinding>(); });
}

}  // namespace lichen::components
