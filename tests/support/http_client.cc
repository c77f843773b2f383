#include "support/http_client.h"

#include <sys/socket.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <sstream>

namespace lichen::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

struct HttpClient::Impl {
  asio::io_context ioc;
  std::optional<tcp::socket> socket;
  beast::flat_buffer buffer;
};

HttpClient::HttpClient(std::string host, uint16_t port)
    : impl_(std::make_unique<Impl>()), host_(std::move(host)), port_(port) {}

HttpClient::~HttpClient() { disconnect(); }

bool HttpClient::connected() const { return impl_->socket && impl_->socket->is_open(); }

void HttpClient::disconnect() {
  if (!impl_->socket) return;
  beast::error_code ignored;
  impl_->socket->shutdown(tcp::socket::shutdown_both, ignored);
  impl_->socket->close(ignored);
  impl_->socket.reset();
  impl_->buffer.clear();
}

namespace {

HttpResult readResponse(tcp::socket& socket, beast::flat_buffer& buffer) {
  HttpResult result;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 << 20);
  beast::error_code ec;
  bhttp::read(socket, buffer, parser, ec);
  if (ec) {
    result.error = ec.message();
    return result;
  }
  const auto& message = parser.get();
  result.status = static_cast<int>(message.result_int());
  result.body = message.body();
  result.keep_alive = message.keep_alive();
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // A repeated header (Set-Cookie) is kept as one comma-joined value.
    auto [it, inserted] = result.headers.emplace(name, std::string(field.value()));
    if (!inserted) it->second += ", " + std::string(field.value());
  }
  return result;
}

}  // namespace

HttpResult HttpClient::raw(const std::string& bytes) {
  if (!connected()) {
    beast::error_code ec;
    impl_->socket.emplace(impl_->ioc);
    impl_->socket->connect(tcp::endpoint(asio::ip::make_address(host_), port_), ec);
    if (ec) {
      impl_->socket.reset();
      return HttpResult{0, "", {}, false, "connect: " + ec.message()};
    }
    ++connections_;
    // Never hang a test on a silent server: reads give up after 30 s.
    timeval timeout{30, 0};
    ::setsockopt(impl_->socket->native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout,
                 sizeof(timeout));
  }
  beast::error_code ec;
  asio::write(*impl_->socket, asio::buffer(bytes), ec);
  if (ec) {
    disconnect();
    return HttpResult{0, "", {}, false, "write: " + ec.message()};
  }
  HttpResult result = readResponse(*impl_->socket, impl_->buffer);
  if (result.status == 0 || !result.keep_alive) disconnect();
  return result;
}

HttpResult HttpClient::request(const std::string& method, const std::string& target,
                               const std::string& body,
                               const std::map<std::string, std::string>& headers) {
  bhttp::request<bhttp::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(bhttp::field::host, host_ + ":" + std::to_string(port_));
  req.keep_alive(true);
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  std::ostringstream out;
  out << req;
  HttpResult result = raw(out.str());
  if (result.status == 0 && connections_ > 0 && result.error.find("connect") == std::string::npos) {
    // A kept-alive connection the server closed meanwhile: retry once on a new one.
    return raw(out.str());
  }
  return result;
}

uint16_t pickFreePort() {
  asio::io_context ioc;
  tcp::acceptor acceptor(ioc);
  beast::error_code ec;
  acceptor.open(tcp::v4(), ec);
  acceptor.bind(tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0), ec);
  if (ec) return 0;
  return acceptor.local_endpoint().port();
}

}  // namespace lichen::testing
