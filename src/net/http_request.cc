#include "net/http_request.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <chrono>
#include <optional>

namespace lichen::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr milliseconds kConnectLimit{15000};  // Dapr's dialer and TLS handshake timeouts
constexpr std::string_view kBodyTooLarge = "read: the response body is over the limit";

// A PEM value is the PEM text itself, else the name of a file holding it (as Dapr's).
bool addPem(asio::ssl::context& ctx, const std::string& pem, int which, std::string& error) {
  boost::system::error_code ec;
  bool text = pem.find("-----BEGIN") != std::string::npos;
  asio::const_buffer buffer(pem.data(), pem.size());
  if (which == 0) {
    text ? ctx.add_certificate_authority(buffer, ec) : ctx.load_verify_file(pem, ec);
  } else if (which == 1) {
    text ? ctx.use_certificate_chain(buffer, ec) : ctx.use_certificate_chain_file(pem, ec);
  } else {
    text ? ctx.use_private_key(buffer, asio::ssl::context::pem, ec)
         : ctx.use_private_key_file(pem, asio::ssl::context::pem, ec);
  }
  if (ec) error = ec.message();
  return !ec;
}

template <typename Stream>
asio::awaitable<std::optional<std::string>> exchange(Stream& stream, beast::tcp_stream& tcp,
                                                     const HttpRequestSpec& spec,
                                                     const Target& target,
                                                     std::optional<milliseconds> remaining,
                                                     HttpReply& reply) {
  bhttp::request<bhttp::string_body> request;
  request.method_string(spec.method);  // any token, not only the verbs Beast knows
  request.target(target.path);
  request.version(11);
  bool default_port = target.port == (target.tls ? "443" : "80");
  std::string host =
      target.host.find(':') != std::string::npos ? "[" + target.host + "]" : target.host;
  request.set(bhttp::field::host, default_port ? host : host + ":" + target.port);
  request.set(bhttp::field::user_agent, "lichen");
  for (const auto& [name, value] : spec.headers) request.set(name, value);
  if (spec.has_body) {
    request.body() = spec.body;
    request.prepare_payload();
  }
  request.keep_alive(false);
  if (remaining) {
    tcp.expires_after(*remaining);
  } else {
    tcp.expires_never();
  }
  auto [write_error, written] = co_await bhttp::async_write(stream, request, kTuple);
  if (write_error) co_return "write: " + write_error.message();
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(spec.max_body_bytes ? spec.max_body_bytes : UINT64_MAX);
  if (spec.method == "HEAD") parser.skip(true);
  auto [read_error, read] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
  if (read_error == bhttp::error::body_limit) co_return std::string(kBodyTooLarge);
  if (read_error) co_return "read: " + read_error.message();
  auto& response = parser.get();
  reply.status = static_cast<int>(response.result_int());
  reply.reason = std::string(response.reason());
  for (const auto& field : response) {
    reply.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  reply.body = std::move(response.body());
  co_return std::nullopt;
}

asio::awaitable<std::optional<std::string>> run(asio::io_context& ioc, const HttpRequestSpec& spec,
                                                const Target& target,
                                                std::chrono::steady_clock::time_point deadline,
                                                bool has_deadline, HttpReply& reply) {
  auto remaining = [&]() -> std::optional<milliseconds> {
    if (!has_deadline) return std::nullopt;
    auto left =
        std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
    return std::max(left, milliseconds(1));
  };
  auto limit = [&] { return std::min(kConnectLimit, remaining().value_or(kConnectLimit)); };
  tcp::resolver resolver(ioc);
  auto [resolve_error, endpoints] =
      co_await resolver.async_resolve(target.host, target.port, kTuple);
  if (resolve_error) co_return "dial tcp: lookup " + target.host + ": " + resolve_error.message();
  if (!target.tls) {
    beast::tcp_stream stream(ioc);
    stream.expires_after(limit());
    auto [connect_error, endpoint] = co_await stream.async_connect(endpoints, kTuple);
    if (connect_error)
      co_return "dial tcp " + target.host + ":" + target.port + ": " + connect_error.message();
    co_return co_await exchange(stream, stream, spec, target, remaining(), reply);
  }
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.set_options(asio::ssl::context::no_sslv2 | asio::ssl::context::no_sslv3 |
                  asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
  std::string error;
  if (spec.root_ca_pem.empty()) {
    ctx.set_default_verify_paths();
  } else if (!addPem(ctx, spec.root_ca_pem, 0, error)) {
    co_return "MTLSRootCA: " + error;
  }
  if (!spec.client_cert_pem.empty() && !spec.client_key_pem.empty() &&
      (!addPem(ctx, spec.client_cert_pem, 1, error) ||
       !addPem(ctx, spec.client_key_pem, 2, error))) {
    co_return "failed to load client certificate: " + error;
  }
  ctx.set_verify_mode(asio::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  stream.set_verify_callback(asio::ssl::host_name_verification(target.host));
  if (!SSL_set_tlsext_host_name(stream.native_handle(), target.host.c_str())) {
    co_return "tls: cannot set the server name";
  }
  beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
  tcp.expires_after(limit());
  auto [connect_error, endpoint] = co_await tcp.async_connect(endpoints, kTuple);
  if (connect_error)
    co_return "dial tcp " + target.host + ":" + target.port + ": " + connect_error.message();
  tcp.expires_after(limit());
  auto [handshake_error] = co_await stream.async_handshake(asio::ssl::stream_base::client, kTuple);
  if (handshake_error) co_return "tls: " + handshake_error.message();
  co_return co_await exchange(stream, tcp, spec, target, remaining(), reply);
}

}  // namespace

Expected<Target, std::string> parseTarget(const std::string& url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return Unexpected("parse \"" + url + "\": invalid URL");
  Target target;
  std::string scheme(parsed->scheme());
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "http" && scheme != "https") {
    return Unexpected("unsupported protocol scheme \"" + scheme + "\"");
  }
  target.tls = scheme == "https";
  target.has_userinfo = parsed->has_userinfo();
  target.host = std::string(parsed->encoded_host_address());
  if (target.host.size() > 2 && target.host.front() == '[') {
    target.host = target.host.substr(1, target.host.size() - 2);
  }
  if (target.host.empty()) return Unexpected(std::string("http: no Host in request URL"));
  target.port = parsed->has_port() ? std::string(parsed->port()) : target.tls ? "443" : "80";
  target.path = std::string(parsed->encoded_path());
  if (target.path.empty()) target.path = "/";
  if (parsed->has_query()) target.path += "?" + std::string(parsed->encoded_query());
  return target;
}

Expected<HttpReply, HttpError> sendHttpRequest(const HttpRequestSpec& spec) {
  auto parsed = parseTarget(spec.url);
  if (!parsed) return Unexpected(HttpError{false, parsed.error()});
  const Target& target = *parsed;
  asio::io_context ioc;
  HttpReply reply;
  std::optional<std::string> error = "context deadline exceeded";
  bool done = false;
  bool has_deadline = spec.timeout_ms > 0;
  auto deadline = std::chrono::steady_clock::now() + milliseconds(spec.timeout_ms);
  asio::co_spawn(ioc, run(ioc, spec, target, deadline, has_deadline, reply),
                 [&](std::exception_ptr thrown, std::optional<std::string> result) {
                   done = true;
                   error = thrown ? std::optional<std::string>("unexpected failure") : result;
                 });
  // Each step has its own expiry; this bounds the whole call, the name lookup included.
  ioc.run_for(has_deadline ? milliseconds(spec.timeout_ms) + milliseconds(100)
                           : std::chrono::hours(24));
  if (!done) error = "context deadline exceeded";
  if (error) {
    std::string message = *error;
    if (message.find("timeout") != std::string::npos ||
        message.find("timed out") != std::string::npos) {
      message += " (context deadline exceeded)";
    }
    const bool too_large = message == kBodyTooLarge;
    return Unexpected(HttpError{too_large, spec.method + " " + spec.url + ": " + message});
  }
  return reply;
}

}  // namespace lichen::net
