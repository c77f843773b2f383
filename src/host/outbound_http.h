// Outbound HTTP/1.1 for guests (the `lichen` ABI's http_request, later bindings.wasm): one
// request per call over a fresh connection, http or https (certificates and host names
// verified against the system's CA store), to URLs the AllowedHosts permit, bounded by a
// deadline and a body limit. Redirects are the guest's to follow.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "common/expected.h"
#include "host/allowed_hosts.h"

namespace lichen::host {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct OutboundRequest {
  std::string method;  // empty: GET
  std::string url;
  HeaderList headers;
  std::string body;
};

struct OutboundResponse {
  int status = 0;
  HeaderList headers;
  std::string body;
};

struct OutboundError {
  enum Kind {
    kNotAllowed,  // the URL is not in the allowed hosts
    kInvalid,     // not an http(s) URL, a bad method or header
    kFailed,      // no connection, TLS failure, a malformed answer, the deadline
    kTooLarge,    // the response body is over the limit
  };
  Kind kind;
  std::string message;
};

class OutboundHttp {
 public:
  static constexpr size_t kDefaultMaxBody = 16u << 20;
  static constexpr std::chrono::seconds kMaxDuration{30};

  explicit OutboundHttp(AllowedHosts allowed, size_t max_body = kDefaultMaxBody)
      : allowed_(std::move(allowed)), max_body_(max_body) {}

  // Sends the request and reads the answer by `deadline` (and within kMaxDuration).
  Expected<OutboundResponse, OutboundError> send(
      const OutboundRequest& request, std::chrono::steady_clock::time_point deadline) const;

  const AllowedHosts& allowed() const { return allowed_; }

 private:
  AllowedHosts allowed_;
  size_t max_body_;
};

}  // namespace lichen::host
