// The Beast server on a real socket (127.0.0.1, port 0): keep-alive, the body limit, malformed
// requests answered 400 without harming the server.
#include "api/http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "api/http/responses.h"
#include "support/http_client.h"

namespace lichen::http {
namespace {

using lichen::testing::HttpClient;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.port = 0;
    options.max_body_bytes = 1024;
    options.threads = 2;
    server_ = std::make_unique<HttpServer>(options, [](const ApiRequest& request) {
      std::string echo = request.method;
      for (const auto& s : request.segments) echo += "/" + s;
      for (const auto& [k, v] : request.query) echo += " " + k + "=" + v;
      echo += " body=" + std::to_string(request.body.size());
      return plainResponse(200, echo);
    });
    auto port = server_->start();
    ASSERT_TRUE(port) << port.error().message();
    port_ = *port;
  }
  std::unique_ptr<HttpServer> server_;
  uint16_t port_ = 0;
};

TEST_F(ServerTest, DecodesTargetAndKeepsConnectionAlive) {
  HttpClient client("127.0.0.1", port_);
  auto first = client.request("GET", "/v1.0/state/s/a%2Fb?metadata.x=1+2&y=%41");
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, "GET/v1.0/state/s/a/b metadata.x=1 2 y=A body=0");
  EXPECT_TRUE(first.keep_alive);
  auto second = client.request("POST", "/v1.0/x/", "hello");
  EXPECT_EQ(second.body, "POST/v1.0/x body=5");
  EXPECT_EQ(client.connections(), 1);
}

TEST_F(ServerTest, BodyOverLimitIs413AndServerStillServes) {
  HttpClient client("127.0.0.1", port_);
  auto big = client.request("POST", "/v1.0/state/s", std::string(2048, 'x'));
  EXPECT_EQ(big.status, 413);
  HttpClient next("127.0.0.1", port_);
  EXPECT_EQ(next.request("POST", "/v1.0/state/s", std::string(1024, 'x')).status, 200);
}

TEST_F(ServerTest, MalformedRequestsAre400) {
  for (const std::string& garbage :
       {std::string("NOT-HTTP\r\n\r\n"), std::string("GET / HTTP/9.9\r\n\r\n"),
        std::string("GET /v1.0/metadata HTTP/1.1\r\nBad Header\r\n\r\n"),
        std::string("POST /x HTTP/1.1\r\nContent-Length: abc\r\n\r\n")}) {
    HttpClient client("127.0.0.1", port_);
    auto result = client.raw(garbage);
    EXPECT_EQ(result.status, 400) << garbage << " -> " << result.error;
  }
  HttpClient client("127.0.0.1", port_);
  EXPECT_EQ(client.request("GET", "/ok").status, 200);
}

TEST_F(ServerTest, ExpectContinueGetsAGoAheadOrA413) {
  HttpClient client("127.0.0.1", port_);
  // The interim 100 response comes first; the client then sends the body.
  auto go_ahead = client.raw(
      "POST /v1.0/x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
      "Expect: 100-continue\r\n\r\n");
  EXPECT_EQ(go_ahead.status, 100);
  auto done = client.raw("hello");
  EXPECT_EQ(done.status, 200);
  EXPECT_EQ(done.body, "POST/v1.0/x body=5");

  HttpClient big("127.0.0.1", port_);
  auto refused = big.raw(
      "POST /v1.0/x HTTP/1.1\r\nHost: a\r\nContent-Length: 999999\r\n"
      "Expect: 100-continue\r\n\r\n");
  EXPECT_EQ(refused.status, 413);
}

TEST_F(ServerTest, ConcurrentClientsAreServedIndependently) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      HttpClient client("127.0.0.1", port_);
      for (int i = 0; i < 50; ++i) {
        auto result = client.request("POST", "/t" + std::to_string(t), std::string(i, 'x'));
        if (result.status == 200 &&
            result.body == "POST/t" + std::to_string(t) + " body=" + std::to_string(i)) {
          ok.fetch_add(1);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 8 * 50);
}

TEST(ServerBlockingTest, BlockedHandlersDoNotStallOtherRequests) {
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::atomic<int> blocked{0};
  ServerOptions options;
  options.port = 0;
  options.threads = 2;
  HttpServer server(options, [&](const ApiRequest& request) {
    if (request.segments.size() == 1 && request.segments[0] == "slow") {
      blocked.fetch_add(1);
      gate.wait_for(std::chrono::seconds(30));  // released by the test; never held forever
    }
    return plainResponse(200, "done");
  });
  auto port = server.start();
  ASSERT_TRUE(port);
  // More blocked handlers than I/O threads.
  std::vector<std::thread> slow;
  for (int i = 0; i < 4; ++i) {
    slow.emplace_back([&] {
      HttpClient client("127.0.0.1", *port);
      EXPECT_EQ(client.request("GET", "/slow").status, 200);
    });
  }
  // Handlers on the I/O threads would let at most two block; give up after 30 s, not hang.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (blocked.load() < 4 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  bool all_blocked = blocked.load() == 4;
  if (all_blocked) {
    HttpClient fast("127.0.0.1", *port);
    EXPECT_EQ(fast.request("GET", "/fast").body, "done");
  }
  release.set_value();
  for (auto& thread : slow) thread.join();
  EXPECT_TRUE(all_blocked) << blocked.load() << " handlers were running";
}

TEST(ServerBlockingTest, NeverBlockingRequestsRunOnTheIoThread) {
  // One I/O thread and one worker, held by a slow request: a request the check admits is
  // still answered (on the I/O thread), and the slow one is not on that thread.
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::atomic<int> blocked{0};
  std::mutex mutex;
  std::thread::id slow_thread;
  std::thread::id quick_thread;
  ServerOptions options;
  options.port = 0;
  options.threads = 1;
  options.worker_threads = 1;
  options.max_worker_threads = 1;
  HttpServer server(
      options,
      [&](const ApiRequest& request) {
        bool is_slow = request.segments.at(0) == "slow";
        {
          std::lock_guard lock(mutex);
          (is_slow ? slow_thread : quick_thread) = std::this_thread::get_id();
        }
        if (is_slow) {
          blocked.fetch_add(1);
          gate.wait_for(std::chrono::seconds(30));  // released by the test; never held forever
        }
        return plainResponse(200, request.segments.at(0));
      },
      [](const ApiRequest& request) { return request.segments.at(0) == "quick"; });
  auto port = server.start();
  ASSERT_TRUE(port);
  std::thread slow([&] {
    HttpClient client("127.0.0.1", *port);
    EXPECT_EQ(client.request("GET", "/slow").body, "slow");
  });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (blocked.load() < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(blocked.load(), 1);
  auto quick = std::async(std::launch::async, [&] {
    HttpClient client("127.0.0.1", *port);
    return client.request("GET", "/quick").body;
  });
  bool answered = quick.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
  release.set_value();
  slow.join();
  ASSERT_TRUE(answered) << "the quick request waited for the held worker";
  EXPECT_EQ(quick.get(), "quick");
  std::lock_guard lock(mutex);
  EXPECT_NE(slow_thread, quick_thread);
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  HttpClient client("127.0.0.1", port_);
  auto result = client.request("GET", "/a", "", {{"Connection", "close"}});
  EXPECT_EQ(result.status, 200);
  EXPECT_FALSE(result.keep_alive);
}

TEST_F(ServerTest, StopIsIdempotent) {
  server_->stop(100);
  server_->stop(100);
  HttpClient client("127.0.0.1", port_);
  EXPECT_EQ(client.request("GET", "/a").status, 0);
}

// --dapr-listen-addresses: every address on one port; one that cannot be bound (192.0.2.1 is
// no address of this machine) is skipped while another listens; none bound is an error.
TEST(ServerAddressesTest, SeveralAddressesShareOnePortAndUnbindableOnesAreSkipped) {
  ServerOptions options;
  options.port = 0;
  options.address = "192.0.2.1";
  options.more_addresses = {"127.0.0.1", "::1"};
  HttpServer server(options, [](const ApiRequest&) { return plainResponse(200, "ok"); });
  auto port = server.start();
  ASSERT_TRUE(port) << port.error().message();
  EXPECT_EQ(server.boundAddresses(), (std::vector<std::string>{"127.0.0.1", "::1"}));
  for (const char* address : {"127.0.0.1", "::1"}) {
    HttpClient client(address, *port);
    EXPECT_EQ(client.request("GET", "/").body, "ok") << address;
  }

  ServerOptions nowhere;
  nowhere.port = 0;
  nowhere.address = "192.0.2.1";
  nowhere.more_addresses = {"not-an-address"};
  HttpServer unbound(nowhere, [](const ApiRequest&) { return plainResponse(200, "ok"); });
  auto failed = unbound.start();
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message().find("192.0.2.1"), std::string::npos)
      << failed.error().message();
}

}  // namespace
}  // namespace lichen::http
