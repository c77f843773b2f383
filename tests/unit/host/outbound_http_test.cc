// Outbound HTTP for guests: the allow-list's forms (scheme, host, *.domain, port, *), matched on
// the URL as written; and the client against a local server that answers as scripted: headers
// both ways, redirects handed back, a body over the limit, a server that never answers (the
// deadline), https to a server that does not speak TLS.
#include "host/outbound_http.h"

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <thread>

namespace lichen::host {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

AllowedHosts allow(std::vector<std::string> entries) {
  auto parsed = AllowedHosts::parse(entries);
  EXPECT_TRUE(parsed) << parsed.error();
  return parsed ? *parsed : AllowedHosts{};
}

TEST(AllowedHosts, NothingUnlessListed) {
  AllowedHosts none = allow({});
  EXPECT_TRUE(none.empty());
  EXPECT_FALSE(none.allows("http", "127.0.0.1", 80));
}

TEST(AllowedHosts, SchemeHostAndPortMustAllMatch) {
  AllowedHosts hosts = allow({"https://api.example.com, http://127.0.0.1:8080"});
  EXPECT_TRUE(hosts.allows("https", "api.example.com", 443));
  EXPECT_FALSE(hosts.allows("http", "api.example.com", 80));     // another scheme
  EXPECT_FALSE(hosts.allows("https", "api.example.com", 8443));  // not the default port
  EXPECT_FALSE(hosts.allows("https", "evil.api.example.com", 443));
  EXPECT_FALSE(hosts.allows("https", "api.example.com.evil", 443));
  EXPECT_TRUE(hosts.allows("http", "127.0.0.1", 8080));
  EXPECT_FALSE(hosts.allows("http", "127.0.0.1", 8081));
}

TEST(AllowedHosts, WildcardsForHostSubdomainsPortAndScheme) {
  AllowedHosts hosts = allow({"https://*.example.com", "http://127.0.0.1:*", "*://*:9000"});
  EXPECT_TRUE(hosts.allows("https", "a.example.com", 443));
  EXPECT_TRUE(hosts.allows("https", "a.b.example.com", 443));
  EXPECT_FALSE(hosts.allows("https", "example.com", 443));  // *. needs a subdomain
  EXPECT_FALSE(hosts.allows("https", "badexample.com", 443));
  EXPECT_TRUE(hosts.allows("http", "127.0.0.1", 1));
  EXPECT_TRUE(hosts.allows("https", "anything", 9000));
  EXPECT_TRUE(hosts.allows("http", "anything", 9000));
}

TEST(AllowedHosts, BadEntriesAreNamed) {
  for (std::string bad :
       {"example.com", "ftp://example.com", "http://example.com/path", "http://example.com:0",
        "http://example.com:99999", "http://exa mple.com", "http://[::1"}) {
    auto parsed = AllowedHosts::parse({bad});
    ASSERT_FALSE(parsed) << bad;
    EXPECT_NE(parsed.error().find(bad), std::string::npos) << parsed.error();
  }
  EXPECT_TRUE(AllowedHosts::parse({"http://[::1]:8080"}));
}

// Accepts one connection per script entry and answers with it (after reading the request
// head); an empty answer means: read, then never answer.
class ScriptedServer {
 public:
  explicit ScriptedServer(std::vector<std::string> answers)
      : acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    thread_ = std::thread([this, answers = std::move(answers)] {
      for (const std::string& answer : answers) {
        boost::system::error_code ec;
        tcp::socket socket(ioc_);
        acceptor_.accept(socket, ec);
        if (ec) return;
        asio::streambuf head;
        asio::read_until(socket, head, "\r\n\r\n", ec);
        std::string text((std::istreambuf_iterator<char>(&head)), {});
        requests_.push_back(text);
        if (answer.empty()) {
          char byte;
          socket.read_some(asio::buffer(&byte, 1), ec);  // until the client gives up
          continue;
        }
        asio::write(socket, asio::buffer(answer), ec);
      }
    });
  }
  ~ScriptedServer() { finish(); }
  // Stops accepting; returns the request heads the server read.
  const std::vector<std::string>& finish() {
    if (thread_.joinable()) {
      boost::system::error_code ec;
      acceptor_.close(ec);
      thread_.join();
    }
    return requests_;
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port()) + path;
  }

 private:
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::vector<std::string> requests_;
  std::thread thread_;
};

const OutboundHttp kLocal(*AllowedHosts::parse({"http://127.0.0.1:*", "https://127.0.0.1:*"}),
                          1024);

Clock::time_point soon() { return Clock::now() + std::chrono::seconds(10); }

TEST(OutboundHttp, SendsHeadersAndReadsTheAnswer) {
  ScriptedServer server(
      {"HTTP/1.1 201 Created\r\nX-Answer: yes\r\nContent-Length: 5\r\n\r\nhello"});
  auto response =
      kLocal.send({"POST", server.url("/path?q=1"), {{"X-Custom", "1"}}, "body"}, soon());
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, "hello");
  bool answered = false;
  for (const auto& [name, value] : response->headers)
    answered |= name == "X-Answer" && value == "yes";
  EXPECT_TRUE(answered);
}

TEST(OutboundHttp, TheRequestCarriesTheGuestsHeadersAndTheHostsFraming) {
  ScriptedServer server({"HTTP/1.1 204 No Content\r\n\r\n"});
  auto response = kLocal.send({"PUT", server.url("/x?y=1"), {{"X-Custom", "1"}}, "data"}, soon());
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 204);
  const std::string port = std::to_string(server.port());
  const auto& requests = server.finish();
  ASSERT_EQ(requests.size(), 1u);
  const std::string& head = requests[0];
  EXPECT_EQ(head.rfind("PUT /x?y=1 HTTP/1.1\r\n", 0), 0u) << head;
  EXPECT_NE(head.find("Host: 127.0.0.1:" + port + "\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("X-Custom: 1\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("Content-Length: 4\r\n"), std::string::npos) << head;
}

TEST(OutboundHttp, RedirectsComeBackToTheGuest) {
  ScriptedServer server(
      {"HTTP/1.1 302 Found\r\nLocation: http://elsewhere/\r\nContent-Length: 0\r\n\r\n"});
  auto response = kLocal.send({"GET", server.url("/"), {}, ""}, soon());
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 302);
}

TEST(OutboundHttp, ABodyOverTheLimitIsRefused) {
  std::string big(2048, 'x');
  ScriptedServer server({"HTTP/1.1 200 OK\r\nContent-Length: 2048\r\n\r\n" + big});
  auto response = kLocal.send({"GET", server.url("/"), {}, ""}, soon());
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, OutboundError::kTooLarge) << response.error().message;
}

TEST(OutboundHttp, AServerThatNeverAnswersEndsAtTheDeadline) {
  ScriptedServer server({""});
  auto started = Clock::now();
  auto response = kLocal.send({"GET", server.url("/"), {}, ""}, Clock::now() + milliseconds(300));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, OutboundError::kFailed);
  EXPECT_NE(response.error().message.find("deadline"), std::string::npos)
      << response.error().message;
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(5));  // not hung (generous bound)
}

TEST(OutboundHttp, HttpsToAServerWithoutTlsFails) {
  ScriptedServer server({"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"});
  auto response = kLocal.send(
      {"GET", "https://127.0.0.1:" + std::to_string(server.port()) + "/", {}, ""},
      Clock::now() + std::chrono::seconds(2));  // the server waits for a head TLS never sends
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, OutboundError::kFailed) << response.error().message;
}

TEST(OutboundHttp, TheListAndTheRequestAreCheckedBeforeAnyConnection) {
  auto denied = kLocal.send({"GET", "http://localhost:1/", {}, ""}, soon());
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().kind, OutboundError::kNotAllowed);
  for (const OutboundRequest& bad : std::vector<OutboundRequest>{
           {"GET", "not a url", {}, ""},
           {"GET", "ftp://127.0.0.1/", {}, ""},
           {"GET", "http://user:pw@127.0.0.1/", {}, ""},
           {"GET", "http://127.0.0.%31:1/", {}, ""},  // one host to the check, another to DNS
           {"GE T", "http://127.0.0.1:1/", {}, ""},
           {"GET", "http://127.0.0.1:1/", {{"Host", "elsewhere"}}, ""},
           {"GET", "http://127.0.0.1:1/", {{"Transfer-Encoding", "chunked"}}, ""},
           {"GET", "http://127.0.0.1:1/", {{"X-Bad", "a\r\nInjected: 1"}}, ""},
       }) {
    auto response = kLocal.send(bad, soon());
    ASSERT_FALSE(response) << bad.url;
    EXPECT_EQ(response.error().kind, OutboundError::kInvalid) << response.error().message;
  }
}

}  // namespace
}  // namespace lichen::host
