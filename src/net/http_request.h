// One HTTP/1.1 request over plain TCP or TLS with Boost.Beast, under one deadline: the one
// HTTP client of Lichen's outbound calls (the http binding, a guest's http_request).
// Certificates are verified against the system store (or a given root CA) and the host name;
// error messages read as Go's net/http's, as daprd's would.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/expected.h"

namespace lichen::net {

struct HttpRequestSpec {
  std::string method;  // "GET", or any other token
  std::string url;     // http:// or https://
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool has_body = false;
  int64_t timeout_ms = 0;  // 0: only the 15 s connect and handshake limits
  uint64_t max_body_bytes = 0;
  std::string root_ca_pem, client_cert_pem, client_key_pem;
};

struct HttpReply {
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Where a URL sends a request, exactly as sendHttpRequest reads it (so a policy that checks
// the host checks the host the request goes to).
struct Target {
  bool tls = false;
  bool has_userinfo = false;
  std::string host;  // as written (percent-encoding kept), without IPv6 brackets
  std::string port;  // as written, or the scheme's default
  std::string path;  // path and query
};
Expected<Target, std::string> parseTarget(const std::string& url);

struct HttpError {
  bool too_large = false;  // the body passed max_body_bytes
  std::string message;     // "METHOD URL: what went wrong"
};

Expected<HttpReply, HttpError> sendHttpRequest(const HttpRequestSpec& spec);

}  // namespace lichen::net
