// /v1.0/metadata, /v1.0/healthz, /v1.0/healthz/outbound and /v1.0/shutdown
// (daprd pkg/api/http/{metadata,healthz,shutdown}.go).
#include "api/http/dapr_api.h"
#include "api/http/json_util.h"
#include "api/http/responses.h"

namespace lichen::http {
namespace {

json::value metadataBody(runtime::Runtime& runtime, const ApiOptions& options) {
  json::object body;
  body["id"] = runtime.appId();
  body["runtimeVersion"] = std::string(runtime::kRuntimeVersion);
  json::array features;
  for (const std::string& feature : runtime.enabledFeatures()) features.emplace_back(feature);
  body["enabledFeatures"] = std::move(features);
  body["actors"] = json::array();
  json::array components;
  for (const runtime::ComponentInfo& info : runtime.components()) {
    json::object component;
    component["name"] = info.name;
    component["type"] = info.type;
    component["version"] = info.version;
    json::array capabilities;
    for (const std::string& capability : info.capabilities) capabilities.emplace_back(capability);
    component["capabilities"] = std::move(capabilities);
    components.emplace_back(std::move(component));
  }
  body["components"] = std::move(components);
  json::object extended;
  for (const auto& [k, v] : runtime.extended()) extended[k] = v;
  body["extended"] = std::move(extended);
  json::array subscriptions;
  for (const pubsub::Subscription& sub : runtime.pubsub().subscriptions()) {
    json::object item;
    item["pubsubname"] = sub.pubsub;
    item["topic"] = sub.topic;
    json::object md;
    for (const auto& [k, v] : sub.metadata) md[k] = v;
    item["metadata"] = std::move(md);
    json::array rules;
    for (const pubsub::Rule& rule : sub.rules)
      rules.push_back({{"match", rule.match}, {"path", rule.path}});
    if (!sub.default_path.empty()) rules.push_back({{"match", ""}, {"path", sub.default_path}});
    item["rules"] = std::move(rules);
    item["deadLetterTopic"] = sub.dead_letter_topic;
    item["type"] = sub.type;
    subscriptions.emplace_back(std::move(item));
  }
  body["subscriptions"] = std::move(subscriptions);
  body["httpEndpoints"] = json::array();
  if (options.app_port != 0) {
    json::object app;
    app["port"] = options.app_port;
    app["protocol"] = options.app_protocol;
    app["channelAddress"] = options.app_channel_address;
    body["appConnectionProperties"] = std::move(app);
  }
  json::object actor_runtime;
  actor_runtime["runtimeStatus"] = "DISABLED";
  actor_runtime["activeActors"] = json::array();
  actor_runtime["hostReady"] = false;
  actor_runtime["placement"] = "";
  body["actorRuntime"] = std::move(actor_runtime);
  return body;
}

}  // namespace

void addMetadataRoutes(Router& router, runtime::Runtime& runtime, const ApiOptions& options) {
  router.add({"GET"}, "/v1.0/metadata", [&runtime, &options](const ApiRequest&, const Params&) {
    return jsonResponse(200, metadataBody(runtime, options));
  });
  router.add({"PUT"}, "/v1.0/metadata/{key}",
             [&runtime](const ApiRequest& request, const Params& params) {
               runtime.setExtended(params.at("key"), request.body);
               return emptyResponse();
             });
  router.add(
      {"GET"}, "/v1.0/healthz",
      [&runtime, &options](const ApiRequest& request, const Params&) {
        auto app_id = request.queryParam("appid");
        if (app_id && *app_id != runtime.appId()) {
          return errorResponse(
              Status(StatusCode::kHealthAppIdNotMatch, "dapr app-id does not match"));
        }
        if (options.app_ready && !options.app_ready()) {
          return errorResponse(Status(StatusCode::kHealthNotReady, "dapr is not ready"));
        }
        return emptyResponse();
      },
      // With an app, readiness is a connection attempt to it.
      [&options](const ApiRequest&, const Params&) { return !options.app_ready; });
  auto never = [](const ApiRequest&, const Params&) { return true; };
  router.add(
      {"GET"}, "/v1.0/healthz/outbound",
      [](const ApiRequest&, const Params&) { return emptyResponse(); }, never);
  router.add({"POST"}, "/v1.0/shutdown", [&options](const ApiRequest&, const Params&) {
    if (options.on_shutdown) options.on_shutdown();
    return emptyResponse();
  });
}

}  // namespace lichen::http
