// See sdk_app_fixture.h.
#include "integration/sdks/sdk_app_fixture.h"

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

namespace lichen::testing {

namespace fs = std::filesystem;

void SdkAppFixture::SetUp() {
  ASSERT_FALSE(lichenBinary().empty()) << "set LICHEN_BIN to the lichen binary";
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string(info->test_suite_name()) + "-" + info->name();
  for (char& c : name) {
    if (c == '/') c = '_';  // parameterised tests' names have slashes
  }
  dir_ = fs::temp_directory_path() / ("lichen-sdks-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir_);
  fs::create_directories(dir_);
}

void SdkAppFixture::TearDown() { fs::remove_all(dir_); }

uint16_t SdkAppFixture::start(Process& process, const std::string& app_id, const std::string& wasm,
                              std::vector<std::string> flags,
                              std::map<std::string, std::string> vars) {
  // sh changes to the folder, then becomes lichen (exec): the Process is lichen itself.
  std::vector<std::string> argv{"/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", dir_.string()};
  std::vector<std::string> lichen{
      lichenBinary(),     "run", "--app-id",   app_id,
      "--dapr-http-port", "0",   "--data-dir", (dir_ / ("data-" + app_id)).string()};
  argv.insert(argv.end(), lichen.begin(), lichen.end());
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.push_back(wasm);
  vars["LICHEN_NAME_RESOLUTION_DIR"] = (dir_ / "apps").string();
  std::string log = logOf(app_id);
  size_t offset = readFile(log).size();
  if (!process.start(argv, log, vars)) return 0;
  uint16_t port = waitForListeningPort(log, offset, 20);
  return port != 0 && waitForSidecar(port, 20) ? port : 0;
}

void SdkAppFixture::stop(Process& process, uint16_t port) {
  HttpClient("127.0.0.1", port).request("POST", "/v1.0/shutdown");
  EXPECT_EQ(process.wait(30), 0);
}

std::string SdkAppFixture::logOf(const std::string& app_id) const {
  return (dir_ / (app_id + ".log")).string();
}

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

bool SdkAppFixture::eventuallyState(uint16_t port, const std::string& key,
                                    const std::string& want) {
  HttpClient client("127.0.0.1", port);
  HttpResult r;
  for (int i = 0; i < 100; ++i) {
    r = client.request("GET", "/v1.0/state/statestore/" + key);
    if (r.status == 200 && r.body == want) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "state " << key << ": " << r.status << " " << r.body << ", want " << want;
  return false;
}

}  // namespace lichen::testing
