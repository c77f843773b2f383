// Distributed lock (alpha): POST /v1.0-alpha1/lock/{store} {"resourceId","lockOwner",
// "expiryInSeconds"} -> {"success":bool}, POST /v1.0-alpha1/unlock/{store} {"resourceId",
// "lockOwner"} -> {"status":0..3}, as daprd's pkg/api/http/lock.go: the body is read as
// protojson reads TryLockRequest (camelCase or proto field names, an int32 as a number or a
// decimal string, unknown fields ignored) and every field is written, even when false or 0.
#include <cmath>
#include <limits>

#include "api/http/dapr_api.h"
#include "api/http/json_util.h"
#include "api/http/responses.h"

namespace lichen::http {
namespace {

Unexpected<Status> malformed(const std::string& why) {
  return fail(StatusCode::kMalformedRequest, "failed deserializing HTTP body: " + why);
}

const json::value* protoField(const json::object& object, std::string_view json_name,
                              std::string_view proto_name) {
  if (auto it = object.find(json_name); it != object.end()) return &it->value();
  if (auto it = object.find(proto_name); it != object.end()) return &it->value();
  return nullptr;
}

StatusOr<std::string> protoString(const json::object& object, std::string_view json_name,
                                  std::string_view proto_name) {
  const json::value* value = protoField(object, json_name, proto_name);
  if (!value || value->is_null()) return std::string();
  if (!value->is_string())
    return malformed("invalid value for string field " + std::string(json_name));
  return std::string(value->get_string());
}

StatusOr<int32_t> protoInt32(const json::object& object, std::string_view json_name,
                             std::string_view proto_name) {
  const json::value* value = protoField(object, json_name, proto_name);
  if (!value || value->is_null()) return 0;
  std::optional<int64_t> number;
  if (value->is_int64()) {
    number = value->get_int64();
  } else if (value->is_uint64()) {
    number = std::nullopt;
  } else if (value->is_double() && std::trunc(value->get_double()) == value->get_double() &&
             std::abs(value->get_double()) < 1e10) {
    number = static_cast<int64_t>(value->get_double());
  } else if (value->is_string()) {
    number = component::parseInt(std::string(value->get_string()));
  }
  if (!number || *number < std::numeric_limits<int32_t>::min() ||
      *number > std::numeric_limits<int32_t>::max()) {
    return malformed("invalid value for int32 field " + std::string(json_name));
  }
  return static_cast<int32_t>(*number);
}

struct LockRequest {
  std::string resource_id;
  std::string owner;
  int32_t expiry_seconds = 0;
};

// Unlock requests have no expiry: an expiryInSeconds there is an unknown field, ignored.
StatusOr<LockRequest> parseLockRequest(const std::string& body, bool with_expiry) {
  LockRequest request;
  if (body.empty()) return request;  // protojson leaves every field unset
  LICHEN_ASSIGN_OR_RETURN(json::value value, parseJsonBody(body));
  if (!value.is_object()) return malformed("the body is not a JSON object");
  const json::object& object = value.get_object();
  LICHEN_ASSIGN_OR_RETURN(request.resource_id, protoString(object, "resourceId", "resource_id"));
  LICHEN_ASSIGN_OR_RETURN(request.owner, protoString(object, "lockOwner", "lock_owner"));
  if (!with_expiry) return request;
  LICHEN_ASSIGN_OR_RETURN(request.expiry_seconds,
                          protoInt32(object, "expiryInSeconds", "expiry_in_seconds"));
  return request;
}

}  // namespace

void addLockRoutes(Router& router, runtime::Runtime& runtime) {
  auto& block = runtime.block<lock::LockManager>();
  router.add({"POST"}, "/v1.0-alpha1/lock/{store}",
             [&block](const ApiRequest& request, const Params& params) {
               auto parsed = parseLockRequest(request.body, true);
               if (!parsed) return errorResponse(parsed.error());
               auto locked = block.tryLock(params.at("store"), parsed->resource_id, parsed->owner,
                                           parsed->expiry_seconds);
               if (!locked) return errorResponse(locked.error());
               return jsonResponse(200, json::value(json::object{{"success", *locked}}));
             });
  router.add(
      {"POST"}, "/v1.0-alpha1/unlock/{store}",
      [&block](const ApiRequest& request, const Params& params) {
        auto parsed = parseLockRequest(request.body, false);
        if (!parsed) return errorResponse(parsed.error());
        auto status = block.unlock(params.at("store"), parsed->resource_id, parsed->owner);
        if (!status) return errorResponse(status.error());
        return jsonResponse(200, json::value(json::object{{"status", static_cast<int>(*status)}}));
      });
}

}  // namespace lichen::http
