// /v1.0/configuration/{store} (and /v1.0-alpha1/, which daprd still serves): get, subscribe and
// unsubscribe as daprd's pkg/api/http/http.go. Keys are the repeated `key` query parameter;
// `metadata.<k>` parameters are the request metadata. Pushes to the app are the
// ConfigurationManager's.
#include "api/http/dapr_api.h"
#include "api/http/json_util.h"
#include "api/http/responses.h"
#include "runtime/configuration/configuration_json.h"

namespace lichen::http {
namespace {

std::vector<std::string> keysOf(const ApiRequest& request) {
  std::vector<std::string> keys;
  for (const auto& [name, value] : request.query) {
    if (name == "key") keys.push_back(value);
  }
  return keys;
}

}  // namespace

void addConfigurationRoutes(Router& router, runtime::Runtime& runtime) {
  auto& block = runtime.block<configuration::ConfigurationManager>();
  for (const char* version : {"v1.0", "v1.0-alpha1"}) {
    std::string base = std::string("/") + version + "/configuration/{store}";
    router.add({"GET"}, base, [&block](const ApiRequest& request, const Params& params) {
      auto items = block.get(params.at("store"), keysOf(request), request.metadata());
      if (!items) return errorResponse(items.error());
      if (items->empty()) return emptyResponse();
      return jsonResponse(200, configuration::encodeItems(*items));
    });
    router.add({"GET"}, base + "/subscribe",
               [&block](const ApiRequest& request, const Params& params) {
                 auto id = block.subscribe(params.at("store"), keysOf(request), request.metadata());
                 if (!id) return errorResponse(id.error());
                 return jsonResponse(200, json::value(json::object{{"id", *id}}));
               });
    router.add(
        {"GET"}, base + "/{id}/unsubscribe", [&block](const ApiRequest&, const Params& params) {
          const std::string& store = params.at("store");
          if (!block.hasStore(store)) {
            // Not configured / not found: daprd's usual error JSON.
            return errorResponse(block.unsubscribe(store, params.at("id")).error());
          }
          auto removed = block.unsubscribe(store, params.at("id"));
          if (!removed) {
            // daprd answers a failed unsubscribe with its own shape, not the error JSON.
            return jsonResponse(500, json::value(json::object{
                                         {"ok", false}, {"message", removed.error().message()}}));
          }
          return jsonResponse(200, json::value(json::object{{"ok", true}}));
        });
  }
}

}  // namespace lichen::http
