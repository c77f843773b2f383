// The HTTP app channel over real sockets: headers both ways, one kept-alive connection for
// sequential calls, and a kept connection the app closed is replaced without failing the call.
#include "api/http/app_channel.h"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <thread>

#include "api/http/server.h"

namespace lichen::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

TEST(HttpAppChannelTest, PassesHeadersBothWaysOnOneKeptConnection) {
  std::vector<ApiRequest> seen;
  std::mutex mutex;
  ServerOptions options;
  options.port = 0;
  HttpServer app(options, [&](const ApiRequest& request) {
    std::lock_guard lock(mutex);
    seen.push_back(request);
    return ApiResponse{200,
                       "text/plain",
                       "ok",
                       {{"X-Answer", "42"}, {"Set-Cookie", "a=1"}, {"Set-Cookie", "b=2"}}};
  });
  auto port = app.start();
  ASSERT_TRUE(port);
  HttpAppChannel channel("127.0.0.1", *port, "app-token");
  component::AppRequest request;
  request.verb = "POST";
  request.path = "/orders?x=1";
  request.headers = {{"authorization", "Bearer t"},
                     {"x-custom", "v"},
                     {"content-type", "text/ignored"},
                     {"dapr-api-token", "forged"}};
  request.body = "{}";
  request.content_type = "application/json";
  for (int i = 0; i < 5; ++i) {
    auto response = channel.invoke(request);
    ASSERT_TRUE(response) << response.error().message();
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->content_type, "text/plain");
    std::vector<std::pair<std::string, std::string>> expected{
        {"X-Answer", "42"}, {"Set-Cookie", "a=1"}, {"Set-Cookie", "b=2"}};
    std::vector<std::pair<std::string, std::string>> own;
    for (const auto& header : response->headers) {
      if (header.first != "Server") own.push_back(header);
    }
    EXPECT_EQ(own, expected);
  }
  app.stop(0);
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_EQ(seen[0].header("authorization"), "Bearer t");
  EXPECT_EQ(seen[0].header("x-custom"), "v");
  EXPECT_EQ(seen[0].header("content-type"), "application/json");
  EXPECT_EQ(seen[0].header("dapr-api-token"), "app-token");  // ours, never the caller's
  for (const ApiRequest& each : seen) EXPECT_EQ(each.source_addr, seen[0].source_addr);
}

// Reads one request head (these requests have no body) from `socket`; false on EOF.
bool readRequestHead(tcp::socket& socket) {
  std::string head;
  char c;
  boost::system::error_code ec;
  while (head.find("\r\n\r\n") == std::string::npos) {
    if (asio::read(socket, asio::buffer(&c, 1), ec) != 1) return false;
    head += c;
  }
  return true;
}

void answer(tcp::socket& socket, const std::string& body) {
  std::string response =
      "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  asio::write(socket, asio::buffer(response));
}

TEST(HttpAppChannelTest, AKeptConnectionTheAppClosedIsReplaced) {
  asio::io_context ioc;
  tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), 0});
  uint16_t port = acceptor.local_endpoint().port();
  // Connection 1 answers once, then takes the next request and closes without a word (the
  // app's idle close crossing our request); connection 2 answers; connection 3 answers and
  // closes at once, so the kept connection is seen closed before use.
  std::thread app([&] {
    tcp::socket first = acceptor.accept();
    if (readRequestHead(first)) answer(first, "one");
    readRequestHead(first);
    first.close();
    tcp::socket second = acceptor.accept();
    if (readRequestHead(second)) answer(second, "two");
    second.shutdown(tcp::socket::shutdown_both);
    second.close();
    tcp::socket third = acceptor.accept();
    if (readRequestHead(third)) answer(third, "three");
  });
  HttpAppChannel channel("127.0.0.1", port, "", 20000);
  auto one = channel.call("GET", "/a", "", "");
  ASSERT_TRUE(one) << one.error().message();
  EXPECT_EQ(one->body, "one");
  auto two = channel.call("GET", "/b", "", "");
  ASSERT_TRUE(two) << two.error().message();
  EXPECT_EQ(two->body, "two");
  // Give the close of connection 2 a moment to arrive, then call again.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto three = channel.call("GET", "/c", "", "");
  ASSERT_TRUE(three) << three.error().message();
  EXPECT_EQ(three->body, "three");
  app.join();
}

TEST(HttpAppChannelTest, AnAppThatIsGoneIsAnError) {
  uint16_t port;
  {
    asio::io_context ioc;
    tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), 0});
    port = acceptor.local_endpoint().port();
  }
  HttpAppChannel channel("127.0.0.1", port, "");
  auto response = channel.call("GET", "/", "", "");
  ASSERT_FALSE(response);
  EXPECT_NE(response.error().message().find("connect"), std::string::npos);
}

}  // namespace
}  // namespace lichen::http
