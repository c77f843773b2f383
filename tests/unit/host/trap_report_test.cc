// Trap reports: the messages and exit statuses `lichen run` prints, and stable kind names.
#include "host/trap_report.h"

#include <gtest/gtest.h>

#include <set>

namespace lichen::host {
namespace {

wasm::Trap trap(wasm::TrapKind kind, std::vector<uint32_t> backtrace = {}) {
  wasm::Trap t;
  t.kind = kind;
  t.backtrace = std::move(backtrace);
  return t;
}

TEST(TrapReport, LimitsSayWhichLimitAndHowItWasSet) {
  RunLimits limits;
  limits.fuel = 1000;
  limits.timeout = "2s";
  TrapReport fuel = reportTrap(trap(wasm::TrapKind::kOutOfFuel), nullptr, limits);
  EXPECT_EQ(fuel.message, "fuel limit reached: the program used all 1000 units of --fuel");
  EXPECT_EQ(fuel.kind_name, "out_of_fuel");
  EXPECT_EQ(fuel.exit_code, kTrapExitCode);
  EXPECT_FALSE(fuel.exited());

  TrapReport time = reportTrap(trap(wasm::TrapKind::kInterrupted), nullptr, limits);
  EXPECT_EQ(time.message, "time limit reached: the program ran longer than --timeout 2s");
  EXPECT_EQ(time.kind_name, "timeout");

  TrapReport stack = reportTrap(trap(wasm::TrapKind::kCallStackExhausted), nullptr, limits);
  EXPECT_EQ(stack.message, "call stack exhausted (call depth limit)");

  limits.fuel_name = "the component's fuel";
  EXPECT_EQ(reportTrap(trap(wasm::TrapKind::kOutOfFuel), nullptr, limits).message,
            "fuel limit reached: the program used all 1000 units of the component's fuel");
  EXPECT_EQ(reportTrap(trap(wasm::TrapKind::kOutOfFuel), nullptr, RunLimits{}).message,
            "fuel limit reached: the program used all its fuel");
}

TEST(TrapReport, ExitIsAStatusNotAnError) {
  wasm::Trap exit = trap(wasm::TrapKind::kExit);
  exit.exit_code = 3;
  TrapReport r = reportTrap(exit, nullptr, {});
  EXPECT_TRUE(r.exited());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.kind_name, "exit");
}

TEST(TrapReport, OtherTrapsKeepTheEngineMessageAndBacktrace) {
  TrapReport r = reportTrap(trap(wasm::TrapKind::kUnreachable, {4, 1}), nullptr, {});
  EXPECT_EQ(r.message, "unreachable");
  EXPECT_EQ(r.kind_name, "unreachable");
  EXPECT_EQ(r.backtrace, (std::vector<std::string>{"func[4]", "func[1]"}));
  EXPECT_EQ(r.toText(), "trap: unreachable\n  at func[4]\n  at func[1]\n");

  wasm::Trap host = trap(wasm::TrapKind::kHost);
  host.message = "state store unavailable";
  EXPECT_EQ(reportTrap(host, nullptr, {}).message, "state store unavailable");
  EXPECT_EQ(reportTrap(host, nullptr, {}).kind_name, "host_error");
}

TEST(TrapReport, EveryKindHasADistinctName) {
  std::set<std::string> names;
  for (int k = 0; k <= static_cast<int>(wasm::TrapKind::kExit); ++k) {
    names.insert(trapKindName(static_cast<wasm::TrapKind>(k)));
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(wasm::TrapKind::kExit) + 1);
}

}  // namespace
}  // namespace lichen::host
