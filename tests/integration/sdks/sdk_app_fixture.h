// The SDK tests' fixture: the Wasm app fixture (support/wasm_app_fixture.h) plus the
// resources every SDK test app uses.
#pragma once

#include <filesystem>
#include <string>

#include "support/wasm_app_fixture.h"

namespace lichen::testing {

class SdkAppFixture : public WasmAppFixture {
 protected:
  // The common components (writeResources) and `tick` (bindings.cron, every second) and
  // `files` (bindings.localstorage in DIR/files), `settings` (configuration.in-memory: `mode`
  // and `size`) and `locks` (lock.in-memory); returns the folder for --resources-path.
  std::string writeSdkResources();
};

}  // namespace lichen::testing
