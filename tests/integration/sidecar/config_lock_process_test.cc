// Configuration and distributed lock in the real `lichen run`: configuration.sqlite changed by
// the sqlite3 CLI (another process) pushed to an HTTP app subscribed through the API, and two
// lichen processes sharing lock.sqlite so that only one holder exists at a time.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "api/http/server.h"
#include "integration/sidecar/lichen_process_fixture.h"
#include "support/http_client.h"
#include "support/process.h"

namespace lichen::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class ConfigLockProcessTest : public LichenProcessTest {
 protected:
  // Runs the sqlite3 CLI on `file`, as an operator changing configuration would.
  // LICHEN_SQLITE3 is the CLI's path, found by CMake.
  void sqlite3(const std::string& file, const std::string& sql) {
    Process cli;
    ASSERT_TRUE(cli.start({LICHEN_SQLITE3, "-cmd", ".timeout 10000", file, sql},
                          (dir_ / "sqlite3.log").string()));
    ASSERT_EQ(cli.wait(20), 0) << readFile((dir_ / "sqlite3.log").string());
  }
};

// What the app received on POST /configuration/...: path and body, in order.
struct Pushes {
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<std::pair<std::string, std::string>> received;

  std::vector<std::pair<std::string, std::string>> waitFor(size_t count) {
    std::unique_lock lock(mutex);
    arrived.wait_for(lock, 20s, [&] { return received.size() >= count; });
    return received;
  }
};

TEST_F(ConfigLockProcessTest, SqliteConfigurationChangesReachTheApp) {
  std::string db = (dir_ / "config.db").string();
  component("config", "configuration.sqlite",
            {{"connectionString", db}, {"pollInterval", "100ms"}});
  Pushes pushes;
  http::ServerOptions options;
  options.port = 0;
  http::HttpServer app(options, [&](const http::ApiRequest& request) {
    std::string path;
    for (const auto& segment : request.segments) path += "/" + segment;
    if (request.method == "POST" && path.rfind("/configuration/", 0) == 0) {
      std::lock_guard lock(pushes.mutex);
      pushes.received.emplace_back(path, request.body);
      pushes.arrived.notify_all();
      return http::ApiResponse{200, "", "", {}};
    }
    return http::ApiResponse{404, "text/plain", "not found", {}};
  });
  auto app_port = app.start();
  ASSERT_TRUE(app_port);
  Process process;
  uint16_t port = start(process, "configured", {"--app-port", std::to_string(*app_port)});
  ASSERT_NE(port, 0) << readFile(log());
  HttpClient client("127.0.0.1", port);

  sqlite3(db, "INSERT INTO configuration (key, value, version) VALUES ('limit', '10', '1');");
  HttpResult got = client.request("GET", "/v1.0/configuration/config?key=limit&key=none");
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(json::parse(got.body), json::parse(R"({"limit":{"value":"10","version":"1"}})"));
  EXPECT_EQ(client.request("GET", "/v1.0/configuration/config?key=none").status, 204);

  HttpResult subscribed = client.request("GET", "/v1.0/configuration/config/subscribe?key=limit");
  ASSERT_EQ(subscribed.status, 200) << subscribed.body;
  std::string id(json::parse(subscribed.body).at("id").as_string());

  sqlite3(db, "UPDATE configuration SET value = '20', version = '2' WHERE key = 'limit';");
  // The store polls: when its first look at the table comes after the subscribe, the insert
  // above is a change too and '10' is pushed first. What must come is the update.
  const auto update =
      json::parse(R"({"id":")" + id + R"(","items":{"limit":{"value":"20","version":"2"}}})");
  auto received = pushes.waitFor(1);
  size_t first = 0;
  if (!received.empty() && json::parse(received[0].second) != update) {
    EXPECT_EQ(
        json::parse(received[0].second),
        json::parse(R"({"id":")" + id + R"(","items":{"limit":{"value":"10","version":"1"}}})"));
    first = 1;
    received = pushes.waitFor(2);
  }
  ASSERT_EQ(received.size(), first + 1) << readFile(log());
  EXPECT_EQ(received[first].first, "/configuration/config/limit");
  EXPECT_EQ(json::parse(received[first].second), update);

  sqlite3(db, "DELETE FROM configuration WHERE key = 'limit';");
  received = pushes.waitFor(first + 2);
  ASSERT_EQ(received.size(), first + 2) << readFile(log());
  EXPECT_EQ(json::parse(received[first + 1].second),
            json::parse(R"({"id":")" + id + R"(","items":{"limit":{}}})"));

  HttpResult unsubscribed =
      client.request("GET", "/v1.0/configuration/config/" + id + "/unsubscribe");
  EXPECT_EQ(unsubscribed.status, 200);
  EXPECT_EQ(unsubscribed.body, R"({"ok":true})");
  process.kill(SIGTERM);
  EXPECT_EQ(process.wait(), 0);
  app.stop(0);
}

TEST_F(ConfigLockProcessTest, TwoProcessesShareLockSqlite) {
  component("locks", "lock.sqlite", {{"connectionString", (dir_ / "locks.db").string()}});
  Process first, second;
  uint16_t first_port = start(first, "locker", {}, "first");
  ASSERT_NE(first_port, 0) << readFile(log("first"));
  uint16_t second_port = start(second, "locker", {}, "second");
  ASSERT_NE(second_port, 0) << readFile(log("second"));
  HttpClient a("127.0.0.1", first_port);
  HttpClient b("127.0.0.1", second_port);
  auto lock = [](HttpClient& client, const std::string& owner) {
    return client.request(
        "POST", "/v1.0-alpha1/lock/locks",
        R"({"resourceId":"orders","lockOwner":")" + owner + R"(","expiryInSeconds":60})");
  };
  auto unlock = [](HttpClient& client, const std::string& owner) {
    return client.request("POST", "/v1.0-alpha1/unlock/locks",
                          R"({"resourceId":"orders","lockOwner":")" + owner + R"("})");
  };
  EXPECT_EQ(lock(a, "a").body, R"({"success":true})");
  EXPECT_EQ(lock(b, "b").body, R"({"success":false})");
  EXPECT_EQ(unlock(b, "b").body, R"({"status":2})");
  EXPECT_EQ(unlock(a, "a").body, R"({"status":0})");
  EXPECT_EQ(lock(b, "b").body, R"({"success":true})");
  EXPECT_EQ(unlock(b, "b").body, R"({"status":0})");

  // Both processes hammered at once: never two holders.
  std::atomic<int> inside{0}, overlaps{0}, acquired{0}, errors{0};
  auto hammer = [&](uint16_t port, std::string owner) {
    HttpClient client("127.0.0.1", port);
    for (int i = 0; i < 100; ++i) {
      HttpResult locked = lock(client, owner);
      if (locked.status != 200) {
        ++errors;
        continue;
      }
      if (locked.body != R"({"success":true})") continue;
      ++acquired;
      if (inside.fetch_add(1) != 0) ++overlaps;
      inside.fetch_sub(1);
      if (unlock(client, owner).body != R"({"status":0})") ++errors;
    }
  };
  std::thread t1(hammer, first_port, "first-owner");
  std::thread t2(hammer, second_port, "second-owner");
  t1.join();
  t2.join();
  EXPECT_EQ(overlaps.load(), 0);
  EXPECT_EQ(errors.load(), 0);
  EXPECT_GT(acquired.load(), 0);
  first.kill(SIGTERM);
  second.kill(SIGTERM);
  EXPECT_EQ(first.wait(), 0);
  EXPECT_EQ(second.wait(), 0);
}

}  // namespace
}  // namespace lichen::testing
