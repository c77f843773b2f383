#include "runtime/pubsub/route_match.h"

#include <gtest/gtest.h>

namespace lichen::pubsub {
namespace {

constexpr const char* kEvent =
    R"({"type":"widget","source":"shop","data":{"qty":12,"name":"bolt","ok":true,"tags":["a"]}})";

bool match(const char* expression) {
  auto result = evaluateMatch(expression, kEvent);
  EXPECT_TRUE(result.has_value()) << expression;
  return result.value_or(false);
}

TEST(RouteMatchTest, ComparisonsOnEventFields) {
  EXPECT_TRUE(match(R"(event.type == "widget")"));
  EXPECT_TRUE(match("event.type == 'widget'"));
  EXPECT_FALSE(match(R"(event.type == "gadget")"));
  EXPECT_TRUE(match(R"(event.type != "gadget")"));
  EXPECT_TRUE(match("event.data.qty > 10"));
  EXPECT_FALSE(match("event.data.qty < 10"));
  EXPECT_TRUE(match("event.data.qty >= 12"));
  EXPECT_TRUE(match("event.data.qty == 12.0"));
  EXPECT_TRUE(match("event.data.ok == true"));
  EXPECT_FALSE(match(R"(event.data.missing == "x")"));
  EXPECT_TRUE(match(R"(event.data.missing != "x")"));
}

TEST(RouteMatchTest, BooleanOperatorsAndParentheses) {
  EXPECT_TRUE(match(R"(event.type == "widget" && event.data.qty > 10)"));
  EXPECT_FALSE(match(R"(event.type == "widget" && event.data.qty > 100)"));
  EXPECT_TRUE(match(R"(event.type == "x" || event.source == "shop")"));
  EXPECT_TRUE(
      match(R"(!(event.type == "x") && (event.data.name == "bolt" || event.data.qty < 0))"));
  EXPECT_FALSE(match(R"(!(event.type == "widget"))"));
}

TEST(RouteMatchTest, UnsupportedExpressionsDoNotParse) {
  for (const char* expression :
       {"", "event.type", "size(event.data.tags) > 0", R"(event.type == "unterminated)",
        "event.type === 'x'", R"(event.type == "a" extra)", "data.qty > 1"}) {
    EXPECT_FALSE(evaluateMatch(expression, kEvent).has_value()) << expression;
  }
}

}  // namespace
}  // namespace lichen::pubsub
