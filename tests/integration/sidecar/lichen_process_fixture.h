// The fixture of the `lichen run` process tests: a scratch folder per test with a resources
// folder the test writes component YAML into, and lichen processes started on run-time ports,
// each with its own log, data folder and name-resolution folder (so two may share an app id).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "support/process.h"

namespace lichen::testing {

class LichenProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(lichenBinary().empty()) << "set LICHEN_BIN to the lichen binary";
    dir_ = std::filesystem::temp_directory_path() /
           ("lichen-proc-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "res");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void component(const std::string& name, const std::string& type,
                 const std::map<std::string, std::string>& metadata) {
    std::ofstream out(dir_ / "res" / (name + ".yaml"));
    out << "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: " << name
        << "\nspec:\n  type: " << type << "\n  version: v1\n  metadata:\n";
    for (const auto& [key, value] : metadata) {
      out << "  - name: " << key << "\n    value: '" << value << "'\n";
    }
  }
  // Starts `lichen run --app-id app_id` on a port of its choosing and waits until it serves;
  // answers the port, 0 on failure (see log(instance)).
  uint16_t start(Process& process, const std::string& app_id, std::vector<std::string> extra = {},
                 const std::string& instance = "lichen") {
    std::vector<std::string> args{"--app-id",         app_id,
                                  "--data-dir",       (dir_ / (instance + "-data")).string(),
                                  "--resources-path", (dir_ / "res").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return startLichenRun(process, args, log(instance), (dir_ / (instance + "-apps")).string());
  }
  std::string log(const std::string& instance = "lichen") const {
    return (dir_ / (instance + ".log")).string();
  }

  std::filesystem::path dir_;
};

}  // namespace lichen::testing
