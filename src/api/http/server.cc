#include "api/http/server.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <cctype>
#include <chrono>
#include <deque>
#include <future>
#include <optional>

#include "api/http/responses.h"
#include "api/http/worker_pool.h"

namespace lichen::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

struct HttpServer::Impl {
  ServerOptions options;
  RequestHandler handler;
  NeverBlocksCheck never_blocks;
  asio::io_context ioc;
  std::deque<tcp::acceptor> acceptors;  // a deque: accept loops hold references
  std::vector<std::string> bound_addresses;
  std::vector<std::thread> threads;
  // Handlers may block (SQLite, calls into the app): they run here, not on the I/O threads.
  std::optional<WorkerPool> workers;
  std::atomic<int> in_flight{0};
  std::atomic<bool> stopped{false};

  void accept(tcp::acceptor& acceptor);
  // Opens, binds and listens; the error names the address.
  // `v6_only`: with several addresses, "::" must not take IPv4 too (0.0.0.0 may follow).
  Expected<void, Status> listen(const std::string& address_text, uint16_t port, bool v6_only);
};

namespace {

ApiResponse callHandler(const RequestHandler& handler, const ApiRequest& request) {
  // The boundary: nothing thrown below (allocation failure, a library's throw) crosses it.
  try {
    return handler(request);
  } catch (const std::exception& e) {
    return errorResponse(Status(StatusCode::kInternal, e.what()));
  }
}

bool neverBlocks(const NeverBlocksCheck& check, const ApiRequest& request) {
  if (!check) return false;
  try {
    return check(request);
  } catch (const std::exception&) {
    return false;  // the worker's handler will meet the same trouble and answer it
  }
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Impl& server)
      : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    // Answers go out in one write each; Nagle would only hold back the next one.
    stream_.socket().set_option(tcp::no_delay(true), ec);
    // The peer, once per connection rather than a getpeername() per request.
    tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
    if (!ec) {
      std::string host = peer.address().to_string();
      if (peer.address().is_v6()) host = "[" + host + "]";
      peer_ = host + ":" + std::to_string(peer.port());
    }
  }

  void read() {
    parser_.emplace();
    parser_->body_limit(server_.options.max_body_bytes);
    parser_->header_limit(server_.options.max_header_bytes);
    stream_.expires_after(std::chrono::seconds(server_.options.idle_timeout_seconds));
    // Header first: a client sending "Expect: 100-continue" (curl does, for large bodies)
    // waits for our go-ahead, and an oversized Content-Length is refused before the body.
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::onHeader, shared_from_this()));
  }

 private:
  void onHeader(beast::error_code ec, size_t bytes) {
    if (ec) return onRead(ec, bytes);
    auto expect = parser_->get()[bhttp::field::expect];
    if (!beast::iequals(expect, "100-continue")) return readBody();
    auto go_ahead =
        std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, 11);
    bhttp::async_write(stream_, *go_ahead,
                       [self = shared_from_this(), go_ahead](beast::error_code write_ec, size_t) {
                         if (write_ec) return self->close();
                         self->readBody();
                       });
  }

  void readBody() {
    // A request without a body is complete with its header: no read (and no post) for it.
    if (parser_->is_done()) return onRead({}, 0);
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::onRead, shared_from_this()));
  }

  void onRead(beast::error_code ec, size_t) {
    if (ec == bhttp::error::body_limit) {
      ApiResponse response =
          errorResponse(Status(StatusCode::kBodyTooLarge, "http: request body too large"));
      return write(std::move(response), false, true);
    }
    if (ec && ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
        ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
      return write(plainResponse(400, "400 Bad Request"), false, true);
    }
    if (ec) return close();
    ApiRequest request;
    const auto& message = parser_->get();
    request.method = std::string(message.method_string());
    auto parsed =
        parseTarget(std::string_view(message.target().data(), message.target().size()), request);
    if (!parsed)
      return write(plainResponse(400, "400 Bad Request: malformed request target"), false, true);
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      // A repeated header is one list, comma-separated (RFC 9110 §5.3).
      auto [it, inserted] = request.headers.emplace(name, std::string(field.value()));
      if (!inserted) it->second += ", " + std::string(field.value());
      request.header_lines.emplace_back(std::move(name), std::string(field.value()));
    }
    request.body = std::move(parser_->get().body());
    request.version = message.version();
    request.source_addr = peer_;
    bool keep_alive = message.keep_alive();
    bool head = message.method() == bhttp::verb::head;
    server_.in_flight.fetch_add(1);
    if (neverBlocks(server_.never_blocks, request)) {
      // Already on the connection's strand: answer here, with no thread hand-off.
      return write(callHandler(server_.handler, request), keep_alive, false, true, head);
    }
    server_.workers->post(
        [self = shared_from_this(), request = std::move(request), keep_alive, head]() mutable {
          ApiResponse response = callHandler(self->server_.handler, request);
          // Back on the connection's strand to write.
          asio::post(self->stream_.get_executor(),
                     [self, response = std::move(response), keep_alive, head]() mutable {
                       self->write(std::move(response), keep_alive, false, true, head);
                     });
        });
  }

  // `head`: the answer to a HEAD request, which carries the Content-Length but no body.
  void write(ApiResponse api, bool keep_alive, bool close_after, bool counted = false,
             bool head = false) {
    auto response = std::make_shared<bhttp::response<bhttp::string_body>>();
    response->version(11);
    response->result(api.status);
    response->set(bhttp::field::server, "lichen");
    if (!api.content_type.empty()) response->set(bhttp::field::content_type, api.content_type);
    // insert, not set: a header the handler gives twice (Set-Cookie) goes out twice. An app's
    // own Server header replaces ours.
    for (const auto& [name, value] : api.headers) {
      if (beast::iequals(name, "server")) {
        response->set(bhttp::field::server, value);
      } else {
        response->insert(name, value);
      }
    }
    response->keep_alive(keep_alive && !close_after);
    if (head) {
      response->content_length(api.body.size());
    } else {
      response->body() = std::move(api.body);
      response->prepare_payload();
    }
    bhttp::async_write(
        stream_, *response,
        [self = shared_from_this(), response, counted](beast::error_code ec, size_t) {
          if (counted) self->server_.in_flight.fetch_sub(1);
          if (ec || !response->keep_alive()) return self->close();
          self->read();
        });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  HttpServer::Impl& server_;
  std::string peer_;  // "1.2.3.4:5678", "[::1]:5678"; empty when unknown
};

}  // namespace

void HttpServer::Impl::accept(tcp::acceptor& acceptor) {
  acceptor.async_accept(asio::make_strand(ioc),
                        [this, &acceptor](beast::error_code ec, tcp::socket socket) {
                          if (stopped.load() || !acceptor.is_open()) return;
                          if (!ec) std::make_shared<Session>(std::move(socket), *this)->read();
                          accept(acceptor);
                        });
}

Expected<void, Status> HttpServer::Impl::listen(const std::string& address_text, uint16_t port,
                                                bool v6_only) {
  beast::error_code ec;
  asio::ip::address address = asio::ip::make_address(address_text, ec);
  if (ec) return fail(StatusCode::kInvalidConfig, "invalid listen address " + address_text);
  tcp::endpoint endpoint(address, port);
  tcp::acceptor acceptor(ioc);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec && v6_only && address.is_v6()) acceptor.set_option(asio::ip::v6_only(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return fail(StatusCode::kInternal, "cannot listen on " + address_text + ":" +
                                           std::to_string(port) + ": " + ec.message());
  }
  acceptors.push_back(std::move(acceptor));
  bound_addresses.push_back(address_text);
  return {};
}

HttpServer::HttpServer(ServerOptions options, RequestHandler handler, NeverBlocksCheck never_blocks)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
  impl_->never_blocks = std::move(never_blocks);
}

HttpServer::~HttpServer() {
  // A destructor must not throw; stop() only could on resource exhaustion (threads, promise).
  try {
    stop(0);
  } catch (...) {
  }
}

StatusOr<uint16_t> HttpServer::start() {
  std::vector<std::string> addresses{impl_->options.address};
  addresses.insert(addresses.end(), impl_->options.more_addresses.begin(),
                   impl_->options.more_addresses.end());
  uint16_t port = impl_->options.port;
  std::optional<Status> first_error;
  for (const std::string& address : addresses) {
    auto listening = impl_->listen(address, port, addresses.size() > 1);
    if (!listening) {
      if (!first_error) first_error = listening.error();
      continue;
    }
    // Port 0: the first address picks the port and the others share it.
    port = impl_->acceptors.back().local_endpoint().port();
  }
  if (impl_->acceptors.empty()) return Unexpected(*first_error);
  impl_->workers.emplace(impl_->options.worker_threads, impl_->options.max_worker_threads);
  for (tcp::acceptor& acceptor : impl_->acceptors) impl_->accept(acceptor);
  for (unsigned i = 0; i < std::max(1u, impl_->options.threads); ++i) {
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  }
  return port;
}

void HttpServer::stop(int64_t drain_ms) {
  if (impl_->stopped.exchange(true)) return;
  // Close the acceptor on an io thread (Asio objects are not thread-safe) and wait for it.
  std::promise<void> closed;
  asio::post(impl_->ioc, [this, &closed] {
    beast::error_code ignored;
    for (tcp::acceptor& acceptor : impl_->acceptors) acceptor.close(ignored);
    closed.set_value();
  });
  if (!impl_->threads.empty()) closed.get_future().wait_for(std::chrono::seconds(1));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(drain_ms);
  while (impl_->in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  impl_->ioc.stop();
  for (std::thread& thread : impl_->threads) {
    if (thread.joinable()) thread.join();
  }
  if (impl_->workers) impl_->workers->stop();
  beast::error_code ignored;
  for (tcp::acceptor& acceptor : impl_->acceptors) acceptor.close(ignored);
}

const std::vector<std::string>& HttpServer::boundAddresses() const {
  return impl_->bound_addresses;
}

Expected<void, Status> parseTarget(std::string_view target, ApiRequest& request) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return fail(StatusCode::kMalformedRequest, "malformed request target");
  for (auto segment : url->segments()) request.segments.emplace_back(segment);
  while (!request.segments.empty() && request.segments.back().empty()) request.segments.pop_back();
  for (auto param : url->params(boost::urls::encoding_opts(true))) {
    request.query.emplace_back(std::string(param.key), std::string(param.value));
  }
  return {};
}

}  // namespace lichen::http
