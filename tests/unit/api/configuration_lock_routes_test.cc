// The configuration and lock routes as daprd answers them, over the in-memory stores.
#include <gtest/gtest.h>

#include "api/http/dapr_api.h"
#include "api/http/json_util.h"
#include "api/http/server.h"
#include "components/register_components.h"
#include "runtime/resources/resource_loader.h"

namespace lichen::http {
namespace {

class NullApp : public component::AppChannel {
 public:
  StatusOr<component::AppResponse> call(const std::string&, const std::string&, const std::string&,
                                        const std::string&) override {
    return component::AppResponse{200, "", "", {}};
  }
};

class ConfigurationLockRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    runtime::Registry registry;
    components::registerBuiltinComponents(registry);
    auto specs = resources::parseComponents(R"(apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: config}
spec:
  type: configuration.in-memory
  version: v1
  metadata:
  - {name: items, value: '{"a":{"value":"1","version":"v1","metadata":{"m":"x"}},"b":"2"}'}
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: locks}
spec: {type: lock.in-memory, version: v1}
)",
                                            "test.yaml");
    ASSERT_TRUE(specs) << specs.error().message();
    runtime::RuntimeOptions options;
    options.app_id = "myapp";
    auto created = runtime::Runtime::create(options, registry, *specs);
    ASSERT_TRUE(created) << created.error().message();
    runtime_ = std::move(*created);
    api_ = std::make_unique<DaprHttpApi>(*runtime_, ApiOptions{});
  }
  ApiResponse send(const std::string& method, const std::string& target,
                   const std::string& body = "") {
    ApiRequest request;
    request.method = method;
    EXPECT_TRUE(parseTarget(target, request));
    request.body = body;
    return api_->handle(request);
  }
  // "<status> <errorCode>" of an error answer, "<status> <body>" of another.
  std::string answer(const std::string& method, const std::string& target,
                     const std::string& body = "") {
    ApiResponse response = send(method, target, body);
    if (response.status >= 400 && json::parse(response.body).as_object().contains("errorCode")) {
      return std::to_string(response.status) + " " +
             std::string(json::parse(response.body).at("errorCode").as_string());
    }
    return std::to_string(response.status) + " " + response.body;
  }

  std::unique_ptr<runtime::Runtime> runtime_;
  std::unique_ptr<DaprHttpApi> api_;
};

TEST_F(ConfigurationLockRoutesTest, GetConfiguration) {
  for (const char* version : {"v1.0", "v1.0-alpha1"}) {
    std::string base = std::string("/") + version + "/configuration/";
    ApiResponse response = send("GET", base + "config?key=a&key=missing");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.content_type, "application/json");
    EXPECT_EQ(json::parse(response.body),
              json::parse(R"({"a":{"value":"1","version":"v1","metadata":{"m":"x"}}})"));
    EXPECT_EQ(json::parse(send("GET", base + "config").body),
              json::parse(R"({"a":{"value":"1","version":"v1","metadata":{"m":"x"}},)"
                          R"("b":{"value":"2"}})"));
    EXPECT_EQ(send("GET", base + "config?key=missing").status, 204);
    EXPECT_EQ(answer("GET", base + "nope?key=a"), "400 ERR_CONFIGURATION_STORE_NOT_FOUND");
  }
  ApiResponse response = send("GET", "/v1.0/configuration/nope");
  EXPECT_EQ(json::parse(response.body).at("message"), "configuration store nope not found");
}

TEST_F(ConfigurationLockRoutesTest, SubscribeAndUnsubscribe) {
  EXPECT_EQ(answer("GET", "/v1.0/configuration/config/subscribe?key=a"), "500 ERR_APP_CHANNEL_NIL");
  EXPECT_EQ(answer("GET", "/v1.0/configuration/nope/subscribe?key=a"),
            "400 ERR_CONFIGURATION_STORE_NOT_FOUND");
  runtime_->setAppChannel(std::make_shared<NullApp>());
  ApiResponse subscribed = send("GET", "/v1.0-alpha1/configuration/config/subscribe?key=a");
  ASSERT_EQ(subscribed.status, 200) << subscribed.body;
  std::string id(json::parse(subscribed.body).at("id").as_string());
  EXPECT_FALSE(id.empty());
  EXPECT_EQ(answer("GET", "/v1.0/configuration/config/" + id + "/unsubscribe"),
            "200 {\"ok\":true}");
  ApiResponse again = send("GET", "/v1.0/configuration/config/" + id + "/unsubscribe");
  EXPECT_EQ(again.status, 500);
  EXPECT_EQ(json::parse(again.body).at("ok"), false);
  EXPECT_NE(json::parse(again.body).at("message").as_string().find(id), json::string::npos);
  EXPECT_EQ(answer("GET", "/v1.0/configuration/nope/" + id + "/unsubscribe"),
            "400 ERR_CONFIGURATION_STORE_NOT_FOUND");
}

TEST_F(ConfigurationLockRoutesTest, LockAndUnlock) {
  const std::string lock = "/v1.0-alpha1/lock/locks";
  const std::string unlock = "/v1.0-alpha1/unlock/locks";
  EXPECT_EQ(answer("POST", lock, R"({"resourceId":"r","lockOwner":"a","expiryInSeconds":30})"),
            "200 {\"success\":true}");
  // protojson: proto field names and an int32 as a string are accepted too.
  EXPECT_EQ(
      answer("POST", lock, R"({"resource_id":"r","lock_owner":"b","expiry_in_seconds":"30"})"),
      "200 {\"success\":false}");
  EXPECT_EQ(answer("POST", unlock, R"({"resourceId":"r","lockOwner":"b"})"), "200 {\"status\":2}");
  EXPECT_EQ(answer("POST", unlock, R"({"resourceId":"r","lockOwner":"a","extra":1})"),
            "200 {\"status\":0}");
  EXPECT_EQ(answer("POST", unlock, R"({"resourceId":"r","lockOwner":"a"})"), "200 {\"status\":1}");
}

TEST_F(ConfigurationLockRoutesTest, LockErrors) {
  const std::string lock = "/v1.0-alpha1/lock/locks";
  EXPECT_EQ(answer("POST", lock, "{not json"), "400 ERR_MALFORMED_REQUEST");
  EXPECT_EQ(answer("POST", lock, "[]"), "400 ERR_MALFORMED_REQUEST");
  EXPECT_EQ(answer("POST", lock, R"({"resourceId":1,"lockOwner":"a","expiryInSeconds":1})"),
            "400 ERR_MALFORMED_REQUEST");
  EXPECT_EQ(answer("POST", lock, R"({"resourceId":"r","lockOwner":"a","expiryInSeconds":1.5})"),
            "400 ERR_MALFORMED_REQUEST");
  EXPECT_EQ(answer("POST", lock, R"({"resourceId":"r","lockOwner":"a","expiryInSeconds":1e12})"),
            "400 ERR_MALFORMED_REQUEST");
  EXPECT_EQ(answer("POST", lock, R"({"resourceId":"r","lockOwner":"a"})"),
            "400 ERR_MALFORMED_REQUEST");
  EXPECT_EQ(answer("POST", lock, ""), "400 ERR_MALFORMED_REQUEST");
  EXPECT_EQ(answer("POST", lock, R"({"lockOwner":"a","expiryInSeconds":5})"),
            "400 ERR_MALFORMED_REQUEST");
  EXPECT_EQ(answer("POST", lock, R"({"resourceId":"r","expiryInSeconds":5})"),
            "400 ERR_MALFORMED_REQUEST");
  EXPECT_EQ(answer("POST", "/v1.0-alpha1/lock/nope",
                   R"({"resourceId":"r","lockOwner":"a","expiryInSeconds":5})"),
            "400 ERR_LOCK_STORE_NOT_FOUND");
  EXPECT_EQ(answer("POST", "/v1.0-alpha1/unlock/nope", R"({"resourceId":"r","lockOwner":"a"})"),
            "400 ERR_LOCK_STORE_NOT_FOUND");
  EXPECT_EQ(answer("POST", lock, R"({"resourceId":"a||b","lockOwner":"a","expiryInSeconds":5})"),
            "500 ERR_TRY_LOCK");
  EXPECT_EQ(answer("POST", "/v1.0-alpha1/unlock/locks", R"({"resourceId":"a||b","lockOwner":"a"})"),
            "500 ERR_UNLOCK");
}

TEST_F(ConfigurationLockRoutesTest, MetadataListsTheComponents) {
  json::value metadata = json::parse(send("GET", "/v1.0/metadata").body);
  std::map<std::string, std::string> types;
  for (const json::value& component : metadata.at("components").as_array()) {
    types[std::string(component.at("name").as_string())] =
        std::string(component.at("type").as_string()) + "/" +
        std::string(component.at("version").as_string());
  }
  EXPECT_EQ(types["config"], "configuration.in-memory/v1");
  EXPECT_EQ(types["locks"], "lock.in-memory/v1");
}

}  // namespace
}  // namespace lichen::http
