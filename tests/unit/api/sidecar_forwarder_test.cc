// Forwarding an invocation to another sidecar over a real socket: the same invoke route on
// that sidecar, the query re-encoded, the internal token presented, the answer relayed.
#include "api/http/sidecar_forwarder.h"

#include <gtest/gtest.h>

#include "api/http/responses.h"
#include "api/http/server.h"

namespace lichen::http {
namespace {

TEST(SidecarForwarderTest, ForwardsToTheOtherSidecarsInvokeRoute) {
  ApiRequest seen;
  ServerOptions options;
  options.port = 0;
  HttpServer other(options, [&seen](const ApiRequest& request) {
    seen = request;
    return ApiResponse{201, "text/plain", "from billing", {}};
  });
  auto port = other.start();
  ASSERT_TRUE(port) << port.error().message();

  invoke::InvokeRequest request;
  request.app_id = "billing";
  request.method = "pay/now";
  request.verb = "PUT";
  request.query = {{"a", "1&2"}};
  request.body = "{}";
  request.content_type = "application/json";
  SidecarForwarder forwarder;
  auto response = forwarder.invoke({"127.0.0.1", *port, "internal-tok"}, request);
  other.stop(0);
  ASSERT_TRUE(response) << response.error().message();
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, "from billing");
  EXPECT_EQ(response->content_type, "text/plain");
  EXPECT_EQ(seen.method, "PUT");
  EXPECT_EQ(seen.segments,
            (std::vector<std::string>{"v1.0", "invoke", "billing", "method", "pay", "now"}));
  ASSERT_EQ(seen.query.size(), 1u);
  EXPECT_EQ(seen.query[0].second, "1&2");
  EXPECT_EQ(seen.header("lichen-internal-token"), "internal-tok");
  EXPECT_FALSE(seen.header("dapr-api-token").has_value());
  EXPECT_EQ(seen.header("content-type"), "application/json");
  EXPECT_EQ(seen.body, "{}");

  EXPECT_FALSE(forwarder.invoke({"127.0.0.1", *port, "t"}, request));  // nobody listens now
}

}  // namespace
}  // namespace lichen::http
