#include "components/pubsub/memory/memory_pubsub.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "unit/components/batch_inbox.h"

namespace lichen::components {
namespace {

// Deliveries take microseconds; a broker that loses one fails the test instead of hanging it.
constexpr std::chrono::seconds kDeadline{10};

TEST(MemoryPubSubTest, DeliversInOrderToEverySubscriberOfTheTopic) {
  MemoryPubSub broker;
  ASSERT_TRUE(broker.init({}));
  std::mutex mutex;
  std::condition_variable done;
  std::vector<std::string> first, second;
  auto record = [&](std::vector<std::string>& into) {
    return [&](const pubsub::Message& message) -> Expected<void, Status> {
      std::lock_guard lock(mutex);
      into.push_back(message.data);
      done.notify_all();
      return {};
    };
  };
  ASSERT_TRUE(broker.subscribe("t", record(first)));
  ASSERT_TRUE(broker.subscribe("t", record(second)));
  ASSERT_TRUE(broker.subscribe("other", [](const pubsub::Message&) -> Expected<void, Status> {
    ADD_FAILURE() << "delivered to the wrong topic";
    return {};
  }));
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(broker.publish({"t", std::to_string(i), "", {}}));
  bool delivered = false;
  {
    std::unique_lock lock(mutex);
    delivered =
        done.wait_for(lock, kDeadline, [&] { return first.size() == 100 && second.size() == 100; });
  }
  if (!delivered) broker.close();  // no handler may touch this frame's locals after the return
  ASSERT_TRUE(delivered) << first.size() << " and " << second.size() << " of 100 delivered";
  for (int i = 0; i < 100; ++i) EXPECT_EQ(first[i], std::to_string(i));
  EXPECT_EQ(first, second);
  broker.close();
  EXPECT_FALSE(broker.publish({"t", "late", "", {}}));
}

// As Dapr's component: a failed delivery is tried again (10 attempts, 100 ms apart), then given
// up; other subscriptions carry on meanwhile.
TEST(MemoryPubSubTest, AFailedDeliveryIsRetriedTenTimesWithoutHoldingOthersUp) {
  MemoryPubSub broker;
  ASSERT_TRUE(broker.init({}));
  std::mutex mutex;
  std::condition_variable done;
  int attempts = 0, others = 0;
  std::vector<std::string> handled;
  ASSERT_TRUE(broker.subscribe("t", [&](const pubsub::Message& m) -> Expected<void, Status> {
    std::lock_guard lock(mutex);
    done.notify_all();
    if (m.data == "never") {
      ++attempts;
      return fail(StatusCode::kInternal, "app said retry");
    }
    if (m.data == "third time" && ++attempts < 13) return fail(StatusCode::kInternal, "retry");
    handled.push_back(m.data);
    return {};
  }));
  ASSERT_TRUE(broker.subscribe("other", [&](const pubsub::Message&) -> Expected<void, Status> {
    std::lock_guard lock(mutex);
    ++others;
    done.notify_all();
    return {};
  }));
  ASSERT_TRUE(broker.publish({"t", "never", "", {}}));
  ASSERT_TRUE(broker.publish({"other", "x", "", {}}));
  {
    std::unique_lock lock(mutex);
    // The other topic's message arrives while the first is still being retried.
    EXPECT_TRUE(done.wait_for(lock, kDeadline, [&] { return others == 1; }));
    EXPECT_LT(attempts, MemoryPubSub::kAttempts);
  }
  ASSERT_TRUE(broker.publish({"t", "third time", "", {}}));
  bool finished = false;
  {
    std::unique_lock lock(mutex);
    finished = done.wait_for(lock, kDeadline, [&] { return handled.size() == 1; });
  }
  broker.close();
  ASSERT_TRUE(finished) << attempts << " attempts";
  EXPECT_EQ(attempts, MemoryPubSub::kAttempts + 3);  // 10 for "never", then 3 for "third time"
  EXPECT_EQ(handled, std::vector<std::string>{"third time"});
}

// With a wait far longer than the test, only the count limit can hand a batch over: 25
// messages make two batches of 10, and the 5 left are still gathering when the broker closes
// (which does not wait for them).
TEST(MemoryPubSubTest, ABatchIsHandedOverOnceItsCountIsReached) {
  MemoryPubSub broker;
  ASSERT_TRUE(broker.init({}));
  BatchInbox batches{kDeadline};
  ASSERT_TRUE(broker.subscribeBatch("t", {10, std::chrono::hours(1)}, batches.handler()));
  for (int i = 0; i < 25; ++i) ASSERT_TRUE(broker.publish({"t", std::to_string(i), "", {}}));
  bool two = batches.waitFor([&] { return batches.got.size() >= 2; });
  broker.close();
  ASSERT_TRUE(two);
  ASSERT_EQ(batches.got.size(), 2u);
  for (int b = 0; b < 2; ++b) {
    ASSERT_EQ(batches.got[b].size(), 10u);
    for (int i = 0; i < 10; ++i) EXPECT_EQ(batches.got[b][i], std::to_string(b * 10 + i));
  }
}

// Short of its count, a batch goes once its wait since the first message has passed; the
// failed messages of a batch are retried together, and the acknowledged ones are not.
TEST(MemoryPubSubTest, ABatchShortOfItsCountGoesAfterItsWaitAndOnlyFailuresAreRetried) {
  MemoryPubSub broker;
  ASSERT_TRUE(broker.init({}));
  BatchInbox batches{kDeadline};
  int refusals = 0;
  batches.accept = [&](const pubsub::Message& m) { return m.data != "b" || ++refusals > 2; };
  ASSERT_TRUE(broker.subscribeBatch("t", {100, std::chrono::milliseconds(50)}, batches.handler()));
  for (const char* data : {"a", "b", "c"}) ASSERT_TRUE(broker.publish({"t", data, "", {}}));
  bool done = batches.waitFor([&] {
    auto all = batches.all();
    return refusals == 3 && std::count(all.begin(), all.end(), "c") == 1 &&
           std::count(all.begin(), all.end(), "a") == 1;
  });
  broker.close();
  ASSERT_TRUE(done);
  for (const auto& batch : batches.got) EXPECT_LE(batch.size(), 3u);
  // "b" came three times (twice refused); "a" and "c" once each.
  std::vector<std::string> all = batches.all();
  EXPECT_EQ(std::count(all.begin(), all.end(), "a"), 1);
  EXPECT_EQ(std::count(all.begin(), all.end(), "b"), 3);
  EXPECT_EQ(std::count(all.begin(), all.end(), "c"), 1);
}

}  // namespace
}  // namespace lichen::components
