#include "runtime/invoke/invocation.h"

#include <cctype>

namespace lichen::invoke {

std::string percentEncode(const std::string& text, bool query) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    bool plain = std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~' ||
                 (!query && (c == '/' || c == ':' || c == '@' || c == '!' || c == '$' ||
                             c == '\'' || c == '(' || c == ')' || c == '*' || c == ',' ||
                             c == ';' || c == '=' || c == '+'));
    if (plain) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

bool isHopByHopHeader(std::string_view lower_name) {
  static constexpr std::string_view kNames[] = {
      "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
      "te", "trailer", "trailers", "transfer-encoding", "upgrade", "content-length", "host",
      "expect",
      // The caller's credentials for its sidecar and the routing header daprd removes too.
      "dapr-api-token", "lichen-internal-token", "dapr-app-id",
      // Set by the sidecar, never taken from the caller.
      "dapr-caller-app-id", "dapr-callee-app-id"};
  for (std::string_view name : kNames) {
    if (name == lower_name) return true;
  }
  return false;
}

std::string appQuery(const InvokeRequest& request) {
  std::string query;
  for (size_t i = 0; i < request.query.size(); ++i) {
    query += (i == 0 ? "" : "&") + percentEncode(request.query[i].first, true) + "=" +
             percentEncode(request.query[i].second, true);
  }
  return query;
}

std::string appPath(const InvokeRequest& request) {
  std::string path = "/" + percentEncode(request.method, false);
  std::string query = appQuery(request);
  return query.empty() ? path : path + "?" + query;
}

}  // namespace lichen::invoke
