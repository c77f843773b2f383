// See sdk_app_fixture.h.
#include "integration/sdks/sdk_app_fixture.h"

#include <fstream>

namespace lichen::testing {

namespace fs = std::filesystem;

std::string SdkAppFixture::writeResources(const fs::path& db) {
  fs::create_directories(dir_ / "resources");
  std::ofstream(dir_ / "resources" / "components.yaml") << R"(apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: statestore}
spec:
  type: state.sqlite
  version: v1
  metadata:
  - {name: connectionString, value: ")" + db.string() + R"("}
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: pubsub}
spec: {type: pubsub.in-memory, version: v1}
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: envsecrets}
spec: {type: secretstores.local.env, version: v1}
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: tick}
spec:
  type: bindings.cron
  version: v1
  metadata:
  - {name: schedule, value: "@every 1s"}
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: files}
spec:
  type: bindings.localstorage
  version: v1
  metadata:
  - {name: rootPath, value: ")" + (dir_ / "files").string() + R"("}
)";
  return (dir_ / "resources").string();
}

}  // namespace lichen::testing
