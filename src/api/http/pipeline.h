// Dapr's middleware pipelines on the HTTP paths: spec.httpPipeline as one link of the API's
// middleware chain (requests to Lichen's API), spec.appHttpPipeline as an app channel that runs
// each call to the app through its handlers. Both convert to the transport-neutral
// middleware::HttpRequest, so a component (e.g. middleware.http.wasm) serves either.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "api/http/middleware.h"
#include "runtime/component/app_channel.h"
#include "runtime/middleware/http_middleware.h"

namespace lichen::http {

using Pipeline = std::vector<std::shared_ptr<const middleware::HttpMiddleware>>;

// The chain link for spec.httpPipeline; a rewritten URI is parsed again for the router.
std::unique_ptr<Middleware> makePipelineLink(Pipeline pipeline);

// Conversions between the API's request values and the middleware's (exposed for tests).
middleware::HttpRequest toMiddlewareRequest(const ApiRequest& request);
// An error when the middleware left a URI that cannot be parsed. `same_target`, when given, is
// the request whose URI `request` still has: its parsed path and query are taken as they are.
Expected<ApiRequest, Status> fromMiddlewareRequest(const middleware::HttpRequest& request,
                                                   const ApiRequest* same_target = nullptr);
middleware::HttpResponse toMiddlewareResponse(const ApiResponse& response);
ApiResponse fromMiddlewareResponse(const middleware::HttpResponse& response);

// An app channel whose calls pass through spec.appHttpPipeline first. The pipeline is set once
// the runtime has built its middleware components, before any call to the app.
class PipelinedAppChannel : public component::AppChannel {
 public:
  explicit PipelinedAppChannel(std::shared_ptr<component::AppChannel> inner)
      : inner_(std::move(inner)) {}
  void setPipeline(Pipeline pipeline);
  StatusOr<component::AppResponse> call(const std::string& method, const std::string& path,
                                        const std::string& body,
                                        const std::string& content_type) override;
  StatusOr<component::AppResponse> invoke(const component::AppRequest& request) override;

 private:
  std::shared_ptr<const Pipeline> pipeline() const;

  std::shared_ptr<component::AppChannel> inner_;
  mutable std::mutex mutex_;  // guards pipeline_ (set once, read per call)
  std::shared_ptr<const Pipeline> pipeline_;
};

}  // namespace lichen::http
