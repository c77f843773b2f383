#include "runtime/resiliency/circuit_breaker.h"

#include <gtest/gtest.h>

#include "fake_clock.h"

namespace lichen::resiliency {
namespace {

using namespace std::chrono_literals;

BreakerSettings settings(const std::string& trip, uint32_t max_requests = 1, Duration timeout = 30s,
                         Duration interval = Duration::zero()) {
  BreakerSettings out;
  auto parsed = TripCondition::parse(trip);
  EXPECT_TRUE(parsed) << parsed.error().message();
  if (parsed) out.trip = *parsed;
  out.max_requests = max_requests;
  out.timeout = timeout;
  out.interval = interval;
  return out;
}

void failOnce(CircuitBreaker& breaker) {
  auto generation = breaker.admit();
  ASSERT_TRUE(generation);
  breaker.record(*generation, false);
}

void succeedOnce(CircuitBreaker& breaker) {
  auto generation = breaker.admit();
  ASSERT_TRUE(generation);
  breaker.record(*generation, true);
}

TEST(TripConditionTest, ParsesTheSupportedForms) {
  BreakerCounts counts;
  counts.consecutive_failures = 3;
  auto greater = TripCondition::parse("consecutiveFailures > 3");
  ASSERT_TRUE(greater);
  EXPECT_FALSE(greater->holds(counts));
  auto at_least = TripCondition::parse("  consecutiveFailures>=3 ");
  ASSERT_TRUE(at_least);
  EXPECT_TRUE(at_least->holds(counts));
  auto total = TripCondition::parse("totalFailures == 0");
  ASSERT_TRUE(total);
  EXPECT_TRUE(total->holds({}));
}

TEST(TripConditionTest, RefusesOtherExpressions) {
  for (const char* text :
       {"consecutiveFailures > 3 && requests > 10", "failures > 3", "consecutiveFailures < 3",
        "consecutiveFailures > x", "consecutiveFailures > -1", "", "consecutiveFailures >"}) {
    auto parsed = TripCondition::parse(text);
    EXPECT_FALSE(parsed) << text;
    if (!parsed) {
      EXPECT_NE(parsed.error().message().find("not supported"), std::string::npos);
    }
  }
}

TEST(CircuitBreakerTest, OpensAfterTheTripThenFailsFast) {
  FakeClock clock;
  CircuitBreaker breaker("cb", settings("consecutiveFailures >= 3"), clock);
  failOnce(breaker);
  failOnce(breaker);
  EXPECT_EQ(breaker.state(), BreakerState::kClosed);
  failOnce(breaker);
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
  auto refused = breaker.admit();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message(), "circuit breaker is open");
  EXPECT_TRUE(isBreakerRejection(refused.error()));
}

TEST(CircuitBreakerTest, ASuccessResetsConsecutiveFailures) {
  FakeClock clock;
  CircuitBreaker breaker("cb", settings("consecutiveFailures > 2"), clock);
  failOnce(breaker);
  failOnce(breaker);
  succeedOnce(breaker);
  failOnce(breaker);
  failOnce(breaker);
  EXPECT_EQ(breaker.state(), BreakerState::kClosed);
  failOnce(breaker);
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
}

TEST(CircuitBreakerTest, HalfOpenAfterTimeoutLetsMaxRequestsThrough) {
  FakeClock clock;
  CircuitBreaker breaker("cb", settings("consecutiveFailures > 0", 2, 10s), clock);
  failOnce(breaker);
  ASSERT_EQ(breaker.state(), BreakerState::kOpen);
  clock.advance(9s);
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
  clock.advance(1s);
  EXPECT_EQ(breaker.state(), BreakerState::kHalfOpen);
  auto first = breaker.admit();
  auto second = breaker.admit();
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  auto third = breaker.admit();
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().message(), "too many requests");
  breaker.record(*first, true);
  EXPECT_EQ(breaker.state(), BreakerState::kHalfOpen);
  breaker.record(*second, true);
  EXPECT_EQ(breaker.state(), BreakerState::kClosed);
}

TEST(CircuitBreakerTest, AFailureInHalfOpenOpensAgain) {
  FakeClock clock;
  CircuitBreaker breaker("cb", settings("consecutiveFailures > 0", 1, 5s), clock);
  failOnce(breaker);
  clock.advance(5s);
  ASSERT_EQ(breaker.state(), BreakerState::kHalfOpen);
  failOnce(breaker);
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
  clock.advance(4s);
  EXPECT_FALSE(breaker.admit());
}

TEST(CircuitBreakerTest, IntervalResetsTheClosedCounts) {
  FakeClock clock;
  CircuitBreaker breaker("cb", settings("totalFailures >= 2", 1, 5s, 10s), clock);
  failOnce(breaker);
  clock.advance(11s);  // a new interval: the first failure no longer counts
  failOnce(breaker);
  EXPECT_EQ(breaker.state(), BreakerState::kClosed);
  failOnce(breaker);
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
}

TEST(CircuitBreakerTest, AResultFromAnOlderGenerationIsIgnored) {
  FakeClock clock;
  CircuitBreaker breaker("cb", settings("consecutiveFailures > 0", 1, 5s), clock);
  auto slow = breaker.admit();
  ASSERT_TRUE(slow);
  failOnce(breaker);  // opens: a new generation
  clock.advance(5s);
  ASSERT_EQ(breaker.state(), BreakerState::kHalfOpen);
  breaker.record(*slow, false);  // the slow call's failure belongs to the closed period
  EXPECT_EQ(breaker.state(), BreakerState::kHalfOpen);
}

TEST(CircuitBreakerTest, DefaultsMatchGobreaker) {
  FakeClock clock;
  CircuitBreaker breaker("cb", BreakerSettings{0, Duration::zero(), Duration::zero(), {}}, clock);
  for (int i = 0; i < 5; ++i) failOnce(breaker);
  EXPECT_EQ(breaker.state(), BreakerState::kClosed);  // consecutiveFailures > 5
  failOnce(breaker);
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
  clock.advance(59s);
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
  clock.advance(1s);  // timeout 0 means 60 s
  EXPECT_EQ(breaker.state(), BreakerState::kHalfOpen);
}

}  // namespace
}  // namespace lichen::resiliency
