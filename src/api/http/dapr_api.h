// The Dapr HTTP API v1.0 over a Runtime: a middleware chain (API logging, API-token check,
// Configuration's httpPipeline)
// around the router of the building blocks' routes. Transport-free (ApiRequest in, ApiResponse
// out); HttpServer puts it on a socket.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/http/api_types.h"
#include "api/http/middleware.h"
#include "api/http/pipeline.h"
#include "api/http/router.h"
#include "runtime/runtime.h"

namespace lichen::http {

struct ApiOptions {
  std::string api_token;     // DAPR_API_TOKEN; empty = no token required
  bool api_logging = false;  // --enable-api-logging
  uint16_t app_port = 0;     // 0 = no app channel
  std::string app_protocol = "http";
  std::string app_channel_address = "127.0.0.1";
  std::function<bool()> app_ready;    // null = healthy without an app
  std::function<void()> on_shutdown;  // POST /v1.0/shutdown, called after answering 204
  // The token other sidecars present to us when they forward an invocation.
  std::string internal_token;
  // spec.httpPipeline's components, in order: inside the token check, around the router.
  Pipeline http_pipeline;
};

class DaprHttpApi {
 public:
  DaprHttpApi(runtime::Runtime& runtime, ApiOptions options);
  DaprHttpApi(const DaprHttpApi&) = delete;  // routes hold references to options_
  DaprHttpApi& operator=(const DaprHttpApi&) = delete;
  ApiResponse handle(const ApiRequest& request) const;
  // True when handle(request) answers without waiting on anything (see Router::neverBlocks):
  // no httpPipeline (guest code), and a route that says so. The server runs those on its I/O
  // threads and every other request on a worker.
  bool neverBlocks(const ApiRequest& request) const;

 private:
  // The router, then daprd's dapr-app-id fallback for paths it does not know.
  ApiResponse route(const ApiRequest& request) const;

  runtime::Runtime& runtime_;
  ApiOptions options_;
  MiddlewareChain middleware_;
  Router router_;
};

// Route groups, one file each.
void addStateRoutes(Router& router, runtime::Runtime& runtime);
void addSecretsRoutes(Router& router, runtime::Runtime& runtime);
void addMetadataRoutes(Router& router, runtime::Runtime& runtime, const ApiOptions& options);
void addUnconfiguredRoutes(Router& router, runtime::Runtime& runtime);
void addPubSubRoutes(Router& router, runtime::Runtime& runtime);
void addInvokeRoutes(Router& router, runtime::Runtime& runtime);
void addBindingsRoutes(Router& router, runtime::Runtime& runtime);
void addConfigurationRoutes(Router& router, runtime::Runtime& runtime);
void addLockRoutes(Router& router, runtime::Runtime& runtime);
// One invocation of `method` on `app_id` through the runtime's DirectMessaging; the invoke
// route and the dapr-app-id fallback share it.
ApiResponse invokeApp(runtime::Runtime& runtime, const std::string& app_id,
                      const std::string& method, const ApiRequest& request);
// /v1.0/invoke/http://host:port/method/... written plainly (not URL-encoded), which the router
// cannot match; nullopt for any other path.
std::optional<ApiResponse> invokeUrlTarget(runtime::Runtime& runtime, const ApiRequest& request);

}  // namespace lichen::http
