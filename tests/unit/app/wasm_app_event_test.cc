// What a guest's event_get reads of a delivery: a CloudEvent's fields and its data, JSON data
// as JSON text, data_base64 decoded; a raw payload as it came.
#include <gtest/gtest.h>

#include "app/wasm_app.h"

namespace lichen::app {
namespace {

pubsub::Delivery delivery(std::string data, std::string content_type) {
  return pubsub::Delivery{"pubsub", "orders", "/orders", std::move(data), std::move(content_type),
                          {}};
}

TEST(WasmAppEventTest, CloudEventFieldsAndData) {
  AppEvent e = eventFromDelivery(delivery(
      R"({"id":"1","type":"com.dapr.event.sent","datacontenttype":"text/plain","data":"hi"})",
      "application/cloudevents+json"));
  EXPECT_EQ(e.pubsub, "pubsub");
  EXPECT_EQ(e.topic, "orders");
  EXPECT_EQ(e.route, "/orders");
  EXPECT_EQ(e.id, "1");
  EXPECT_EQ(e.type, "com.dapr.event.sent");
  EXPECT_EQ(e.content_type, "text/plain");
  EXPECT_EQ(e.data, "hi");
}

TEST(WasmAppEventTest, JsonDataIsJsonTextAndBase64IsDecoded) {
  EXPECT_EQ(eventFromDelivery(delivery(R"({"data":{"n":7}})", "application/cloudevents+json")).data,
            R"({"n":7})");
  for (auto [encoded, plain] :
       std::vector<std::pair<std::string, std::string>>{{"aGk=", "hi"},
                                                        {"aGkh", "hi!"},
                                                        {"aA==", "h"},
                                                        {"", ""},
                                                        {"AP8=", std::string("\0\xff", 2)}}) {
    EXPECT_EQ(eventFromDelivery(delivery(R"({"data_base64":")" + encoded + R"("})",
                                         "application/cloudevents+json"))
                  .data,
              plain)
        << encoded;
  }
}

TEST(WasmAppEventTest, RawPayloadsPassAsTheyCame) {
  AppEvent e = eventFromDelivery(delivery("{not json", "application/octet-stream"));
  EXPECT_EQ(e.data, "{not json");
  EXPECT_EQ(e.content_type, "application/octet-stream");
  EXPECT_EQ(eventFromDelivery(delivery("{broken", "application/cloudevents+json")).data, "{broken");
}

}  // namespace
}  // namespace lichen::app
