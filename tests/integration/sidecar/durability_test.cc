// The real `lichen run` binary: kill -9 during a write loop loses no acknowledged write;
// start-up with embedded defaults, resource errors naming file and line, graceful shutdown.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

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
  uint16_t startSidecar(Process& process, std::vector<std::string> extra = {}) {
    uint16_t port = pickFreePort();
    std::vector<std::string> argv{lichenBinary(),     "run",
                                  "--app-id",         "durable",
                                  "--dapr-http-port", std::to_string(port),
                                  "--data-dir",       (dir_ / "data").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    if (!process.start(argv, log())) return 0;
    return waitForSidecar(port, 20) ? port : 0;
  }
  std::string log() const { return (dir_ / "lichen.log").string(); }

  fs::path dir_;
};

TEST_F(SidecarProcessTest, KillDashNineLosesNoAcknowledgedWrite) {
  Process first;
  uint16_t port = startSidecar(first);
  ASSERT_NE(port, 0) << readFile(log());

  std::vector<int> acknowledged;
  std::atomic<int> acked_count{0};
  std::thread killer([&] {
    while (acked_count.load() < 300) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    first.kill(SIGKILL);
  });
  HttpClient client("127.0.0.1", port);
  for (int i = 0; i < 100000; ++i) {
    std::string body =
        R"([{"key":"key-)" + std::to_string(i) + R"(","value":{"n":)" + std::to_string(i) + "}}]";
    HttpResult result = client.request("POST", "/v1.0/state/statestore", body,
                                       {{"Content-Type", "application/json"}});
    if (result.status == 0) break;  // the sidecar is gone
    ASSERT_EQ(result.status, 204) << result.body;
    acknowledged.push_back(i);
    acked_count.store(static_cast<int>(acknowledged.size()));
  }
  killer.join();
  EXPECT_EQ(first.wait(), 128 + SIGKILL);
  ASSERT_GE(acknowledged.size(), 300u);

  Process second;
  uint16_t port2 = startSidecar(second);
  ASSERT_NE(port2, 0) << readFile(log());
  HttpClient reader("127.0.0.1", port2);
  size_t missing = 0;
  for (int i : acknowledged) {
    HttpResult result = reader.request("GET", "/v1.0/state/statestore/key-" + std::to_string(i));
    if (result.status != 200 || result.body != R"({"n":)" + std::to_string(i) + "}") ++missing;
  }
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged writes";
  second.kill(SIGTERM);
  EXPECT_EQ(second.wait(), 0);
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
