// The order-pipeline example (examples/order-pipeline) as its README runs it: the subscriber
// (AssemblyScript) and the publisher (Rust) in two `lichen run` processes on run-time ports,
// both with the example's resources (a pubsub.sqlite broker and a SQLite state store, files
// relative to the folder they run in: the test's own); an order POSTed to the publisher reaches
// the subscriber through the broker file and lands in its state.
#include <gtest/gtest.h>

#include <filesystem>

#include "integration/sdks/sdk_app_fixture.h"

namespace lichen::testing {
namespace {

// ORDER_PUBLISHER_WASM, ORDER_SUBSCRIBER_WASM, ORDER_RESOURCES: the example's apps and
// resources folder, paths the build defines.

class OrderPipelineTest : public SdkAppFixture {};

TEST_F(OrderPipelineTest, AnOrderPostedToThePublisherIsSavedByTheSubscriber) {
  const std::vector<std::string> resources{"--resources-path", ORDER_RESOURCES};
  Process subscriber;
  uint16_t sub_port = start(subscriber, "subscriber", ORDER_SUBSCRIBER_WASM, resources);
  ASSERT_NE(sub_port, 0) << readFile(logOf("subscriber"));
  Process publisher;
  uint16_t pub_port = start(publisher, "publisher", ORDER_PUBLISHER_WASM, resources);
  ASSERT_NE(pub_port, 0) << readFile(logOf("publisher"));

  HttpClient client("127.0.0.1", pub_port);
  const std::string order = R"({"id":"42","item":"tea","qty":2})";
  HttpResult posted = client.request("POST", "/v1.0/invoke/publisher/method/orders", order,
                                     {{"Content-Type", "application/json"}});
  EXPECT_EQ(posted.status, 202) << posted.body << readFile(logOf("publisher"));
  EXPECT_EQ(posted.body, R"({"id":"42"})");
  // Saved by the subscriber under its own key, seen through its sidecar's state API ...
  EXPECT_TRUE(eventuallyState(sub_port, "order-42", order)) << readFile(logOf("subscriber"));
  // ... and through the subscriber's own method, invoked from the publisher's sidecar.
  HttpResult read = client.request("GET", "/v1.0/invoke/subscriber/method/orders/42");
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(read.body, order);
  EXPECT_EQ(read.headers["content-type"], "application/json");

  // What the example refuses: no id (400), another method (404), an unknown order (404).
  EXPECT_EQ(
      client.request("POST", "/v1.0/invoke/publisher/method/orders", R"({"item":"x"})").status,
      400);
  EXPECT_EQ(client.request("GET", "/v1.0/invoke/publisher/method/orders").status, 404);
  EXPECT_EQ(client.request("GET", "/v1.0/invoke/subscriber/method/orders/7").status, 404);

  stop(publisher, pub_port);
  stop(subscriber, sub_port);
  EXPECT_NE(readFile(logOf("publisher")).find("published order 42"), std::string::npos);
  EXPECT_NE(readFile(logOf("subscriber")).find("saved order 42"), std::string::npos);
  // The components' files are where the example says, relative to the folder run in.
  EXPECT_TRUE(std::filesystem::exists(dir_ / ".lichen" / "orders-pubsub.db"));
  EXPECT_TRUE(std::filesystem::exists(dir_ / ".lichen" / "orders-state.db"));
}

TEST_F(OrderPipelineTest, OrdersPublishedWhileTheSubscriberIsDownAreDeliveredWhenItStarts) {
  const std::vector<std::string> resources{"--resources-path", ORDER_RESOURCES};
  // Once subscribed, the subscriber's consumer group keeps its place in the broker.
  Process first;
  uint16_t port = start(first, "subscriber", ORDER_SUBSCRIBER_WASM, resources);
  ASSERT_NE(port, 0) << readFile(logOf("subscriber"));
  stop(first, port);
  Process publisher;
  uint16_t pub_port = start(publisher, "publisher", ORDER_PUBLISHER_WASM, resources);
  ASSERT_NE(pub_port, 0) << readFile(logOf("publisher"));
  const std::string order = R"({"id":"7","item":"cake"})";
  EXPECT_EQ(HttpClient("127.0.0.1", pub_port)
                .request("POST", "/v1.0/invoke/publisher/method/orders", order,
                         {{"Content-Type", "application/json"}})
                .status,
            202);
  Process second;
  uint16_t sub_port = start(second, "subscriber", ORDER_SUBSCRIBER_WASM, resources);
  ASSERT_NE(sub_port, 0) << readFile(logOf("subscriber"));
  EXPECT_TRUE(eventuallyState(sub_port, "order-7", order)) << readFile(logOf("subscriber"));
  stop(second, sub_port);
  stop(publisher, pub_port);
}

}  // namespace
}  // namespace lichen::testing
