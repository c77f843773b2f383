#include "runtime/resources/subscription_loader.h"

#include <gtest/gtest.h>

namespace lichen::resources {
namespace {

TEST(SubscriptionLoaderTest, ParsesV2AndV1Subscriptions) {
  auto subs = parseSubscriptions(R"(apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata: {name: order-sub}
spec:
  pubsubname: pubsub
  topic: orders
  routes:
    rules: [{match: 'event.type == "widget"', path: /widgets}]
    default: /orders
  deadLetterTopic: poison
  metadata: {rawPayload: "true"}
scopes: [app1]
---
apiVersion: dapr.io/v1alpha1
kind: Subscription
metadata: {name: old}
spec: {pubsubname: pubsub, topic: legacy, route: /legacy}
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: c}
spec: {type: state.in-memory, version: v1}
)",
                                 "subs.yaml");
  ASSERT_TRUE(subs) << subs.error().message();
  ASSERT_EQ(subs->size(), 2u);
  const auto& first = (*subs)[0].subscription;
  EXPECT_EQ(first.topic, "orders");
  EXPECT_EQ(first.default_path, "/orders");
  ASSERT_EQ(first.rules.size(), 1u);
  EXPECT_EQ(first.rules[0].path, "/widgets");
  EXPECT_EQ(first.dead_letter_topic, "poison");
  EXPECT_EQ(first.metadata.at("rawPayload"), "true");
  EXPECT_EQ((*subs)[0].scopes, std::vector<std::string>{"app1"});
  EXPECT_EQ((*subs)[0].where, "subs.yaml:1");
  EXPECT_EQ((*subs)[1].subscription.default_path, "/legacy");
  EXPECT_EQ((*subs)[1].subscription.type, "DECLARATIVE");
}

TEST(SubscriptionLoaderTest, MissingTopicNamesFileAndLine) {
  auto subs = parseSubscriptions("kind: Subscription\nspec:\n  pubsubname: p\n", "s.yaml");
  ASSERT_FALSE(subs);
  EXPECT_NE(subs.error().message().find("s.yaml:3"), std::string::npos) << subs.error().message();
}

}  // namespace
}  // namespace lichen::resources
