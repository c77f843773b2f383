// The lichen ABI version 2 under the real binary, through the C SDK (abi_v2.c): state options
// and TTL, bulk get, transactions, publish metadata and a programmatic subscription, outbound
// HTTP behind --allowed-outbound-hosts, the request's header list; and the instance modes:
// --wasm-instances pool reuses instances (never one that trapped), --app-max-concurrency
// serialises requests.
#include <csignal>
#include <fstream>
#include <future>

#include "support/wasm_app_fixture.h"

namespace lichen::testing {
namespace {

class WasmAppV2Test : public WasmAppFixture {
 protected:
  void SetUp() override {
    WasmAppFixture::SetUp();
    ASSERT_TRUE(fs::exists(ABI_V2_WASM)) << ABI_V2_WASM;
  }
  uint16_t startV2(Process& process, std::vector<std::string> flags = {}) {
    uint16_t port = start(process, "v2", ABI_V2_WASM, std::move(flags));
    EXPECT_NE(port, 0) << readFile(logOf("v2"));
    return port;
  }
  static std::string call(uint16_t port, const std::string& method, const std::string& body = "") {
    HttpResult r = invoke(port, "v2", method, "POST", body);
    EXPECT_EQ(r.status, 200) << method << ": " << r.body;
    return r.body;
  }
};

TEST_F(WasmAppV2Test, StateOptionsTtlBulkAndTransactions) {
  Process process;
  uint16_t port = startV2(process);
  ASSERT_NE(port, 0);
  EXPECT_EQ(call(port, "ttl"), "0 1 here etag:yes");
  // The TTL of one second is the store's: the key is gone a little later.
  bool expired = false;
  for (int i = 0; i < 50 && !expired; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    expired = call(port, "get?key=short-lived") == "0 ";
  }
  EXPECT_TRUE(expired) << "short-lived did not expire";
  EXPECT_EQ(call(port, "bad-option"),
            "-3 state_save_with: invalid consistency: sometimes (strong or eventual)");
  EXPECT_EQ(call(port, "bulk"), "b1=1:one missing=0: b2=1:two etag:yes");
  // The first transaction applies; the second (a stale ETag) applies nothing.
  EXPECT_EQ(call(port, "transaction"), "0 -5");
  HttpClient client("127.0.0.1", port);
  EXPECT_EQ(client.request("GET", "/v1.0/state/statestore/t1").body, "first");
  EXPECT_EQ(client.request("GET", "/v1.0/state/statestore/t2").body, "second");
  EXPECT_EQ(client.request("GET", "/v1.0/state/statestore/t-gone").status, 204);
  EXPECT_EQ(client.request("GET", "/v1.0/state/statestore/t3").status, 204);
  stop(process, port);
}

TEST_F(WasmAppV2Test, InitSubscribesAndRawPayloadsArriveAsPublished) {
  Process process;
  uint16_t port = startV2(process);
  ASSERT_NE(port, 0);
  // The subscription made in lichen_init is listed as programmatic.
  HttpResult metadata = HttpClient("127.0.0.1", port).request("GET", "/v1.0/metadata");
  auto json = boost::json::parse(metadata.body).as_object();
  bool listed = false;
  for (const auto& sub : json.at("subscriptions").as_array()) {
    const auto& o = sub.as_object();
    listed = listed || (o.at("topic") == "raw" && o.at("type") == "PROGRAMMATIC" &&
                        o.at("deadLetterTopic") == "raw-dead");
  }
  EXPECT_TRUE(listed) << metadata.body;
  EXPECT_EQ(call(port, "publish-raw", "not a cloud event"), "0");
  eventuallyState(port, "event-data", "not a cloud event");
  eventuallyState(port, "event-route", "/raw-route");
  // Outside lichen_init, subscribe is UNAVAILABLE.
  EXPECT_EQ(call(port, "late-subscribe"), "-9");
  stop(process, port);
}

TEST_F(WasmAppV2Test, OutboundHttpReachesOnlyAllowedHosts) {
  Process target;  // a second sidecar as the HTTP server the guest calls
  uint16_t target_port = start(target, "target", ABI_V2_WASM);
  ASSERT_NE(target_port, 0) << readFile(logOf("target"));
  const std::string url =
      "http://127.0.0.1:" + std::to_string(target_port) + "/v1.0/invoke/target/method/headers";
  {
    Process denied;
    uint16_t port = startV2(denied);
    ASSERT_NE(port, 0);
    EXPECT_EQ(call(port, "fetch", url),
              "-8 http_request: \"" + url + "\" is not allowed: add http://127.0.0.1:" +
                  std::to_string(target_port) + " to --allowed-outbound-hosts");
    stop(denied, port);
  }
  Process allowed;
  uint16_t port = startV2(allowed, {"--allowed-outbound-hosts", "http://127.0.0.1:*"});
  ASSERT_NE(port, 0);
  // The guest's headers reach the other app; its answer and headers come back.
  EXPECT_EQ(call(port, "fetch", url), "200 11 x-custom=1;");
  EXPECT_EQ(call(port, "forged-host"), "-3 http_request: header \"Host\" is set by the host");
  // A host the list does not name stays closed; nothing listens on port 1.
  EXPECT_EQ(
      call(port, "fetch", "http://localhost:" + std::to_string(target_port) + "/").substr(0, 2),
      "-8");
  EXPECT_EQ(call(port, "fetch", "http://127.0.0.1:1/").substr(0, 2), "-5");
  stop(allowed, port);
  stop(target, target_port);
}

// pubsub.sqlite as the broker of two processes, and of one killed mid-delivery.
class DurableBrokerTest : public WasmAppV2Test {
 protected:
  std::vector<std::string> resources() {
    fs::create_directories(dir_ / "resources");
    std::ofstream(dir_ / "resources" / "components.yaml")
        << "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: statestore}\n"
           "spec:\n  type: state.sqlite\n  version: v1\n  metadata:\n"
           "  - {name: connectionString, value: \""
        << (dir_ / "state.db").string()
        << "\"}\n---\napiVersion: dapr.io/v1alpha1\nkind: Component\n"
           "metadata: {name: pubsub}\nspec:\n  type: pubsub.sqlite\n  version: v1\n"
           "  metadata:\n  - {name: connectionString, value: \""
        << (dir_ / "broker.db").string()
        << "\"}\n  - {name: pollInterval, value: 50ms}\n"
           "  - {name: processingTimeout, value: 2s}\n";
    return {"--resources-path", (dir_ / "resources").string()};
  }
};

TEST_F(DurableBrokerTest, AnEventPublishedInOneProcessReachesTheAppInAnother) {
  Process subscriber;
  uint16_t port = startV2(subscriber, resources());
  ASSERT_NE(port, 0);
  Process publisher;  // another app id, another process, the same broker file
  uint16_t pub_port = start(publisher, "publisher", ABI_V2_WASM, resources());
  ASSERT_NE(pub_port, 0) << readFile(logOf("publisher"));
  HttpResult published =
      HttpClient("127.0.0.1", pub_port)
          .request("POST", "/v1.0/publish/pubsub/raw", "across", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(published.status, 204) << published.body;
  eventuallyState(port, "event-data", "across");
  stop(publisher, pub_port);
  stop(subscriber, port);
}

TEST_F(DurableBrokerTest, AnEventInFlightWhenTheProcessIsKilledIsDeliveredAfterRestart) {
  auto flags = resources();
  Process first;
  uint16_t port = startV2(first, flags);
  ASSERT_NE(port, 0);
  HttpResult published = HttpClient("127.0.0.1", port)
                             .request("POST", "/v1.0/publish/pubsub/durable", "keep me",
                                      {{"Content-Type", "text/plain"}});
  EXPECT_EQ(published.status, 204) << published.body;
  ASSERT_TRUE(eventuallyState(port, "durable-seen", "1"));  // the handler holds it now
  first.kill(SIGKILL);
  first.wait(10);
  Process second;
  port = startV2(second, flags);
  ASSERT_NE(port, 0);
  // Redelivered once the dead process's lease (2 s) ends.
  bool done = false;
  for (int i = 0; i < 200 && !done; ++i) {
    done =
        HttpClient("127.0.0.1", port).request("GET", "/v1.0/state/statestore/durable-done").body ==
        "keep me";
    if (!done) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(done) << readFile(logOf("v2"));
  stop(second, port);
}

TEST_F(DurableBrokerTest, InputBindingsReachTheGuestAndItCallsOutputBindings) {
  auto flags = resources();  // state and pub/sub, plus the bindings below
  fs::create_directories(dir_ / "files");
  std::ofstream(dir_ / "resources" / "bindings.yaml")
      << "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: tick}\n"
         "spec:\n  type: bindings.cron\n  version: v1\n  metadata:\n"
         "  - {name: schedule, value: \"@every 1s\"}\n---\n"
         "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: files}\n"
         "spec:\n  type: bindings.localstorage\n  version: v1\n  metadata:\n"
         "  - {name: rootPath, value: \""
      << (dir_ / "files").string() << "\"}\n";
  Process process;
  uint16_t port = startV2(process, flags);
  ASSERT_NE(port, 0);
  // The cron binding's ticks reach lichen_handle_binding with their metadata.
  bool ticked = false;
  HttpResult r;
  for (int i = 0; i < 100 && !ticked; ++i) {
    r = HttpClient("127.0.0.1", port).request("GET", "/v1.0/state/statestore/binding-tick");
    ticked = r.status == 200;
    if (!ticked) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(ticked) << readFile(logOf("v2"));
  EXPECT_NE(r.body.find("readTimeUTC;"), std::string::npos) << r.body;
  // Output: create then get through localstorage; an unknown binding is NOT_FOUND.
  EXPECT_EQ(call(port, "files", "written by the guest"), "0 0 written by the guest -4");
  EXPECT_EQ(readFile((dir_ / "files" / "out.txt").string()), "written by the guest");
  stop(process, port);
}

TEST_F(WasmAppV2Test, ThePoolReusesInstancesButNeverOneThatTrapped) {
  Process fresh;
  uint16_t port = startV2(fresh);
  ASSERT_NE(port, 0);
  EXPECT_EQ(call(port, "served"), "1");
  EXPECT_EQ(call(port, "served"), "1");
  stop(fresh, port);

  Process pooled;
  port = startV2(pooled, {"--wasm-instances", "pool"});
  ASSERT_NE(port, 0);
  EXPECT_EQ(call(port, "served"), "1");
  EXPECT_EQ(call(port, "served"), "2");
  EXPECT_EQ(call(port, "served"), "3");
  EXPECT_EQ(trapOf(invoke(port, "v2", "trap")), "unreachable");
  // The trapped instance (its count was 4) is gone; the next is the reused one or a fresh one.
  std::string after = call(port, "served");
  EXPECT_TRUE(after == "1" || after == "4") << after;
  stop(pooled, port);
}

TEST_F(WasmAppV2Test, MaxConcurrencyServesOneRequestAtATime) {
  auto overlapped = [&](std::vector<std::string> flags) {
    Process process;
    uint16_t port = startV2(process, std::move(flags));
    if (port == 0) return std::string("no sidecar");
    HttpClient("127.0.0.1", port).request("DELETE", "/v1.0/state/statestore/overlap");
    std::vector<std::future<std::string>> calls;
    for (int i = 0; i < 4; ++i) {
      calls.push_back(std::async(std::launch::async, [port] { return call(port, "exclusive"); }));
    }
    for (auto& c : calls) EXPECT_EQ(c.get(), "done");
    HttpResult overlap =
        HttpClient("127.0.0.1", port).request("GET", "/v1.0/state/statestore/overlap");
    stop(process, port);
    return overlap.body;
  };
  // Without a limit four requests run at once (the control); with a limit of one, never.
  EXPECT_EQ(overlapped({}), "yes");
  EXPECT_EQ(overlapped({"--app-max-concurrency", "1"}), "");
}

}  // namespace
}  // namespace lichen::testing
