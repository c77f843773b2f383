// The HTTP API's middleware: an ordered chain around the router, each link seeing the request
// first and the response last, and free to answer without calling on (the token check does).
// Built-in links: API logging and the API-token check; Wasm middleware will be one more.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/http/api_types.h"

namespace lichen::http {

using NextHandler = std::function<ApiResponse(const ApiRequest&)>;

class Middleware {
 public:
  virtual ~Middleware() = default;
  // Called concurrently: on the server's worker threads, or on its I/O threads for requests
  // that never block (DaprHttpApi::neverBlocks), so a link must not wait on anything.
  virtual ApiResponse handle(const ApiRequest& request, const NextHandler& next) const = 0;
};

class MiddlewareChain {
 public:
  // Links run in the order added; the first added is the outermost.
  void add(std::unique_ptr<Middleware> middleware);
  ApiResponse handle(const ApiRequest& request, const NextHandler& last) const;

 private:
  ApiResponse handleFrom(size_t index, const ApiRequest& request, const NextHandler& last) const;

  std::vector<std::unique_ptr<Middleware>> links_;
};

// 401 "invalid api token" unless the request carries `dapr-api-token: <api_token>`; GET
// healthz and healthz/outbound are exempt (daprd isRouteExcludedFromAPITokenAuth), and
// invocation routes also accept another sidecar's `lichen-internal-token: <internal_token>`.
std::unique_ptr<Middleware> makeApiTokenCheck(std::string api_token, std::string internal_token);
// Removes `dapr-caller-app-id` unless the request carries `lichen-internal-token:
// <internal_token>` (another sidecar forwarding an invocation names its app so).
std::unique_ptr<Middleware> makeCallerIdentity(std::string internal_token);
// One info line per call, "HTTP API Called: METHOD /path -> STATUS" (--enable-api-logging).
std::unique_ptr<Middleware> makeApiLogging();

}  // namespace lichen::http
