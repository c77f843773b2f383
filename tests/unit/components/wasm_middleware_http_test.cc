// middleware.http.wasm over real HTTP, case by case as the http-wasm TCK covers a host: Lichen's
// HTTP server on a run-time port, the httpPipeline link with the guest
// tests/guests/http_wasm/conformance.c, and behind it a next handler that echoes the request it
// received in x-next-* response headers.
#include <map>

#include "api/http/pipeline.h"
#include "api/http/server.h"
#include "support/http_client.h"
#include "wasm_middleware_fixture.h"

namespace lichen::components {
namespace {

using testing::HttpClient;
using testing::HttpResult;

// The request as the next handler got it: method, URI, and each header value by name.
http::ApiResponse echoRequest(const http::ApiRequest& request) {
  http::ApiResponse out;
  out.headers.emplace_back("x-next-method", request.method);
  out.headers.emplace_back("x-next-uri", http::toMiddlewareRequest(request).uri);
  for (const auto& [name, value] : request.headers) {
    out.headers.emplace_back("x-next-header-" + name, value);
  }
  return out;
}

class WasmMiddlewareHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto middleware = std::make_shared<WasmMiddleware>();
    auto ready =
        middleware->init(props({{"url", std::string("file://") + LICHEN_HTTP_CONFORMANCE_GUEST}}));
    ASSERT_TRUE(ready) << ready.error().message();
    link_ = http::makePipelineLink({middleware});
    http::ServerOptions options;
    options.port = 0;
    server_ = std::make_unique<http::HttpServer>(options, [this](const http::ApiRequest& request) {
      return link_->handle(request, echoRequest);
    });
    auto port = server_->start();
    ASSERT_TRUE(port) << port.error().message();
    client_ = std::make_unique<HttpClient>("127.0.0.1", *port);
  }
  void TearDown() override {
    if (server_) server_->stop(0);
  }

  // One case: x-check names it, `arg` is its argument; the guest must have handled it.
  HttpResult check(const std::string& name, const std::string& arg = "",
                   const std::string& method = "GET", const std::string& target = "/",
                   std::map<std::string, std::string> headers = {}, const std::string& body = "") {
    headers["x-check"] = name;
    if (!arg.empty()) headers["x-check-arg"] = arg;
    HttpResult result = client_->request(method, target, body, headers);
    EXPECT_EQ(result.headers["x-checked"], "1") << name << " " << result.status << result.body;
    return result;
  }

  std::unique_ptr<http::Middleware> link_;
  std::unique_ptr<http::HttpServer> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(WasmMiddlewareHttpTest, ProtocolVersionAndMethods) {
  HttpResult protocol = check("get_protocol_version");
  EXPECT_EQ(protocol.status, 200);
  EXPECT_EQ(protocol.body, "HTTP/1.1");
  for (const char* method : {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH"}) {
    HttpResult seen = check("get_method", "", method);
    EXPECT_EQ(seen.headers["x-seen"], method);
    EXPECT_EQ(seen.headers["x-next-method"], method);
  }
  EXPECT_EQ(check("set_method", "POST").headers["x-next-method"], "POST");
}

TEST_F(WasmMiddlewareHttpTest, UrisAsSentAndAsSet) {
  for (const char* uri :
       {"/simple", "/simple%26clean", "/animal?name=panda", "/disney?name=chip%26dale"}) {
    HttpResult got = check("get_uri", "", "GET", uri);
    EXPECT_EQ(got.headers["x-seen"], uri);
    EXPECT_EQ(got.headers["x-next-uri"], uri);  // unchanged on the way through
    EXPECT_EQ(check("set_uri", uri).headers["x-next-uri"], uri);
  }
}

TEST_F(WasmMiddlewareHttpTest, RequestHeadersReadAndChanged) {
  std::map<std::string, std::string> headers{{"Single-Header", "value"},
                                             {"existing-header", "bear"}};
  EXPECT_EQ(check("get_header_values", "single-header", "GET", "/", headers).headers["x-seen"],
            "1:value|");
  EXPECT_EQ(check("get_header_values", "Single-Header", "GET", "/", headers).headers["x-seen"],
            "1:value|");
  EXPECT_EQ(check("get_header_values", "not-header", "GET", "/", headers).headers["x-seen"], "0:");
  // Names come lower-cased, each once.
  std::string seen =
      check("get_header_names", "", "GET", "/", {{"A-Header", "1"}, {"b-header", "2"}})
          .headers["x-seen"];
  const std::string names = "|" + seen.substr(seen.find(':') + 1);  // "|a|b|..."
  EXPECT_NE(names.find("|a-header|"), std::string::npos) << seen;
  EXPECT_NE(names.find("|b-header|"), std::string::npos) << seen;

  for (const char* name : {"new-header", "existing-header"}) {
    HttpResult set = check("set_header_value", name, "GET", "/", headers);
    EXPECT_EQ(set.headers["x-next-header-" + std::string(name)], "value") << name;
    HttpResult removed = check("remove_header", name, "GET", "/", headers);
    EXPECT_EQ(removed.headers.count("x-next-header-" + std::string(name)), 0u) << name;
  }
  EXPECT_EQ(check("remove_header", "new-header", "GET", "/", headers)
                .headers["x-next-header-existing-header"],
            "bear");
  EXPECT_EQ(check("add_header_value", "new-header").headers["x-next-header-new-header"], "value");
}

TEST_F(WasmMiddlewareHttpTest, RequestBodiesReadWhole) {
  for (size_t size : {0, 5, 2048, 4096, 5000}) {
    HttpResult read = check("read_body", "a", "POST", "/", {}, std::string(size, 'a'));
    const size_t reads = size == 0 ? 1 : (size + 1023) / 1024;  // EOF with the last read
    EXPECT_EQ(read.headers["x-seen"], std::to_string(size) + ":" + std::to_string(reads) + ":1");
  }
}

TEST_F(WasmMiddlewareHttpTest, SourceAddressIsTheClients) {
  std::string source = check("get_source_addr").headers["x-seen"];
  EXPECT_TRUE(source.starts_with("127.0.0.1:")) << source;
  EXPECT_GT(source.size(), std::string("127.0.0.1:").size());
}

TEST_F(WasmMiddlewareHttpTest, AnUnknownCaseIsAnsweredByTheGuest) {
  HttpResult unknown = check("nope");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.body, "unknown x-check");
  EXPECT_EQ(unknown.headers.count("x-next-method"), 0u);
}

}  // namespace
}  // namespace lichen::components
