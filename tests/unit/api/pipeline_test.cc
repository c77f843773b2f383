// Configuration's pipelines on the HTTP paths: spec.httpPipeline as a link of the API's chain
// (inside the token check, around the router), spec.appHttpPipeline around the app channel;
// handlers in order, each free to rewrite, reject or answer. Fake middleware here; the Wasm
// component has its own tests.
#include "api/http/pipeline.h"

#include "dapr_api_fixture.h"
#include "runtime/resources/configuration.h"

namespace lichen::http {
namespace {

// Appends its tag to header x-trail; rewrites /alias/... to /v1.0/...; answers 403 to
// /forbidden; tags the response.
class TagMiddleware : public middleware::HttpMiddleware {
 public:
  explicit TagMiddleware(std::string tag) : tag_(std::move(tag)) {}
  Expected<void, Status> init(const component::Properties&) override { return {}; }
  middleware::HttpResponse handle(middleware::HttpRequest request,
                                  const middleware::HttpNext& next) const override {
    if (request.uri == "/forbidden") return middleware::HttpResponse{403, {}, "no " + tag_};
    if (request.uri.starts_with("/alias/")) request.uri = "/v1.0/" + request.uri.substr(7);
    request.headers.emplace_back("x-trail", tag_);
    middleware::HttpResponse response = next(request);
    response.headers.emplace_back("x-seen", tag_);
    return response;
  }

 private:
  std::string tag_;
};

Pipeline twoTags() {
  return {std::make_shared<TagMiddleware>("a"), std::make_shared<TagMiddleware>("b")};
}

TEST_F(DaprApiTest, HttpPipelineRewritesRejectsAndRunsInOrder) {
  ApiOptions options;
  options.api_token = "secret";
  options.http_pipeline = twoTags();
  DaprHttpApi api(*runtime_, options);
  auto send = [&](const std::string& target, std::map<std::string, std::string> headers) {
    ApiRequest request;
    request.method = "GET";
    EXPECT_TRUE(parseTarget(target, request));
    request.headers = std::move(headers);
    return api.handle(request);
  };
  // The token is checked before any middleware runs.
  EXPECT_EQ(send("/forbidden", {}).status, 401);
  auto rejected = send("/forbidden", {{"dapr-api-token", "secret"}});
  EXPECT_EQ(rejected.status, 403);
  EXPECT_EQ(rejected.body, "no a");
  // An unchanged URI keeps its parsed path and query.
  EXPECT_EQ(send("/v1.0/state/statestore/k?metadata.a=b", {{"dapr-api-token", "secret"}}).status,
            204);
  // Rewritten to the metadata route; the response passes back through b, then a.
  auto routed = send("/alias/metadata", {{"dapr-api-token", "secret"}});
  EXPECT_EQ(routed.status, 200);
  std::vector<std::pair<std::string, std::string>> seen;
  for (const auto& h : routed.headers) {
    if (h.first == "x-seen") seen.push_back(h);
  }
  EXPECT_EQ(seen, (decltype(seen){{"x-seen", "b"}, {"x-seen", "a"}}));
}

TEST(PipelineConversionTest, RequestsRoundTripWithEncodedSegmentsAndRepeatedHeaders) {
  ApiRequest request;
  request.method = "POST";
  ASSERT_TRUE(parseTarget("/v1.0/state/s/a%2Fb%20c?metadata.x=1%262", request));
  request.headers = {{"content-type", "text/plain"}};
  auto converted = toMiddlewareRequest(request);
  EXPECT_EQ(converted.uri, "/v1.0/state/s/a%2Fb%20c?metadata.x=1%262");
  converted.headers.emplace_back("X-Multi", "1");
  converted.headers.emplace_back("x-multi", "2");
  auto back = fromMiddlewareRequest(converted);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->segments, request.segments);
  EXPECT_EQ(back->query, request.query);
  EXPECT_EQ(back->header("x-multi"), "1, 2");
}

class FakeApp : public component::AppChannel {
 public:
  StatusOr<component::AppResponse> call(const std::string& method, const std::string& path,
                                        const std::string& body,
                                        const std::string& content_type) override {
    if (path == "/down") return fail(StatusCode::kInternal, "app channel: connect: refused");
    return component::AppResponse{200, method + " " + path + " " + body, content_type, {}};
  }
};

TEST(PipelinedAppChannelTest, AppCallsPassThroughTheAppPipeline) {
  PipelinedAppChannel channel(std::make_shared<FakeApp>());
  auto plain = channel.call("POST", "/alias/x", "hi", "text/plain");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->body, "POST /alias/x hi");  // no pipeline yet: unchanged
  channel.setPipeline(twoTags());
  auto rewritten = channel.call("POST", "/alias/x", "hi", "text/plain");
  ASSERT_TRUE(rewritten);
  EXPECT_EQ(rewritten->body, "POST /v1.0/x hi");
  EXPECT_EQ(rewritten->content_type, "text/plain");
  auto answered = channel.call("GET", "/forbidden", "", "");
  ASSERT_TRUE(answered);
  EXPECT_EQ(answered->status, 403);
  // A transport failure stays an error, not a response.
  EXPECT_FALSE(channel.call("GET", "/down", "", ""));
}

TEST(ConfigurationPipelinesTest, HandlersAreReadInOrder) {
  auto config = resources::parseConfiguration(R"(apiVersion: dapr.io/v1alpha1
kind: Configuration
metadata: {name: c}
spec:
  httpPipeline:
    handlers:
    - {name: first, type: middleware.http.wasm}
    - {name: second, type: middleware.http.wasm}
  appHttpPipeline:
    handlers:
    - {name: third, type: middleware.http.wasm}
)",
                                              "c.yaml");
  ASSERT_TRUE(config) << config.error().message();
  ASSERT_EQ(config->http_pipeline.size(), 2u);
  EXPECT_EQ(config->http_pipeline[1].name, "second");
  ASSERT_EQ(config->app_http_pipeline.size(), 1u);
  EXPECT_EQ(config->app_http_pipeline[0].type, "middleware.http.wasm");
  auto bad = resources::parseConfiguration(
      "kind: Configuration\nspec:\n  httpPipeline:\n    handlers:\n    - {name: x}\n", "b.yaml");
  EXPECT_FALSE(bad);
}

TEST_F(DaprApiTest, PipelineNamesMustBeLoadedComponents) {
  auto missing = middleware::buildPipeline(runtime_->middleware(),
                                           {{"nope", "middleware.http.wasm"}}, "httpPipeline");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("no middleware component nope"), std::string::npos);
}

}  // namespace
}  // namespace lichen::http
