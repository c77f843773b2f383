// The SDK tests' fixture: Wasm apps under the real `lichen run --app-id ID app.wasm`, each on
// a run-time port and run in the test's temporary folder (so relative paths in components land
// there), with a shared name-resolution folder (so the apps find each other) and the test's
// resources. (tests/integration/apps has its own, which neither changes folder nor writes
// resources.)
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "support/http_client.h"
#include "support/process.h"

namespace lichen::testing {

class SdkAppFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Starts `lichen run --app-id ID --dapr-http-port 0 --data-dir DIR/data-ID [flags] WASM`
  // in the test's folder DIR, so relative paths in components land there; returns its port,
  // or 0 when it did not come up.
  uint16_t start(Process& process, const std::string& app_id, const std::string& wasm,
                 std::vector<std::string> flags = {}, std::map<std::string, std::string> vars = {});
  // POST /v1.0/shutdown and the exit status (0 expected).
  static void stop(Process& process, uint16_t port);
  std::string logOf(const std::string& app_id) const;
  // Writes DIR/resources/components.yaml: `statestore` (SQLite at `db`), `pubsub` (in-memory),
  // `envsecrets` (the environment), `tick` (bindings.cron, every second) and `files`
  // (bindings.localstorage in DIR/files); returns the folder for --resources-path.
  std::string writeResources(const std::filesystem::path& db);
  // GET /v1.0/state/statestore/KEY until it answers `want` (within 5 s); false otherwise.
  static bool eventuallyState(uint16_t port, const std::string& key, const std::string& want);

  std::filesystem::path dir_;
};

}  // namespace lichen::testing
