#include "runtime/invoke/trace_context.h"

#include <gtest/gtest.h>

namespace lichen::invoke {
namespace {

TEST(TraceContextTest, AValidParentGetsAChildInTheSameTrace) {
  const std::string parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  auto parsed = parseTraceParent(parent);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->text(), parent);
  std::string child = childTraceParent(parent);
  auto child_parsed = parseTraceParent(child);
  ASSERT_TRUE(child_parsed) << child;
  EXPECT_EQ(child_parsed->trace_id, parsed->trace_id);
  EXPECT_NE(child_parsed->span_id, parsed->span_id);
  EXPECT_EQ(child_parsed->flags, "01");
}

TEST(TraceContextTest, MalformedParentsStartANewTrace) {
  for (const char* bad : {"", "garbage", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",
                          "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                          "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                          "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                          "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                          "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"}) {
    EXPECT_FALSE(parseTraceParent(bad)) << bad;
    auto fresh = parseTraceParent(childTraceParent(bad));
    ASSERT_TRUE(fresh) << bad;
    EXPECT_EQ(fresh->flags, "00");
  }
  // A later version may append fields after a dash.
  EXPECT_TRUE(parseTraceParent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x"));
}

TEST(TraceContextTest, NewTracesDiffer) {
  EXPECT_NE(parseTraceParent(childTraceParent(""))->trace_id,
            parseTraceParent(childTraceParent(""))->trace_id);
}

}  // namespace
}  // namespace lichen::invoke
