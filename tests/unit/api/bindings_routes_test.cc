// POST /v1.0/bindings/{name} as daprd answers it, over a recording output binding; and the HTTP
// app's side of input bindings (OPTIONS probe, POST delivery) over a fake app channel.
#include <gtest/gtest.h>

#include "api/http/dapr_api.h"
#include "api/http/http_input_handler.h"
#include "api/http/json_util.h"
#include "unit/api/dapr_api_fixture.h"

namespace lichen::http {
namespace {

struct Recorded {
  bindings::InvokeRequest request;
  bindings::InvokeResult answer = bindings::InvokeResult::success({"{\"ok\":true}", {{"m", "v"}}});
};

class RecordingBinding : public bindings::OutputBinding {
 public:
  explicit RecordingBinding(Recorded* recorded) : recorded_(recorded) {}
  Expected<void, Status> init(const component::Properties&) override { return {}; }
  std::vector<std::string> operations() const override { return {"create", "get"}; }
  bindings::InvokeResult invoke(const bindings::InvokeRequest& request) override {
    recorded_->request = request;
    return recorded_->answer;
  }

 private:
  Recorded* recorded_;
};

class BindingsRouteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    runtime::Registry registry;
    registry.add("bindings.recording",
                 [this] { return std::make_unique<RecordingBinding>(&recorded_); });
    auto specs = resources::parseComponents(
        "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: echo}\n"
        "spec: {type: bindings.recording, version: v1}\n",
        "test.yaml");
    ASSERT_TRUE(specs);
    auto created = runtime::Runtime::create(runtime::RuntimeOptions{}, registry, *specs);
    ASSERT_TRUE(created) << created.error().message();
    runtime_ = std::move(*created);
    api_ = std::make_unique<DaprHttpApi>(*runtime_, ApiOptions{});
  }
  ApiResponse send(const std::string& target, const std::string& body,
                   const std::string& method = "POST") {
    ApiRequest request;
    request.method = method;
    EXPECT_TRUE(parseTarget(target, request));
    request.body = body;
    return api_->handle(request);
  }
  static std::string header(const ApiResponse& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return "<none>";
  }
  static std::string errorOf(const ApiResponse& response) {
    return std::string(json::parse(response.body).at("errorCode").as_string()) + ": " +
           std::string(json::parse(response.body).at("message").as_string());
  }

  Recorded recorded_;
  std::unique_ptr<runtime::Runtime> runtime_;
  std::unique_ptr<DaprHttpApi> api_;
};

TEST_F(BindingsRouteTest, InvokesWithDaprsShapes) {
  auto response = send("/v1.0/bindings/echo",
                       R"({"operation":"create","data":{"b":1.0,"a":"<x>"},"metadata":{"k":"v"}})");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "{\"ok\":true}");
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(header(response, "metadata.m"), "v");
  EXPECT_EQ(recorded_.request.operation, "create");
  EXPECT_EQ(recorded_.request.data, R"({"a":"\u003cx\u003e","b":1})");  // Go's json.Marshal
  EXPECT_EQ(recorded_.request.metadata, (bindings::Metadata{{"k", "v"}}));
  send("/v1.0/bindings/echo", R"({"operation":"get","data":"hello"})", "PUT");
  EXPECT_EQ(recorded_.request.data, "\"hello\"");
  send("/v1.0/bindings/echo", R"({"operation":"get"})");
  EXPECT_EQ(recorded_.request.data, "null");
}

TEST_F(BindingsRouteTest, NoResponseIs204AndAFailureKeepsTheMetadata) {
  recorded_.answer = bindings::InvokeResult::empty();
  EXPECT_EQ(send("/v1.0/bindings/echo", R"({"operation":"get"})").status, 204);
  recorded_.answer = bindings::InvokeResult::success({"", {{"statusCode", "404"}}});
  recorded_.answer.error = Status(StatusCode::kInternal, "received status code 404");
  auto failed = send("/v1.0/bindings/echo", R"({"operation":"get"})");
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(
      errorOf(failed),
      "ERR_INVOKE_OUTPUT_BINDING: error invoking output binding echo: received status code 404");
  EXPECT_EQ(header(failed, "metadata.statusCode"), "404");
}

TEST_F(BindingsRouteTest, DaprdsErrors) {
  EXPECT_EQ(errorOf(send("/v1.0/bindings/nope", R"({"operation":"create"})")),
            "ERR_INVOKE_OUTPUT_BINDING: error invoking output binding nope: couldn't find output "
            "binding nope");
  EXPECT_EQ(errorOf(send("/v1.0/bindings/echo", R"({"data":1})")),
            "ERR_INVOKE_OUTPUT_BINDING: error invoking output binding echo: operation field is "
            "missing from request");
  EXPECT_EQ(errorOf(send("/v1.0/bindings/echo", R"({"operation":"delete"})")),
            "ERR_INVOKE_OUTPUT_BINDING: error invoking output binding echo: binding echo does not "
            "support operation delete. supported operations:create get");
  auto malformed = send("/v1.0/bindings/echo", "{not json");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(std::string(json::parse(malformed.body).at("errorCode").as_string()),
            "ERR_MALFORMED_REQUEST");
  EXPECT_EQ(send("/v1.0/bindings/echo", R"({"operation":"get","metadata":{"a":1}})").status, 400);
  EXPECT_EQ(send("/v1.0/bindings/echo", "[1]").status, 400);
}

TEST_F(BindingsRouteTest, MetadataListsTheCapability) {
  auto metadata = send("/v1.0/metadata", "", "GET");
  auto components = json::parse(metadata.body).at("components").as_array();
  ASSERT_EQ(components.size(), 1u);
  EXPECT_EQ(json::serialize(components[0].at("capabilities")), R"(["OUTPUT_BINDING"])");
}

TEST(GoJsonTest, MarshalsAsGoDoesAfterDecodingIntoAny) {
  auto go = [](const std::string& text) { return marshalLikeGo(json::parse(text)); };
  EXPECT_EQ(go(R"({"z":[1,2.5,-0.0],"a":null,"m":true})"), R"({"a":null,"m":true,"z":[1,2.5,-0]})");
  EXPECT_EQ(go("1e21"), "1e+21");
  EXPECT_EQ(go("0.0000001"), "1e-7");
  EXPECT_EQ(go("12345678901234567890"), "12345678901234567000");  // a float64, as Go
  EXPECT_EQ(go(R"("a&b\u2028\n")"), R"("a\u0026b\u2028\n")");
}

class FakeAppChannel : public component::AppChannel {
 public:
  StatusOr<component::AppResponse> call(const std::string& method, const std::string& path,
                                        const std::string& body, const std::string&) override {
    calls.push_back(method + " " + path + " " + body);
    if (status < 0) return fail(StatusCode::kInternal, "connection refused");
    return component::AppResponse{status, "app says no", "", {}};
  }
  StatusOr<component::AppResponse> invoke(const component::AppRequest& request) override {
    headers = request.headers;
    return call(request.verb, request.path, request.body, request.content_type);
  }
  int status = 200;
  std::vector<std::string> calls;
  std::map<std::string, std::string> headers;
};

TEST(HttpInputHandlerTest, ProbeAndDeliveryFollowDaprd) {
  auto channel = std::make_shared<FakeAppChannel>();
  HttpInputHandler handler(channel);
  for (auto [status, accepted] :
       {std::pair{200, true}, {204, true}, {405, true}, {404, false}, {500, false}}) {
    channel->status = status;
    auto answer = handler.accepts("cron", "my cron");
    ASSERT_TRUE(answer);
    EXPECT_EQ(*answer, accepted) << status;
  }
  EXPECT_EQ(channel->calls.back(), "OPTIONS /my%20cron ");
  channel->status = -1;
  EXPECT_FALSE(handler.accepts("cron", "cron"));

  channel->status = 200;
  auto delivered = handler.deliver({"cron", "cron", "payload", {{"timeZone", "Local"}}});
  ASSERT_TRUE(delivered);
  EXPECT_EQ(channel->calls.back(), "POST /cron payload");
  EXPECT_EQ(channel->headers.at("timeZone"), "Local");
  channel->status = 500;
  auto refused = handler.deliver({"cron", "cron", "", {}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message(),
            "fails to send binding event to http app channel, status code: 500 body: app says no");
}

}  // namespace
}  // namespace lichen::http
