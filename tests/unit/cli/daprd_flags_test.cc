// daprd's arguments normalised for CLI11 with daprd's meaning, and the unhonoured flags named.
#include "cli/daprd_flags.h"

#include <gtest/gtest.h>

namespace lichen::cli {
namespace {

using Args = std::vector<std::string>;

Args normalised(const Args& args) { return normaliseDaprdArgs(args); }

TEST(DaprdArgs, SingleDashIsDoubleDashForDaprdFlags) {
  EXPECT_EQ(normalised({"-app-id", "a", "-log-as-json", "-mode=standalone"}),
            (Args{"--app-id", "a", "--log-as-json", "--mode=standalone"}));
  // Not daprd's: left for the parser to refuse, or a short flag of Lichen's own.
  EXPECT_EQ(normalised({"-no-such-flag", "-x"}), (Args{"-no-such-flag", "-x"}));
}

TEST(DaprdArgs, AValueStartingWithADashStaysTheValue) {
  EXPECT_EQ(normalised({"--dapr-graceful-shutdown-seconds", "-1", "--app-id", "a"}),
            (Args{"--dapr-graceful-shutdown-seconds=-1", "--app-id", "a"}));
  EXPECT_EQ(normalised({"--placement-host-address", "--app-id"}),
            (Args{"--placement-host-address=--app-id"}))
      << "daprd takes the next argument whatever it is";
}

TEST(DaprdArgs, EmptyValuesAndBooleans) {
  EXPECT_EQ(normalised({"--placement-host-address=", "--enable-metrics=false", "--wait"}),
            (Args{"--placement-host-address", "", "--enable-metrics=false", "--wait"}));
  EXPECT_EQ(normalised({"--config", ""}), (Args{"--config", ""}));
  EXPECT_EQ(normalised({"--app-id"}), (Args{"--app-id"})) << "the parser reports the missing value";
}

TEST(DaprdArgs, StopsAtTheGuestSeparator) {
  EXPECT_EQ(normalised({"--app-id", "a", "app.wasm", "--", "-mode", "-1"}),
            (Args{"--app-id", "a", "app.wasm", "--", "-mode", "-1"}));
}

TEST(DaprdArgs, TheTableHasDaprdsFlags) {
  for (const char* name : {"dapr-grpc-port", "enable-metrics", "scheduler-host-address",
                           "app-health-threshold", "log-as-json", "version"}) {
    EXPECT_NE(findDaprdFlag(name), nullptr) << name;
  }
  EXPECT_EQ(findDaprdFlag("no-such-flag"), nullptr);
  EXPECT_EQ(findDaprdFlag("enable-metrics")->kind, DaprdFlagKind::kBool);
}

TEST(DaprdArgs, GivenUnhonouredFlagsAreNamedButFalseBooleansAreNot) {
  CLI::App app;
  std::string app_id;
  app.add_option("--app-id", app_id);
  UnhonouredDaprdFlags unhonoured;
  unhonoured.addTo(app);
  Args args = normalised({"--app-id", "a", "--dapr-grpc-port", "50001", "--enable-metrics=false",
                          "--enable-mtls", "-metrics-port", "9090"});
  std::vector<const char*> argv{"daprd"};
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  app.parse(static_cast<int>(argv.size()), argv.data());
  EXPECT_EQ(app_id, "a");
  EXPECT_EQ(unhonoured.given(), (Args{"--dapr-grpc-port", "--enable-mtls", "--metrics-port"}));
}

}  // namespace
}  // namespace lichen::cli
