#include "api/http/app_channel.h"

#include <sys/socket.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>

namespace lichen::http {

HttpAppChannel::HttpAppChannel(std::string address, uint16_t port, std::string app_api_token,
                               int timeout_ms, std::string token_header)
    : address_(std::move(address)),
      port_(port),
      token_(std::move(app_api_token)),
      timeout_ms_(timeout_ms),
      token_header_(std::move(token_header)) {}

StatusOr<component::AppResponse> HttpAppChannel::call(const std::string& method,
                                                      const std::string& path,
                                                      const std::string& body,
                                                      const std::string& content_type) {
  namespace asio = boost::asio;
  namespace bhttp = boost::beast::http;
  boost::system::error_code ec;
  asio::ip::address ip = asio::ip::make_address(address_, ec);
  if (ec) return fail(StatusCode::kInternal, "app channel: bad address " + address_);
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({ip, port_}, ec);
  if (ec) return fail(StatusCode::kInternal, "app channel: connect: " + ec.message());
  // Blocking I/O with kernel timeouts: a stuck app fails this call, not the sidecar.
  timeval timeout{timeout_ms_ / 1000, (timeout_ms_ % 1000) * 1000};
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
  bhttp::request<bhttp::string_body> request(bhttp::string_to_verb(method), path, 11);
  request.set(bhttp::field::host, address_ + ":" + std::to_string(port_));
  request.set(bhttp::field::user_agent, "lichen");
  if (!content_type.empty()) request.set(bhttp::field::content_type, content_type);
  if (!token_.empty()) request.set(token_header_, token_);
  request.keep_alive(false);
  request.body() = body;
  request.prepare_payload();
  bhttp::write(socket, request, ec);
  if (ec) return fail(StatusCode::kInternal, "app channel: write: " + ec.message());
  boost::beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64ull << 20);
  bhttp::read(socket, buffer, parser, ec);
  if (ec) return fail(StatusCode::kInternal, "app channel: read: " + ec.message());
  component::AppResponse response;
  response.status = static_cast<int>(parser.get().result_int());
  response.body = std::move(parser.get().body());
  response.content_type = std::string(parser.get()[bhttp::field::content_type]);
  return response;
}

bool appReachable(const std::string& address, uint16_t port, int timeout_ms) {
  namespace asio = boost::asio;
  boost::system::error_code ec;
  asio::ip::address ip = asio::ip::make_address(address, ec);
  if (ec) return false;
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  bool connected = false;
  socket.async_connect(
      asio::ip::tcp::endpoint(ip, port),
      [&connected](const boost::system::error_code& error) { connected = !error; });
  ioc.run_for(std::chrono::milliseconds(timeout_ms));
  return connected;
}

}  // namespace lichen::http
