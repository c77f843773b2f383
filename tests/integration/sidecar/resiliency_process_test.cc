// Resiliency resources in the real `lichen run`, against an HTTP app in this process: service
// invocation retried until the app answers, a circuit breaker that opens and fails fast, a
// timeout cutting a slow app call, an output binding retried, and an inbound pub/sub retry
// policy deciding how often a failing subscriber is called.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "api/http/server.h"
#include "support/http_client.h"
#include "support/process.h"

namespace lichen::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// An HTTP app that counts calls per path and answers what each path is scripted to.
class ScriptedApp {
 public:
  // `answer(path, call number from 1)` -> status; /slow waits until released.
  explicit ScriptedApp(std::function<int(const std::string&, int)> answer)
      : answer_(std::move(answer)) {
    http::ServerOptions options;
    options.port = 0;
    server_ = std::make_unique<http::HttpServer>(
        options, [this](const http::ApiRequest& request) { return handle(request); });
  }
  ~ScriptedApp() {
    release();
    server_->stop(0);
  }
  uint16_t start() {
    auto port = server_->start();
    return port ? *port : 0;
  }
  int calls(const std::string& path) {
    std::lock_guard lock(mutex_);
    return calls_[path];
  }
  void release() {
    {
      std::lock_guard lock(mutex_);
      released_ = true;
    }
    wake_.notify_all();
  }

 private:
  http::ApiResponse handle(const http::ApiRequest& request) {
    std::string path;
    for (const auto& segment : request.segments) path += "/" + segment;
    if (path == "/dapr/subscribe") return {200, "application/json", "[]", {}};
    if (path == "/dapr/config" || path == "/healthz") return {404, "text/plain", "", {}};
    int call = 0;
    {
      std::unique_lock lock(mutex_);
      call = ++calls_[path];
      if (path == "/slow") wake_.wait_for(lock, 20s, [this] { return released_; });
    }
    int status = answer_(path, call);
    return {
        static_cast<uint16_t>(status), "text/plain", path + " answer " + std::to_string(call), {}};
  }

  std::function<int(const std::string&, int)> answer_;
  std::unique_ptr<http::HttpServer> server_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::string, int> calls_;
  bool released_ = false;
};

constexpr const char* kHeader = "apiVersion: dapr.io/v1alpha1\nkind: Resiliency\n";

class ResiliencyProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(lichenBinary().empty()) << "set LICHEN_BIN to the lichen binary";
    dir_ = fs::temp_directory_path() /
           ("lichen-res-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "res");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void resource(const std::string& file, const std::string& yaml) {
    std::ofstream(dir_ / "res" / file) << yaml;
  }
  // resiliency.yaml: a Resiliency resource named `name` with this `spec` (indented YAML).
  void resiliency(const std::string& name, const std::string& spec) {
    resource("resiliency.yaml",
             std::string(kHeader) + "metadata: {name: " + name + "}\nspec:\n" + spec);
  }
  std::vector<std::string> arguments(uint16_t app_port, const std::string& app_id = "shop") const {
    return {lichenBinary(),     "run",
            "--app-id",         app_id,
            "--app-port",       std::to_string(app_port),
            "--dapr-http-port", "0",
            "--data-dir",       (dir_ / "data").string(),
            "--resources-path", (dir_ / "res").string()};
  }
  uint16_t start(Process& process, uint16_t app_port, const std::string& app_id = "shop") {
    std::vector<std::string> argv = arguments(app_port, app_id);
    size_t offset = readFile(log()).size();
    if (!process.start(argv, log(), {{"LICHEN_NAME_RESOLUTION_DIR", (dir_ / "apps").string()}})) {
      return 0;
    }
    uint16_t port = waitForListeningPort(log(), offset, 20);
    return port != 0 && waitForSidecar(port, 20) ? port : 0;
  }
  void stop(Process& process) {
    process.kill(SIGTERM);
    EXPECT_EQ(process.wait(), 0) << readFile(log());
  }
  std::string log() const { return (dir_ / "lichen.log").string(); }

  fs::path dir_;
};

TEST_F(ResiliencyProcessTest, InvocationRetriesUntilTheAppAnswers) {
  // /flaky fails twice with 500, then answers 200; /broken always 500.
  ScriptedApp app([](const std::string& path, int call) {
    if (path == "/flaky") return call % 3 == 0 ? 200 : 500;
    return 500;
  });
  uint16_t app_port = app.start();
  ASSERT_NE(app_port, 0);

  // Without a policy the first 500 is the answer.
  Process plain;
  uint16_t port = start(plain, app_port);
  ASSERT_NE(port, 0) << readFile(log());
  HttpResult first = HttpClient("127.0.0.1", port).request("GET", "/v1.0/invoke/shop/method/flaky");
  EXPECT_EQ(first.status, 500);
  EXPECT_EQ(app.calls("/flaky"), 1);
  stop(plain);

  resiliency("retries", R"(  policies:
    retries:
      threeTimes: {policy: constant, duration: 10ms, maxRetries: 3}
  targets:
    apps:
      shop: {retry: threeTimes}
)");
  Process resilient;
  port = start(resilient, app_port);
  ASSERT_NE(port, 0) << readFile(log());
  HttpClient client("127.0.0.1", port);
  HttpResult retried = client.request("GET", "/v1.0/invoke/shop/method/flaky");
  EXPECT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(retried.body, "/flaky answer 3");
  EXPECT_EQ(app.calls("/flaky"), 3);
  // Retries that run out answer with the app's last response.
  HttpResult broken = client.request("POST", "/v1.0/invoke/shop/method/broken", "x");
  EXPECT_EQ(broken.status, 500);
  EXPECT_EQ(broken.body, "/broken answer 4");
  EXPECT_EQ(app.calls("/broken"), 4);
  EXPECT_NE(readFile(log()).find("resiliency loaded: retries"), std::string::npos);
  stop(resilient);
}

TEST_F(ResiliencyProcessTest, ACircuitBreakerOpensAndFailsFast) {
  ScriptedApp app([](const std::string& path, int) { return path == "/ok" ? 200 : 503; });
  uint16_t app_port = app.start();
  ASSERT_NE(app_port, 0);
  resiliency("breaker", R"(  policies:
    circuitBreakers:
      twoStrikes: {maxRequests: 1, timeout: 60s, trip: consecutiveFailures >= 2}
  targets:
    apps:
      shop: {circuitBreaker: twoStrikes}
)");
  Process process;
  uint16_t port = start(process, app_port);
  ASSERT_NE(port, 0) << readFile(log());
  HttpClient client("127.0.0.1", port);
  EXPECT_EQ(client.request("GET", "/v1.0/invoke/shop/method/down").status, 503);
  EXPECT_EQ(client.request("GET", "/v1.0/invoke/shop/method/down").status, 503);
  HttpResult refused = client.request("GET", "/v1.0/invoke/shop/method/down");
  EXPECT_EQ(refused.status, 500);
  EXPECT_NE(refused.body.find("ERR_DIRECT_INVOKE"), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("circuit breaker is open"), std::string::npos) << refused.body;
  EXPECT_EQ(app.calls("/down"), 2);  // the open breaker did not call the app
  // Breakers are per method: another method still reaches the app.
  EXPECT_EQ(client.request("GET", "/v1.0/invoke/shop/method/ok").status, 200);
  EXPECT_NE(readFile(log()).find("changed state from closed to open"), std::string::npos);
  stop(process);
}

TEST_F(ResiliencyProcessTest, ATimeoutCutsASlowAppCall) {
  ScriptedApp app([](const std::string&, int) { return 200; });
  uint16_t app_port = app.start();
  ASSERT_NE(app_port, 0);
  resiliency("timeouts", R"(  policies:
    timeouts:
      DefaultAppTimeoutPolicy: 300ms
)");
  Process process;
  uint16_t port = start(process, app_port);
  ASSERT_NE(port, 0) << readFile(log());
  HttpClient client("127.0.0.1", port);
  HttpResult cut = client.request("GET", "/v1.0/invoke/shop/method/slow");
  EXPECT_EQ(cut.status, 500);
  EXPECT_NE(cut.body.find("ERR_DIRECT_INVOKE"), std::string::npos) << cut.body;
  EXPECT_NE(cut.body.find("context deadline exceeded"), std::string::npos) << cut.body;
  app.release();
  EXPECT_EQ(client.request("GET", "/v1.0/invoke/shop/method/fast").status, 200);
  stop(process);
}

TEST_F(ResiliencyProcessTest, AnOutputBindingIsRetried) {
  ScriptedApp remote([](const std::string&, int call) { return call < 3 ? 502 : 200; });
  uint16_t remote_port = remote.start();
  ASSERT_NE(remote_port, 0);
  ScriptedApp app([](const std::string&, int) { return 200; });
  uint16_t app_port = app.start();
  resource("remote.yaml", R"(apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: remote}
spec:
  type: bindings.http
  version: v1
  metadata:
  - {name: url, value: "http://127.0.0.1:)" +
                              std::to_string(remote_port) +
                              R"(/api"}
)");
  resiliency("outbound", R"(  policies:
    retries:
      DefaultBindingComponentOutboundRetryPolicy: {duration: 10ms, maxRetries: 5}
)");
  Process process;
  uint16_t port = start(process, app_port);
  ASSERT_NE(port, 0) << readFile(log());
  HttpResult posted = HttpClient("127.0.0.1", port)
                          .request("POST", "/v1.0/bindings/remote", R"({"operation":"post"})");
  EXPECT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(remote.calls("/api"), 3);
  stop(process);
}

TEST_F(ResiliencyProcessTest, AnInboundRetryPolicyDecidesHowOftenASubscriberIsCalled) {
  ScriptedApp app([](const std::string&, int) { return 500; });  // never processes an event
  uint16_t app_port = app.start();
  ASSERT_NE(app_port, 0);
  resource("pubsub.yaml", R"(apiVersion: dapr.io/v1alpha1
kind: Component
metadata: {name: pubsub}
spec: {type: pubsub.in-memory, version: v1}
---
apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata: {name: orders}
spec:
  pubsubname: pubsub
  topic: orders
  routes: {default: /orders}
)");
  resiliency("inbound", R"(  policies:
    retries:
      twice: {policy: constant, duration: 10ms, maxRetries: 2}
  targets:
    components:
      pubsub:
        inbound: {retry: twice}
)");
  Process process;
  uint16_t port = start(process, app_port);
  ASSERT_NE(port, 0) << readFile(log());
  HttpResult published = HttpClient("127.0.0.1", port)
                             .request("POST", "/v1.0/publish/pubsub/orders", R"({"n":1})",
                                      {{"Content-Type", "application/json"}});
  ASSERT_EQ(published.status, 204) << published.body;
  // Once the policy gives up the event is dropped; the broker does not call again.
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (readFile(log()).find("resiliency retries exhausted") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_NE(readFile(log()).find("resiliency retries exhausted"), std::string::npos)
      << readFile(log());
  EXPECT_EQ(app.calls("/orders"), 3);  // one delivery and two retries, not the broker's 10
  stop(process);
}

// The caller's sidecar applies targets.apps.<id>; the callee's, loading the same resource,
// does not retry the forwarded call again (as daprd: policies apply on the caller's side).
TEST_F(ResiliencyProcessTest, ARemoteAppIsRetriedByTheCallersSidecarOnly) {
  ScriptedApp app([](const std::string&, int) { return 500; });
  uint16_t app_port = app.start();
  ASSERT_NE(app_port, 0);
  resiliency("remote", R"(  policies:
    retries:
      twice: {duration: 10ms, maxRetries: 2}
  targets:
    apps:
      billing: {retry: twice}
)");
  Process callee;
  ASSERT_NE(start(callee, app_port, "billing"), 0) << readFile(log());
  Process caller;
  uint16_t port = start(caller, pickFreePort(), "front");
  ASSERT_NE(port, 0) << readFile(log());
  HttpResult answer =
      HttpClient("127.0.0.1", port).request("GET", "/v1.0/invoke/billing/method/charge");
  EXPECT_EQ(answer.status, 500) << answer.body;
  EXPECT_EQ(answer.body, "/charge answer 3");
  EXPECT_EQ(app.calls("/charge"), 3);  // not 3 × 3
  stop(caller);
  stop(callee);
}

TEST_F(ResiliencyProcessTest, AnInvalidResourceStopsTheStartNamingFileAndField) {
  resiliency("typo", R"(  policies:
    circuitBreakers:
      cb: {trip: "consecutiveFailures > 3 && requests > 10"}
)");
  Process process;
  ASSERT_TRUE(process.start(arguments(pickFreePort()), log()));
  EXPECT_EQ(process.wait(20), 1);
  std::string text = readFile(log());
  EXPECT_NE(
      text.find("resiliency.yaml:7: resiliency 'typo': spec.policies.circuitBreakers.cb.trip"),
      std::string::npos)
      << text;
}

}  // namespace
}  // namespace lichen::testing
