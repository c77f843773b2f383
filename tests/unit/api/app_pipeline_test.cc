// spec.appHttpPipeline on service invocation (PipelinedAppChannel::invoke): the request's headers
// go through the middleware, and the app channel receives the request as the middleware left it
// (method path, query, headers, content type); a rejection never reaches the app; a transport
// failure reaches the middleware as a failed response. Fake middleware and app here.
#include <gtest/gtest.h>

#include "api/http/pipeline.h"

namespace lichen::http {
namespace {

// Rewrites /old/... to /new/...; sets x-added, removes x-drop, changes the content type;
// answers 403 to /secret. After next: records whether the next handler failed, and answers
// 503 in place of a failure.
class RewritingMiddleware : public middleware::HttpMiddleware {
 public:
  Expected<void, Status> init(const component::Properties&) override { return {}; }
  middleware::HttpResponse handle(middleware::HttpRequest request,
                                  const middleware::HttpNext& next) const override {
    if (request.uri == "/secret") return {403, {}, "forbidden"};
    if (request.uri.starts_with("/old/")) request.uri = "/new/" + request.uri.substr(5);
    std::erase_if(request.headers,
                  [](const auto& h) { return h.first == "x-drop" || h.first == "content-type"; });
    request.headers.emplace_back("x-added", "1");
    request.headers.emplace_back("X-Multi", "b");
    request.headers.emplace_back("content-type", "application/json");
    middleware::HttpResponse response = next(request);
    if (response.failed) return {503, {{"x-next-failed", "1"}}, "app unavailable"};
    return response;
  }
};

class RecordingApp : public component::AppChannel {
 public:
  StatusOr<component::AppResponse> call(const std::string& method, const std::string& path,
                                        const std::string& body,
                                        const std::string& content_type) override {
    ADD_FAILURE() << "invoke() should reach the app as invoke()";
    return component::AppResponse{};
  }
  StatusOr<component::AppResponse> invoke(const component::AppRequest& request) override {
    seen.push_back(request);
    if (request.method == "down") return fail(StatusCode::kInternal, "app channel: refused");
    return component::AppResponse{200, "ok", "text/plain", {{"x-app", "1"}}};
  }
  std::vector<component::AppRequest> seen;
};

component::AppRequest appRequest(std::string method, std::string query) {
  component::AppRequest request;
  request.verb = "POST";
  request.method = std::move(method);
  request.query = std::move(query);
  request.path = "/" + request.method + (request.query.empty() ? "" : "?" + request.query);
  request.headers = {{"x-drop", "gone"}, {"x-multi", "a"}, {"x-keep", "kept"}};
  request.body = "payload";
  request.content_type = "text/plain";
  return request;
}

TEST(AppPipelineInvokeTest, TheAppReceivesTheRewrittenRequestWithItsHeaders) {
  auto app = std::make_shared<RecordingApp>();
  PipelinedAppChannel channel(app);
  channel.setPipeline({std::make_shared<RewritingMiddleware>()});
  auto response = channel.invoke(appRequest("old/a%20b", "x=1&y=a%26b"));
  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "ok");
  EXPECT_EQ(response->content_type, "text/plain");
  ASSERT_EQ(app->seen.size(), 1u);
  const component::AppRequest& seen = app->seen[0];
  EXPECT_EQ(seen.verb, "POST");
  EXPECT_EQ(seen.method, "new/a b");  // decoded, as AppRequest carries it
  EXPECT_EQ(seen.query, "x=1&y=a%26b");
  EXPECT_EQ(seen.path, "/new/a%20b?x=1&y=a%26b");
  EXPECT_EQ(seen.content_type, "application/json");
  EXPECT_EQ(seen.body, "payload");
  std::map<std::string, std::string> expected{
      {"x-added", "1"}, {"x-keep", "kept"}, {"x-multi", "a, b"}};
  EXPECT_EQ(seen.headers, expected);
}

TEST(AppPipelineInvokeTest, ARejectionNeverReachesTheApp) {
  auto app = std::make_shared<RecordingApp>();
  PipelinedAppChannel channel(app);
  channel.setPipeline({std::make_shared<RewritingMiddleware>()});
  auto response = channel.invoke(appRequest("secret", ""));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 403);
  EXPECT_EQ(response->body, "forbidden");
  EXPECT_TRUE(app->seen.empty());
}

TEST(AppPipelineInvokeTest, ATransportFailureReachesTheMiddlewareAsFailed) {
  auto app = std::make_shared<RecordingApp>();
  PipelinedAppChannel channel(app);
  channel.setPipeline({std::make_shared<RewritingMiddleware>()});
  auto response = channel.invoke(appRequest("down", ""));
  ASSERT_TRUE(response);  // the middleware answered in its place
  EXPECT_EQ(response->status, 503);
  ASSERT_EQ(response->headers.size(), 1u);
  EXPECT_EQ(response->headers[0].first, "x-next-failed");
}

TEST(AppPipelineInvokeTest, WithoutAPipelineTheRequestPassesAsItIs) {
  auto app = std::make_shared<RecordingApp>();
  PipelinedAppChannel channel(app);
  auto response = channel.invoke(appRequest("old/x", ""));
  ASSERT_TRUE(response);
  ASSERT_EQ(app->seen.size(), 1u);
  EXPECT_EQ(app->seen[0].method, "old/x");
  EXPECT_EQ(app->seen[0].headers.count("x-drop"), 1u);
  EXPECT_FALSE(channel.invoke(appRequest("down", "")));  // a failure stays an error
}

}  // namespace
}  // namespace lichen::http
