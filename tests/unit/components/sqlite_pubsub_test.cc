// pubsub.sqlite: two brokers on one file stand for two processes. Every consumer group gets
// every message; the instances of one group share them (each message once); a failed delivery
// comes again; a delivery left claimed by a process that died comes again once its lease
// expires; messages published before a group subscribes still reach it; and they survive the
// broker (a new one on the same file delivers what was not acknowledged).
#include "components/pubsub/sqlite/sqlite_pubsub.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <set>

#include "unit/components/batch_inbox.h"

namespace lichen::components {
namespace {

namespace fs = std::filesystem;
constexpr std::chrono::seconds kDeadline{20};

// What handlers received, with a wait for a condition on it.
struct Inbox {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> got;

  pubsub::Handler handler(std::function<bool(const pubsub::Message&)> accept = nullptr) {
    return [this, accept](const pubsub::Message& message) -> Expected<void, Status> {
      if (accept && !accept(message)) return fail(StatusCode::kInternal, "not now");
      std::lock_guard lock(mutex);
      got.push_back(message.data);
      changed.notify_all();
      return {};
    };
  }
  bool waitFor(size_t count) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, kDeadline, [&] { return got.size() >= count; });
  }
  std::vector<std::string> snapshot() {
    std::lock_guard lock(mutex);
    return got;
  }
};

class SqlitePubSubTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() / ("lichen-sqlite-pubsub-" + std::to_string(::getpid()) + "-" +
                                     testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<SqlitePubSub> broker(const std::string& consumer,
                                       std::map<std::string, std::string> extra = {}) {
    component::Properties properties;
    properties.set("connectionString", (dir_ / "broker.db").string());
    properties.set("consumerID", consumer);
    properties.set("pollInterval", "20ms");
    for (auto& [k, v] : extra) properties.set(k, v);
    auto b = std::make_unique<SqlitePubSub>();
    auto init = b->init(properties);
    EXPECT_TRUE(init) << init.error().message();
    return b;
  }
  fs::path dir_;
};

TEST_F(SqlitePubSubTest, EveryGroupGetsEveryMessageAndAGroupSharesThem) {
  auto publisher = broker("publisher");
  auto orders_a = broker("orders");
  auto orders_b = broker("orders");  // a second instance of the app "orders"
  auto audit = broker("audit");
  Inbox orders_inbox, audit_inbox;
  ASSERT_TRUE(orders_a->subscribe("t", orders_inbox.handler()));
  ASSERT_TRUE(orders_b->subscribe("t", orders_inbox.handler()));
  ASSERT_TRUE(audit->subscribe("t", audit_inbox.handler()));
  constexpr int kCount = 200;
  for (int i = 0; i < kCount; ++i) {
    ASSERT_TRUE(publisher->publish({"t", std::to_string(i), "text/plain", {{"k", "v"}}}));
  }
  ASSERT_TRUE(orders_inbox.waitFor(kCount));
  ASSERT_TRUE(audit_inbox.waitFor(kCount));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // room for a wrong duplicate
  auto orders = orders_inbox.snapshot();
  EXPECT_EQ(orders.size(), static_cast<size_t>(kCount));
  EXPECT_EQ(std::set<std::string>(orders.begin(), orders.end()).size(),
            static_cast<size_t>(kCount));
  EXPECT_EQ(audit_inbox.snapshot().size(), static_cast<size_t>(kCount));
}

TEST_F(SqlitePubSubTest, MessagesWaitForAGroupThatSubscribesLater) {
  auto publisher = broker("publisher");
  ASSERT_TRUE(publisher->publish({"t", "early", "", {}}));
  publisher.reset();  // the publisher is gone: the message is in the file
  auto late = broker("late");
  Inbox inbox;
  ASSERT_TRUE(late->subscribe("t", inbox.handler()));
  ASSERT_TRUE(inbox.waitFor(1));
  EXPECT_EQ(inbox.snapshot()[0], "early");
}

TEST_F(SqlitePubSubTest, AFailedDeliveryComesAgain) {
  auto b = broker("app", {{"redeliverInterval", "50ms"}});
  int attempts = 0;
  Inbox inbox;
  ASSERT_TRUE(b->subscribe("t", inbox.handler([&](const pubsub::Message&) {
    return ++attempts >= 3;  // fails twice, then handles it
  })));
  ASSERT_TRUE(b->publish({"t", "retry me", "", {}}));
  ASSERT_TRUE(inbox.waitFor(1));
  EXPECT_EQ(attempts, 3);
}

TEST_F(SqlitePubSubTest, AClaimLeftByADeadProcessIsDeliveredOnceItsLeaseEnds) {
  {
    auto publisher = broker("publisher");
    ASSERT_TRUE(publisher->publish({"t", "in flight", "", {}}));
  }
  // What a process killed mid-delivery leaves: the message claimed for its group, the cursor
  // past it, no acknowledgement.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "broker.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "INSERT INTO deliveries VALUES('app', 1, 't', "
                         "CAST(strftime('%s','now') AS INTEGER) * 1000 + 300, 1);"
                         "INSERT INTO cursors VALUES('app', 't', 1);",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto restarted = broker("app");
  Inbox inbox;
  ASSERT_TRUE(restarted->subscribe("t", inbox.handler()));
  ASSERT_TRUE(inbox.waitFor(1));
  EXPECT_EQ(inbox.snapshot()[0], "in flight");
}

TEST_F(SqlitePubSubTest, UnacknowledgedMessagesOutliveTheBroker) {
  auto publisher = broker("publisher");
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(publisher->publish({"t", std::to_string(i), "", {}}));
  {
    auto first = broker("app");
    Inbox inbox;
    ASSERT_TRUE(first->subscribe("t", inbox.handler([](const pubsub::Message& m) {
      return std::stoi(m.data) < 5;  // handles 0..4, fails the rest
    })));
    ASSERT_TRUE(inbox.waitFor(5));
  }
  auto second = broker("app", {{"redeliverInterval", "0ms"}});
  Inbox inbox;
  ASSERT_TRUE(second->subscribe("t", inbox.handler()));
  ASSERT_TRUE(inbox.waitFor(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto got = inbox.snapshot();
  EXPECT_EQ(std::set<std::string>(got.begin(), got.end()),
            (std::set<std::string>{"5", "6", "7", "8", "9"}));
}

// A batch goes once its count is claimed; with a wait far longer than the test, the 5 left of
// 25 are still gathering at close, which releases them: the next broker delivers them at once.
TEST_F(SqlitePubSubTest, BatchesGoAtTheirCountAndGatheredMessagesSurviveClose) {
  auto publisher = broker("publisher");
  for (int i = 0; i < 25; ++i) ASSERT_TRUE(publisher->publish({"t", std::to_string(i), "", {}}));
  BatchInbox batches{kDeadline};
  {
    auto first = broker("app", {{"processingTimeout", "1h"}});
    ASSERT_TRUE(first->subscribeBatch("t", {10, std::chrono::hours(1)}, batches.handler()));
    ASSERT_TRUE(batches.waitFor([&] { return batches.got.size() >= 2; }));
  }
  ASSERT_EQ(batches.got.size(), 2u);
  for (int b = 0; b < 2; ++b) {
    ASSERT_EQ(batches.got[b].size(), 10u);
    for (int i = 0; i < 10; ++i) EXPECT_EQ(batches.got[b][i], std::to_string(b * 10 + i));
  }
  auto second = broker("app");
  Inbox inbox;
  ASSERT_TRUE(second->subscribe("t", inbox.handler()));
  ASSERT_TRUE(inbox.waitFor(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // room for a wrong duplicate
  EXPECT_EQ(inbox.snapshot(), (std::vector<std::string>{"20", "21", "22", "23", "24"}));
}

// Short of its count, a batch goes after its wait; each message is acknowledged on its own:
// the one refused comes again, the others do not.
TEST_F(SqlitePubSubTest, ABatchShortOfItsCountGoesAfterItsWaitAndOnlyFailuresComeAgain) {
  auto b = broker("app", {{"redeliverInterval", "50ms"}});
  BatchInbox batches{kDeadline};
  int refusals = 0;
  batches.accept = [&](const pubsub::Message& m) { return m.data != "b" || ++refusals > 1; };
  ASSERT_TRUE(b->subscribeBatch("t", {100, std::chrono::milliseconds(100)}, batches.handler()));
  for (const char* data : {"a", "b", "c"}) ASSERT_TRUE(b->publish({"t", data, "", {}}));
  ASSERT_TRUE(batches.waitFor([&] {
    std::vector<std::string> all = batches.all();
    return refusals == 2 && std::count(all.begin(), all.end(), "a") > 0 &&
           std::count(all.begin(), all.end(), "c") > 0;
  }));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // room for a wrong duplicate
  b.reset();
  std::vector<std::string> all = batches.all();
  EXPECT_EQ(std::count(all.begin(), all.end(), "a"), 1);
  EXPECT_EQ(std::count(all.begin(), all.end(), "b"), 2);
  EXPECT_EQ(std::count(all.begin(), all.end(), "c"), 1);
  for (const auto& batch : batches.got) EXPECT_LE(batch.size(), 3u);
}

TEST_F(SqlitePubSubTest, BadMetadataIsNamed) {
  component::Properties properties;
  SqlitePubSub b;
  auto missing = b.init(properties);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("connectionString"), std::string::npos);
  properties.set("connectionString", (dir_ / "x.db").string());
  properties.set("pollInterval", "soon");
  auto bad = b.init(properties);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("pollInterval"), std::string::npos) << bad.error().message();
}

}  // namespace
}  // namespace lichen::components
