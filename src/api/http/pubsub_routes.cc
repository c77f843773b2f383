// POST /v1.0/publish/{pubsub}/{topic…} (daprd pkg/api/http/http.go onPublish): the body is the
// event, Content-Type its datacontenttype, ?metadata.* the publish metadata; 204 on success.
// Bulk publish (v1.0-alpha1, and v1.0 since Dapr 1.17): an array of
// {"entryId","event","contentType","metadata"}; 204 when all went out, else 500 with
// {"failedEntries":[{"entryId","error"}],"errorCode"}.
#include <set>

#include "api/http/dapr_api.h"
#include "api/http/json_util.h"
#include "api/http/responses.h"

namespace lichen::http {
namespace {

ApiResponse bulkPublish(runtime::Runtime& runtime, const ApiRequest& request,
                        const Params& params) {
  auto body = parseJsonBody(request.body);
  if (!body) return errorResponse(body.error());
  if (!body->is_array()) {
    return errorResponse(Status(StatusCode::kMalformedRequest,
                                "failed deserializing HTTP body: expected an array of entries"));
  }
  std::map<std::string, std::string> query_md = request.metadata();
  std::vector<pubsub::PublishRequest> entries;
  std::vector<std::string> ids;
  std::set<std::string> seen;
  for (const json::value& item : body->get_array()) {
    const json::object* entry = item.if_object();
    if (!entry) {
      return errorResponse(Status(StatusCode::kMalformedRequest,
                                  "failed deserializing HTTP body: entries must be objects"));
    }
    auto id = optionalString(*entry, "entryId");
    auto content_type = optionalString(*entry, "contentType");
    auto metadata = stringMap(*entry, "metadata");
    if (!id || !content_type || !metadata) {
      return errorResponse(!id             ? id.error()
                           : !content_type ? content_type.error()
                                           : metadata.error());
    }
    // daprd: every entryId present and unique, else nothing is published.
    if (!id->has_value() || (*id)->empty() || !seen.insert(**id).second) {
      return errorResponse(Status(StatusCode::kPubsubEventsSer,
                                  "error marshaling events to bytes for topic " +
                                      params.at("topic") + " pubsub " + params.at("pubsub") +
                                      ". error: entryId is duplicated or not present for entry"));
    }
    pubsub::PublishRequest publish{params.at("pubsub"), params.at("topic"), "",
                                   content_type->value_or(""), query_md};
    for (const auto& [k, v] : *metadata) publish.metadata[k] = v;
    const json::value* event = findField(*entry, "event");
    if (event && event->is_string()) {
      publish.data = std::string(event->get_string());
    } else if (event) {
      publish.data = serializeJson(*event);
      if (publish.content_type.empty()) publish.content_type = "application/json";
    }
    ids.push_back(**id);
    entries.push_back(std::move(publish));
  }
  json::array failed;
  for (size_t i = 0; i < entries.size(); ++i) {
    auto result = runtime.pubsub().publish(entries[i]);
    if (result) continue;
    // Errors about the pubsub itself (unknown, not configured) fail the whole request.
    if (result.error().code() != StatusCode::kPubsubPublishMessage) {
      return errorResponse(result.error());
    }
    failed.push_back({{"entryId", ids[i]}, {"error", result.error().message()}});
  }
  if (failed.empty()) return emptyResponse();
  json::object out;
  out["failedEntries"] = std::move(failed);
  out["errorCode"] = "ERR_PUBSUB_PUBLISH_MESSAGE";
  return jsonResponse(500, json::value(std::move(out)));
}

}  // namespace

void addPubSubRoutes(Router& router, runtime::Runtime& runtime) {
  auto bulk = [&runtime](const ApiRequest& request, const Params& params) {
    return bulkPublish(runtime, request, params);
  };
  router.add({"POST", "PUT"}, "/v1.0-alpha1/publish/bulk/{pubsub}/{topic*}", bulk);
  router.add({"POST", "PUT"}, "/v1.0/publish/bulk/{pubsub}/{topic*}", bulk);
  router.add({"POST", "PUT"}, "/v1.0/publish/{pubsub}/{topic*}",
             [&runtime](const ApiRequest& request, const Params& params) {
               pubsub::PublishRequest publish;
               publish.pubsub = params.at("pubsub");
               publish.topic = params.at("topic");
               publish.data = request.body;
               publish.content_type = request.header("content-type").value_or("");
               publish.metadata = request.metadata();
               auto result = runtime.pubsub().publish(publish);
               return result ? emptyResponse() : errorResponse(result.error());
             });
}

}  // namespace lichen::http
