// The pub/sub building block over a fake broker and a fake subscriber: Dapr's publish errors,
// the CloudEvents envelope, routing, and what each delivery outcome (ack, retry, drop) does.
// The HTTP mapping onto outcomes is tested in tests/unit/api/http_subscriber_test.cc.
#include "runtime/pubsub/pubsub_manager.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "unit/runtime/pubsub_fakes.h"
#include "unit/runtime/quick_retry.h"

namespace lichen::pubsub {
namespace {

namespace json = boost::json;

class PubSubManagerTest : public ManagerWithFakes<FakeSubscriber> {
 protected:
  Expected<void, Status> publish(std::string topic, std::string data, std::string type,
                                 Metadata md = {}) {
    return manager_.publish({"pubsub", std::move(topic), std::move(data), std::move(type), md});
  }
};

TEST_F(PubSubManagerTest, PublishErrorsAsDapr) {
  PubSubManager empty("x");
  auto none = empty.publish({"pubsub", "t", "", "", {}});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().info().error_code, "ERR_PUBSUB_NOT_CONFIGURED");
  EXPECT_EQ(none.error().info().http_status, 400);
  auto unknown = manager_.publish({"nope", "t", "", "", {}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().info().error_code, "ERR_PUBSUB_NOT_FOUND");
  EXPECT_EQ(unknown.error().info().http_status, 404);
  auto no_topic = manager_.publish({"pubsub", "", "", "", {}});
  ASSERT_FALSE(no_topic);
  EXPECT_EQ(no_topic.error().info().error_code, "ERR_TOPIC_NAME_EMPTY");
  EXPECT_EQ(manager_.publish({"", "t", "", "", {}}).error().info().error_code, "ERR_PUBSUB_EMPTY");
}

TEST_F(PubSubManagerTest, JsonPayloadIsWrappedInACloudEvent) {
  ASSERT_TRUE(publish("orders", R"({"id":7})", "application/json",
                      {{"cloudevent.type", "custom.type"}, {"ttlInSeconds", "60"}}));
  ASSERT_EQ(broker_->published.size(), 1u);
  EXPECT_EQ(broker_->published[0].content_type, "application/cloudevents+json");
  json::object event = json::parse(broker_->published[0].data).as_object();
  EXPECT_EQ(event.at("data"), json::parse(R"({"id":7})"));
  EXPECT_EQ(event.at("datacontenttype"), "application/json");
  EXPECT_EQ(event.at("specversion"), "1.0");
  EXPECT_EQ(event.at("source"), "publisher");
  EXPECT_EQ(event.at("type"), "custom.type");
  EXPECT_EQ(event.at("topic"), "orders");
  EXPECT_EQ(event.at("pubsubname"), "pubsub");
  EXPECT_EQ(event.at("id").as_string().size(), 36u);
  EXPECT_TRUE(event.contains("time"));
  EXPECT_TRUE(event.contains("expiration"));
}

TEST_F(PubSubManagerTest, TextBinaryRawAndCallerCloudEvents) {
  ASSERT_TRUE(publish("t", "hello", ""));
  json::object text = json::parse(broker_->published[0].data).as_object();
  EXPECT_EQ(text.at("data"), "hello");
  EXPECT_EQ(text.at("datacontenttype"), "text/plain");

  ASSERT_TRUE(publish("t", std::string("\x01\x02\x03", 3), "application/octet-stream"));
  EXPECT_EQ(json::parse(broker_->published[1].data).at("data_base64"), "AQID");

  ASSERT_TRUE(publish("t", "raw bytes", "text/plain", {{"rawPayload", "true"}}));
  EXPECT_EQ(broker_->published[2].data, "raw bytes");

  ASSERT_TRUE(publish("t", R"({"id":"mine","source":"s","type":"x","data":1})",
                      "application/cloudevents+json"));
  json::object own = json::parse(broker_->published[3].data).as_object();
  EXPECT_EQ(own.at("id"), "mine");
  EXPECT_EQ(own.at("topic"), "t");
  EXPECT_EQ(own.at("data"), 1);
}

TEST_F(PubSubManagerTest, DeliveryFollowsTheSubscribersOutcome) {
  Subscription sub;
  sub.pubsub = "pubsub";
  sub.topic = "orders";
  sub.default_path = "orders-handler";
  ASSERT_TRUE(manager_.addSubscription(sub));
  ASSERT_TRUE(manager_.addSubscription(sub));  // duplicates are ignored
  EXPECT_EQ(manager_.subscriptions().size(), 1u);

  auto deliver = [&](DeliveryResult result) {
    app_->next = std::move(result);
    broker_->results.clear();
    EXPECT_TRUE(publish("orders", "{}", "application/json", {{"k", "v"}}));
    return broker_->results.at(0);
  };
  EXPECT_TRUE(deliver(DeliveryResult::success()));
  const Delivery& last = app_->deliveries.back();
  EXPECT_EQ(last.pubsub, "pubsub");
  EXPECT_EQ(last.topic, "orders");
  EXPECT_EQ(last.path, "/orders-handler");
  EXPECT_EQ(last.content_type, "application/cloudevents+json");
  EXPECT_EQ(last.data, broker_->published.back().data);
  EXPECT_EQ(last.metadata.at("k"), "v");
  EXPECT_TRUE(deliver(DeliveryResult::drop("app answered DROP")));  // acknowledged, not redone
  EXPECT_TRUE(deliver(DeliveryResult::discard("app answered 404")));
  auto retried = deliver(DeliveryResult::retry("app answered 500"));
  ASSERT_FALSE(retried);  // the broker may redeliver
  EXPECT_EQ(retried.error().message(), "app answered 500");
  EXPECT_EQ(broker_->published.size(), 4u);  // no dead-letter topic: nothing parked

  manager_.setSubscriber(nullptr);  // no app yet: retried
  EXPECT_FALSE(deliver(DeliveryResult::success()));
  EXPECT_EQ(app_->deliveries.size(), 4u);
}

// As daprd (dapr/dapr#9400): RETRY and DROP go to the dead-letter topic; a 404 (not for this
// app) is only dropped.
TEST_F(PubSubManagerTest, RetriedAndDroppedEventsGoToTheDeadLetterTopicDiscardedOnesDoNot) {
  Subscription sub;
  sub.pubsub = "pubsub";
  sub.topic = "orders";
  sub.dead_letter_topic = "poison";
  ASSERT_TRUE(manager_.addSubscription(sub));
  app_->next = DeliveryResult::retry("app answered 500");
  ASSERT_TRUE(publish("orders", "{}", "application/json"));
  ASSERT_EQ(broker_->published.size(), 2u);
  EXPECT_EQ(broker_->published[1].topic, "poison");
  EXPECT_EQ(broker_->published[1].data, broker_->published[0].data);
  EXPECT_TRUE(broker_->results.at(0));  // parked: acknowledged on the original topic
  app_->next = DeliveryResult::drop("app answered DROP");
  ASSERT_TRUE(publish("orders", "{}", "application/json"));
  ASSERT_EQ(broker_->published.size(), 4u);  // dropped: parked too
  EXPECT_EQ(broker_->published[3].topic, "poison");
  app_->next = DeliveryResult::discard("app answered 404");
  ASSERT_TRUE(publish("orders", "{}", "application/json"));
  EXPECT_EQ(broker_->published.size(), 5u);  // discarded: nothing parked
  app_->next = DeliveryResult::success();
  ASSERT_TRUE(publish("orders", "{}", "application/json"));
  EXPECT_EQ(broker_->published.size(), 6u);  // delivered: nothing parked
}

// With an inbound retry policy the runtime retries and, once the retries run out, gives the
// event up (dead-letter topic, else dropped): the broker is not asked to redeliver.
TEST_F(PubSubManagerTest, AnInboundRetryPolicyReplacesTheBrokersRedelivery) {
  resiliency::ResiliencySpec spec;
  spec.retries["DefaultPubsubComponentInboundRetryPolicy"] = resiliency::quickRetry(2);
  manager_.setResiliency(std::make_shared<resiliency::Resiliency>(spec));
  Subscription sub;
  sub.pubsub = "pubsub";
  sub.topic = "orders";
  ASSERT_TRUE(manager_.addSubscription(sub));
  app_->next = DeliveryResult::retry("app answered 500");
  ASSERT_TRUE(publish("orders", "{}", "application/json"));
  EXPECT_EQ(app_->deliveries.size(), 3u);
  EXPECT_TRUE(broker_->results.at(0));  // given up: acknowledged to the broker
  EXPECT_EQ(broker_->published.size(), 1u);

  Subscription parked = sub;
  parked.topic = "payments";
  parked.dead_letter_topic = "poison";
  ASSERT_TRUE(manager_.addSubscription(parked));
  ASSERT_TRUE(publish("payments", "{}", "application/json"));
  EXPECT_EQ(app_->deliveries.size(), 6u);
  ASSERT_EQ(broker_->published.size(), 3u);
  EXPECT_EQ(broker_->published[2].topic, "poison");

  app_->next = DeliveryResult::drop("app answered DROP");  // not retried
  ASSERT_TRUE(publish("orders", "{}", "application/json"));
  EXPECT_EQ(app_->deliveries.size(), 7u);
}

// daprd's FromRawPayload: a rawPayload subscription gets the bytes as data_base64 of a CloudEvent.
TEST_F(PubSubManagerTest, ARawPayloadSubscriptionGetsTheBytesWrappedInACloudEvent) {
  Subscription sub;
  sub.pubsub = "pubsub";
  sub.topic = "raw";
  sub.metadata["rawPayload"] = "true";
  ASSERT_TRUE(manager_.addSubscription(sub));
  ASSERT_TRUE(publish("raw", "raw bytes", "text/plain", {{"rawPayload", "true"}}));
  const Delivery& got = app_->deliveries.back();
  EXPECT_EQ(got.content_type, "application/cloudevents+json");
  json::object event = json::parse(got.data).as_object();
  EXPECT_EQ(event.at("data_base64"), "cmF3IGJ5dGVz");
  EXPECT_EQ(event.at("datacontenttype"), "application/octet-stream");
  EXPECT_EQ(event.at("topic"), "raw");
  EXPECT_EQ(event.at("pubsubname"), "pubsub");
  EXPECT_EQ(event.at("specversion"), "1.0");
  EXPECT_EQ(event.at("source"), "Dapr");
  EXPECT_EQ(event.at("type"), "com.dapr.event.sent");
  EXPECT_FALSE(event.at("id").as_string().empty());
}

TEST(CloudEventTime, Rfc3339ParsesZonesAndFractions) {
  EXPECT_EQ(parseRfc3339Ms("1970-01-01T00:00:01Z"), 1000);
  EXPECT_EQ(parseRfc3339Ms("1970-01-01T00:00:01.250Z"), 1250);
  EXPECT_EQ(parseRfc3339Ms("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(parseRfc3339Ms("1970-01-01T00:00:00-00:30"), 30 * 60 * 1000);
  EXPECT_FALSE(parseRfc3339Ms("yesterday"));
  EXPECT_FALSE(parseRfc3339Ms("1970-01-01T00:00:00"));
}

// Publish metadata ttlInSeconds sets the CloudEvent's expiration; past it, delivery drops it.
TEST_F(PubSubManagerTest, AnExpiredEventIsDroppedNotDelivered) {
  Subscription sub;
  sub.pubsub = "pubsub";
  sub.topic = "ttl";
  sub.dead_letter_topic = "dead";
  ASSERT_TRUE(manager_.addSubscription(sub));
  ASSERT_TRUE(publish("ttl", R"({"id":"old","data":1,"expiration":"2001-01-01T00:00:00Z"})",
                      "application/cloudevents+json"));
  EXPECT_TRUE(app_->deliveries.empty());
  EXPECT_EQ(broker_->published.size(), 1u);  // not dead-lettered either
  ASSERT_TRUE(publish("ttl", "fresh", "text/plain", {{"ttlInSeconds", "60"}}));
  ASSERT_EQ(app_->deliveries.size(), 1u);
  EXPECT_TRUE(json::parse(app_->deliveries[0].data).as_object().contains("expiration"));
}

TEST_F(PubSubManagerTest, RulesRouteByCelMatch) {
  Subscription sub;
  sub.pubsub = "pubsub";
  sub.topic = "products";
  sub.rules = {{R"(event.data.kind == "widget")", "/widgets"},
               {"event.data.qty > 100", "/bulk"},
               {"size(event.data) > 1", "/unsupported"}};
  sub.default_path = "/products";
  ASSERT_TRUE(manager_.addSubscription(sub));
  ASSERT_TRUE(publish("products", R"({"kind":"widget","qty":1})", "application/json"));
  EXPECT_EQ(app_->deliveries.back().path, "/widgets");
  ASSERT_TRUE(publish("products", R"({"kind":"gadget","qty":500})", "application/json"));
  EXPECT_EQ(app_->deliveries.back().path, "/bulk");
  ASSERT_TRUE(publish("products", R"({"kind":"gadget","qty":5})", "application/json"));
  EXPECT_EQ(app_->deliveries.back().path, "/products");
}

TEST_F(PubSubManagerTest, RulesWithoutMatchAndUnknownPubSub) {
  Subscription sub;
  sub.pubsub = "pubsub";
  sub.topic = "a";
  sub.rules = {{"event.type == 'x'", "/cel"}, {"", "/plain"}};
  ASSERT_TRUE(manager_.addSubscription(sub));
  ASSERT_TRUE(publish("a", "x", "text/plain"));
  EXPECT_EQ(app_->deliveries.back().path, "/plain");
  sub.pubsub = "missing";
  EXPECT_FALSE(manager_.addSubscription(sub));
}

TEST_F(PubSubManagerTest, ProgrammaticSubscriptionsFromTheApp) {
  auto own = parseProgrammaticSubscriptions(
      R"([{"pubsubname":"pubsub","topic":"t1","route":"/r1"},
          {"pubsubname":"pubsub","topic":"t2","routes":{"default":"/r2"},
           "metadata":{"rawPayload":"true"},"deadLetterTopic":"dead"},
          {"topic":"no-pubsub"}])");
  ASSERT_TRUE(own);
  ASSERT_EQ(own->size(), 2u);
  app_->own = *own;
  app_->own.push_back({"missing", "t3", {}, "/r3", {}, "", "PROGRAMMATIC"});  // skipped
  ASSERT_TRUE(manager_.loadProgrammaticSubscriptions());
  auto subs = manager_.subscriptions();
  ASSERT_EQ(subs.size(), 2u);
  EXPECT_EQ(subs[0].type, "PROGRAMMATIC");
  EXPECT_EQ(subs[0].default_path, "/r1");
  EXPECT_EQ(subs[1].metadata.at("rawPayload"), "true");
  EXPECT_EQ(subs[1].dead_letter_topic, "dead");
  EXPECT_FALSE(parseProgrammaticSubscriptions("{not json"));
  app_->down = true;
  EXPECT_FALSE(manager_.loadProgrammaticSubscriptions());
  manager_.setSubscriber(nullptr);
  EXPECT_FALSE(manager_.loadProgrammaticSubscriptions());
}

}  // namespace
}  // namespace lichen::pubsub
