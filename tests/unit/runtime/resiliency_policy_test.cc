// The policy engine with a fake clock: attempts counted, waits recorded, breaker transitions
// observed; no test depends on how long anything takes.
#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "fake_clock.h"
#include "runtime/resiliency/duration.h"
#include "runtime/resiliency/resiliency.h"

namespace lichen::resiliency {
namespace {

using namespace std::chrono_literals;

RetryPolicy constant(Duration wait, int64_t max_retries) {
  RetryPolicy retry;
  retry.duration = wait;
  retry.max_retries = max_retries;
  return retry;
}

BreakerSettings tripAfter(uint32_t failures, Duration timeout = 30s) {
  BreakerSettings settings;
  settings.trip = *TripCondition::parse("consecutiveFailures >= " + std::to_string(failures));
  settings.timeout = timeout;
  return settings;
}

// An operation failing its first `failures` calls, then answering `value`.
std::function<StatusOr<int>()> flaky(std::shared_ptr<std::atomic<int>> calls, int failures,
                                     int value = 7) {
  return [calls, failures, value]() -> StatusOr<int> {
    if (calls->fetch_add(1) < failures) return fail(StatusCode::kInternal, "boom");
    return value;
  };
}

TEST(DurationTest, ParsesGoDurationsAndMilliseconds) {
  EXPECT_EQ(parseDuration("5s"), Duration(5s));
  EXPECT_EQ(parseDuration("100ms"), Duration(100ms));
  EXPECT_EQ(parseDuration("1m30s"), Duration(90s));
  EXPECT_EQ(parseDuration("1.5h"), Duration(5400s));
  EXPECT_EQ(parseDuration("250us"), Duration(250us));
  EXPECT_EQ(parseDuration("1500"), Duration(1500ms));
  EXPECT_EQ(parseDuration("0"), Duration::zero());
  for (const char* bad : {"", "5", "s", "5 s", "-1s", "5x", "1..5s", "5sec"}) {
    if (std::string(bad) == "5") continue;  // a bare integer is milliseconds
    EXPECT_FALSE(parseDuration(bad)) << bad;
  }
  EXPECT_EQ(formatDuration(90s), "1m30s");
  EXPECT_EQ(formatDuration(1500ms), "1.5s");
}

TEST(CodeRangesTest, ParsesListsAndRanges) {
  auto codes = CodeRanges::parse("500-599,404", 100, 599);
  ASSERT_TRUE(codes) << codes.error().message();
  EXPECT_TRUE(codes->contains(503));
  EXPECT_TRUE(codes->contains(404));
  EXPECT_FALSE(codes->contains(400));
  EXPECT_FALSE(CodeRanges::parse("600", 100, 599));
  EXPECT_FALSE(CodeRanges::parse("599-500", 100, 599));
  EXPECT_FALSE(CodeRanges::parse("5xx", 100, 599));
  EXPECT_FALSE(CodeRanges::parse("1-2-3", 0, 16));
  EXPECT_TRUE(CodeRanges::parse("", 0, 16)->empty());
}

TEST(PolicyTest, RetriesUntilTheOperationSucceeds) {
  auto clock = std::make_shared<FakeClock>();
  Policy policy("p", std::nullopt, std::make_shared<RetryPolicy>(constant(2s, 3)), nullptr, clock,
                std::make_shared<BackgroundCalls>());
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto result = policy.run<int>(flaky(calls, 2));
  ASSERT_TRUE(result);
  EXPECT_EQ(*result, 7);
  EXPECT_EQ(calls->load(), 3);
  EXPECT_EQ(clock->sleeps(), (std::vector<Duration>{2s, 2s}));
}

TEST(PolicyTest, GivesUpAfterMaxRetries) {
  auto clock = std::make_shared<FakeClock>();
  Policy policy("p", std::nullopt, std::make_shared<RetryPolicy>(constant(1s, 2)), nullptr, clock,
                std::make_shared<BackgroundCalls>());
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto result = policy.run<int>(flaky(calls, 100));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(), "boom");
  EXPECT_EQ(calls->load(), 3);  // one attempt and two retries
}

TEST(PolicyTest, ZeroRetriesMeansOneAttempt) {
  auto clock = std::make_shared<FakeClock>();
  Policy policy("p", std::nullopt, std::make_shared<RetryPolicy>(constant(1s, 0)), nullptr, clock,
                std::make_shared<BackgroundCalls>());
  auto calls = std::make_shared<std::atomic<int>>(0);
  EXPECT_FALSE(policy.run<int>(flaky(calls, 1)));
  EXPECT_EQ(calls->load(), 1);
}

TEST(PolicyTest, RetryForeverStopsWhenTheClockIsCancelled) {
  auto clock = std::make_shared<FakeClock>();
  Policy policy("p", std::nullopt, std::make_shared<RetryPolicy>(constant(1s, -1)), nullptr, clock,
                std::make_shared<BackgroundCalls>());
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto result = policy.run<int>([calls, clock]() -> StatusOr<int> {
    if (calls->fetch_add(1) == 49) clock->cancel();  // shutdown during the 50th attempt
    return fail(StatusCode::kInternal, "down");
  });
  EXPECT_FALSE(result);
  EXPECT_EQ(calls->load(), 50);
}

TEST(PolicyTest, ExponentialBackOffGrowsByHalfUpToMaxInterval) {
  auto clock = std::make_shared<FakeClock>();  // jitter 0.5: each wait is the interval itself
  RetryPolicy retry;
  retry.kind = RetryPolicy::Kind::kExponential;
  retry.initial_interval = 1000ms;
  retry.max_interval = 3s;
  retry.max_retries = 5;
  Policy policy("p", std::nullopt, std::make_shared<RetryPolicy>(retry), nullptr, clock,
                std::make_shared<BackgroundCalls>());
  auto calls = std::make_shared<std::atomic<int>>(0);
  EXPECT_FALSE(policy.run<int>(flaky(calls, 100)));
  EXPECT_EQ(calls->load(), 6);
  EXPECT_EQ(clock->sleeps(), (std::vector<Duration>{1000ms, 1500ms, 2250ms, 3000ms, 3000ms}));
}

TEST(PolicyTest, ExponentialJitterSpansHalfToOneAndAHalfTimes) {
  auto clock = std::make_shared<FakeClock>();
  clock->setJitter(0.0);
  RetryPolicy retry;
  retry.kind = RetryPolicy::Kind::kExponential;
  retry.max_retries = 1;
  BackOff low(retry, *clock);
  EXPECT_EQ(low.next(), Duration(250ms));  // 500 ms × 0.5
  clock->setJitter(0.999);
  BackOff high(retry, *clock);
  auto wait = high.next();
  ASSERT_TRUE(wait);
  EXPECT_GT(*wait, Duration(740ms));  // 500 ms × ~1.5
  EXPECT_LE(*wait, Duration(750ms));
  EXPECT_FALSE(high.next());  // max_retries 1
}

TEST(PolicyTest, ExponentialForeverStopsAfterFifteenMinutes) {
  auto clock = std::make_shared<FakeClock>();
  RetryPolicy retry;
  retry.kind = RetryPolicy::Kind::kExponential;
  retry.max_interval = 60s;
  Policy policy("p", std::nullopt, std::make_shared<RetryPolicy>(retry), nullptr, clock,
                std::make_shared<BackgroundCalls>());
  auto calls = std::make_shared<std::atomic<int>>(0);
  EXPECT_FALSE(policy.run<int>(flaky(calls, 1000000)));
  Duration slept{};
  for (Duration wait : clock->sleeps()) slept += wait;
  EXPECT_LE(slept, Duration(15min));
  EXPECT_GT(calls->load(), 10);
}

TEST(PolicyTest, AJudgedFailureIsRetriedAndTheLastValueReturned) {
  auto clock = std::make_shared<FakeClock>();
  Policy policy("p", std::nullopt, std::make_shared<RetryPolicy>(constant(1s, 2)), nullptr, clock,
                std::make_shared<BackgroundCalls>());
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto result = policy.run<int>([calls]() -> StatusOr<int> { return 500 + calls->fetch_add(1); },
                                [](const int& status) {
                                  return Verdict{status >= 500, status, "status"};
                                });
  ASSERT_TRUE(result);
  EXPECT_EQ(*result, 502);  // three attempts, the last answer
  EXPECT_EQ(calls->load(), 3);
}

TEST(PolicyTest, MatchingLimitsWhichCodesAreRetried) {
  auto clock = std::make_shared<FakeClock>();
  RetryPolicy retry = constant(1s, 5);
  retry.http_codes = *CodeRanges::parse("502-504", 100, 599);
  Policy policy("p", std::nullopt, std::make_shared<RetryPolicy>(retry), nullptr, clock,
                std::make_shared<BackgroundCalls>());
  auto judge = [](const int& status) { return Verdict{status >= 400, status, "status"}; };
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto not_matched = policy.run<int>(
      [calls]() -> StatusOr<int> {
        calls->fetch_add(1);
        return 500;
      },
      judge);
  EXPECT_EQ(*not_matched, 500);
  EXPECT_EQ(calls->load(), 1);
  calls->store(0);
  auto matched = policy.run<int>(
      [calls]() -> StatusOr<int> { return calls->fetch_add(1) < 2 ? 503 : 200; }, judge);
  EXPECT_EQ(*matched, 200);
  EXPECT_EQ(calls->load(), 3);
}

TEST(PolicyTest, AnOpenBreakerEndsTheRetries) {
  auto clock = std::make_shared<FakeClock>();
  auto breaker = std::make_shared<CircuitBreaker>("cb", tripAfter(2), *clock);
  Policy policy("p", std::nullopt, std::make_shared<RetryPolicy>(constant(1s, 10)), breaker, clock,
                std::make_shared<BackgroundCalls>());
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto result = policy.run<int>(flaky(calls, 100));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(), "circuit breaker is open");
  EXPECT_EQ(calls->load(), 2);
  EXPECT_EQ(breaker->state(), BreakerState::kOpen);
  // Later calls fail fast without running the operation.
  EXPECT_FALSE(policy.run<int>(flaky(calls, 0)));
  EXPECT_EQ(calls->load(), 2);
}

TEST(PolicyTest, ATimeoutCutsAnAttemptThatDoesNotReturn) {
  auto clock = std::make_shared<FakeClock>();
  auto background = std::make_shared<BackgroundCalls>();
  Policy policy("p", Duration(20ms), nullptr, nullptr, clock, background);
  auto release = std::make_shared<std::promise<void>>();
  std::shared_future<void> released = release->get_future().share();
  auto result = policy.run<int>([released]() -> StatusOr<int> {
    released.wait();  // blocks until the test lets it go, long after the timeout
    return 1;
  });
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message(), "context deadline exceeded");
  release->set_value();
  EXPECT_TRUE(background->waitIdle(30s));
  // A fast operation under the same timeout answers normally.
  auto fast = policy.run<int>([]() -> StatusOr<int> { return 3; });
  ASSERT_TRUE(fast);
  EXPECT_EQ(*fast, 3);
}

ResiliencySpec specWithDefaults() {
  ResiliencySpec spec;
  spec.retries["named"] = constant(1s, 1);
  spec.retries["DefaultRetryPolicy"] = constant(3s, 1);
  spec.retries["DefaultAppRetryPolicy"] = constant(2s, 1);
  spec.retries["DefaultStatestoreComponentOutboundRetryPolicy"] = constant(4s, 1);
  spec.retries["DefaultComponentInboundRetryPolicy"] = constant(5s, 1);
  spec.circuit_breakers["cb"] = tripAfter(1);
  spec.apps["orders"] = {"", "named", "cb"};
  spec.components["quiet"] = {};
  return spec;
}

// The wait of the first retry tells which retry policy a lookup found.
Duration firstWait(const Policy& policy, const std::shared_ptr<FakeClock>& clock) {
  size_t before = clock->sleeps().size();
  auto calls = std::make_shared<std::atomic<int>>(0);
  (void)policy.run<int>(flaky(calls, 1));
  auto sleeps = clock->sleeps();
  return sleeps.size() > before ? sleeps[before] : Duration::zero();
}

TEST(ResiliencyTest, NamedTargetsUseTheirPoliciesOthersTheDefaults) {
  auto clock = std::make_shared<FakeClock>();
  Resiliency resiliency(specWithDefaults(), clock);
  EXPECT_EQ(firstWait(resiliency.appPolicy("orders", "m"), clock), Duration(1s));
  EXPECT_EQ(firstWait(resiliency.appPolicy("billing", "m"), clock), Duration(2s));
  using K = ComponentKind;
  EXPECT_EQ(
      firstWait(resiliency.componentPolicy("store", K::kStatestore, Direction::kOutbound), clock),
      Duration(4s));
  EXPECT_EQ(
      firstWait(resiliency.componentPolicy("broker", K::kPubsub, Direction::kOutbound), clock),
      Duration(3s));
  EXPECT_EQ(firstWait(resiliency.componentPolicy("broker", K::kPubsub, Direction::kInbound), clock),
            Duration(5s));
  // A component named in targets with no policies for a direction gets none, not the defaults.
  EXPECT_TRUE(resiliency.componentPolicy("quiet", K::kPubsub, Direction::kInbound).empty());
}

TEST(ResiliencyTest, NoPoliciesMeansAnEmptyPolicy) {
  Resiliency resiliency(ResiliencySpec{}, std::make_shared<FakeClock>());
  EXPECT_TRUE(resiliency.appPolicy("a", "m").empty());
  EXPECT_TRUE(
      resiliency.componentPolicy("s", ComponentKind::kStatestore, Direction::kOutbound).empty());
}

TEST(ResiliencyTest, BreakersArePerAppMethod) {
  auto clock = std::make_shared<FakeClock>();
  Resiliency resiliency(specWithDefaults(), clock);
  auto failing = []() -> StatusOr<int> { return fail(StatusCode::kInternal, "down"); };
  (void)resiliency.appPolicy("orders", "a").run<int>(failing);
  auto open = resiliency.appPolicy("orders", "a").run<int>([]() -> StatusOr<int> { return 1; });
  ASSERT_FALSE(open);
  EXPECT_EQ(open.error().message(), "circuit breaker is open");
  auto other = resiliency.appPolicy("orders", "b").run<int>([]() -> StatusOr<int> { return 1; });
  EXPECT_TRUE(other);
}

}  // namespace
}  // namespace lichen::resiliency
