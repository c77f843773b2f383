// See sdk_app_fixture.h.
#include "integration/sdks/sdk_app_fixture.h"

#include <fstream>

namespace lichen::testing {

namespace fs = std::filesystem;

std::string SdkAppFixture::writeSdkResources() {
  return writeResources(R"(apiVersion: dapr.io/v1alpha1
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
  - {name: rootPath, value: ")" +
                        (dir_ / "files").string() + R"("}
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: settings}
spec:
  type: configuration.in-memory
  version: v1
  metadata:
  - name: items
    value: '{"mode":{"value":"fast","version":"2","metadata":{"env":"prod"}},"size":"10"}'
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: locks}
spec:
  type: lock.in-memory
  version: v1
)");
}

}  // namespace lichen::testing
