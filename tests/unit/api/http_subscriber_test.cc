// Dapr's HTTP delivery semantics mapped onto outcomes: 2xx + SUCCESS (or none) acks, DROP and
// 404 drop, RETRY, an unknown status, other statuses and transport failures retry; and the
// app's GET /dapr/subscribe answer.
#include "api/http/http_subscriber.h"

#include <gtest/gtest.h>

namespace lichen::http {
namespace {

using pubsub::DeliveryOutcome;

class FakeApp : public component::AppChannel {
 public:
  StatusOr<component::AppResponse> call(const std::string& method, const std::string& path,
                                        const std::string& body,
                                        const std::string& content_type) override {
    calls.push_back(method + " " + path + " [" + content_type + "] " + body);
    if (down) return fail(StatusCode::kInternal, "connection refused");
    return next;
  }
  std::vector<std::string> calls;
  component::AppResponse next{200, "", ""};
  bool down = false;
};

class HttpSubscriberTest : public ::testing::Test {
 protected:
  DeliveryOutcome deliver(int status, std::string body) {
    app_->next = {status, std::move(body), "application/json"};
    return subscriber_
        .deliver({"pubsub", "orders", "/orders-handler", "{}", "application/cloudevents+json", {}})
        .outcome;
  }
  std::shared_ptr<FakeApp> app_ = std::make_shared<FakeApp>();
  HttpSubscriber subscriber_{app_};
};

TEST_F(HttpSubscriberTest, DeliveryFollowsTheAppsAnswer) {
  EXPECT_EQ(deliver(200, ""), DeliveryOutcome::kSuccess);
  EXPECT_EQ(app_->calls.back(), "POST /orders-handler [application/cloudevents+json] {}");
  EXPECT_EQ(deliver(200, R"({"status":"SUCCESS"})"), DeliveryOutcome::kSuccess);
  EXPECT_EQ(deliver(204, "not json"), DeliveryOutcome::kSuccess);
  EXPECT_EQ(deliver(200, R"({"status":"DROP"})"), DeliveryOutcome::kDrop);
  EXPECT_EQ(deliver(200, R"({"status":"RETRY"})"), DeliveryOutcome::kRetry);
  EXPECT_EQ(deliver(200, R"({"status":"WHATEVER"})"), DeliveryOutcome::kRetry);
  EXPECT_EQ(deliver(404, ""), DeliveryOutcome::kDiscard);
  EXPECT_EQ(deliver(500, ""), DeliveryOutcome::kRetry);
  EXPECT_EQ(deliver(302, ""), DeliveryOutcome::kRetry);
  app_->down = true;
  auto result = subscriber_.deliver({"pubsub", "orders", "/o", "{}", "", {}});
  EXPECT_EQ(result.outcome, DeliveryOutcome::kRetry);
  EXPECT_EQ(result.error, "connection refused");
}

TEST_F(HttpSubscriberTest, SubscriptionsComeFromGetDaprSubscribe) {
  app_->next = {200, R"([{"pubsubname":"pubsub","topic":"t1","route":"/r1"}])", ""};
  auto subs = subscriber_.subscriptions();
  ASSERT_TRUE(subs);
  ASSERT_EQ(subs->size(), 1u);
  EXPECT_EQ((*subs)[0].default_path, "/r1");
  EXPECT_EQ(app_->calls.back(), "GET /dapr/subscribe [] ");
  app_->next = {404, "", ""};
  subs = subscriber_.subscriptions();
  ASSERT_TRUE(subs);
  EXPECT_TRUE(subs->empty());
  app_->next = {500, "", ""};
  EXPECT_FALSE(subscriber_.subscriptions());
  app_->next = {200, "{not json", ""};
  EXPECT_FALSE(subscriber_.subscriptions());
  app_->down = true;
  EXPECT_FALSE(subscriber_.subscriptions());
}

}  // namespace
}  // namespace lichen::http
