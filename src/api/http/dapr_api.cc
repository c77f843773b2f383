#include "api/http/dapr_api.h"

#include "api/http/responses.h"

namespace lichen::http {

DaprHttpApi::DaprHttpApi(runtime::Runtime& runtime, ApiOptions options)
    : runtime_(runtime), options_(std::move(options)) {
  addMetadataRoutes(router_, runtime_, options_);
  addStateRoutes(router_, runtime_);
  addSecretsRoutes(router_, runtime_);
  addPubSubRoutes(router_, runtime_);
  addInvokeRoutes(router_, runtime_);
  addUnconfiguredRoutes(router_, runtime_);
}

ApiResponse DaprHttpApi::handle(const ApiRequest& request) const {
  if (!options_.api_token.empty()) {
    // Only GET healthz and healthz/outbound are exempt (daprd isRouteExcludedFromAPITokenAuth).
    const auto& s = request.segments;
    bool exempt = request.method == "GET" && s.size() >= 2 && s[0] == "v1.0" && s[1] == "healthz" &&
                  (s.size() == 2 || (s.size() == 3 && s[2] == "outbound"));
    if (!exempt && request.header("dapr-api-token") != options_.api_token) {
      return plainResponse(401, "invalid api token");
    }
  }
  return router_.dispatch(request);
}

}  // namespace lichen::http
