// The Rust and AssemblyScript SDKs against the real `lichen run`: one test app per SDK
// (rust_sdk_app.rs, as_sdk_app.ts) answers, method by method, what each SDK call did, in one
// text protocol, so every test here runs for both SDKs and proves the same behaviour.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <ostream>
#include <thread>

#include "integration/sdks/sdk_app_fixture.h"

namespace lichen::testing {
namespace {

struct SdkApp {
  std::string name;  // the test's suffix and the app id
  std::string wasm;
};
// Names the parameter in test output (instead of its bytes).
void PrintTo(const SdkApp& app, std::ostream* os) { *os << app.name; }

// RUST_SDK_APP_WASM, AS_SDK_APP_WASM: the test apps, paths the build defines.
const SdkApp kApps[] = {{"rust", RUST_SDK_APP_WASM}, {"as", AS_SDK_APP_WASM}};

class SdkTest : public SdkAppFixture, public ::testing::WithParamInterface<SdkApp> {
 protected:
  void SetUp() override {
    SdkAppFixture::SetUp();
    app_ = "sdk" + GetParam().name;
  }
  // Starts the test app with the test's resources; every test's first step.
  uint16_t startApp(std::vector<std::string> flags = {}) {
    flags.push_back("--resources-path");
    flags.push_back(writeSdkResources());
    uint16_t port =
        start(process_, app_, GetParam().wasm, flags, {{"LICHEN_TEST_SECRET", "s3cret"}});
    EXPECT_NE(port, 0) << readFile(logOf(app_));
    return port;
  }
  HttpResult call(uint16_t port, const std::string& method, const std::string& body = "") {
    return HttpClient("127.0.0.1", port)
        .request("POST", "/v1.0/invoke/" + app_ + "/method/" + method, body);
  }
  // The body of a method that must answer 200.
  std::string answer(uint16_t port, const std::string& method, const std::string& body = "") {
    HttpResult r = call(port, method, body);
    EXPECT_EQ(r.status, 200) << method << ": " << r.body << "\n" << readFile(logOf(app_));
    return r.body;
  }

  std::string app_;
  Process process_;
};

// ABI version 3: configuration reads and distributed locks.
TEST_P(SdkTest, ConfigurationAndLocks) {
  uint16_t port = startApp();
  ASSERT_NE(port, 0);
  EXPECT_EQ(answer(port, "config"), "mode=fast@2{env=prod},size=10@{}|size|-4");
  EXPECT_EQ(answer(port, "lock"), "true|false|LockBelongsToOthers|Success|LockDoesNotExist|-3");
  stop(process_, port);
}

TEST_P(SdkTest, RequestAndResponse) {
  uint16_t port = startApp();
  ASSERT_NE(port, 0);
  HttpResult r = HttpClient("127.0.0.1", port)
                     .request("PUT", "/v1.0/invoke/" + app_ + "/method/echo?a=1&b=x%20y", "body",
                              {{"X-Test", "hi"}, {"Content-Type", "text/plain"}});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, "PUT|echo|a=1&b=x%20y|text/plain|hi|body");
  EXPECT_EQ(r.headers["x-echo"], "yes");
  // Every header (v2), lower-cased, without the sidecar's tokens.
  HttpResult h = HttpClient("127.0.0.1", port)
                     .request("POST", "/v1.0/invoke/" + app_ + "/method/headers", "",
                              {{"X-Test", "hi"}, {"X-Other", "2"}, {"dapr-api-token", "t"}});
  EXPECT_EQ(h.status, 200) << h.body;
  EXPECT_EQ(h.body, "x-other=2,x-test=hi");
  HttpResult unknown = call(port, "nothing");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body, "no such method");
  // The SDK's default invoke serves nothing: the host's own 404, not the app's.
  HttpResult declined = call(port, "decline");
  EXPECT_EQ(declined.status, 404);
  EXPECT_NE(declined.body, "no such method");
  EXPECT_EQ(declined.body.find("sdk"), std::string::npos) << declined.body;
  stop(process_, port);
}

TEST_P(SdkTest, StateWithETagsAndErrors) {
  uint16_t port = startApp();
  ASSERT_NE(port, 0);
  // saved, read back, a stale ETag refused (-6), the current one saves and changes the ETag,
  // a stale delete refused (-6), the current one deletes.
  EXPECT_EQ(answer(port, "state", "hello"), "hello|-6|second|true|-6|absent");
  // No such store: NOT_FOUND with the host's message.
  EXPECT_EQ(answer(port, "missing"), "-4|NotFound|true");
  // lichen_init saved this before the sidecar was ready.
  EXPECT_TRUE(eventuallyState(port, "init", "done"));
  stop(process_, port);
}

TEST_P(SdkTest, StateOptionsBulkAndTransactions) {
  uint16_t port = startApp();
  ASSERT_NE(port, 0);
  // Consistency, concurrency and metadata pass; a TTL that is not a number is refused.
  EXPECT_EQ(answer(port, "options"), "kept|true|absent|-3");
  EXPECT_EQ(answer(port, "bulk"), "b1=one+etag,nope=absent,b2=two+etag");
  // Applied together; one stale ETag fails the whole second transaction (FAILED, as the HTTP
  // API's ERR_STATE_TRANSACTION, not ETAG_MISMATCH).
  EXPECT_EQ(answer(port, "transaction"), "x|y|absent|-5|absent");
  // The TTL of 1 s saved by `options` expires.
  HttpClient client("127.0.0.1", port);
  HttpResult ttl;
  for (int i = 0; i < 60; ++i) {
    ttl = client.request("GET", "/v1.0/state/statestore/ttl");
    if (ttl.status == 204) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(ttl.status, 204) << ttl.body;
  stop(process_, port);
}

TEST_P(SdkTest, PublishSubscribeAndEventOutcomes) {
  uint16_t port = startApp();
  ASSERT_NE(port, 0);
  EXPECT_EQ(answer(port, "publish", "hello"), "ok");
  EXPECT_TRUE(eventuallyState(port, "event",
                              "pubsub|sdk|/sdk-route|com.dapr.event.sent|text/plain|hello|true"));
  EXPECT_EQ(answer(port, "publish_with", "typed"), "ok");
  EXPECT_TRUE(
      eventuallyState(port, "event", "pubsub|sdk|/sdk-route|sdk.test|text/plain|typed|true"));
  // RETRY and DROP send the event to the dead-letter topic given to subscribe (as daprd).
  EXPECT_EQ(answer(port, "publish", "retry"), "ok");
  EXPECT_TRUE(eventuallyState(port, "dead", "retry"));
  EXPECT_EQ(answer(port, "publish", "drop"), "ok");
  EXPECT_TRUE(eventuallyState(port, "dead", "drop"));
  EXPECT_EQ(answer(port, "publish", "after"), "ok");
  EXPECT_TRUE(eventuallyState(port, "event",
                              "pubsub|sdk|/sdk-route|com.dapr.event.sent|text/plain|after|true"));
  // A raw payload (publish metadata) reaches a rawPayload subscription (subscribe options) as
  // published.
  EXPECT_EQ(answer(port, "publish_raw", "not a cloud event"), "ok");
  EXPECT_TRUE(eventuallyState(port, "raw", "not a cloud event"));
  EXPECT_EQ(answer(port, "no_pubsub"), "-4");
  EXPECT_EQ(answer(port, "subscribe_late"), "-9");  // only in init
  // The subscriptions made in init are the app's programmatic ones.
  HttpResult meta = HttpClient("127.0.0.1", port).request("GET", "/v1.0/metadata");
  boost::json::value parsed = boost::json::parse(meta.body);
  int programmatic = 0;
  for (const auto& sub : parsed.at("subscriptions").as_array()) {
    const auto& s = sub.as_object();
    if (s.at("type") != "PROGRAMMATIC") continue;
    ++programmatic;
    if (s.at("topic") == "sdk") {
      EXPECT_EQ(s.at("deadLetterTopic"), "sdk-dead") << meta.body;
    }
    if (s.at("topic") == "raw") {
      EXPECT_EQ(s.at("metadata").at("rawPayload"), "true") << meta.body;
    }
  }
  EXPECT_EQ(programmatic, 3) << meta.body;
  stop(process_, port);
}

TEST_P(SdkTest, InvokeSecretsLogAndFailures) {
  uint16_t port = startApp();
  ASSERT_NE(port, 0);
  EXPECT_EQ(answer(port, "invoke", app_), "201|PUT|echo||text/plain|-|inner");
  EXPECT_EQ(answer(port, "secret"), R"({"LICHEN_TEST_SECRET":"s3cret"})");
  EXPECT_EQ(answer(port, "no_secretstore"), "-4");
  EXPECT_EQ(answer(port, "log", "abc"), "logged");
  // A handler's error is a 500 with its text; the next request is served as usual.
  HttpResult failed = call(port, "fail");
  EXPECT_EQ(failed.status, 500);
  EXPECT_NE(failed.body.find("handler failed on purpose"), std::string::npos) << failed.body;
  EXPECT_EQ(answer(port, "log", "again"), "logged");
  stop(process_, port);
  std::string log = readFile(logOf(app_));
  EXPECT_NE(log.find("sdk app initialised"), std::string::npos) << log;
  EXPECT_NE(log.find("sdk log line: abc"), std::string::npos) << log;
}

TEST_P(SdkTest, OutboundHttpToAllowedHostsOnly) {
  uint16_t port = startApp({"--allowed-outbound-hosts", "http://127.0.0.1:*"});
  ASSERT_NE(port, 0);
  HttpClient client("127.0.0.1", port);
  HttpResult saved =
      client.request("POST", "/v1.0/state/statestore", R"([{"key":"k-http","value":"via http"}])",
                     {{"Content-Type", "application/json"}});
  ASSERT_EQ(saved.status, 204) << saved.body;
  std::string api = "http://127.0.0.1:" + std::to_string(port) + "/v1.0/state/statestore";
  std::string urls = api + "/k-http\nhttp://example.com/\n" + api;
  // GET with a header, a host not allowed (NOT_ALLOWED), POST with a body (204 from the API).
  EXPECT_EQ(answer(port, "http", urls), R"(200|true|"via http"|-8|204)");
  EXPECT_EQ(client.request("GET", "/v1.0/state/statestore/k-post").body, R"("posted")");
  stop(process_, port);
}

TEST_P(SdkTest, InputAndOutputBindings) {
  uint16_t port = startApp();
  ASSERT_NE(port, 0);
  // The cron binding's tick reaches the binding handler, with its metadata.
  EXPECT_TRUE(eventuallyState(port, "tick", "tick|true")) << readFile(logOf(app_));
  // localstorage answers create with the file's name and get with its bytes.
  EXPECT_EQ(answer(port, "binding", "file body"), R"({"fileName":"sdk.txt"}|file body|-4)");
  EXPECT_EQ(readFile((dir_ / "files" / "sdk.txt").string()), "file body");
  stop(process_, port);
}

// With reused instances (memory, globals and the SDK's registration carry over), repeated
// requests are answered as in fresh ones.
TEST_P(SdkTest, ReusedInstancesAnswerAsFreshOnes) {
  uint16_t port = startApp({"--wasm-instances", "pool"});
  ASSERT_NE(port, 0);
  for (int i = 0; i < 20; ++i) {
    std::string value = "v" + std::to_string(i);
    EXPECT_EQ(answer(port, "state", value), value + "|-6|second|true|-6|absent");
    EXPECT_EQ(answer(port, "bulk"), "b1=one+etag,nope=absent,b2=two+etag");
  }
  EXPECT_EQ(call(port, "fail").status, 500);
  EXPECT_EQ(answer(port, "missing"), "-4|NotFound|true");
  stop(process_, port);
}

INSTANTIATE_TEST_SUITE_P(Sdks, SdkTest, ::testing::ValuesIn(kApps),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace lichen::testing
