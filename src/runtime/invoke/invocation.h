// A service invocation request and its response, transport-free (daprd's InvokeMethodRequest
// and InvokeMethodResponse): what DirectMessaging takes, what the app or another sidecar
// answers.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lichen::invoke {

struct InvokeRequest {
  std::string app_id;  // the target; "app.namespace" names the same app in our namespace
  std::string method;  // the app's method path, without a leading '/', e.g. "orders/7"
  std::string verb;    // "GET", "POST", ...
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  // Names lower-cased; a repeated header is one comma-joined value. What reaches the app is
  // these minus hop-by-hop ones (see isHopByHopHeader), plus dapr-caller-app-id,
  // dapr-callee-app-id and traceparent.
  std::map<std::string, std::string> headers;
  std::string body;
  std::string content_type;
  // Who calls: empty means our own app (or a client of our API); another sidecar forwarding
  // an invocation names its app here.
  std::string caller_app_id;
};

struct InvokeResponse {
  int status = 200;  // the app's status (Dapr's invocation reports HTTP statuses)
  // The app's headers besides Content-Type, in order, repeated ones repeated (Set-Cookie).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type;
};

// Headers that never cross an invocation hop: hop-by-hop ones (RFC 9110 §7.6.1), the framing
// ones the next hop sets itself, and the sidecar's own credentials and routing headers.
// `lower_name` is lower-cased.
bool isHopByHopHeader(std::string_view lower_name);

// The request's method and query as an app path: "/orders/new%20one?x=1&y=a%26b".
std::string appPath(const InvokeRequest& request);
// Only the query, encoded, without '?': "x=1&y=a%26b".
std::string appQuery(const InvokeRequest& request);
// Percent-encodes what may not appear as is in a path (keeps '/') or a query component.
std::string percentEncode(const std::string& text, bool query);

}  // namespace lichen::invoke
