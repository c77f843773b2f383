// daprd's command line: `lichen daprd` with the exact arguments Dapr 1.16's Kubernetes injector
// gives daprd starts and serves; a symlink named daprd takes daprd's arguments in every spelling
// Go's flag parsing allows; every daprd flag is accepted, the unhonoured ones named in one
// warning; `--version` prints the runtime version; a flag daprd does not have still fails.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "api/http/server.h"
#include "integration/sidecar/lichen_process_fixture.h"
#include "runtime/runtime.h"
#include "support/http_client.h"
#include "support/process.h"

namespace lichen::testing {
namespace {

namespace fs = std::filesystem;

// The scratch folder (dir_) and log() of the `lichen run` process tests.
class DaprdCliTest : public LichenProcessTest {
 protected:
  // Runs `program args...` with the test's folder as working directory (what the sidecar's
  // embedded defaults write lands there), its output in log().
  bool startProgram(Process& process, const std::string& program,
                    const std::vector<std::string>& args,
                    std::map<std::string, std::string> env = {}) {
    std::vector<std::string> argv{"/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", dir_.string(),
                                  program};
    argv.insert(argv.end(), args.begin(), args.end());
    env["LICHEN_NAME_RESOLUTION_DIR"] = (dir_ / "apps").string();
    return process.start(argv, log(), env);
  }
  // Runs a command that exits; answers its exit status, its output in `output`.
  int run(const std::string& program, const std::vector<std::string>& args, std::string& output) {
    Process process;
    size_t offset = readFile(log()).size();
    if (!startProgram(process, program, args)) return -1;
    int status = process.wait(30);
    output = readFile(log()).substr(offset);
    return status;
  }
  // The one line of the log with the warning of flags accepted but not honoured ("" if none).
  std::string warningLine() const {
    std::string text = readFile(log());
    size_t at = text.find("accepted but not yet honoured");
    if (at == std::string::npos) return "";
    size_t begin = text.rfind('\n', at);
    begin = begin == std::string::npos ? 0 : begin + 1;
    return text.substr(begin, text.find('\n', at) - begin);
  }
  std::string daprdSymlink() const {
    fs::path link = dir_ / "bin" / "daprd";
    fs::create_directories(link.parent_path());
    if (!fs::exists(link)) fs::create_symlink(fs::absolute(lichenBinary()), link);
    return link.string();
  }
};

// The app: answers /hello.
http::ApiResponse helloApp(const http::ApiRequest& request) {
  std::string path;
  for (const auto& segment : request.segments) path += "/" + segment;
  if (path == "/hello") return {200, "text/plain", "hello from the app", {}};
  return {404, "text/plain", "no route " + path, {}};
}

TEST_F(DaprdCliTest, InjectorArgumentsStartAndServe) {
  http::ServerOptions app_options;
  app_options.port = 0;
  http::HttpServer app(app_options, helloApp);
  auto app_port = app.start();
  ASSERT_TRUE(app_port);
  // pkg/injector/patcher's "get sidecar container" case, word for word, but for the ports
  // this test must choose at run time (the HTTP and gRPC APIs' 0 picks a free port). The
  // public and metrics ports are not bound by Lichen, so they stay as given.
  // One flag and its value a line.
  // clang-format off
  std::vector<std::string> args{
      "daprd",
      "--dapr-http-port", "0",
      "--dapr-grpc-port", "0",
      "--dapr-internal-grpc-port", "50002",
      "--dapr-listen-addresses", "[::1],127.0.0.1",
      "--dapr-public-port", "3501",
      "--app-id", "app_id",
      "--app-protocol", "http",
      "--log-level", "info",
      "--dapr-graceful-shutdown-seconds", "-1",
      "--mode", "kubernetes",
      "--control-plane-address", "controlplane:9000",
      "--sentry-address", "sentry:50000",
      "--app-port", std::to_string(*app_port),
      "--enable-metrics",
      "--metrics-port", "9090",
      "--config", "config",
      "--placement-host-address", "placement:50000",
      "--log-as-json",
      "--enable-mtls",
  };
  // clang-format on
  // The injector's environment, with the API token secret's value.
  std::map<std::string, std::string> env{{"NAMESPACE", "dapr-system"},
                                         {"DAPR_TRUST_ANCHORS", ""},
                                         {"POD_NAME", "app-pod"},
                                         {"DAPR_CONTROLPLANE_NAMESPACE", "my-namespace"},
                                         {"DAPR_CONTROLPLANE_TRUST_DOMAIN", "test.example.com"},
                                         {"DAPR_API_TOKEN", "api-secret"}};
  Process lichen;
  ASSERT_TRUE(startProgram(lichen, lichenBinary(), args, env));
  uint16_t port = waitForListeningPort(log(), 0, 30);
  ASSERT_NE(port, 0) << readFile(log());
  ASSERT_TRUE(waitForSidecar(port, 30)) << readFile(log());

  // Both listen addresses serve, on the same port.
  std::map<std::string, std::string> token{{"dapr-api-token", "api-secret"},
                                           {"Content-Type", "application/json"}};
  for (const char* address : {"127.0.0.1", "::1"}) {
    HttpClient client(address, port);
    EXPECT_EQ(client.request("GET", "/v1.0/healthz").status, 204) << address;
  }
  HttpClient client("127.0.0.1", port);
  EXPECT_EQ(client.request("GET", "/v1.0/metadata").status, 401) << "DAPR_API_TOKEN applies";
  // State on the embedded defaults, in the working directory's .lichen folder.
  EXPECT_EQ(
      client.request("POST", "/v1.0/state/statestore", R"([{"key":"k","value":"injected"}])", token)
          .status,
      204);
  HttpResult got = client.request("GET", "/v1.0/state/statestore/k", "", token);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, R"("injected")");
  EXPECT_TRUE(fs::exists(dir_ / ".lichen" / "state.db"));
  // The app channel: --app-port on --app-channel-address's default.
  HttpResult hello = client.request("GET", "/v1.0/invoke/app_id/method/hello", "", token);
  EXPECT_EQ(hello.status, 200) << hello.body;
  EXPECT_EQ(hello.body, "hello from the app");

  // One warning names what is accepted but not honoured, and nothing Lichen honours.
  std::string warning = warningLine();
  ASSERT_FALSE(warning.empty()) << readFile(log());
  EXPECT_NE(warning.find(R"("level":"warning")"), std::string::npos) << "--log-as-json applies";
  for (const char* flag :
       {"--dapr-internal-grpc-port", "--dapr-public-port", "--control-plane-address",
        "--sentry-address", "--enable-mtls", "--placement-host-address", "--metrics-port",
        "--enable-metrics", "--mode kubernetes", "--config config"}) {
    EXPECT_NE(warning.find(flag), std::string::npos) << flag << " in " << warning;
  }
  for (const char* flag : {"--app-id", "--dapr-http-port", "--dapr-grpc-port",
                           "--dapr-listen-addresses", "--log-level", "--app-port", "--app-protocol",
                           "--log-as-json", "--dapr-graceful-shutdown-seconds"}) {
    EXPECT_EQ(warning.find(flag), std::string::npos) << flag << " in " << warning;
  }
  lichen.kill(SIGTERM);
  EXPECT_EQ(lichen.wait(30), 0) << readFile(log());
}

// A symlink named daprd is daprd: single-dash flags, `--flag=value`, negative values, booleans
// as `--flag=false`; flags given with daprd's defaults leave nothing to warn about.
TEST_F(DaprdCliTest, SymlinkNamedDaprdTakesGoFlagSpellings) {
  Process lichen;
  ASSERT_TRUE(startProgram(
      lichen, daprdSymlink(),
      {"-app-id", "symlinked", "-dapr-http-port=0", "--resources-path=" + (dir_ / "res").string(),
       "-dapr-graceful-shutdown-seconds", "-1", "--app-max-concurrency", "-1",
       "--enable-metrics=false", "-enable-api-logging", "--mode=standalone",
       "--placement-host-address="}));
  uint16_t port = waitForListeningPort(log(), 0, 30);
  ASSERT_NE(port, 0) << readFile(log());
  ASSERT_TRUE(waitForSidecar(port, 30)) << readFile(log());
  HttpClient client("127.0.0.1", port);
  HttpResult metadata = client.request("GET", "/v1.0/metadata");
  EXPECT_EQ(metadata.status, 200);
  EXPECT_NE(metadata.body.find(R"("id":"symlinked")"), std::string::npos) << metadata.body;
  // -enable-api-logging: the call above is logged.
  EXPECT_NE(readFile(log()).find("/v1.0/metadata"), std::string::npos) << readFile(log());
  // An empty --placement-host-address= is still a flag given: named, not refused.
  EXPECT_NE(warningLine().find("--placement-host-address"), std::string::npos) << readFile(log());
  EXPECT_EQ(warningLine().find("--enable-metrics"), std::string::npos) << "false: daprd's default";
  EXPECT_EQ(warningLine().find("--app-max-concurrency"), std::string::npos) << "-1: no limit";
  lichen.kill(SIGTERM);
  EXPECT_EQ(lichen.wait(30), 0) << readFile(log());
}

// `lichen run` with the flags `dapr run` gives daprd (ports, concurrency, health checks).
TEST_F(DaprdCliTest, RunAcceptsTheFlagsDaprRunPasses) {
  Process lichen;
  ASSERT_TRUE(startProgram(lichen, lichenBinary(),
                           {"run",
                            "--app-id",
                            "cli",
                            "--dapr-http-port",
                            "0",
                            "--dapr-grpc-port",
                            "0",
                            "--dapr-internal-grpc-port",
                            "50002",
                            "--profile-port",
                            "7777",
                            "--metrics-port",
                            "9090",
                            "--app-max-concurrency",
                            "-1",
                            "--placement-host-address",
                            "localhost:50005",
                            "--scheduler-host-address",
                            "localhost:50006",
                            "--max-body-size",
                            "4Mi",
                            "--read-buffer-size",
                            "4Ki",
                            "--enable-app-health-check",
                            "--app-health-check-path",
                            "/healthz",
                            "--app-health-probe-interval",
                            "5",
                            "--app-health-probe-timeout",
                            "500",
                            "--app-health-threshold",
                            "3",
                            "--enable-profiling"}));
  uint16_t port = waitForListeningPort(log(), 0, 30);
  ASSERT_NE(port, 0) << readFile(log());
  ASSERT_TRUE(waitForSidecar(port, 30)) << readFile(log());
  std::string warning = warningLine();
  for (const char* flag :
       {"--profile-port", "--metrics-port", "--placement-host-address", "--scheduler-host-address",
        "--enable-app-health-check", "--app-health-threshold", "--enable-profiling"}) {
    EXPECT_NE(warning.find(flag), std::string::npos) << flag << " in " << warning;
  }
  EXPECT_EQ(warning.find("--read-buffer-size"), std::string::npos) << "honoured";
  // --read-buffer-size 4Ki bounds the request headers (Lichen's own default is 16Ki).
  HttpClient client("127.0.0.1", port);
  EXPECT_EQ(
      client.request("GET", "/v1.0/healthz", "", {{"X-Small", std::string(2048, 'a')}}).status,
      204);
  HttpClient second("127.0.0.1", port);
  EXPECT_EQ(second.request("GET", "/v1.0/healthz", "", {{"X-Big", std::string(8192, 'a')}}).status,
            400);
  lichen.kill(SIGTERM);
  EXPECT_EQ(lichen.wait(30), 0) << readFile(log());
}

TEST_F(DaprdCliTest, VersionPrintsTheRuntimeVersion) {
  const std::string expected = std::string(runtime::kRuntimeVersion) + "\n";
  std::string output;
  EXPECT_EQ(run(lichenBinary(), {"--version"}, output), 0);
  EXPECT_EQ(output, expected);
  EXPECT_EQ(run(lichenBinary(), {"version"}, output), 0);
  EXPECT_EQ(output, expected);
  EXPECT_EQ(run(lichenBinary(), {"daprd", "--version"}, output), 0);
  EXPECT_EQ(output, expected);
  EXPECT_EQ(run(daprdSymlink(), {"-version"}, output), 0);
  EXPECT_EQ(output, expected);
  EXPECT_EQ(run(daprdSymlink(), {"--build-info"}, output), 0);
  EXPECT_EQ(output.rfind("Version: " + std::string(runtime::kRuntimeVersion) + "\n", 0), 0u)
      << output;
}

TEST_F(DaprdCliTest, FlagsDaprdDoesNotHaveStillFail) {
  std::string output;
  int status = run(lichenBinary(), {"daprd", "--app-id", "x", "--no-such-flag", "1"}, output);
  EXPECT_NE(status, 0);
  EXPECT_NE(status, Process::kTimedOut);
  EXPECT_NE(output.find("--no-such-flag"), std::string::npos) << output;
  status = run(daprdSymlink(), {"-app-id", "x", "-no-such-flag"}, output);
  EXPECT_NE(status, 0);
  EXPECT_NE(output.find("-no-such-flag"), std::string::npos) << output;
  // A daprd flag's value is still checked.
  status = run(lichenBinary(), {"daprd", "--app-id", "x", "--mode", "cloud"}, output);
  EXPECT_NE(status, 0);
  EXPECT_NE(output.find("--mode"), std::string::npos) << output;
  EXPECT_NE(output.find("cloud"), std::string::npos) << output;
}

}  // namespace
}  // namespace lichen::testing
