// Dapr's HTTP delivery semantics mapped onto outcomes: 2xx + SUCCESS (or none) acks, DROP and
// 404 drop, RETRY, an unknown status, other statuses and transport failures retry; and the
// app's GET /dapr/subscribe answer.
#include "api/http/http_subscriber.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

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
    component::AppResponse response = next;
    if (!answer_entry.empty()) {  // answer a bulk request's entry with this status
      auto request = boost::json::parse(body).as_object();
      std::string id(request.at("entries").as_array().at(0).at("entryId").as_string());
      response.body =
          R"({"statuses":[{"entryId":")" + id + R"(","status":")" + answer_entry + R"("}]})";
    }
    return response;
  }
  std::string answer_entry;  // with a bulk request: the status for its entry
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

// bulkSubscribe: the event goes as a bulk request with one entry, and the entry's status decides.
TEST_F(HttpSubscriberTest, ABulkSubscriptionGetsBulkRequestsAndAnswersPerEntry) {
  auto bulk = [&](int status, const std::string& entry_status) {
    app_->next = {status, "", "application/json"};
    app_->answer_entry = entry_status;
    return subscriber_
        .deliver({"pubsub",
                  "orders",
                  "/bulk",
                  R"({"id":"e1","data":{"n":1}})",
                  "application/cloudevents+json",
                  {{"k", "v"}},
                  true})
        .outcome;
  };
  EXPECT_EQ(bulk(200, "SUCCESS"), DeliveryOutcome::kSuccess);
  const std::string& call = app_->calls.back();
  EXPECT_EQ(call.rfind("POST /bulk [application/json] ", 0), 0u) << call;
  boost::json::object body = boost::json::parse(call.substr(call.find("] ") + 2)).as_object();
  EXPECT_EQ(body.at("type"), "com.dapr.event.sent.bulk");
  EXPECT_EQ(body.at("topic"), "orders");
  EXPECT_EQ(body.at("pubsubname"), "pubsub");
  EXPECT_EQ(body.at("metadata").at("k"), "v");
  const auto& entry = body.at("entries").as_array().at(0).as_object();
  EXPECT_EQ(entry.at("event").at("data").at("n"), 1);
  EXPECT_EQ(entry.at("contentType"), "application/cloudevents+json");
  EXPECT_EQ(bulk(200, "DROP"), DeliveryOutcome::kDrop);
  EXPECT_EQ(bulk(200, "RETRY"), DeliveryOutcome::kRetry);
  EXPECT_EQ(bulk(200, ""), DeliveryOutcome::kRetry);  // an entry left out is RETRY
  EXPECT_EQ(bulk(404, "SUCCESS"), DeliveryOutcome::kDiscard);
  EXPECT_EQ(bulk(500, "SUCCESS"), DeliveryOutcome::kRetry);
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
