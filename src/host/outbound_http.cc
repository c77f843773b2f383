#include "host/outbound_http.h"

#include <openssl/ssl.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <optional>

namespace lichen::host {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool isToken(std::string_view text) {
  if (text.empty()) return false;
  return std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return c > ' ' && c < 127 && c != ':' && c != '(' && c != ')' && c != ',' && c != '/' &&
           c != ';' && c != '<' && c != '=' && c != '>' && c != '?' && c != '@' && c != '[' &&
           c != '\\' && c != ']' && c != '{' && c != '}' && c != '"';
  });
}

// Headers the host writes itself: the guest's would contradict the URL or the framing.
bool hostOwned(const std::string& name) {
  return name == "host" || name == "content-length" || name == "transfer-encoding" ||
         name == "connection" || name == "upgrade" || name == "te" || name == "keep-alive";
}

struct Target {
  bool tls = false;
  std::string host;  // as written, without IPv6 brackets
  uint16_t port = 0;
  std::string target;  // path and query
  std::string host_header;
};

Expected<Target, OutboundError> parseTarget(const std::string& url, const AllowedHosts& allowed) {
  auto invalid = [&](const std::string& why) {
    return Unexpected(OutboundError{OutboundError::kInvalid, "\"" + url + "\": " + why});
  };
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return invalid("not an absolute URL");
  std::string scheme = lower(parsed->scheme());
  if (scheme != "http" && scheme != "https") return invalid("the scheme is not http or https");
  if (parsed->has_userinfo()) return invalid("credentials in the URL are not allowed");
  Target t;
  t.tls = scheme == "https";
  t.host = lower(parsed->host_name().empty() ? parsed->host_address() : parsed->host_name());
  if (parsed->host_type() == boost::urls::host_type::ipv6) t.host = lower(parsed->host_address());
  if (t.host.empty()) return invalid("no host");
  t.port = t.tls ? 443 : 80;
  if (parsed->has_port()) {
    if (parsed->port_number() == 0) return invalid("the port is not 1 to 65535");
    t.port = parsed->port_number();
  }
  if (!allowed.allows(scheme, t.host, t.port)) {
    return Unexpected(OutboundError{OutboundError::kNotAllowed,
                                    "\"" + url + "\" is not allowed: add " + scheme + "://" +
                                        std::string(parsed->encoded_host_and_port()) +
                                        " to --allowed-outbound-hosts"});
  }
  t.target = std::string(parsed->encoded_path());
  if (t.target.empty()) t.target = "/";
  if (parsed->has_query()) t.target += "?" + std::string(parsed->encoded_query());
  t.host_header = std::string(parsed->encoded_host_and_port());
  return t;
}

// One exchange on a connected stream (plain or TLS); runs on the caller's io_context.
template <typename Stream>
asio::awaitable<void> exchange(Stream& stream, bhttp::request<bhttp::string_body>& request,
                               bhttp::response_parser<bhttp::string_body>& parser) {
  co_await bhttp::async_write(stream, request, asio::use_awaitable);
  beast::flat_buffer buffer;
  co_await bhttp::async_read(stream, buffer, parser, asio::use_awaitable);
}

}  // namespace

Expected<OutboundResponse, OutboundError> OutboundHttp::send(const OutboundRequest& request,
                                                             Clock::time_point deadline) const {
  auto target = parseTarget(request.url, allowed_);
  if (!target) return Unexpected(target.error());
  std::string method = request.method.empty() ? "GET" : request.method;
  if (!isToken(method)) {
    return Unexpected(OutboundError{OutboundError::kInvalid, "\"" + method + "\" is not a method"});
  }
  bhttp::request<bhttp::string_body> req;
  req.method_string(method);
  req.target(target->target);
  req.version(11);
  req.set(bhttp::field::host, target->host_header);
  req.set(bhttp::field::user_agent, "lichen");
  for (const auto& [name, value] : request.headers) {
    const bool bad_value = std::any_of(value.begin(), value.end(),
                                       [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
    if (!isToken(name) || bad_value) {
      return Unexpected(OutboundError{OutboundError::kInvalid, "invalid header \"" + name + "\""});
    }
    if (hostOwned(lower(name))) {
      return Unexpected(
          OutboundError{OutboundError::kInvalid, "header \"" + name + "\" is set by the host"});
    }
    req.insert(name, value);
  }
  req.keep_alive(false);
  req.body() = request.body;
  if (!request.body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    req.prepare_payload();
  }

  deadline = std::min(deadline, Clock::now() + kMaxDuration);
  asio::io_context ioc;
  asio::ssl::context tls_ctx(asio::ssl::context::tls_client);
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(max_body_);
  parser.header_limit(64 * 1024);
  std::optional<boost::system::error_code> failure;
  bool done = false;

  tcp::resolver resolver(ioc);
  beast::tcp_stream plain(ioc);
  std::optional<beast::ssl_stream<beast::tcp_stream&>> secure;
  auto run = [&]() -> asio::awaitable<void> {
    auto endpoints = co_await resolver.async_resolve(target->host, std::to_string(target->port),
                                                     asio::use_awaitable);
    plain.expires_at(deadline);
    co_await plain.async_connect(endpoints, asio::use_awaitable);
    if (!target->tls) {
      co_await exchange(plain, req, parser);
    } else {
      tls_ctx.set_default_verify_paths();
      tls_ctx.set_verify_mode(asio::ssl::verify_peer);
      secure.emplace(plain, tls_ctx);
      secure->set_verify_callback(asio::ssl::host_name_verification(target->host));
      SSL_set_tlsext_host_name(secure->native_handle(), target->host.c_str());
      co_await secure->async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
      co_await exchange(*secure, req, parser);
    }
    done = true;
  };
  asio::co_spawn(ioc, run(), [&](std::exception_ptr error) {
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const boost::system::system_error& e) {
      failure = e.code();
    } catch (...) {
      failure = asio::error::fault;
    }
  });
  ioc.run_until(deadline);
  const bool timed_out = !done && !failure;
  if (!done && !ioc.stopped()) {
    // Unwind what is still pending, so nothing outlives the stream it refers to.
    resolver.cancel();
    boost::system::error_code ignored;
    plain.socket().close(ignored);
    ioc.restart();
    ioc.run();
  }
  if (!done) {
    if (failure == bhttp::error::body_limit) {
      return Unexpected(OutboundError{OutboundError::kTooLarge,
                                      "the response body of \"" + request.url + "\" is over " +
                                          std::to_string(max_body_) + " bytes"});
    }
    std::string why = failure && !timed_out ? failure->message() : "no answer by the deadline";
    if (failure == beast::error::timeout) why = "no answer by the deadline";
    return Unexpected(
        OutboundError{OutboundError::kFailed, method + " " + request.url + ": " + why});
  }
  OutboundResponse response;
  response.status = static_cast<int>(parser.get().result_int());
  for (const auto& field : parser.get()) {
    response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  response.body = std::move(parser.get().body());
  return response;
}

}  // namespace lichen::host
