// The lichen ABI version 3 under the real binary, through the C SDK (abi_v3.c): configuration
// reads from configuration.sqlite (items written by another process, the sqlite3 CLI, seen at
// the store's next poll), lock and unlock with daprd's answers, and mutual exclusion between
// two `lichen run` processes sharing lock.sqlite: concurrent locked increments of one counter
// lose no count.
#include <chrono>
#include <future>
#include <thread>

#include "support/wasm_app_fixture.h"

namespace lichen::testing {
namespace {

class WasmAppV3Test : public WasmAppFixture {
 protected:
  void SetUp() override {
    WasmAppFixture::SetUp();
    ASSERT_TRUE(fs::exists(ABI_V3_WASM)) << ABI_V3_WASM;
  }
  // State with no key prefix and locks prefixed by the store's name, so two app ids share
  // both; configuration from config.db.
  std::vector<std::string> resources() {
    auto sqlite = [&](const std::string& name, const std::string& type, const std::string& db,
                      const std::string& more) {
      return "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata: {name: " + name +
             "}\nspec:\n  type: " + type + "\n  version: v1\n  metadata:\n" +
             "  - {name: connectionString, value: \"" + (dir_ / db).string() + "\"}\n" + more;
    };
    fs::create_directories(dir_ / "resources");
    std::ofstream(dir_ / "resources" / "components.yaml")
        << sqlite("statestore", "state.sqlite", "state.db", "  - {name: keyPrefix, value: none}\n")
        << "---\n"
        << sqlite("locks", "lock.sqlite", "locks.db", "  - {name: keyPrefix, value: name}\n")
        << "---\n"
        << sqlite("config", "configuration.sqlite", "config.db",
                  "  - {name: pollInterval, value: 50ms}\n");
    return {"--resources-path", (dir_ / "resources").string()};
  }
  uint16_t startV3(Process& process, const std::string& app_id) {
    uint16_t port = start(process, app_id, ABI_V3_WASM, resources());
    EXPECT_NE(port, 0) << readFile(logOf(app_id));
    return port;
  }
  static std::string call(uint16_t port, const std::string& app_id, const std::string& method) {
    HttpResult r = invoke(port, app_id, method, "POST");
    EXPECT_EQ(r.status, 200) << method << ": " << r.body;
    return r.body;
  }
  // The store polls its table: a change shows within a few polls (deadline 10 s).
  static std::string eventually(uint16_t port, const std::string& method,
                                const std::string& expected) {
    std::string got;
    for (int i = 0; i < 200; ++i) {
      got = invoke(port, "v3", method, "POST").body;
      if (got == expected) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return got;
  }
  void sql(const std::string& statement) {
    Process cli;
    ASSERT_TRUE(cli.start(
        {LICHEN_SQLITE3, "-cmd", ".timeout 10000", (dir_ / "config.db").string(), statement},
        (dir_ / "sqlite3.log").string()));
    ASSERT_EQ(cli.wait(20), 0) << readFile((dir_ / "sqlite3.log").string());
  }
};

TEST_F(WasmAppV3Test, ConfigurationItemsWrittenByAnotherProcessAreRead) {
  Process process;
  uint16_t port = startV3(process, "v3");
  ASSERT_NE(port, 0);
  EXPECT_EQ(call(port, "v3", "config"), "0");
  sql("INSERT INTO configuration (key, value, version, metadata) VALUES "
      "('mode', 'fast', '7', '{\"env\":\"prod\"}'), ('size', '10', '', '{}')");
  const std::string both = "2 mode=fast@7{env:prod} size=10@{}";
  EXPECT_EQ(eventually(port, "config", both), both);
  EXPECT_EQ(call(port, "v3", "config?keys=size.absent"), "1 size=10@{}");
  sql("UPDATE configuration SET value = 'slow', version = '8' WHERE key = 'mode'");
  EXPECT_EQ(eventually(port, "config?keys=mode", "1 mode=slow@8{env:prod}"),
            "1 mode=slow@8{env:prod}");
  stop(process, port);
}

TEST_F(WasmAppV3Test, LocksAnswerAsDaprDoes) {
  Process process;
  uint16_t port = startV3(process, "v3");
  ASSERT_NE(port, 0);
  EXPECT_EQ(call(port, "v3", "lock?resource=r&owner=o1&expiry=30"), "1");
  EXPECT_EQ(call(port, "v3", "lock?resource=r&owner=o2&expiry=30"), "0");
  EXPECT_EQ(call(port, "v3", "lock?resource=r&owner=o1&expiry=30"), "0");  // not reentrant
  EXPECT_EQ(call(port, "v3", "unlock?resource=r&owner=o2"), "2");          // not the owner
  EXPECT_EQ(call(port, "v3", "unlock?resource=r&owner=o1"), "0");
  EXPECT_EQ(call(port, "v3", "unlock?resource=r&owner=o1"), "1");  // no such lock
  EXPECT_EQ(call(port, "v3", "lock?resource=r&owner=o2&expiry=1"), "1");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(call(port, "v3", "lock?resource=r&owner=o1&expiry=30"), "1");  // o2's expired
  // daprd's request checks: ERR_MALFORMED_REQUEST is INVALID_ARGUMENT.
  EXPECT_EQ(call(port, "v3", "lock?resource=r&owner=o1&expiry=0").substr(0, 3), "-3 ");
  EXPECT_EQ(call(port, "v3", "lock?resource=&owner=o1&expiry=5").substr(0, 3), "-3 ");
  EXPECT_EQ(call(port, "v3", "unlock?resource=r&owner=").substr(0, 3), "-3 ");
  // What the guest locked, the HTTP API sees (same store, same prefix).
  HttpResult api = HttpClient("127.0.0.1", port)
                       .request("POST", "/v1.0-alpha1/lock/locks",
                                R"({"resourceId":"r","lockOwner":"o3","expiryInSeconds":5})",
                                {{"Content-Type", "application/json"}});
  EXPECT_EQ(api.body, R"({"success":false})");
  stop(process, port);
}

TEST_F(WasmAppV3Test, TwoProcessesSharingALockStoreLoseNoIncrement) {
  Process a, b;
  uint16_t port_a = startV3(a, "v3a");
  uint16_t port_b = startV3(b, "v3b");
  ASSERT_NE(port_a, 0);
  ASSERT_NE(port_b, 0);
  constexpr int kClientsPerProcess = 3, kIncrements = 20;
  std::vector<std::future<int>> clients;
  for (int c = 0; c < 2 * kClientsPerProcess; ++c) {
    uint16_t port = c % 2 ? port_b : port_a;
    std::string app = c % 2 ? "v3b" : "v3a";
    clients.push_back(std::async(std::launch::async, [port, app, c] {
      int ok = 0;
      HttpClient client("127.0.0.1", port);
      for (int i = 0; i < kIncrements; ++i) {
        HttpResult r = client.request(
            "POST", "/v1.0/invoke/" + app + "/method/increment?owner=client" + std::to_string(c));
        if (r.status == 200)
          ++ok;
        else
          ADD_FAILURE() << r.status << " " << r.body;
      }
      return ok;
    }));
  }
  int total = 0;
  for (auto& client : clients) total += client.get();
  EXPECT_EQ(total, 2 * kClientsPerProcess * kIncrements);
  HttpResult count = HttpClient("127.0.0.1", port_a).request("GET", "/v1.0/state/statestore/count");
  EXPECT_EQ(count.body, std::to_string(2 * kClientsPerProcess * kIncrements));
  stop(a, port_a);
  stop(b, port_b);
}

}  // namespace
}  // namespace lichen::testing
