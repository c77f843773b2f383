// The fixture of the Wasm app integration tests (tests/integration/apps, tests/integration/sdks):
// a temporary folder per test, `lichen run --app-id ID app.wasm` started in that folder (so
// relative paths in components land there) on a port of its own choosing, with a shared
// name-resolution folder (so the apps find each other), and the calls tests make through the
// Dapr HTTP API.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.h"
#include "support/process.h"

namespace lichen::testing {

namespace fs = std::filesystem;

class WasmAppFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(lichenBinary().empty()) << "set LICHEN_BIN to the lichen binary";
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "-" + info->name();
    for (char& c : name) {
      if (c == '/') c = '_';  // parameterised tests' names have slashes
    }
    dir_ = fs::temp_directory_path() / ("lichen-apps-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Starts `lichen run --app-id ID [flags] WASM` on a port of its choosing; returns the port.
  uint16_t start(Process& process, const std::string& app_id, const std::string& wasm,
                 std::vector<std::string> flags = {},
                 std::map<std::string, std::string> vars = {}) {
    // sh changes to the folder, then becomes lichen (exec): the Process is lichen itself.
    std::vector<std::string> argv{
        "/bin/sh",     "-c",           "cd \"$0\" && exec \"$@\"",
        dir_.string(), lichenBinary(), "run",
        "--app-id",    app_id,         "--dapr-http-port",
        "0",           "--data-dir",   (dir_ / ("data-" + app_id)).string()};
    argv.insert(argv.end(), flags.begin(), flags.end());
    argv.push_back(wasm);
    vars["LICHEN_NAME_RESOLUTION_DIR"] = (dir_ / "apps").string();
    std::string log = logOf(app_id);
    size_t offset = readFile(log).size();
    if (!process.start(argv, log, vars)) return 0;
    uint16_t port = waitForListeningPort(log, offset, 20);
    return port != 0 && waitForSidecar(port, 20) ? port : 0;
  }
  std::string logOf(const std::string& app_id) const { return (dir_ / (app_id + ".log")).string(); }
  static void stop(Process& process, uint16_t port) {
    HttpClient(("127.0.0.1"), port).request("POST", "/v1.0/shutdown");
    EXPECT_EQ(process.wait(30), 0);
  }
  static HttpResult invoke(uint16_t port, const std::string& app, const std::string& method,
                           const std::string& verb = "POST", const std::string& body = "") {
    return HttpClient("127.0.0.1", port)
        .request(verb, "/v1.0/invoke/" + app + "/method/" + method, body);
  }
  // Writes DIR/resources/components.yaml: `statestore` (SQLite in DIR/state.db), `pubsub`
  // (in-memory), `envsecrets` (the environment), then `more` (further YAML documents);
  // returns the folder for --resources-path.
  std::string writeResources(const std::string& more = "") {
    fs::create_directories(dir_ / "resources");
    std::ofstream(dir_ / "resources" / "components.yaml")
        << "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: statestore}\n"
           "spec:\n  type: state.sqlite\n  version: v1\n  metadata:\n"
           "  - {name: connectionString, value: \""
        << (dir_ / "state.db").string()
        << "\"}\n---\napiVersion: dapr.io/v1alpha1\nkind: Component\n"
           "metadata: {name: pubsub}\nspec: {type: pubsub.in-memory, version: v1}\n---\n"
           "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: envsecrets}\n"
           "spec: {type: secretstores.local.env, version: v1}\n"
        << (more.empty() ? "" : "---\n" + more);
    return (dir_ / "resources").string();
  }
  // Polls `GET /v1.0/state/statestore/KEY` until it answers `want` (5 s).
  static bool eventuallyState(uint16_t port, const std::string& key, const std::string& want) {
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
  // The trap kind named in an ERR_WASM_TRAP body, or what was wrong.
  static std::string trapOf(const HttpResult& result) {
    if (result.status != 500) return "status " + std::to_string(result.status);
    boost::system::error_code ec;
    auto body = boost::json::parse(result.body, ec);
    if (ec || !body.is_object()) return "not JSON: " + result.body;
    const auto& obj = body.as_object();
    if (!obj.contains("errorCode") || obj.at("errorCode") != "ERR_WASM_TRAP") return result.body;
    return std::string(obj.at("trap").as_string());
  }
  fs::path dir_;
};

}  // namespace lichen::testing
