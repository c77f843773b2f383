// Output bindings: POST|PUT /v1.0/bindings/{name} with {"operation","data","metadata"}, as
// daprd's onOutputBindingMessage: `data` is re-encoded as Go's json.Marshal writes it before
// the binding sees it; the binding's response metadata comes back as `metadata.<key>` headers,
// even when the call failed; a response is 200 with its data (application/json), none is 204.
#include "api/http/dapr_api.h"
#include "api/http/json_util.h"
#include "api/http/responses.h"

namespace lichen::http {
namespace {

ApiResponse invokeBinding(runtime::Runtime& runtime, const ApiRequest& request,
                          const std::string& name) {
  auto body = parseJsonBody(request.body);
  if (!body) return errorResponse(body.error());
  std::string operation;
  std::map<std::string, std::string> metadata;
  std::string data = "null";  // Go marshals an absent `data` (nil) as null
  if (body->is_object()) {
    const json::object& object = body->get_object();
    auto op = optionalString(object, "operation");
    if (!op) return errorResponse(op.error());
    operation = op->value_or("");
    auto meta = stringMap(object, "metadata");
    if (!meta) return errorResponse(meta.error());
    metadata = std::move(*meta);
    if (const json::value* value = findField(object, "data")) data = marshalLikeGo(*value);
  } else if (!body->is_null()) {
    return errorResponse(Status(StatusCode::kMalformedRequest,
                                "failed deserializing HTTP body: json: cannot unmarshal " +
                                    std::string(json::to_string(body->kind())) +
                                    " into Go value of type http.OutputBindingRequest"));
  }
  bindings::InvokeResult result =
      runtime.bindings().invoke(name, operation, std::move(data), std::move(metadata));
  ApiResponse response;
  if (!result.ok()) {
    response = errorResponse(result.error);
  } else if (!result.response) {
    response = emptyResponse();
  } else {
    response = jsonResponse(200, std::move(result.response->data));
  }
  if (result.response) {
    for (const auto& [key, value] : result.response->metadata) {
      response.headers.emplace_back("metadata." + key, value);
    }
  }
  return response;
}

}  // namespace

void addBindingsRoutes(Router& router, runtime::Runtime& runtime) {
  router.add({"POST", "PUT"}, "/v1.0/bindings/{name}",
             [&runtime](const ApiRequest& request, const Params& params) {
               return invokeBinding(runtime, request, params.at("name"));
             });
}

}  // namespace lichen::http
