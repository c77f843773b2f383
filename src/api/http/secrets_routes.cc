// /v1.0/secrets/{store}/{name} and /v1.0/secrets/{store}/bulk (daprd pkg/api/http/secrets.go).
#include "api/http/dapr_api.h"
#include "api/http/json_util.h"
#include "api/http/responses.h"

namespace lichen::http {
namespace {

json::object toObject(const secrets::Secret& secret) {
  json::object out;
  for (const auto& [k, v] : secret) out[k] = v;
  return out;
}

}  // namespace

void addSecretsRoutes(Router& router, runtime::Runtime& runtime) {
  router.add({"GET"}, "/v1.0/secrets/{store}/bulk",
             [&runtime](const ApiRequest& request, const Params& params) {
               auto all = runtime.secrets().bulkGet(params.at("store"), request.metadata());
               if (!all) return errorResponse(all.error());
               json::object out;
               for (const auto& [name, secret] : *all) out[name] = toObject(secret);
               return jsonResponse(200, json::value(std::move(out)));
             });
  router.add({"GET"}, "/v1.0/secrets/{store}/{name}",
             [&runtime](const ApiRequest& request, const Params& params) {
               auto secret =
                   runtime.secrets().get(params.at("store"), params.at("name"), request.metadata());
               if (!secret) return errorResponse(secret.error());
               if (secret->empty()) return emptyResponse();
               return jsonResponse(200, json::value(toObject(*secret)));
             });
}

}  // namespace lichen::http
