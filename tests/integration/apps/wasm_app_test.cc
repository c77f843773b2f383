// Wasm apps under the real binary: `lichen run --app-id ID app.wasm` on a run-time port, driven
// through the Dapr HTTP API as any client would. The counter example's state persists in the
// SQLite store across restarts; a guest that loops, traps, runs out of memory or fuel, or hands
// the host a bad pointer fails only its own request; requests, responses, invocation between
// apps, publish, pub/sub events, secrets and ETags work through the host ABI.
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fstream>

#include "support/wasm_app_fixture.h"

namespace lichen::testing {
namespace {

// COUNTER_WASM, FAULTS_WASM, HELLO_WASM: the apps under test, paths the build defines.

class WasmAppTest : public WasmAppFixture {
 protected:
  void SetUp() override {
    WasmAppFixture::SetUp();
    ASSERT_TRUE(fs::exists(COUNTER_WASM)) << COUNTER_WASM;
    ASSERT_TRUE(fs::exists(FAULTS_WASM)) << FAULTS_WASM;
  }
  // The common components and a subscription to `orders`, scoped to `app`; `spec_extra` is
  // added to its spec.
  void writeResourcesFor(const std::string& app, const std::string& spec_extra = "") {
    writeResources(R"(apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata: {name: orders}
spec:
  pubsubname: pubsub
  topic: orders
  routes: {default: /orders}
)" + spec_extra + "scopes: [" +
                   app + "]\n");
  }
};

TEST_F(WasmAppTest, CounterExamplePersistsItsStateInSqlite) {
  Process first;
  uint16_t port = start(first, "counter", COUNTER_WASM);
  ASSERT_NE(port, 0) << readFile(logOf("counter"));
  for (int i = 1; i <= 3; ++i) {
    HttpResult r = invoke(port, "counter", "increment");
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body, std::to_string(i));
    EXPECT_EQ(r.headers["content-type"], "text/plain");
  }
  EXPECT_EQ(invoke(port, "counter", "count", "GET").body, "3");
  // The guest's key is the app's own key for the HTTP API too.
  HttpResult state = HttpClient("127.0.0.1", port).request("GET", "/v1.0/state/statestore/count");
  EXPECT_EQ(state.status, 200);
  EXPECT_EQ(state.body, "3");
  EXPECT_EQ(invoke(port, "counter", "nothing").status, 404);
  stop(first, port);

  Process second;
  uint16_t port2 = start(second, "counter", COUNTER_WASM);
  ASSERT_NE(port2, 0) << readFile(logOf("counter"));
  EXPECT_EQ(invoke(port2, "counter", "increment").body, "4");
  stop(second, port2);
}

TEST_F(WasmAppTest, AMisbehavingRequestFailsAloneAndNamesItsTrap) {
  Process process;
  uint16_t port =
      start(process, "faults", FAULTS_WASM, {"--timeout", "500ms", "--max-memory", "32"});
  ASSERT_NE(port, 0) << readFile(logOf("faults"));
  EXPECT_EQ(invoke(port, "faults", "ok").body, "ok");
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(trapOf(invoke(port, "faults", "loop")), "timeout");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  EXPECT_EQ(invoke(port, "faults", "ok").body, "ok");
  EXPECT_EQ(trapOf(invoke(port, "faults", "trap")), "unreachable");
  EXPECT_EQ(invoke(port, "faults", "ok").body, "ok");
  // malloc fails at the per-request --max-memory; the guest then traps.
  EXPECT_EQ(trapOf(invoke(port, "faults", "oom")), "unreachable");
  EXPECT_EQ(invoke(port, "faults", "oom").status, 500);  // each request has its own budget
  EXPECT_EQ(invoke(port, "faults", "ok").body, "ok");
  EXPECT_EQ(trapOf(invoke(port, "faults", "segv")), "memory_out_of_bounds");
  // A bad pointer handed to the host is an error code the guest sees, not a host access.
  HttpResult bad = invoke(port, "faults", "badptr");
  EXPECT_EQ(bad.status, 500);
  EXPECT_EQ(bad.body, "-1 state_get: a pointer or length is out of bounds");
  HttpResult ok = invoke(port, "faults", "ok");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "ok");
  stop(process, port);
  EXPECT_NE(readFile(logOf("faults")).find("trap: unreachable"), std::string::npos);
}

TEST_F(WasmAppTest, OtherRequestsCarryOnWhileOneLoops) {
  Process process;
  uint16_t port = start(process, "faults", FAULTS_WASM, {"--timeout", "3s"});
  ASSERT_NE(port, 0) << readFile(logOf("faults"));
  std::thread looping([&] { EXPECT_EQ(trapOf(invoke(port, "faults", "loop")), "timeout"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) EXPECT_EQ(invoke(port, "faults", "ok").body, "ok");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  looping.join();
  stop(process, port);
}

TEST_F(WasmAppTest, TheGuestSeesADirectoryOnlyWhenGiven) {
  fs::create_directories(dir_ / "shared");
  std::ofstream(dir_ / "shared" / "hello.txt") << "from the host";
  Process without;
  uint16_t port = start(without, "faults", FAULTS_WASM);
  ASSERT_NE(port, 0) << readFile(logOf("faults"));
  EXPECT_EQ(invoke(port, "faults", "readfile").status, 404);
  stop(without, port);
  Process with;
  port = start(with, "faults", FAULTS_WASM, {"--dir-ro", (dir_ / "shared").string() + "::/data"});
  ASSERT_NE(port, 0) << readFile(logOf("faults"));
  HttpResult read = invoke(port, "faults", "readfile");
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(read.body, "from the host");
  stop(with, port);
}

TEST_F(WasmAppTest, FuelIsPerRequest) {
  Process process;
  uint16_t port = start(process, "faults", FAULTS_WASM, {"--fuel", "2000000"});
  ASSERT_NE(port, 0) << readFile(logOf("faults"));
  EXPECT_EQ(trapOf(invoke(port, "faults", "loop")), "out_of_fuel");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(invoke(port, "faults", "ok").body, "ok");
  stop(process, port);
}

TEST_F(WasmAppTest, TheGuestSeesTheWholeRequestAndShapesItsResponse) {
  Process process;
  uint16_t port = start(process, "faults", FAULTS_WASM);
  ASSERT_NE(port, 0) << readFile(logOf("faults"));
  HttpResult r = HttpClient("127.0.0.1", port)
                     .request("PUT", "/v1.0/invoke/faults/method/echo?a=1&b=x%20y", "body",
                              {{"X-Test", "hi"}});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, "PUT a=1&b=x%20y hi body");
  EXPECT_EQ(r.headers["x-echo"], "yes");
  // The same through daprd's dapr-app-id header fallback.
  HttpResult fallback =
      HttpClient("127.0.0.1", port).request("POST", "/ok", "", {{"dapr-app-id", "faults"}});
  EXPECT_EQ(fallback.body, "ok");
  // ETags: a stale one is ETAG_MISMATCH (-6), the current one saves.
  EXPECT_EQ(invoke(port, "faults", "etag").body, "-6 0");
  // lichen_init ran once before the sidecar was ready; the guest's stdio and log reach the log.
  EXPECT_EQ(HttpClient("127.0.0.1", port).request("GET", "/v1.0/state/statestore/init").body,
            "done");
  EXPECT_EQ(invoke(port, "faults", "print").body, "printed");
  stop(process, port);
  std::string log = readFile(logOf("faults"));
  EXPECT_NE(log.find("app: faults app initialised"), std::string::npos) << log;
  EXPECT_NE(log.find("stdout of the guest"), std::string::npos) << log;
  EXPECT_NE(log.find("stderr of the guest"), std::string::npos) << log;
}

TEST_F(WasmAppTest, AWasmAppInvokesItselfAndAnotherWasmApp) {
  Process counter;
  uint16_t counter_port = start(counter, "counter", COUNTER_WASM);
  ASSERT_NE(counter_port, 0) << readFile(logOf("counter"));
  Process faults;
  uint16_t port = start(faults, "faults", FAULTS_WASM);
  ASSERT_NE(port, 0) << readFile(logOf("faults"));
  EXPECT_EQ(invoke(port, "faults", "callself").body, "200 ok");
  EXPECT_EQ(invoke(port, "faults", "callcounter").body, "200 1");
  EXPECT_EQ(invoke(port, "faults", "callcounter").body, "200 2");
  // An app invoking itself without end is stopped at the nesting bound, not a crash.
  HttpResult recurse = invoke(port, "faults", "recurse");
  EXPECT_EQ(recurse.status, 200);
  EXPECT_EQ(recurse.body.substr(0, 4), "200 ") << recurse.body;
  EXPECT_EQ(invoke(port, "faults", "ok").body, "ok");
  stop(faults, port);
  stop(counter, counter_port);
}

// A plain HTTP app for a sidecar's --app-port: answers POST /greet with "hi", anything else
// 404; one connection at a time, until the test ends.
class GreetingHttpApp {
 public:
  GreetingHttpApp() : acceptor_(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this] {
      namespace http = boost::beast::http;
      for (;;) {
        boost::system::error_code ec;
        boost::asio::ip::tcp::socket socket(ioc_);
        acceptor_.accept(socket, ec);
        if (ec || stopping_) return;
        boost::beast::flat_buffer buffer;
        http::request<http::string_body> request;
        http::read(socket, buffer, request, ec);
        if (ec) continue;
        const bool greet = request.method() == http::verb::post && request.target() == "/greet";
        http::response<http::string_body> response(
            greet ? http::status::ok : http::status::not_found, 11);
        response.body() = greet ? "hi from an HTTP app" : "";
        response.keep_alive(false);
        response.prepare_payload();
        http::write(socket, response, ec);
      }
    });
  }
  ~GreetingHttpApp() {
    // A blocked accept() does not wake when the acceptor closes: a connection wakes it.
    stopping_ = true;
    boost::system::error_code ec;
    boost::asio::ip::tcp::socket wake(ioc_);
    wake.connect(acceptor_.local_endpoint(), ec);
    thread_.join();
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }

 private:
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

TEST_F(WasmAppTest, AWasmAppInvokesAnHttpApp) {
  GreetingHttpApp app;
  Process http_sidecar;  // an ordinary sidecar in front of the HTTP app
  std::vector<std::string> argv{lichenBinary(),     "run",
                                "--app-id",         "httpapp",
                                "--app-port",       std::to_string(app.port()),
                                "--dapr-http-port", "0",
                                "--data-dir",       (dir_ / "httpdata").string()};
  ASSERT_TRUE(http_sidecar.start(argv, logOf("httpapp"),
                                 {{"LICHEN_NAME_RESOLUTION_DIR", (dir_ / "apps").string()}}));
  uint16_t http_port = waitForListeningPort(logOf("httpapp"), 0, 20);
  ASSERT_NE(http_port, 0) << readFile(logOf("httpapp"));
  ASSERT_TRUE(waitForSidecar(http_port, 20));
  Process faults;
  uint16_t port = start(faults, "faults", FAULTS_WASM);
  ASSERT_NE(port, 0) << readFile(logOf("faults"));
  EXPECT_EQ(invoke(port, "faults", "callhttp").body, "200 hi from an HTTP app");
  stop(faults, port);
  stop(http_sidecar, http_port);
}

TEST_F(WasmAppTest, EventsReachTheSubscriberAndSecretsTheApp) {
  writeResourcesFor("faults");
  Process process;
  uint16_t port =
      start(process, "faults", FAULTS_WASM, {"--resources-path", (dir_ / "resources").string()},
            {{"LICHEN_TEST_SECRET", "s3cret"}});
  ASSERT_NE(port, 0) << readFile(logOf("faults"));
  HttpClient client("127.0.0.1", port);
  auto eventually_state = [&](const std::string& want) {
    HttpResult r;
    for (int i = 0; i < 100; ++i) {
      r = client.request("GET", "/v1.0/state/statestore/event-orders");
      if (r.status == 200 && r.body == want) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "state event-orders: " << r.status << " " << r.body << ", want " << want;
    return false;
  };
  // Published by the guest through the host ABI, delivered back to its event handler.
  HttpResult published = invoke(port, "faults", "publish", "POST", "hello");
  EXPECT_EQ(published.status, 200) << published.body;
  eventually_state("hello");
  // Published by a client through the HTTP API: the CloudEvent's data reaches the guest.
  HttpResult api = client.request("POST", "/v1.0/publish/pubsub/orders", R"({"n":7})",
                                  {{"Content-Type", "application/json"}});
  EXPECT_EQ(api.status, 204) << api.body;
  eventually_state(R"({"n":7})");
  HttpResult secret = invoke(port, "faults", "secret");
  EXPECT_EQ(secret.body, R"(0 {"LICHEN_TEST_SECRET":"s3cret"})");
  stop(process, port);
}

// A Wasm app takes one event per handler call, also from a bulk subscription's batches.
TEST_F(WasmAppTest, ABulkSubscriptionsEventsReachTheGuestOneByOne) {
  writeResourcesFor("faults",
                    "  bulkSubscribe: {enabled: true, maxMessagesCount: 5, "
                    "maxAwaitDurationMs: 50}\n");
  Process process;
  uint16_t port =
      start(process, "faults", FAULTS_WASM, {"--resources-path", (dir_ / "resources").string()});
  ASSERT_NE(port, 0) << readFile(logOf("faults"));
  HttpClient client("127.0.0.1", port);
  for (int n = 1; n <= 3; ++n) {
    HttpResult api =
        client.request("POST", "/v1.0/publish/pubsub/orders", R"({"n":)" + std::to_string(n) + "}",
                       {{"Content-Type", "application/json"}});
    EXPECT_EQ(api.status, 204) << api.body;
  }
  // Events are handed to the guest in order: the last one's data is what it saved last.
  HttpResult r;
  for (int i = 0; i < 100 && r.body != R"({"n":3})"; ++i) {
    r = client.request("GET", "/v1.0/state/statestore/event-orders");
    if (r.body != R"({"n":3})") std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(r.body, R"({"n":3})") << readFile(logOf("faults"));
  stop(process, port);
}

// A configuration change reaches a Wasm app as daprd pushes it to an HTTP app: an invocation
// of POST /configuration/{store}/{key} through the app channel (the guest saves the body).
TEST_F(WasmAppTest, ConfigurationChangesArePushedToTheGuest) {
  std::string db = (dir_ / "config.db").string();
  writeResources(
      "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: config}\n"
      "spec:\n  type: configuration.sqlite\n  version: v1\n  metadata:\n"
      "  - {name: connectionString, value: \"" +
      db +
      "\"}\n"
      "  - {name: pollInterval, value: 100ms}\n");
  Process process;
  uint16_t port =
      start(process, "faults", FAULTS_WASM, {"--resources-path", (dir_ / "resources").string()});
  ASSERT_NE(port, 0) << readFile(logOf("faults"));
  HttpClient client("127.0.0.1", port);
  HttpResult subscribed = client.request("GET", "/v1.0/configuration/config/subscribe?key=mode");
  ASSERT_EQ(subscribed.status, 200) << subscribed.body;
  std::string id(boost::json::parse(subscribed.body).at("id").as_string());
  Process cli;
  ASSERT_TRUE(cli.start({LICHEN_SQLITE3, "-cmd", ".timeout 10000", db,
                         "INSERT INTO configuration (key, value) VALUES ('mode', 'fast')"},
                        (dir_ / "sqlite3.log").string()));
  ASSERT_EQ(cli.wait(20), 0) << readFile((dir_ / "sqlite3.log").string());
  eventuallyState(port, "config-push",
                  R"({"id":")" + id + R"(","items":{"mode":{"value":"fast"}}})");
  stop(process, port);
}

TEST_F(WasmAppTest, AModuleThatIsNotALichenAppIsRefused) {
  // A plain WASI command has no lichen_abi_version export.
  Process process;
  std::string hello = HELLO_WASM;
  ASSERT_TRUE(fs::exists(hello)) << hello;
  std::vector<std::string> argv{
      lichenBinary(),           "run", "--app-id", "nope", "--dapr-http-port", "0", "--data-dir",
      (dir_ / "data").string(), hello};
  ASSERT_TRUE(process.start(argv, logOf("nope")));
  EXPECT_EQ(process.wait(30), 1);
  EXPECT_NE(readFile(logOf("nope")).find("not a Lichen app"), std::string::npos)
      << readFile(logOf("nope"));
}

}  // namespace
}  // namespace lichen::testing
