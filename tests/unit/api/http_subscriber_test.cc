// Dapr's HTTP delivery semantics mapped onto outcomes: 2xx + SUCCESS (or none) acks, DROP and
// 404 drop, RETRY, an unknown status, other statuses and transport failures retry; and the
// app's GET /dapr/subscribe answer.
#include "api/http/http_subscriber.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

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
    if (!entry_statuses.empty()) {  // answer a bulk request's entries with these statuses
      auto request = boost::json::parse(body).as_object();
      const auto& entries = request.at("entries").as_array();
      boost::json::array statuses;
      for (size_t i = 0; i < entries.size() && i < entry_statuses.size(); ++i) {
        if (entry_statuses[i].empty()) continue;  // left out of the answer
        statuses.push_back({{"entryId", entries[i].at("entryId")}, {"status", entry_statuses[i]}});
      }
      response.body = boost::json::serialize(boost::json::object{{"statuses", statuses}});
    }
    return response;
  }
  std::vector<std::string> entry_statuses;  // with a bulk request: the status per entry
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

// bulkSubscribe: a batch goes as one bulk request, and each entry's status decides its event.
TEST_F(HttpSubscriberTest, ABatchIsOneBulkRequestAnsweredPerEntry) {
  std::vector<pubsub::Delivery> batch;
  for (int n = 1; n <= 5; ++n) {
    batch.push_back(
        {"pubsub",
         "orders",
         "/bulk",
         R"({"id":"e)" + std::to_string(n) + R"(","data":{"n":)" + std::to_string(n) + "}}",
         "application/cloudevents+json",
         {{"k", "v" + std::to_string(n)}}});
  }
  batch[4].data = "not json";
  batch[4].content_type = "text/plain";
  app_->entry_statuses = {"SUCCESS", "DROP", "RETRY", "", "WHATEVER"};
  std::vector<pubsub::DeliveryResult> results = subscriber_.deliverBulk(batch);
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0].outcome, DeliveryOutcome::kSuccess);
  EXPECT_EQ(results[1].outcome, DeliveryOutcome::kDrop);
  EXPECT_EQ(results[2].outcome, DeliveryOutcome::kRetry);
  EXPECT_EQ(results[3].outcome, DeliveryOutcome::kRetry);  // an entry left out is RETRY
  EXPECT_EQ(results[4].outcome, DeliveryOutcome::kRetry);  // so is an unknown status
  ASSERT_EQ(app_->calls.size(), 1u);
  const std::string& call = app_->calls.back();
  EXPECT_EQ(call.rfind("POST /bulk [application/json] ", 0), 0u) << call;
  boost::json::object body = boost::json::parse(call.substr(call.find("] ") + 2)).as_object();
  EXPECT_EQ(body.at("type"), "com.dapr.event.sent.bulk");
  EXPECT_EQ(body.at("topic"), "orders");
  EXPECT_EQ(body.at("pubsubname"), "pubsub");
  EXPECT_EQ(body.at("metadata").at("pubsubName"), "pubsub");
  const auto& entries = body.at("entries").as_array();
  ASSERT_EQ(entries.size(), 5u);
  std::set<std::string> ids;
  for (size_t i = 0; i < entries.size(); ++i) {
    ids.insert(std::string(entries[i].at("entryId").as_string()));
    EXPECT_EQ(entries[i].at("metadata").at("k").as_string(), "v" + std::to_string(i + 1));
  }
  EXPECT_EQ(ids.size(), 5u);  // each entry has an id of its own
  EXPECT_EQ(entries[0].at("event").at("data").at("n"), 1);
  EXPECT_EQ(entries[0].at("contentType"), "application/cloudevents+json");
  EXPECT_EQ(entries[4].at("event"), "not json");
  EXPECT_EQ(entries[4].at("contentType"), "text/plain");
}

TEST_F(HttpSubscriberTest, AFailedBulkRequestCountsForEveryEntry) {
  std::vector<pubsub::Delivery> batch(
      3, {"pubsub", "orders", "/bulk", "{}", "application/cloudevents+json", {}});
  auto outcomes = [&](int status) {
    app_->next = {status, R"({"statuses":[]})", "application/json"};
    std::vector<DeliveryOutcome> out;
    for (const auto& result : subscriber_.deliverBulk(batch)) out.push_back(result.outcome);
    return out;
  };
  using Outcomes = std::vector<DeliveryOutcome>;
  EXPECT_EQ(outcomes(404), Outcomes(3, DeliveryOutcome::kDiscard));
  EXPECT_EQ(outcomes(500), Outcomes(3, DeliveryOutcome::kRetry));
  EXPECT_EQ(outcomes(200), Outcomes(3, DeliveryOutcome::kRetry));  // no entry answered
  app_->entry_statuses = {"SUCCESS", "SUCCESS", "SUCCESS"};
  EXPECT_EQ(outcomes(200), Outcomes(3, DeliveryOutcome::kSuccess));
  app_->down = true;
  EXPECT_EQ(outcomes(200), Outcomes(3, DeliveryOutcome::kRetry));
  EXPECT_TRUE(subscriber_.deliverBulk({}).empty());
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
