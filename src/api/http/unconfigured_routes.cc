// Routes of building blocks Lichen has no components for yet. daprd answers these with its
// "not configured" errors when no component of the kind is loaded; so does Lichen, rather than
// a bare 404, so SDKs see the error they expect. Each moves to its own file when implemented.
#include "api/http/dapr_api.h"
#include "api/http/responses.h"

namespace lichen::http {
namespace {

Handler answer(StatusCode code, std::string message) {
  return [code, message](const ApiRequest&, const Params&) {
    return errorResponse(Status(code, message));
  };
}

}  // namespace

void addUnconfiguredRoutes(Router& router, runtime::Runtime& runtime) {
  // State query (alpha): neither built-in store declares QUERY_API.
  router.add({"POST", "PUT"}, "/v1.0-alpha1/state/{store}/query",
             [&runtime](const ApiRequest&, const Params& params) {
               auto info = runtime.state().storeInfo(params.at("store"));
               if (!info) return errorResponse(info.error());
               return errorResponse(Status(StatusCode::kStateQueryNotSupported,
                                           "state store does not support querying"));
             });
  auto no_crypto =
      answer(StatusCode::kCryptoProvidersNotConfigured, "crypto providers not configured");
  router.add({"PUT"}, "/v1.0-alpha1/crypto/{name}/encrypt", no_crypto);
  router.add({"PUT"}, "/v1.0-alpha1/crypto/{name}/decrypt", no_crypto);
  auto no_actors = answer(StatusCode::kActorRuntimeNotFound, "actor runtime is not configured");
  router.add({"GET", "POST", "PUT", "DELETE"}, "/v1.0/actors/{type}/{id}/method/{method}",
             no_actors);
  router.add({"POST", "PUT"}, "/v1.0/actors/{type}/{id}/state", no_actors);
  router.add({"GET"}, "/v1.0/actors/{type}/{id}/state/{key}", no_actors);
  router.add({"GET", "POST", "PUT", "DELETE"}, "/v1.0/actors/{type}/{id}/reminders/{name}",
             no_actors);
  router.add({"POST", "PUT", "DELETE"}, "/v1.0/actors/{type}/{id}/timers/{name}", no_actors);
}

}  // namespace lichen::http
