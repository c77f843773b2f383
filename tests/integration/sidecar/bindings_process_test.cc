// Bindings in the real `lichen run`: output bindings through the HTTP API (localstorage and
// http against a server in this process), and cron delivering to an HTTP app after daprd's
// OPTIONS probe, which an app answering 404 declines.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "api/http/server.h"
#include "integration/sidecar/lichen_process_fixture.h"
#include "support/http_client.h"
#include "support/process.h"

namespace lichen::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class BindingsProcessTest : public LichenProcessTest {
 protected:
  uint16_t start(Process& process, std::vector<std::string> extra = {}) {
    return LichenProcessTest::start(process, "binder", std::move(extra));
  }
};

TEST_F(BindingsProcessTest, OutputBindingsThroughTheHttpApi) {
  http::ServerOptions options;
  options.port = 0;
  http::HttpServer remote(options, [](const http::ApiRequest& request) {
    std::string path;
    for (const auto& segment : request.segments) path += "/" + segment;
    return http::ApiResponse{
        201, "text/plain", request.method + " " + path + " " + request.body, {{"X-Remote", "yes"}}};
  });
  auto remote_port = remote.start();
  ASSERT_TRUE(remote_port);
  component("files", "bindings.localstorage", {{"rootPath", (dir_ / "files").string()}});
  component("remote", "bindings.http",
            {{"url", "http://127.0.0.1:" + std::to_string(*remote_port) + "/api"}});
  Process process;
  uint16_t port = start(process);
  ASSERT_NE(port, 0) << readFile(log());
  HttpClient client("127.0.0.1", port);

  HttpResult created = client.request(
      "POST", "/v1.0/bindings/files",
      R"({"operation":"create","data":"hello","metadata":{"fileName":"../notes/a.txt"}})");
  EXPECT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(created.body, R"({"fileName":"notes/a.txt"})");
  EXPECT_EQ(readFile((dir_ / "files" / "notes" / "a.txt").string()), "hello");
  HttpResult got = client.request("PUT", "/v1.0/bindings/files",
                                  R"({"operation":"get","metadata":{"fileName":"notes/a.txt"}})");
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, "hello");
  EXPECT_EQ(client
                .request("POST", "/v1.0/bindings/files",
                         R"({"operation":"delete","metadata":{"fileName":"notes/a.txt"}})")
                .status,
            204);

  HttpResult posted =
      client.request("POST", "/v1.0/bindings/remote",
                     R"({"operation":"post","data":{"n":1},"metadata":{"path":"orders"}})");
  EXPECT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(posted.body, R"(POST /api/orders {"n":1})");
  EXPECT_EQ(posted.headers["metadata.statuscode"], "201");
  EXPECT_EQ(posted.headers["metadata.x-remote"], "yes");
  HttpResult unknown = client.request("POST", "/v1.0/bindings/nope", R"({"operation":"get"})");
  EXPECT_EQ(unknown.status, 500);
  EXPECT_NE(unknown.body.find("ERR_INVOKE_OUTPUT_BINDING"), std::string::npos);
  process.kill(SIGTERM);
  EXPECT_EQ(process.wait(), 0);
  remote.stop(0);
}

TEST_F(BindingsProcessTest, CronDeliversToTheAppThatAnswersTheProbe) {
  std::mutex mutex;
  std::vector<std::string> seen;  // "METHOD /path", in order
  http::ServerOptions options;
  options.port = 0;
  http::HttpServer app(options, [&](const http::ApiRequest& request) {
    std::string path;
    for (const auto& segment : request.segments) path += "/" + segment;
    std::lock_guard lock(mutex);
    seen.push_back(request.method + " " + path);
    // The app handles /ticks; for /ignored it has no route at all.
    if (path == "/ticks") return http::ApiResponse{200, "", "", {}};
    return http::ApiResponse{404, "text/plain", "not found", {}};
  });
  auto app_port = app.start();
  ASSERT_TRUE(app_port);
  component("ticks", "bindings.cron", {{"schedule", "@every 1s"}});
  component("ignored", "bindings.cron", {{"schedule", "@every 1s"}});
  Process process;
  uint16_t port = start(process, {"--app-port", std::to_string(*app_port)});
  ASSERT_NE(port, 0) << readFile(log());
  auto count = [&](const std::string& what) {
    std::lock_guard lock(mutex);
    return std::count(seen.begin(), seen.end(), what);
  };
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (count("POST /ticks") < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_GE(count("POST /ticks"), 2) << readFile(log());
  EXPECT_EQ(count("OPTIONS /ticks"), 1);
  EXPECT_EQ(count("OPTIONS /ignored"), 1);
  EXPECT_EQ(count("POST /ignored"), 0);
  {
    std::lock_guard lock(mutex);
    auto probe = std::find(seen.begin(), seen.end(), "OPTIONS /ticks");
    auto first = std::find(seen.begin(), seen.end(), "POST /ticks");
    EXPECT_LT(probe, first);
  }
  EXPECT_NE(readFile(log()).find("app has not subscribed to binding ignored"), std::string::npos);
  process.kill(SIGTERM);
  EXPECT_EQ(process.wait(), 0);
  app.stop(0);
}

}  // namespace
}  // namespace lichen::testing
