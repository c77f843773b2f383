// The configuration block without transports: daprd's errors, and a change pushed to the app
// as POST /configuration/{store}/{key} with the UpdateEvent as its JSON body.
#include "runtime/configuration/configuration_manager.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <mutex>

#include "components/configuration/memory/memory_configuration_store.h"

namespace lichen::configuration {
namespace {

namespace json = boost::json;

// The app: records every call and answers with `status`.
class RecordingApp : public component::AppChannel {
 public:
  struct Call {
    std::string method, path, body, content_type;
  };
  StatusOr<component::AppResponse> call(const std::string& method, const std::string& path,
                                        const std::string& body,
                                        const std::string& content_type) override {
    std::lock_guard lock(mutex);
    calls.push_back({method, path, body, content_type});
    return component::AppResponse{status, "", "", {}};
  }
  std::mutex mutex;
  std::vector<Call> calls;
  int status = 200;
};

class ConfigurationManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = std::make_unique<components::MemoryConfigurationStore>();
    component::Properties properties;
    properties.set("items", R"({"a":{"value":"1","version":"v1"}})");
    ASSERT_TRUE(store->init(properties));
    store_ = store.get();
    ASSERT_TRUE(manager_.addComponent({"config", "configuration.in-memory", "v1"}, properties,
                                      std::move(store)));
  }

  std::shared_ptr<RecordingApp> app_ = std::make_shared<RecordingApp>();
  std::shared_ptr<component::AppChannel> channel_;
  ConfigurationManager manager_{[this] { return channel_; }};
  components::MemoryConfigurationStore* store_ = nullptr;
};

TEST_F(ConfigurationManagerTest, ErrorsAsDaprd) {
  ConfigurationManager empty([] { return nullptr; });
  auto none = empty.get("config", {"a"}, {});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code(), StatusCode::kConfigurationStoreNotConfigured);
  EXPECT_EQ(none.error().message(), "configuration stores not configured");

  auto unknown = manager_.get("nope", {"a"}, {});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code(), StatusCode::kConfigurationStoreNotFound);
  EXPECT_EQ(unknown.error().message(), "configuration store nope not found");

  auto no_app = manager_.subscribe("config", {"a"}, {});
  ASSERT_FALSE(no_app);
  EXPECT_EQ(no_app.error().code(), StatusCode::kAppChannelNil);

  auto bad_id = manager_.unsubscribe("config", "xyz");
  ASSERT_FALSE(bad_id);
  EXPECT_EQ(bad_id.error().code(), StatusCode::kConfigurationUnsubscribe);
  EXPECT_EQ(bad_id.error().message(),
            "failed to unsubscribe to configuration request xyz: subscription with id xyz does "
            "not exist");
}

TEST_F(ConfigurationManagerTest, GetAnswersTheStoreItems) {
  auto items = manager_.get("config", {"a", "b"}, {});
  ASSERT_TRUE(items);
  EXPECT_EQ(*items, (Items{{"a", Item{"1", "v1", {}}}}));
}

TEST_F(ConfigurationManagerTest, ChangesArePushedToTheApp) {
  channel_ = app_;
  auto id = manager_.subscribe("config", {"a", "with space"}, {});
  ASSERT_TRUE(id) << id.error().message();
  store_->set("a", Item{"2", "v2", {{"k", "v"}}});
  store_->set("with space", Item{"x", "", {}});
  store_->set("other", Item{"ignored", "", {}});
  ASSERT_EQ(app_->calls.size(), 2u);
  EXPECT_EQ(app_->calls[0].method, "POST");
  EXPECT_EQ(app_->calls[0].path, "/configuration/config/a");
  EXPECT_EQ(app_->calls[0].content_type, "application/json");
  EXPECT_EQ(json::parse(app_->calls[0].body),
            json::parse(R"({"id":")" + *id +
                        R"(","items":{"a":{"value":"2","version":"v2","metadata":{"k":"v"}}}})"));
  EXPECT_EQ(app_->calls[1].path, "/configuration/config/with%20space");

  // An app answering an error is logged; the subscription stays.
  app_->status = 500;
  store_->remove("a");
  ASSERT_EQ(app_->calls.size(), 3u);
  EXPECT_EQ(json::parse(app_->calls[2].body),
            json::parse(R"({"id":")" + *id + R"(","items":{"a":{}}})"));

  ASSERT_TRUE(manager_.unsubscribe("config", *id));
  store_->set("a", Item{"3", "", {}});
  EXPECT_EQ(app_->calls.size(), 3u);
}

TEST_F(ConfigurationManagerTest, NothingIsPushedAfterClose) {
  channel_ = app_;
  ASSERT_TRUE(manager_.subscribe("config", {}, {}));
  manager_.close();
  store_->set("a", Item{"late", "", {}});
  EXPECT_TRUE(app_->calls.empty());
}

}  // namespace
}  // namespace lichen::configuration
