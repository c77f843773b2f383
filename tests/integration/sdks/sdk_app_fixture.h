// The SDK tests' fixture: the Wasm app fixture (support/wasm_app_fixture.h) plus the
// resources every SDK test app uses.
#pragma once

#include <filesystem>
#include <string>

#include "support/wasm_app_fixture.h"

namespace lichen::testing {

class SdkAppFixture : public WasmAppFixture {
 protected:
  // Writes DIR/resources/components.yaml: `statestore` (SQLite at `db`), `pubsub` (in-memory),
  // `envsecrets` (the environment), `tick` (bindings.cron, every second) and `files`
  // (bindings.localstorage in DIR/files); returns the folder for --resources-path.
  std::string writeResources(const std::filesystem::path& db);
};

}  // namespace lichen::testing
