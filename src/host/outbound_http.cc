#include "host/outbound_http.h"

#include <algorithm>
#include <charconv>

#include "net/http_request.h"

namespace lichen::host {
namespace {

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

// The URL's destination, read as the client will read it, checked against the allow-list.
Expected<void, OutboundError> checkTarget(const std::string& url, const AllowedHosts& allowed) {
  auto target = net::parseTarget(url);
  if (!target) return Unexpected(OutboundError{OutboundError::kInvalid, target.error()});
  auto invalid = [&](const std::string& why) {
    return Unexpected(OutboundError{OutboundError::kInvalid, "\"" + url + "\": " + why});
  };
  if (target->has_userinfo) return invalid("credentials in the URL are not allowed");
  // A percent-encoded host could name one host to the check and another to the resolver.
  if (target->host.find('%') != std::string::npos) return invalid("the host is percent-encoded");
  unsigned port = 0;
  auto [end, ec] =
      std::from_chars(target->port.data(), target->port.data() + target->port.size(), port);
  if (ec != std::errc() || end != target->port.data() + target->port.size() || port == 0 ||
      port > 65535) {
    return invalid("the port is not 1 to 65535");
  }
  const std::string scheme = target->tls ? "https" : "http";
  const std::string host = lower(target->host);
  if (!allowed.allows(scheme, host, static_cast<uint16_t>(port))) {
    const bool ipv6 = host.find(':') != std::string::npos;
    return Unexpected(OutboundError{OutboundError::kNotAllowed,
                                    "\"" + url + "\" is not allowed: add " + scheme + "://" +
                                        (ipv6 ? "[" + host + "]" : host) + ":" +
                                        std::to_string(port) + " to --allowed-outbound-hosts"});
  }
  return {};
}

}  // namespace

Expected<OutboundResponse, OutboundError> OutboundHttp::send(const OutboundRequest& request,
                                                             Clock::time_point deadline) const {
  if (auto allowed = checkTarget(request.url, allowed_); !allowed) {
    return Unexpected(allowed.error());
  }
  net::HttpRequestSpec spec;
  spec.method = request.method.empty() ? "GET" : request.method;
  if (!isToken(spec.method)) {
    return Unexpected(
        OutboundError{OutboundError::kInvalid, "\"" + spec.method + "\" is not a method"});
  }
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
  }
  spec.url = request.url;
  spec.headers = request.headers;
  spec.body = request.body;
  spec.has_body = !request.body.empty() || spec.method == "POST" || spec.method == "PUT" ||
                  spec.method == "PATCH";
  spec.max_body_bytes = max_body_;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::min(deadline, Clock::now() + kMaxDuration) - Clock::now());
  if (left.count() <= 0) {
    return Unexpected(
        OutboundError{OutboundError::kFailed, spec.method + " " + request.url + ": no time left"});
  }
  spec.timeout_ms = left.count();
  auto reply = net::sendHttpRequest(spec);
  if (!reply) {
    return Unexpected(
        OutboundError{reply.error().too_large ? OutboundError::kTooLarge : OutboundError::kFailed,
                      reply.error().message});
  }
  return OutboundResponse{reply->status, std::move(reply->headers), std::move(reply->body)};
}

}  // namespace lichen::host
