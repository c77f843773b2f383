// The app channel: how the sidecar calls the application (service invocation, pub/sub
// delivery, subscription discovery). The runtime uses this interface; api/http implements it
// over HTTP, the Wasm app host (src/app) in-process, tests with fakes.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace lichen::component {

// One service invocation as the app sees it.
struct AppRequest {
  std::string verb;    // "GET", "POST", ...
  std::string method;  // the method path, decoded, without a leading '/': "orders/7"
  std::string query;   // encoded, without '?': "x=1&y=a%26b"
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string content_type;

  // "/{method}?{query}", the method percent-encoded: the path an HTTP app is called on.
  std::string path;
};

struct AppResponse {
  int status = 0;
  std::string body;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
};

class AppChannel {
 public:
  virtual ~AppChannel() = default;
  // A transport failure is an error; any HTTP status is a response.
  virtual StatusOr<AppResponse> call(const std::string& method, const std::string& path,
                                     const std::string& body, const std::string& content_type) = 0;
  // Service invocation with all the request carries. An app that takes only what call() does
  // (the HTTP app channel so far) keeps this default.
  virtual StatusOr<AppResponse> invoke(const AppRequest& request) {
    return call(request.verb, request.path, request.body, request.content_type);
  }
};

}  // namespace lichen::component
