// The HTTP API's middleware chain: order, short-circuit, a link changing the request; the
// API-token check (exempt health routes, the internal token on invocation routes only) and
// the API logging line.
#include "api/http/middleware.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "api/http/responses.h"
#include "api/http/server.h"

namespace lichen::http {
namespace {

class Tag : public Middleware {
 public:
  Tag(std::string name, std::vector<std::string>& trace, bool answer = false)
      : name_(std::move(name)), trace_(trace), answer_(answer) {}
  ApiResponse handle(const ApiRequest& request, const NextHandler& next) const override {
    trace_.push_back(name_ + ">");
    if (answer_) return plainResponse(418, name_);
    ApiRequest tagged = request;
    tagged.headers["x-tags"] += name_;
    ApiResponse response = next(tagged);
    trace_.push_back("<" + name_);
    return response;
  }

 private:
  std::string name_;
  std::vector<std::string>& trace_;
  bool answer_;
};

ApiRequest request(std::string method, std::string target,
                   std::map<std::string, std::string> headers = {}) {
  ApiRequest r;
  r.method = std::move(method);
  EXPECT_TRUE(parseTarget(target, r));
  r.headers = std::move(headers);
  return r;
}

ApiResponse ok(const ApiRequest& r) { return plainResponse(200, r.header("x-tags").value_or("")); }

TEST(MiddlewareChainTest, LinksRunInOrderAroundTheHandler) {
  std::vector<std::string> trace;
  MiddlewareChain chain;
  EXPECT_EQ(chain.handle(request("GET", "/x"), ok).status, 200);  // empty: the handler alone
  chain.add(std::make_unique<Tag>("a", trace));
  chain.add(std::make_unique<Tag>("b", trace));
  ApiResponse response = chain.handle(request("GET", "/x"), ok);
  EXPECT_EQ(response.body, "ab");
  EXPECT_EQ(trace, (std::vector<std::string>{"a>", "b>", "<b", "<a"}));
}

TEST(MiddlewareChainTest, ALinkMayAnswerWithoutCallingOn) {
  std::vector<std::string> trace;
  MiddlewareChain chain;
  chain.add(std::make_unique<Tag>("a", trace));
  chain.add(std::make_unique<Tag>("stop", trace, true));
  chain.add(std::make_unique<Tag>("never", trace));
  bool called = false;
  ApiResponse response = chain.handle(request("GET", "/x"), [&called](const ApiRequest& r) {
    called = true;
    return ok(r);
  });
  EXPECT_EQ(response.status, 418);
  EXPECT_FALSE(called);
  EXPECT_EQ(trace, (std::vector<std::string>{"a>", "stop>", "<a"}));
}

TEST(ApiTokenCheckTest, InternalTokenOpensInvocationRoutesOnly) {
  MiddlewareChain chain;
  chain.add(makeApiTokenCheck("api", "internal"));
  auto status = [&](std::string method, std::string target,
                    std::map<std::string, std::string> headers) {
    return chain.handle(request(std::move(method), std::move(target), std::move(headers)), ok)
        .status;
  };
  EXPECT_EQ(status("POST", "/v1.0/invoke/a/method/m", {{"lichen-internal-token", "internal"}}),
            200);
  EXPECT_EQ(status("POST", "/v1.0/invoke/a/method/m", {{"lichen-internal-token", "wrong"}}), 401);
  EXPECT_EQ(status("GET", "/v1.0/metadata", {{"lichen-internal-token", "internal"}}), 401);
  EXPECT_EQ(status("GET", "/v1.0/metadata", {{"dapr-api-token", "api"}}), 200);
  EXPECT_EQ(status("GET", "/v1.0/healthz", {}), 200);
  EXPECT_EQ(status("POST", "/v1.0/healthz", {}), 401);
  EXPECT_EQ(status("GET", "/v1.0/healthz/other", {}), 401);

  MiddlewareChain no_internal;
  no_internal.add(makeApiTokenCheck("api", ""));
  EXPECT_EQ(
      no_internal
          .handle(request("POST", "/v1.0/invoke/a/method/m", {{"lichen-internal-token", ""}}), ok)
          .status,
      401);
}

TEST(ApiLoggingTest, LogsMethodPathAndStatus) {
  std::ostringstream out;
  auto logger = std::make_shared<spdlog::logger>(
      "api-logging-test", std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
  logger->set_pattern("%v");
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(logger);
  MiddlewareChain chain;
  chain.add(makeApiLogging());
  chain.add(makeApiTokenCheck("api", ""));
  chain.handle(request("GET", "/v1.0/state/s/k%2Fx"), ok);
  spdlog::set_default_logger(previous);
  EXPECT_EQ(out.str(), "HTTP API Called: GET /v1.0/state/s/k/x -> 401\n");
}

}  // namespace
}  // namespace lichen::http
