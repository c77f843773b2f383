// The Dapr HTTP API beyond state: secret scopes, publish and bulk publish, service
// invocation (own app, dapr-app-id fallback) and the API token.
#include <gtest/gtest.h>

#include "api/http/dapr_api.h"
#include "common/constant_time.h"
#include "unit/api/dapr_api_fixture.h"

namespace lichen::http {
namespace {

TEST_F(DaprApiTest, SecretScopesFromConfigurationDenyWith403) {
  runtime::Registry registry;
  components::registerBuiltinComponents(registry);
  auto specs = resources::parseComponents(
      "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: files}\nspec:\n"
      "  type: secretstores.local.file\n  version: v1\n  metadata:\n"
      "  - {name: secretsFile, value: \"" +
          secrets_file_.string() + "\"}\n",
      "test.yaml");
  ASSERT_TRUE(specs);
  runtime::RuntimeOptions options{"myapp", "", {{"files", true, {"token"}, {}}}, {"HotReload"}};
  auto scoped = runtime::Runtime::create(options, registry, std::move(*specs));
  ASSERT_TRUE(scoped) << scoped.error().message();
  DaprHttpApi api(**scoped, ApiOptions{});
  auto send = [&](const std::string& target) {
    ApiRequest request;
    request.method = "GET";
    EXPECT_TRUE(parseTarget(target, request));
    return api.handle(request);
  };
  EXPECT_EQ(send("/v1.0/secrets/files/token").status, 200);
  auto denied = send("/v1.0/secrets/files/db:password");
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(parse(denied.body).at("errorCode"), "ERR_PERMISSION_DENIED");
  EXPECT_EQ(parse(send("/v1.0/secrets/files/bulk").body), parse(R"({"token":{"token":"abc"}})"));
  EXPECT_EQ(parse(send("/v1.0/metadata").body).at("enabledFeatures"), parse(R"(["HotReload"])"));
}

TEST_F(DaprApiTest, PublishAndBulkPublish) {
  runtime::Registry registry;
  components::registerBuiltinComponents(registry);
  auto specs = resources::parseComponents(
      "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: pubsub}\n"
      "spec: {type: pubsub.in-memory, version: v1}\n",
      "test.yaml");
  ASSERT_TRUE(specs);
  auto with_pubsub = runtime::Runtime::create(runtime::RuntimeOptions{}, registry, *specs);
  ASSERT_TRUE(with_pubsub);
  DaprHttpApi api(**with_pubsub, ApiOptions{});
  auto send = [&](const std::string& target, const std::string& body) {
    ApiRequest request;
    request.method = "POST";
    EXPECT_TRUE(parseTarget(target, request));
    request.body = body;
    return api.handle(request);
  };
  EXPECT_EQ(send("/v1.0/publish/pubsub/a/b", "{}").status, 204);
  EXPECT_EQ(send("/v1.0/publish/nope/t", "{}").status, 404);
  // A route's own 404 is its answer, not "no route": with dapr-app-id it is never re-dispatched
  // as an invocation (which, with no app channel here, would answer 500 ERR_DIRECT_INVOKE).
  ApiRequest with_app_id;
  with_app_id.method = "POST";
  ASSERT_TRUE(parseTarget("/v1.0/publish/nope/t", with_app_id));
  with_app_id.headers = {{"dapr-app-id", "myapp"}};
  with_app_id.body = "{}";
  auto missing = api.handle(with_app_id);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(parse(missing.body).at("errorCode"), "ERR_PUBSUB_NOT_FOUND");
  EXPECT_EQ(send("/v1.0-alpha1/publish/bulk/pubsub/t",
                 R"([{"entryId":"1","event":{"a":1}},{"entryID":"2","event":"x",)"
                 R"("contentType":"text/plain"}])")
                .status,
            204);
  EXPECT_EQ(send("/v1.0/publish/bulk/pubsub/t", R"([{"entryId":"1","event":1}])").status, 204);
  EXPECT_EQ(send("/v1.0-alpha1/publish/bulk/pubsub/t", R"([{"event":1}])").status, 400);
  EXPECT_EQ(send("/v1.0-alpha1/publish/bulk/pubsub/t", R"({"not":"an array"})").status, 400);
  auto unknown = send("/v1.0-alpha1/publish/bulk/nope/t", R"([{"entryId":"1","event":1}])");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(parse(unknown.body).at("errorCode"), "ERR_PUBSUB_NOT_FOUND");
  // daprd: entryIds are unique, or nothing is published.
  auto duplicated = send("/v1.0-alpha1/publish/bulk/pubsub/t",
                         R"([{"entryId":"1","event":1},{"entryId":"1","event":2}])");
  EXPECT_EQ(duplicated.status, 400);
  EXPECT_EQ(parse(duplicated.body).at("errorCode"), "ERR_PUBSUB_EVENTS_SER");
  EXPECT_EQ(parse(duplicated.body).at("message"),
            "error marshaling events to bytes for topic t pubsub pubsub. error: entryId is "
            "duplicated or not present for entry");
  // A caller's own CloudEvent that is not a JSON object cannot be one.
  ApiRequest cloud_event;
  cloud_event.method = "POST";
  ASSERT_TRUE(parseTarget("/v1.0/publish/pubsub/t", cloud_event));
  cloud_event.headers["content-type"] = "application/cloudevents+json";
  cloud_event.body = "not json";
  auto refused = api.handle(cloud_event);
  EXPECT_EQ(refused.status, 500);
  EXPECT_EQ(parse(refused.body).at("errorCode"), "ERR_PUBSUB_CLOUD_EVENTS_SER");
  EXPECT_EQ(parse(refused.body).at("message"), "cannot create cloudevent");
  cloud_event.body = R"({"id":"mine","source":"me","type":"t","specversion":"1.0","data":1})";
  EXPECT_EQ(api.handle(cloud_event).status, 204);
}

class RecordingApp : public component::AppChannel {
 public:
  StatusOr<component::AppResponse> call(const std::string& method, const std::string& path,
                                        const std::string& body,
                                        const std::string& content_type) override {
    last = method + " " + path + " [" + content_type + "] " + body;
    return component::AppResponse{201, R"({"ok":true})", "application/json"};
  }
  std::string last;
};

TEST_F(DaprApiTest, InvokeForwardsToTheOwnAppOnly) {
  auto no_channel = call("POST", "/v1.0/invoke/myapp/method/hello", "{}");
  EXPECT_EQ(no_channel.status, 500);
  EXPECT_EQ(parse(no_channel.body).at("errorCode"), "ERR_DIRECT_INVOKE");
  auto app = std::make_shared<RecordingApp>();
  runtime_->setAppChannel(app);
  auto ok = call("POST", "/v1.0/invoke/myapp/method/orders/new%20one?x=1&y=a%26b", "{\"a\":1}",
                 {{"content-type", "application/json"}});
  EXPECT_EQ(ok.status, 201);
  EXPECT_EQ(ok.body, R"({"ok":true})");
  EXPECT_EQ(ok.content_type, "application/json");
  EXPECT_EQ(app->last, R"(POST /orders/new%20one?x=1&y=a%26b [application/json] {"a":1})");
  EXPECT_EQ(call("GET", "/v1.0/invoke/myapp.default/method/m").status, 201);
  // daprd's fallback route: any unknown path with dapr-app-id is an invocation of that path.
  EXPECT_EQ(call("PUT", "/orders/7", "x", {{"dapr-app-id", "myapp"}}).status, 201);
  EXPECT_EQ(app->last, "PUT /orders/7 [] x");
  // ... and so is Basic auth with user dapr-app-id (base64 of "dapr-app-id:myapp").
  EXPECT_EQ(call("GET", "/basic", "", {{"authorization", "Basic ZGFwci1hcHAtaWQ6bXlhcHA="}}).status,
            201);
  EXPECT_EQ(app->last, "GET /basic [] ");
  EXPECT_EQ(call("GET", "/v1.0/metadata", "", {{"dapr-app-id", "myapp"}}).status, 200);
  EXPECT_EQ(call("GET", "/nothing").status, 404);
  auto other = call("GET", "/v1.0/invoke/otherapp/method/m");
  EXPECT_EQ(other.status, 500);
  EXPECT_NE(parse(other.body).at("message").as_string().find("couldn't find service"),
            std::string::npos);
}

TEST_F(DaprApiTest, ApiTokenProtectsAllButHealthz) {
  ApiOptions options;
  options.api_token = "s3cret";
  DaprHttpApi guarded(*runtime_, options);
  auto send = [&](std::string method, std::string target, std::map<std::string, std::string> h) {
    ApiRequest request;
    request.method = std::move(method);
    EXPECT_TRUE(parseTarget(target, request));
    request.headers = std::move(h);
    return guarded.handle(request);
  };
  auto denied = send("GET", "/v1.0/metadata", {});
  EXPECT_EQ(denied.status, 401);
  EXPECT_EQ(denied.body, "invalid api token");
  EXPECT_EQ(denied.content_type.rfind("text/plain", 0), 0u);
  EXPECT_EQ(send("GET", "/v1.0/metadata", {{"dapr-api-token", "wrong"}}).status, 401);
  EXPECT_EQ(send("GET", "/v1.0/metadata", {{"dapr-api-token", "s3cret"}}).status, 200);
  // Prefixes, extensions and an empty token are wrong tokens too.
  for (const char* wrong : {"s3cre", "s3crett", "", "S3cret", "s3cret\n"}) {
    EXPECT_EQ(send("GET", "/v1.0/metadata", {{"dapr-api-token", wrong}}).status, 401) << wrong;
  }
  EXPECT_EQ(send("GET", "/v1.0/healthz", {}).status, 204);
  EXPECT_EQ(send("GET", "/v1.0/healthz/outbound", {}).status, 204);
  EXPECT_EQ(send("POST", "/v1.0/shutdown", {}).status, 401);
}

TEST(ConstantTimeEquals, ComparesWholeStrings) {
  EXPECT_TRUE(constantTimeEquals("", ""));
  EXPECT_TRUE(constantTimeEquals("token", "token"));
  EXPECT_FALSE(constantTimeEquals("toke", "token"));
  EXPECT_FALSE(constantTimeEquals("tokens", "token"));
  EXPECT_FALSE(constantTimeEquals("", "token"));
  EXPECT_FALSE(constantTimeEquals("tokem", "token"));
  EXPECT_FALSE(constantTimeEquals(std::string_view("tok\0n", 5), "token"));
}

}  // namespace
}  // namespace lichen::http
