// A bulk subscription in the PubSubManager: the broker gathers batches within the
// subscription's limits; the manager sends each batch as one bulk request per route and
// settles each event on its own by its entry's status, as single delivery does (ack, retry,
// drop, dead-letter topic, inbound retry policy). How brokers gather is tested with each
// broker (memory_pubsub_test.cc, sqlite_pubsub_test.cc).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "runtime/pubsub/pubsub_manager.h"
#include "unit/runtime/pubsub_fakes.h"
#include "unit/runtime/quick_retry.h"

namespace lichen::pubsub {
namespace {

namespace json = boost::json;

class PubSubManagerBulkTest : public ManagerWithFakes<FakeBulkSubscriber> {
 protected:
  void SetUp() override {
    ManagerWithFakes::SetUp();
    // Each event says what the app answers for it: {"answer":"SUCCESS"|"RETRY"|"DROP"|"404"}.
    app_->answer = [](const Delivery& delivery) {
      std::string answer(json::parse(delivery.data).at("data").at("answer").as_string());
      if (answer == "RETRY") return DeliveryResult::retry("app answered RETRY");
      if (answer == "DROP") return DeliveryResult::drop("app answered DROP");
      if (answer == "404") return DeliveryResult::discard("app answered 404");
      return DeliveryResult::success();
    };
  }
  Subscription bulkSubscription(const std::string& topic) {
    Subscription sub;
    sub.pubsub = "pubsub";
    sub.topic = topic;
    sub.bulk = {true, 10, 50};
    return sub;
  }
  // The broker's message for an event the app answers `answer` for.
  Message event(const std::string& topic, const std::string& answer, int n,
                const std::string& kind = "gadget") {
    json::object data{{"answer", answer}, {"n", n}, {"kind", kind}};
    json::object cloud_event{{"id", std::to_string(n)}, {"data", data}};
    return {topic, json::serialize(cloud_event), "application/cloudevents+json", {}};
  }
  static std::vector<int> numbers(const std::vector<Delivery>& batch) {
    std::vector<int> out;
    for (const Delivery& d : batch) {
      out.push_back(static_cast<int>(json::parse(d.data).at("data").at("n").as_int64()));
    }
    return out;
  }
};

TEST_F(PubSubManagerBulkTest, TheBrokerGathersWithinTheSubscriptionsLimits) {
  ASSERT_TRUE(manager_.addSubscription(bulkSubscription("orders")));
  Subscription unset = bulkSubscription("defaults");
  unset.bulk.max_messages = 0;
  unset.bulk.max_await_ms = -1;
  ASSERT_TRUE(manager_.addSubscription(unset));
  ASSERT_TRUE(manager_.addSubscription(
      {"pubsub", "single", {}, "", {}, "", "DECLARATIVE", BulkSubscribe{}}));
  ASSERT_EQ(broker_->batch_subscriptions.size(), 2u);
  EXPECT_EQ(broker_->batch_subscriptions[0].limits.max_messages, 10u);
  EXPECT_EQ(broker_->batch_subscriptions[0].limits.max_await.count(), 50);
  EXPECT_EQ(broker_->batch_subscriptions[1].limits.max_messages, 100u);  // daprd's defaults
  EXPECT_EQ(broker_->batch_subscriptions[1].limits.max_await.count(), 1000);
  EXPECT_EQ(broker_->handlers.size(), 1u);  // not bulk: one message at a time
}

TEST_F(PubSubManagerBulkTest, ABatchIsOneRequestPerRouteAndEachEventIsSettledAlone) {
  Subscription sub = bulkSubscription("products");
  sub.rules = {{R"(event.data.kind == "widget")", "/widgets"}};
  sub.default_path = "/products";
  ASSERT_TRUE(manager_.addSubscription(sub));
  auto results = broker_->handOver(
      "products", {event("products", "SUCCESS", 1, "widget"), event("products", "RETRY", 2),
                   event("products", "DROP", 3, "widget"), event("products", "404", 4),
                   event("products", "SUCCESS", 5)});
  ASSERT_EQ(app_->batches.size(), 2u);
  std::map<std::string, std::vector<int>> by_path;
  for (const auto& batch : app_->batches) by_path[batch.front().path] = numbers(batch);
  EXPECT_EQ(by_path["/widgets"], (std::vector<int>{1, 3}));
  EXPECT_EQ(by_path["/products"], (std::vector<int>{2, 4, 5}));
  EXPECT_EQ(app_->batches[0][0].topic, "products");
  EXPECT_EQ(app_->batches[0][0].content_type, "application/cloudevents+json");
  ASSERT_EQ(results.size(), 5u);
  EXPECT_TRUE(results[0]);
  EXPECT_FALSE(results[1]);  // RETRY: the broker may redeliver it
  EXPECT_EQ(results[1].error().message(), "app answered RETRY");
  EXPECT_TRUE(results[2]);  // DROP without a dead-letter topic: dropped
  EXPECT_TRUE(results[3]);  // 404: discarded
  EXPECT_TRUE(results[4]);
  EXPECT_TRUE(broker_->published.empty());
}

TEST_F(PubSubManagerBulkTest, AnEntryTheAppLeftOutIsRetried) {
  ASSERT_TRUE(manager_.addSubscription(bulkSubscription("orders")));
  app_->leave_out_last = true;
  auto results =
      broker_->handOver("orders", {event("orders", "SUCCESS", 1), event("orders", "SUCCESS", 2)});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0]);
  EXPECT_FALSE(results[1]);
}

// As daprd: RETRY and DROP go to the dead-letter topic (acknowledged on the original topic);
// a 404 is only dropped.
TEST_F(PubSubManagerBulkTest, RetriedAndDroppedEntriesGoToTheDeadLetterTopic) {
  Subscription sub = bulkSubscription("orders");
  sub.dead_letter_topic = "poison";
  ASSERT_TRUE(manager_.addSubscription(sub));
  auto results =
      broker_->handOver("orders", {event("orders", "RETRY", 1), event("orders", "SUCCESS", 2),
                                   event("orders", "DROP", 3), event("orders", "404", 4)});
  for (const auto& result : results) EXPECT_TRUE(result);
  ASSERT_EQ(broker_->published.size(), 2u);
  EXPECT_EQ(broker_->published[0].topic, "poison");
  EXPECT_EQ(json::parse(broker_->published[0].data).at("id"), "1");
  EXPECT_EQ(json::parse(broker_->published[1].data).at("id"), "3");
}

// The inbound retry policy retries only the entries not settled yet: an acknowledged entry is
// never sent twice; once the retries run out the rest is given up.
TEST_F(PubSubManagerBulkTest, InboundRetriesSendOnlyTheUnsettledEntries) {
  resiliency::ResiliencySpec spec;
  spec.retries["DefaultPubsubComponentInboundRetryPolicy"] = resiliency::quickRetry(2);
  manager_.setResiliency(std::make_shared<resiliency::Resiliency>(spec));
  ASSERT_TRUE(manager_.addSubscription(bulkSubscription("orders")));
  int second_tries = 0;
  auto answer = app_->answer;
  app_->answer = [&](const Delivery& delivery) {
    int n = static_cast<int>(json::parse(delivery.data).at("data").at("n").as_int64());
    if (n == 2 && ++second_tries == 1) return DeliveryResult::retry("not yet");
    return answer(delivery);
  };
  auto results = broker_->handOver(
      "orders",
      {event("orders", "SUCCESS", 1), event("orders", "SUCCESS", 2), event("orders", "RETRY", 3)});
  ASSERT_EQ(app_->batches.size(), 3u);  // the first attempt and two retries
  EXPECT_EQ(numbers(app_->batches[0]), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(numbers(app_->batches[1]), (std::vector<int>{2, 3}));
  EXPECT_EQ(numbers(app_->batches[2]), (std::vector<int>{3}));
  ASSERT_EQ(results.size(), 3u);
  for (const auto& result : results) EXPECT_TRUE(result);  // 3 given up: dropped
  EXPECT_TRUE(broker_->published.empty());
}

// An app that takes one event at a time (a Wasm app) gets a bulk subscription's events alone.
TEST_F(PubSubManagerBulkTest, AnAppWithoutBulkRequestsGetsEachEventAlone) {
  auto single = std::make_shared<FakeSubscriber>();
  single->answer = app_->answer;
  manager_.setSubscriber(single);
  ASSERT_TRUE(manager_.addSubscription(bulkSubscription("orders")));
  auto results = broker_->handOver(
      "orders",
      {event("orders", "SUCCESS", 1), event("orders", "RETRY", 2), event("orders", "SUCCESS", 3)});
  EXPECT_EQ(numbers(single->deliveries), (std::vector<int>{1, 2, 3}));
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0]);
  EXPECT_FALSE(results[1]);
  EXPECT_TRUE(results[2]);
}

TEST_F(PubSubManagerBulkTest, ExpiredEventsAreDroppedAndWithoutAnAppAllAreRetried) {
  ASSERT_TRUE(manager_.addSubscription(bulkSubscription("orders")));
  Message expired = event("orders", "SUCCESS", 1);
  json::object body = json::parse(expired.data).as_object();
  body["expiration"] = "2001-01-01T00:00:00Z";
  expired.data = json::serialize(body);
  auto results = broker_->handOver("orders", {expired, event("orders", "SUCCESS", 2)});
  ASSERT_EQ(app_->batches.size(), 1u);
  EXPECT_EQ(numbers(app_->batches[0]), std::vector<int>{2});
  EXPECT_TRUE(results.at(0));
  EXPECT_TRUE(results.at(1));

  manager_.setSubscriber(nullptr);
  results =
      broker_->handOver("orders", {event("orders", "SUCCESS", 3), event("orders", "SUCCESS", 4)});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_FALSE(results[0]);
  EXPECT_FALSE(results[1]);
  EXPECT_EQ(app_->batches.size(), 1u);
}

}  // namespace
}  // namespace lichen::pubsub
