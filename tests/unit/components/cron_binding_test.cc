// bindings.cron on an injected clock: it fires when the clock reaches the schedule, hands the
// runtime daprd's metadata, and stops for good on close.
#include "components/bindings/cron/cron_binding.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <vector>

namespace lichen::components {
namespace {

using namespace std::chrono_literals;

int64_t utc(int64_t y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
  return (daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) * 1000;
}

class FakeClockCron : public ::testing::Test {
 protected:
  void start(const std::string& schedule, int64_t now) {
    now_ = now;
    binding_ = std::make_unique<CronBinding>([this] { return now_.load(); });
    component::Properties properties;
    properties.set("schedule", schedule);
    ASSERT_TRUE(binding_->init(properties));
    auto read = binding_->read([this](const bindings::ReadEvent& event) -> StatusOr<std::string> {
      std::lock_guard lock(mutex_);
      events_.push_back(event);
      cv_.notify_all();
      return std::string();
    });
    ASSERT_TRUE(read);
  }
  void advanceTo(int64_t now) {
    now_ = now;
    binding_->wake();
  }
  // Waits up to `deadline` for `count` events in all; true when they came.
  bool waitForEvents(size_t count, std::chrono::milliseconds deadline = 5s) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, deadline, [&] { return events_.size() >= count; });
  }
  size_t eventCount() {
    std::lock_guard lock(mutex_);
    return events_.size();
  }

  std::atomic<int64_t> now_{0};
  std::unique_ptr<CronBinding> binding_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<bindings::ReadEvent> events_;
};

TEST_F(FakeClockCron, FiresWhenTheClockReachesTheScheduleAndNotBefore) {
  start("CRON_TZ=UTC 0 */5 * * * *", utc(2026, 1, 1, 0, 1));
  advanceTo(utc(2026, 1, 1, 0, 4, 59));
  EXPECT_FALSE(waitForEvents(1, 300ms));
  advanceTo(utc(2026, 1, 1, 0, 5));
  ASSERT_TRUE(waitForEvents(1));
  advanceTo(utc(2026, 1, 1, 0, 10, 1));
  ASSERT_TRUE(waitForEvents(2));
  std::lock_guard lock(mutex_);
  EXPECT_EQ(events_[0].data, "");
  EXPECT_EQ(events_[0].metadata.at("timeZone"), "Local");
  EXPECT_NE(events_[0].metadata.at("readTimeUTC").find(" +0000 UTC"), std::string::npos);
}

TEST_F(FakeClockCron, EveryAndCloseStopsDeliveries) {
  start("@every 1h", utc(2026, 6, 1));
  advanceTo(utc(2026, 6, 1, 1));
  ASSERT_TRUE(waitForEvents(1));
  binding_->close();
  advanceTo(utc(2026, 6, 1, 5));
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(eventCount(), 1u);
  EXPECT_FALSE(
      binding_->read([](const bindings::ReadEvent&) { return StatusOr<std::string>(""); }));
}

TEST(CronBindingTest, InitNeedsAValidSchedule) {
  CronBinding binding;
  component::Properties none;
  auto missing = binding.init(none);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message(), "schedule not set");
  component::Properties bad;
  bad.set("schedule", "* * *");
  auto invalid = binding.init(bad);
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().message(),
            "invalid schedule format '* * *': expected 5 to 6 fields, found 3: [* * *]");
}

TEST(CronBindingTest, RealClockEveryDelivers) {
  CronBinding binding;
  component::Properties properties;
  properties.set("schedule", "@every 100ms");
  ASSERT_TRUE(binding.init(properties));
  std::atomic<int> fired{0};
  ASSERT_TRUE(binding.read([&](const bindings::ReadEvent&) {
    fired.fetch_add(1);
    return StatusOr<std::string>("");
  }));
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (fired.load() < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  binding.close();
  EXPECT_GE(fired.load(), 3);
}

TEST(CronBindingTest, GoTimeString) {
  EXPECT_EQ(goUtcString(utc(2026, 1, 2, 15, 4, 5) * 1000000), "2026-01-02 15:04:05 +0000 UTC");
  EXPECT_EQ(goUtcString(utc(2026, 1, 2, 15, 4, 5) * 1000000 + 500000000),
            "2026-01-02 15:04:05.5 +0000 UTC");
}

}  // namespace
}  // namespace lichen::components
