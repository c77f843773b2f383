// bindings.http against a real HTTP server on a run-time port: operations, url + path, headers
// from capitalised metadata, response metadata, errorIfNot2XX, timeouts, TLS failures.
#include "components/bindings/http/http_binding.h"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "api/http/server.h"

namespace lichen::components {
namespace {

using namespace std::chrono_literals;

class HttpBindingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    http::ServerOptions options;
    options.port = 0;
    server_ = std::make_unique<http::HttpServer>(options, [this](const http::ApiRequest& request) {
      std::string path;
      for (const auto& segment : request.segments) path += "/" + segment;
      {
        std::lock_guard lock(mutex_);
        last_ = request;
      }
      if (path == "/base/slow") std::this_thread::sleep_for(2s);
      if (path == "/base/missing") return http::ApiResponse{404, "text/plain", "no such thing", {}};
      http::ApiResponse response{200,
                                 "text/plain",
                                 request.method + " " + path + " " + request.body,
                                 {{"x-custom", "one"}}};
      return response;
    });
    auto port = server_->start();
    ASSERT_TRUE(port);
    port_ = *port;
  }
  void TearDown() override { server_->stop(0); }

  HttpBinding make(std::map<std::string, std::string> extra = {}) {
    component::Properties properties;
    properties.set("url", "http://127.0.0.1:" + std::to_string(port_) + "/base");
    for (const auto& [key, value] : extra) properties.set(key, value);
    HttpBinding binding;
    EXPECT_TRUE(binding.init(properties));
    return binding;
  }
  http::ApiRequest last() {
    std::lock_guard lock(mutex_);
    return last_;
  }

  std::unique_ptr<http::HttpServer> server_;
  uint16_t port_ = 0;
  std::mutex mutex_;
  http::ApiRequest last_;
};

TEST_F(HttpBindingTest, GetWithPathAndResponseMetadata) {
  HttpBinding binding = make();
  auto result = binding.invoke({"get", "ignored", {{"path", "/items/7"}}});
  ASSERT_TRUE(result.ok()) << result.error.message();
  EXPECT_EQ(result.response->data, "GET /base/items/7 ");
  EXPECT_EQ(result.response->metadata.at("statusCode"), "200");
  EXPECT_EQ(result.response->metadata.at("status"), "200 OK");
  EXPECT_EQ(result.response->metadata.at("X-Custom"), "one");  // Go's canonical name
  EXPECT_EQ(result.response->metadata.at("Content-Type"), "text/plain");
  EXPECT_EQ(last().header("accept").value_or(""), "application/json; charset=utf-8");
}

TEST_F(HttpBindingTest, EveryOperationIsItsMethod) {
  HttpBinding binding = make();
  for (const char* op : {"post", "put", "patch", "delete", "options", "create"}) {
    auto result = binding.invoke({op, "{\"a\":1}", {}});
    ASSERT_TRUE(result.ok()) << op << ": " << result.error.message();
    std::string method = std::string(op) == "create" ? "POST" : last().method;
    EXPECT_EQ(last().method, method);
    bool body = method == "POST" || method == "PUT" || method == "PATCH";
    EXPECT_EQ(last().body, body ? "{\"a\":1}" : "") << op;
    if (body) {
      EXPECT_EQ(last().header("content-type").value_or(""), "application/json; charset=utf-8");
    }
  }
  auto head = binding.invoke({"head", "", {}});
  ASSERT_TRUE(head.ok()) << head.error.message();
  EXPECT_EQ(head.response->data, "");
  EXPECT_EQ(last().method, "HEAD");
  auto trace = binding.invoke({"trace", "", {}});
  EXPECT_EQ(last().method, "TRACE");
  EXPECT_EQ(binding.operations().size(), 9u);
}

TEST_F(HttpBindingTest, CapitalisedMetadataBecomesHeaders) {
  HttpBinding binding = make({{"securityToken", "s3cret"}, {"securityTokenHeader", "X-Token"}});
  auto result = binding.invoke(
      {"post", "x", {{"X-Request", "yes"}, {"lowercase", "no"}, {"Content-Type", "text/plain"}}});
  ASSERT_TRUE(result.ok());
  http::ApiRequest request = last();
  EXPECT_EQ(request.header("x-request").value_or(""), "yes");
  EXPECT_FALSE(request.header("lowercase"));
  EXPECT_EQ(request.header("content-type").value_or(""), "text/plain");
  EXPECT_EQ(request.header("x-token").value_or(""), "s3cret");
}

TEST_F(HttpBindingTest, Non2xxIsAnErrorThatStillCarriesTheResponse) {
  HttpBinding binding = make();
  auto result = binding.invoke({"get", "", {{"path", "missing"}}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error.message(), "received status code 404");
  ASSERT_TRUE(result.response);
  EXPECT_EQ(result.response->metadata.at("statusCode"), "404");
  EXPECT_EQ(result.response->metadata.at("status"), "404 Not Found");
  auto allowed = binding.invoke({"get", "", {{"path", "missing"}, {"errorIfNot2XX", "false"}}});
  ASSERT_TRUE(allowed.ok());
  EXPECT_EQ(allowed.response->data, "no such thing");
  HttpBinding lenient = make({{"errorIfNot2XX", "false"}});
  EXPECT_TRUE(lenient.invoke({"get", "", {{"path", "missing"}}}).ok());
}

TEST_F(HttpBindingTest, ResponseTimeoutAndTransportErrors) {
  HttpBinding binding = make({{"responseTimeout", "200ms"}});
  auto started = std::chrono::steady_clock::now();
  auto slow = binding.invoke({"get", "", {{"path", "slow"}}});
  EXPECT_FALSE(slow.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);
  EXPECT_NE(slow.error.message().find("deadline"), std::string::npos) << slow.error.message();

  component::Properties refused;
  refused.set("url", "http://127.0.0.1:1/");
  HttpBinding nowhere;
  ASSERT_TRUE(nowhere.init(refused));
  EXPECT_FALSE(nowhere.invoke({"get", "", {}}).ok());
  component::Properties bad;
  bad.set("url", "ftp://127.0.0.1/");
  HttpBinding ftp;
  ASSERT_TRUE(ftp.init(bad));
  EXPECT_FALSE(ftp.invoke({"get", "", {}}).ok());
  // https to a plain HTTP server fails in the TLS handshake, not silently.
  component::Properties tls;
  tls.set("url", "https://127.0.0.1:" + std::to_string(port_) + "/");
  HttpBinding secure;
  ASSERT_TRUE(secure.init(tls));
  auto handshake = secure.invoke({"get", "", {}});
  ASSERT_FALSE(handshake.ok());
  EXPECT_NE(handshake.error.message().find("tls"), std::string::npos) << handshake.error.message();
}

TEST(HttpBindingHelpersTest, CanonicalHeaderKeys) {
  EXPECT_EQ(canonicalHeaderKey("content-type"), "Content-Type");
  EXPECT_EQ(canonicalHeaderKey("X-CUSTOM-header"), "X-Custom-Header");
  EXPECT_EQ(canonicalHeaderKey("bad key"), "bad key");
}

}  // namespace
}  // namespace lichen::components
