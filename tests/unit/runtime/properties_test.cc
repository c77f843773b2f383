#include "runtime/component/properties.h"

#include <gtest/gtest.h>

namespace lichen::component {
namespace {

TEST(PropertiesTest, CaseInsensitiveNames) {
  Properties p;
  p.set("connectionString", "x.db");
  EXPECT_EQ(p.get("CONNECTIONSTRING"), "x.db");
  EXPECT_TRUE(p.has("connectionstring"));
  EXPECT_EQ(p.getOr("missing", "dflt"), "dflt");
}

TEST(PropertiesTest, RequireNamesTheField) {
  Properties p;
  p.set("empty", "");
  auto missing = p.require("secretsFile");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("secretsFile"), std::string::npos);
  EXPECT_FALSE(p.require("empty"));
}

TEST(PropertiesTest, TypedGetters) {
  Properties p;
  p.set("flag", "TRUE");
  p.set("num", "42");
  p.set("dur", "1m30s");
  p.set("bad", "abc");
  EXPECT_EQ(*p.getBool("flag", false), true);
  EXPECT_EQ(*p.getBool("absent", true), true);
  EXPECT_FALSE(p.getBool("bad", false));
  EXPECT_EQ(*p.getInt("num", 0), 42);
  EXPECT_FALSE(p.getInt("bad", 0));
  EXPECT_EQ(*p.getDurationMs("dur", 0), 90'000);
  EXPECT_FALSE(p.getDurationMs("bad", 0));
}

TEST(PropertiesTest, ParseHelpers) {
  EXPECT_EQ(parseInt("-1"), -1);
  EXPECT_FALSE(parseInt("1x").has_value());
  EXPECT_FALSE(parseInt("").has_value());
  EXPECT_EQ(parseDurationMs("20"), 20'000);
  EXPECT_EQ(parseDurationMs("500ms"), 500);
  EXPECT_EQ(parseDurationMs("1h"), 3'600'000);
  EXPECT_EQ(parseDurationMs("1.5s"), 1'500);
  EXPECT_FALSE(parseDurationMs("5 parsecs").has_value());
  EXPECT_EQ(parseBool("off"), false);
  EXPECT_FALSE(parseBool("maybe").has_value());
}

}  // namespace
}  // namespace lichen::component
