#include "api/http/app_channel.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <mutex>
#include <vector>

namespace lichen::http {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr size_t kMaxIdleConnections = 128;
constexpr uint64_t kMaxResponseBytes = 64ull << 20;

// A kept connection is usable when nothing is waiting to be read: a closed one reads EOF, and
// bytes nobody asked for mean the app broke the protocol.
bool idleAndOpen(tcp::socket& socket) {
  pollfd poll_fd{socket.native_handle(), POLLIN, 0};
  return ::poll(&poll_fd, 1, 0) == 0;
}

// The errors of a connection the app closed while it sat idle (as opposed to a slow app).
bool closedByPeer(const boost::system::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe;
}

// Headers that describe this hop's framing, not the app's answer.
bool framingHeader(const boost::beast::string_view name) {
  return boost::beast::iequals(name, "content-type") ||
         boost::beast::iequals(name, "content-length") ||
         boost::beast::iequals(name, "transfer-encoding") ||
         boost::beast::iequals(name, "connection") || boost::beast::iequals(name, "keep-alive");
}

}  // namespace

struct HttpAppChannel::Pool {
  asio::io_context ioc;  // sockets' home; only synchronous calls, never run
  mutable std::mutex mutex;
  std::vector<std::unique_ptr<tcp::socket>> idle;

  std::unique_ptr<tcp::socket> takeIdle() {
    std::lock_guard lock(mutex);
    while (!idle.empty()) {
      std::unique_ptr<tcp::socket> socket = std::move(idle.back());
      idle.pop_back();
      if (idleAndOpen(*socket)) return socket;
    }
    return nullptr;
  }

  void giveBack(std::unique_ptr<tcp::socket> socket) {
    std::lock_guard lock(mutex);
    if (idle.size() < kMaxIdleConnections) idle.push_back(std::move(socket));
  }
};

HttpAppChannel::HttpAppChannel(std::string address, uint16_t port, std::string app_api_token,
                               int timeout_ms, std::string token_header)
    : address_(std::move(address)),
      port_(port),
      token_(std::move(app_api_token)),
      timeout_ms_(timeout_ms),
      token_header_(std::move(token_header)),
      pool_(std::make_unique<Pool>()) {}

HttpAppChannel::~HttpAppChannel() = default;

size_t HttpAppChannel::idleConnections() const {
  std::lock_guard lock(pool_->mutex);
  return pool_->idle.size();
}

StatusOr<component::AppResponse> HttpAppChannel::call(const std::string& method,
                                                      const std::string& path,
                                                      const std::string& body,
                                                      const std::string& content_type) {
  return send(method, path, {}, body, content_type);
}

StatusOr<component::AppResponse> HttpAppChannel::invoke(const component::AppRequest& request) {
  return send(request.verb, request.path, request.headers, request.body, request.content_type);
}

StatusOr<component::AppResponse> HttpAppChannel::send(
    const std::string& method, const std::string& target,
    const std::map<std::string, std::string>& headers, const std::string& body,
    const std::string& content_type) {
  boost::system::error_code ec;
  asio::ip::address ip = asio::ip::make_address(address_, ec);
  if (ec) return fail(StatusCode::kInternal, "app channel: bad address " + address_);
  bhttp::request<bhttp::string_body> request(bhttp::string_to_verb(method), target, 11);
  for (const auto& [name, value] : headers) {
    if (name != "content-type" && name != token_header_) request.set(name, value);
  }
  request.set(bhttp::field::host, address_ + ":" + std::to_string(port_));
  if (headers.find("user-agent") == headers.end()) request.set(bhttp::field::user_agent, "lichen");
  if (!content_type.empty()) request.set(bhttp::field::content_type, content_type);
  if (!token_.empty()) request.set(token_header_, token_);
  request.keep_alive(true);
  request.body() = body;
  request.prepare_payload();

  for (int attempt = 0;; ++attempt) {
    std::unique_ptr<tcp::socket> socket = attempt == 0 ? pool_->takeIdle() : nullptr;
    bool reused = socket != nullptr;
    if (!socket) {
      socket = std::make_unique<tcp::socket>(pool_->ioc);
      socket->connect({ip, port_}, ec);
      if (ec) return fail(StatusCode::kInternal, "app channel: connect: " + ec.message());
      // Blocking I/O with kernel timeouts: a stuck app fails this call, not the sidecar.
      timeval timeout{timeout_ms_ / 1000, (timeout_ms_ % 1000) * 1000};
      ::setsockopt(socket->native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
      ::setsockopt(socket->native_handle(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
      int one = 1;
      ::setsockopt(socket->native_handle(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    bhttp::write(*socket, request, ec);
    if (ec && reused && closedByPeer(ec)) continue;
    if (ec) return fail(StatusCode::kInternal, "app channel: write: " + ec.message());
    boost::beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(kMaxResponseBytes);
    bhttp::read(*socket, buffer, parser, ec);
    if (ec && reused && closedByPeer(ec) && !parser.got_some()) continue;
    if (ec) return fail(StatusCode::kInternal, "app channel: read: " + ec.message());
    component::AppResponse response;
    auto& message = parser.get();
    response.status = static_cast<int>(message.result_int());
    response.content_type = std::string(message[bhttp::field::content_type]);
    for (const auto& field : message) {
      if (!framingHeader(field.name_string()))
        response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    bool keep = message.keep_alive();
    response.body = std::move(message.body());
    if (keep) pool_->giveBack(std::move(socket));
    return response;
  }
}

bool appReachable(const std::string& address, uint16_t port, int timeout_ms) {
  boost::system::error_code ec;
  asio::ip::address ip = asio::ip::make_address(address, ec);
  if (ec) return false;
  asio::io_context ioc;
  tcp::socket socket(ioc);
  bool connected = false;
  socket.async_connect(
      tcp::endpoint(ip, port),
      [&connected](const boost::system::error_code& error) { connected = !error; });
  ioc.run_for(std::chrono::milliseconds(timeout_ms));
  return connected;
}

}  // namespace lichen::http
