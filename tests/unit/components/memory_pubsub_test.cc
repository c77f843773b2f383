#include "components/pubsub/memory/memory_pubsub.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

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

TEST(MemoryPubSubTest, HandlerErrorsDoNotStopDelivery) {
  MemoryPubSub broker;
  ASSERT_TRUE(broker.init({}));
  std::mutex mutex;
  std::condition_variable done;
  int calls = 0;
  ASSERT_TRUE(broker.subscribe("t", [&](const pubsub::Message&) -> Expected<void, Status> {
    std::lock_guard lock(mutex);
    ++calls;
    done.notify_all();
    return fail(StatusCode::kInternal, "app said retry");
  }));
  ASSERT_TRUE(broker.publish({"t", "1", "", {}}));
  ASSERT_TRUE(broker.publish({"t", "2", "", {}}));
  bool delivered = false;
  {
    std::unique_lock lock(mutex);
    delivered = done.wait_for(lock, kDeadline, [&] { return calls == 2; });
  }
  broker.close();
  EXPECT_TRUE(delivered) << calls << " of 2 deliveries";
}

}  // namespace
}  // namespace lichen::components
