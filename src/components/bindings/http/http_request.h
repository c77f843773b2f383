// One HTTP/1.1 request over plain TCP or TLS with Boost.Beast, under one deadline, for the
// http binding. Certificates are verified against the system store (or a given root CA) and
// the host name.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace lichen::components {

struct HttpRequestSpec {
  std::string method;  // "GET"
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

StatusOr<HttpReply> sendHttpRequest(const HttpRequestSpec& spec);

}  // namespace lichen::components
