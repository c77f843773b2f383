// spec.appHttpPipeline in the real `lichen run`: a Configuration puts a middleware.http.wasm
// guest (tests/guests/http_wasm/app_gate.c) on the calls to an HTTP app in this process. A
// service invocation reaches the app rewritten; one the guest rejects with 403 never reaches it.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>

#include "api/http/server.h"
#include "support/http_client.h"
#include "support/process.h"

namespace lichen::testing {
namespace {

namespace fs = std::filesystem;

class MiddlewareProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(lichenBinary().empty()) << "set LICHEN_BIN to the lichen binary";
    if (!fs::exists(LICHEN_HTTP_APP_GATE)) GTEST_SKIP() << "no guest (built without clang)";
    dir_ = fs::temp_directory_path() /
           ("lichen-mw-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "res");
    std::ofstream(dir_ / "res" / "gate.yaml")
        << "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: gate\nspec:\n"
           "  type: middleware.http.wasm\n  version: v1\n  metadata:\n  - name: url\n"
           "    value: \"file://"
        << LICHEN_HTTP_APP_GATE << "\"\n";
    std::ofstream(dir_ / "config.yaml")
        << "apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: gated\n"
           "spec:\n  appHttpPipeline:\n    handlers:\n    - name: gate\n"
           "      type: middleware.http.wasm\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  uint16_t start(Process& process, uint16_t app_port) {
    return startLichenRun(process,
                          {"--app-id", "gated", "--app-port", std::to_string(app_port),
                           "--data-dir", (dir_ / "data").string(), "--resources-path",
                           (dir_ / "res").string(), "--config", (dir_ / "config.yaml").string()},
                          log(), (dir_ / "apps").string());
  }
  std::string log() const { return (dir_ / "lichen.log").string(); }

  fs::path dir_;
};

TEST_F(MiddlewareProcessTest, AppPipelineRewritesAndRejectsCallsToTheApp) {
  std::mutex mutex;
  std::vector<std::string> seen;  // "METHOD /path?query body", in order
  http::ServerOptions options;
  options.port = 0;
  http::HttpServer app(options, [&](const http::ApiRequest& request) {
    std::string target;
    for (const auto& segment : request.segments) target += "/" + segment;
    for (size_t i = 0; i < request.query.size(); ++i) {
      target += (i == 0 ? "?" : "&") + request.query[i].first + "=" + request.query[i].second;
    }
    std::lock_guard lock(mutex);
    // The sidecar's own calls (subscriptions, configuration) are not this test's.
    if (!target.starts_with("/dapr/"))
      seen.push_back(request.method + " " + target + " " + request.body);
    return http::ApiResponse{200, "text/plain", "app saw " + target, {}};
  });
  auto app_port = app.start();
  ASSERT_TRUE(app_port);
  Process process;
  uint16_t port = start(process, *app_port);
  ASSERT_NE(port, 0) << readFile(log());
  HttpClient client("127.0.0.1", port);

  HttpResult rewritten = client.request("POST", "/v1.0/invoke/gated/method/old/orders?x=1", "hi",
                                        {{"content-type", "text/plain"}});
  EXPECT_EQ(rewritten.status, 200) << rewritten.body << readFile(log());
  EXPECT_EQ(rewritten.body, "app saw /new/orders?x=1");
  EXPECT_EQ(rewritten.headers["x-gate-seen"], "1");  // set by the guest on the way back

  HttpResult rejected = client.request("GET", "/v1.0/invoke/gated/method/secret");
  EXPECT_EQ(rejected.status, 403);
  EXPECT_EQ(rejected.body, "forbidden by wasm");

  HttpResult passed = client.request("GET", "/v1.0/invoke/gated/method/other");
  EXPECT_EQ(passed.status, 200);
  EXPECT_EQ(passed.body, "app saw /other");
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(seen, (std::vector<std::string>{"POST /new/orders?x=1 hi", "GET /other "}));
  }
  process.kill(SIGTERM);
  EXPECT_EQ(process.wait(), 0);
  app.stop(0);
}

}  // namespace
}  // namespace lichen::testing
