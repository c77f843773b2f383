// The real `lichen run` binary: kill -9 during a write loop loses no acknowledged write;
// start-up with embedded defaults, resource errors naming file and line, graceful shutdown.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "api/http/server.h"
#include "support/http_client.h"
#include "support/process.h"

namespace lichen::testing {
namespace {

namespace fs = std::filesystem;

class SidecarProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(lichenBinary().empty()) << "set LICHEN_BIN to the lichen binary";
    dir_ = fs::temp_directory_path() /
           ("lichen-it-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Starts `lichen run` on a fresh port; returns the port (0 on failure).
  // Starts `lichen run` on a port of its choosing (--dapr-http-port 0, read back from its log);
  // returns the port, 0 on failure.
  uint16_t startSidecar(Process& process, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{
        lichenBinary(),     "run", "--app-id",   "durable",
        "--dapr-http-port", "0",   "--data-dir", (dir_ / "data").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    size_t offset = readFile(log()).size();
    if (!process.start(argv, log(), names())) return 0;
    uint16_t port = waitForListeningPort(log(), offset, 20);
    return port != 0 && waitForSidecar(port, 20) ? port : 0;
  }
  std::string log() const { return (dir_ / "lichen.log").string(); }
  // Every sidecar of a test registers in the test's own name-resolution folder.
  std::map<std::string, std::string> names() const {
    return {{"LICHEN_NAME_RESOLUTION_DIR", (dir_ / "apps").string()}};
  }

  fs::path dir_;
};

// Writes until the sidecar dies; returns the indexes it acknowledged. With `pairs`, each request
// saves two keys in one array (the store's transaction path).
std::vector<int> writeUntilGone(uint16_t port, const std::string& prefix, bool pairs,
                                std::atomic<int>& acked) {
  std::vector<int> acknowledged;
  HttpClient client("127.0.0.1", port);
  for (int i = 0; i < 1000000; ++i) {
    auto item = [&](const std::string& key, int n) {
      return R"({"key":")" + key + R"(","value":{"n":)" + std::to_string(n) + "}}";
    };
    std::string key = prefix + std::to_string(i);
    std::string body = "[" + item(key, i) + (pairs ? "," + item(key + "-b", i) : "") + "]";
    HttpResult result = client.request("POST", "/v1.0/state/statestore", body,
                                       {{"Content-Type", "application/json"}});
    if (result.status == 0) break;  // the sidecar is gone
    if (result.status != 204) {
      ADD_FAILURE() << "save answered " << result.status << ": " << result.body;
      break;
    }
    acknowledged.push_back(i);
    acked.fetch_add(1);
  }
  return acknowledged;
}

TEST_F(SidecarProcessTest, KillDashNineLosesNoAcknowledgedWrite) {
  Process first;
  uint16_t port = startSidecar(first);
  ASSERT_NE(port, 0) << readFile(log());

  // Two writers (single saves and two-item saves) race the kill; every 204 must survive.
  std::atomic<int> acked{0};
  std::vector<int> singles, pairs;
  std::thread single_writer([&] { singles = writeUntilGone(port, "single-", false, acked); });
  std::thread pair_writer([&] { pairs = writeUntilGone(port, "pair-", true, acked); });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (acked.load() < 600 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  first.kill(SIGKILL);
  single_writer.join();
  pair_writer.join();
  EXPECT_EQ(first.wait(), 128 + SIGKILL);
  ASSERT_GE(singles.size() + pairs.size(), 600u);

  Process second;
  uint16_t port2 = startSidecar(second);
  ASSERT_NE(port2, 0) << readFile(log());
  HttpClient reader("127.0.0.1", port2);
  size_t missing = 0;
  auto check = [&](const std::string& key, int n) {
    HttpResult result = reader.request("GET", "/v1.0/state/statestore/" + key);
    if (result.status != 200 || result.body != R"({"n":)" + std::to_string(n) + "}") {
      ++missing;
    }
  };
  for (int i : singles) check("single-" + std::to_string(i), i);
  for (int i : pairs) {
    check("pair-" + std::to_string(i), i);
    check("pair-" + std::to_string(i) + "-b", i);
  }
  EXPECT_EQ(missing, 0u) << "of " << singles.size() + 2 * pairs.size() << " acknowledged keys";
  second.kill(SIGTERM);
  EXPECT_EQ(second.wait(), 0);
}

TEST_F(SidecarProcessTest, HealthzWaitsForTheAppChannel) {
  uint16_t app_port = pickFreePort();
  Process process;
  uint16_t port = startSidecar(process, {"--app-port", std::to_string(app_port)});
  ASSERT_NE(port, 0) << readFile(log());
  HttpClient client("127.0.0.1", port);
  HttpResult not_ready = client.request("GET", "/v1.0/healthz");
  EXPECT_EQ(not_ready.status, 500);
  EXPECT_NE(not_ready.body.find("ERR_HEALTH_NOT_READY"), std::string::npos) << not_ready.body;
  EXPECT_EQ(client.request("GET", "/v1.0/healthz/outbound").status, 204);

  // The app starts listening: now the sidecar is healthy.
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor app(ioc, {boost::asio::ip::make_address("127.0.0.1"), app_port});
  EXPECT_EQ(client.request("GET", "/v1.0/healthz").status, 204);
  HttpResult metadata = client.request("GET", "/v1.0/metadata");
  EXPECT_NE(metadata.body.find(R"("port":)" + std::to_string(app_port)), std::string::npos)
      << metadata.body;
}

TEST_F(SidecarProcessTest, LogAsJsonWritesOneJsonObjectPerLine) {
  Process process;
  uint16_t port = startSidecar(process, {"--log-as-json"});
  ASSERT_NE(port, 0) << readFile(log());
  process.kill(SIGTERM);
  EXPECT_EQ(process.wait(), 0);
  std::istringstream lines(readFile(log()));
  int count = 0;
  for (std::string line; std::getline(lines, line);) {
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(line, ec);
    ASSERT_FALSE(ec) << line;
    EXPECT_EQ(value.at("app_id"), "durable");
    EXPECT_TRUE(value.at("msg").is_string());
    ++count;
  }
  EXPECT_GE(count, 3);
}

TEST_F(SidecarProcessTest, EmbeddedDefaultsAndGracefulShutdown) {
  Process process;
  uint16_t port = startSidecar(process);
  ASSERT_NE(port, 0) << readFile(log());
  HttpClient client("127.0.0.1", port);
  HttpResult metadata = client.request("GET", "/v1.0/metadata");
  EXPECT_EQ(metadata.status, 200);
  EXPECT_NE(metadata.body.find(R"("name":"statestore","type":"state.sqlite")"), std::string::npos)
      << metadata.body;
  EXPECT_NE(metadata.body.find(R"("name":"pubsub","type":"pubsub.in-memory")"), std::string::npos)
      << metadata.body;
  EXPECT_EQ(client
                .request("POST", "/v1.0/publish/pubsub/orders", R"({"a":1})",
                         {{"Content-Type", "application/json"}})
                .status,
            204);
  EXPECT_EQ(client.request("POST", "/v1.0/publish/other/orders", "{}").status, 404);
  EXPECT_EQ(client.request("POST", "/v1.0/shutdown").status, 204);
  EXPECT_EQ(process.wait(), 0);
  std::string output = readFile(log());
  EXPECT_NE(output.find("embedded defaults"), std::string::npos) << output;
  EXPECT_TRUE(fs::exists(dir_ / "data" / "state.db"));
}

TEST_F(SidecarProcessTest, BadResourceFileFailsNamingFileAndLine) {
  fs::create_directories(dir_ / "res");
  std::ofstream(dir_ / "res" / "store.yaml")
      << "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: s\nspec:\n"
         "  type: state.nosuch\n  version: v1\n";
  Process process;
  ASSERT_TRUE(process.start({lichenBinary(), "run", "--app-id", "x", "--dapr-http-port", "0",
                             "--components-path", (dir_ / "res").string()},
                            log()));
  EXPECT_EQ(process.wait(), 1);
  std::string output = readFile(log());
  EXPECT_NE(output.find((dir_ / "res" / "store.yaml").string() + ":1"), std::string::npos)
      << output;
  EXPECT_NE(output.find("state.nosuch"), std::string::npos) << output;
}

TEST_F(SidecarProcessTest, ConfigFileIsAppliedOrRejectedWithFileAndLine) {
  std::ofstream(dir_ / "config.yaml") << "apiVersion: dapr.io/v1alpha1\nkind: Configuration\n"
                                         "metadata:\n  name: c\nspec:\n  features:\n"
                                         "  - name: Lichen\n    enabled: true\n";
  Process process;
  uint16_t port = startSidecar(process, {"--config", (dir_ / "config.yaml").string()});
  ASSERT_NE(port, 0) << readFile(log());
  HttpClient client("127.0.0.1", port);
  EXPECT_NE(client.request("GET", "/v1.0/metadata").body.find(R"("enabledFeatures":["Lichen"])"),
            std::string::npos);
  process.kill(SIGTERM);
  EXPECT_EQ(process.wait(), 0);

  std::ofstream(dir_ / "bad.yaml") << "apiVersion: dapr.io/v1alpha1\nkind: Configuration\n"
                                      "spec:\n  secrets:\n    scopes: [{defaultAccess: deny}]\n";
  Process bad;
  ASSERT_TRUE(bad.start(
      {lichenBinary(), "run", "--dapr-http-port", "0", "--config", (dir_ / "bad.yaml").string()},
      log()));
  EXPECT_EQ(bad.wait(), 1);
  EXPECT_NE(readFile(log()).find((dir_ / "bad.yaml").string() + ":5"), std::string::npos)
      << readFile(log());
}

TEST_F(SidecarProcessTest, InvokesAnotherAppThroughItsSidecar) {
  // The "billing" app: an HTTP server in this process.
  http::ServerOptions app_options;
  app_options.port = 0;
  http::HttpServer app(app_options, [](const http::ApiRequest& request) {
    std::string path;
    for (const auto& segment : request.segments) path += "/" + segment;
    return http::ApiResponse{
        200, "text/plain", request.method + " " + path + " " + request.body, {}};
  });
  auto app_port = app.start();
  ASSERT_TRUE(app_port);

  auto start = [&](Process& process, const std::string& app_id,
                   std::vector<std::string> extra) -> uint16_t {
    std::vector<std::string> argv{
        lichenBinary(),     "run", "--app-id",   app_id,
        "--dapr-http-port", "0",   "--data-dir", (dir_ / app_id).string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    size_t offset = readFile(log()).size();
    auto env = names();
    env["DAPR_API_TOKEN"] = "token-of-" + app_id;  // each sidecar guards its own API
    if (!process.start(argv, log(), env)) return 0;
    uint16_t port = waitForListeningPort(log(), offset, 20);
    return port != 0 && waitForSidecar(port, 20) ? port : 0;
  };
  Process billing, checkout;
  uint16_t billing_port = start(billing, "billing", {"--app-port", std::to_string(*app_port)});
  ASSERT_NE(billing_port, 0) << readFile(log());
  uint16_t checkout_port = start(checkout, "checkout", {});
  ASSERT_NE(checkout_port, 0) << readFile(log());

  HttpClient client("127.0.0.1", checkout_port);
  std::map<std::string, std::string> token{{"dapr-api-token", "token-of-checkout"}};
  HttpResult result =
      client.request("POST", "/v1.0/invoke/billing/method/charge/42", "5 EUR", token);
  EXPECT_EQ(result.status, 200) << result.body;
  EXPECT_EQ(result.body, "POST /charge/42 5 EUR");
  HttpResult unknown = client.request("GET", "/v1.0/invoke/nobody/method/x", "", token);
  EXPECT_EQ(unknown.status, 500);
  EXPECT_NE(unknown.body.find("couldn't find service"), std::string::npos);
  // The internal token is no way around billing's own API token for anything but invoke.
  HttpClient direct("127.0.0.1", billing_port);
  EXPECT_EQ(
      direct.request("GET", "/v1.0/metadata", "", {{"lichen-internal-token", "guess"}}).status,
      401);

  billing.kill(SIGTERM);
  EXPECT_EQ(billing.wait(), 0);
  EXPECT_FALSE(fs::exists(dir_ / "apps" / "billing"));  // unregistered on shutdown
  HttpResult gone = client.request("GET", "/v1.0/invoke/billing/method/x", "", token);
  EXPECT_EQ(gone.status, 500);
}

TEST_F(SidecarProcessTest, ResourcesPathLoadsComponents) {
  fs::create_directories(dir_ / "res");
  std::ofstream(dir_ / "res" / "c.yaml")
      << "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: mem\nspec:\n"
         "  type: state.in-memory\n  version: v1\n  metadata: []\n";
  Process process;
  uint16_t port = startSidecar(process, {"--resources-path", (dir_ / "res").string()});
  ASSERT_NE(port, 0) << readFile(log());
  HttpClient client("127.0.0.1", port);
  EXPECT_EQ(client.request("POST", "/v1.0/state/mem", R"([{"key":"a","value":1}])").status, 204);
  EXPECT_EQ(client.request("GET", "/v1.0/state/mem/a").body, "1");
  // No embedded defaults when resources are given.
  EXPECT_EQ(client.request("GET", "/v1.0/state/statestore/a").status, 400);
  process.kill(SIGINT);
  EXPECT_EQ(process.wait(), 0);
}

}  // namespace
}  // namespace lichen::testing
