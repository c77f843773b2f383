// A service invocation request and its response, transport-free (daprd's InvokeMethodRequest
// and InvokeMethodResponse): what DirectMessaging takes, what the app or another sidecar
// answers.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace lichen::invoke {

struct InvokeRequest {
  std::string app_id;  // the target; "app.namespace" names the same app in our namespace
  std::string method;  // the app's method path, without a leading '/', e.g. "orders/7"
  std::string verb;    // "GET", "POST", ...
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  // Names lower-cased. Carried for app channels that take them; the HTTP app channel passes
  // on only the content type so far, as before.
  std::map<std::string, std::string> headers;
  std::string body;
  std::string content_type;
};

struct InvokeResponse {
  int status = 200;  // the app's status (Dapr's invocation reports HTTP statuses)
  std::map<std::string, std::string> headers;  // besides Content-Type; none from HTTP apps yet
  std::string body;
  std::string content_type;
};

// The request's method and query as an app path: "/orders/new%20one?x=1&y=a%26b".
std::string appPath(const InvokeRequest& request);
// Only the query, encoded, without '?': "x=1&y=a%26b".
std::string appQuery(const InvokeRequest& request);
// Percent-encodes what may not appear as is in a path (keeps '/') or a query component.
std::string percentEncode(const std::string& text, bool query);

}  // namespace lichen::invoke
