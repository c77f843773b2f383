// Transport-neutral request/response values for the Dapr HTTP API. The Beast server converts
// to and from these, so the API's routes are testable without sockets.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lichen::http {

struct ApiRequest {
  std::string method;                                      // "GET", "POST", ...
  std::vector<std::string> segments;                       // decoded path segments
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::map<std::string, std::string> headers;              // names lower-cased, repeats joined
  // Every header line as it came (names lower-cased, repeats kept), for middleware that tells
  // repeats apart; `headers` stays the truth: a name whose lines no longer join to its value
  // there is taken from `headers`.
  std::vector<std::pair<std::string, std::string>> header_lines;
  std::string body;
  std::string source_addr;  // the peer, "1.2.3.4:5678" or "[::1]:5678"; empty when unknown
  unsigned version = 11;    // HTTP/1.1 (10 for 1.0)

  std::optional<std::string> header(const std::string& lower_name) const;
  std::optional<std::string> queryParam(const std::string& name) const;
  // Every `metadata.<k>=<v>` query parameter as {k: v} (Dapr's getMetadataFromRequest).
  std::map<std::string, std::string> metadata() const;
};

struct ApiResponse {
  uint16_t status = 200;
  std::string content_type;  // empty: no Content-Type header
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace lichen::http
