// /v1.0/state/...: get, save, delete, bulk get and transactions, with daprd's shapes, status
// codes and check order (store first, then body), per dapr/dapr pkg/api/http/http.go.
#include "api/http/dapr_api.h"
#include "api/http/json_util.h"
#include "api/http/responses.h"

namespace lichen::http {
namespace {

using state::Concurrency;
using state::Consistency;

StatusOr<Concurrency> parseConcurrency(const std::string& text) {
  if (text.empty()) return Concurrency::kUnspecified;
  if (text == "first-write") return Concurrency::kFirstWrite;
  if (text == "last-write") return Concurrency::kLastWrite;
  return fail(StatusCode::kMalformedRequest, "invalid concurrency: " + text);
}

StatusOr<Consistency> parseConsistency(const std::string& text) {
  if (text.empty()) return Consistency::kUnspecified;
  if (text == "strong") return Consistency::kStrong;
  if (text == "eventual") return Consistency::kEventual;
  return fail(StatusCode::kMalformedRequest, "invalid consistency: " + text);
}

// One save/upsert item: {"key","value","etag","metadata","options":{...},"contentType"}.
// Query-string metadata overrides the item's, as in daprd.
StatusOr<state::SetRequest> parseSetRequest(const json::value& item,
                                            const std::map<std::string, std::string>& query_md) {
  if (!item.is_object()) {
    return fail(StatusCode::kMalformedRequest,
                "failed deserializing HTTP body: state items must be objects");
  }
  const json::object& object = item.get_object();
  state::SetRequest request;
  LICHEN_ASSIGN_OR_RETURN(auto key, optionalString(object, "key"));
  request.key = key.value_or("");
  const json::value* value = findField(object, "value");
  request.value = value ? serializeJson(*value) : "null";
  LICHEN_ASSIGN_OR_RETURN(request.etag, optionalString(object, "etag"));
  LICHEN_ASSIGN_OR_RETURN(request.metadata, stringMap(object, "metadata"));
  for (const auto& [k, v] : query_md) request.metadata[k] = v;
  LICHEN_ASSIGN_OR_RETURN(auto content_type, optionalString(object, "contentType"));
  request.content_type = content_type.value_or("");
  if (const json::value* options = findField(object, "options"); options && options->is_object()) {
    LICHEN_ASSIGN_OR_RETURN(auto concurrency, optionalString(options->get_object(), "concurrency"));
    LICHEN_ASSIGN_OR_RETURN(request.concurrency, parseConcurrency(concurrency.value_or("")));
    LICHEN_ASSIGN_OR_RETURN(auto consistency, optionalString(options->get_object(), "consistency"));
    LICHEN_ASSIGN_OR_RETURN(request.consistency, parseConsistency(consistency.value_or("")));
  }
  return request;
}

ApiResponse getState(runtime::Runtime& runtime, const ApiRequest& request, const Params& params) {
  state::GetRequest get{params.at("key"), request.metadata(), Consistency::kUnspecified};
  auto consistency = parseConsistency(request.queryParam("consistency").value_or(""));
  if (!consistency) return errorResponse(consistency.error());
  get.consistency = *consistency;
  auto result = runtime.state().get(params.at("store"), get);
  if (!result) return errorResponse(result.error());
  if (!result->has_value()) return emptyResponse();
  state::GetResponse& found = **result;
  std::string content_type = found.content_type.empty() ? "application/json" : found.content_type;
  ApiResponse response{200, content_type, std::move(found.data), {}};
  if (found.etag) response.headers.emplace_back("ETag", *found.etag);
  for (const auto& [k, v] : found.metadata) response.headers.emplace_back("metadata." + k, v);
  return response;
}

ApiResponse saveState(runtime::Runtime& runtime, const ApiRequest& request, const Params& params) {
  const std::string& store = params.at("store");
  if (auto info = runtime.state().storeInfo(store); !info) return errorResponse(info.error());
  auto body = parseJsonBody(request.body);
  if (!body) return errorResponse(body.error());
  if (!body->is_array()) {
    return errorResponse(
        Status(StatusCode::kMalformedRequest,
               "failed deserializing HTTP body: expected an array of state items"));
  }
  std::map<std::string, std::string> query_md = request.metadata();
  std::vector<state::SetRequest> items;
  for (const json::value& item : body->get_array()) {
    auto parsed = parseSetRequest(item, query_md);
    if (!parsed) return errorResponse(parsed.error());
    items.push_back(std::move(*parsed));
  }
  auto result = runtime.state().save(store, std::move(items));
  return result ? emptyResponse() : errorResponse(result.error());
}

ApiResponse deleteState(runtime::Runtime& runtime, const ApiRequest& request,
                        const Params& params) {
  state::DeleteRequest remove;
  remove.key = params.at("key");
  remove.metadata = request.metadata();
  if (auto etag = request.header("if-match"); etag && !etag->empty()) remove.etag = *etag;
  auto concurrency = parseConcurrency(request.queryParam("concurrency").value_or(""));
  if (!concurrency) return errorResponse(concurrency.error());
  remove.concurrency = *concurrency;
  auto consistency = parseConsistency(request.queryParam("consistency").value_or(""));
  if (!consistency) return errorResponse(consistency.error());
  remove.consistency = *consistency;
  auto result = runtime.state().remove(params.at("store"), remove);
  return result ? emptyResponse() : errorResponse(result.error());
}

ApiResponse bulkGetState(runtime::Runtime& runtime, const ApiRequest& request,
                         const Params& params) {
  const std::string& store = params.at("store");
  if (auto info = runtime.state().storeInfo(store); !info) return errorResponse(info.error());
  auto body = parseJsonBody(request.body);
  if (!body) return errorResponse(body.error());
  const json::object* object = body->if_object();
  const json::value* keys_value = object ? findField(*object, "keys") : nullptr;
  if (!object || (keys_value && !keys_value->is_array() && !keys_value->is_null())) {
    return errorResponse(Status(StatusCode::kMalformedRequest,
                                "failed deserializing HTTP body: expected {\"keys\":[...]}"));
  }
  std::vector<std::string> keys;
  if (keys_value && keys_value->is_array()) {
    for (const json::value& key : keys_value->get_array()) {
      if (!key.is_string()) {
        return errorResponse(Status(StatusCode::kMalformedRequest,
                                    "failed deserializing HTTP body: keys must be strings"));
      }
      keys.emplace_back(key.get_string());
    }
  }
  auto metadata = stringMap(*object, "metadata");
  if (!metadata) return errorResponse(metadata.error());
  for (const auto& [k, v] : request.metadata()) (*metadata)[k] = v;
  auto items = runtime.state().bulkGet(store, keys, *metadata);
  if (!items) return errorResponse(items.error());
  // Items are {"key","data","etag","metadata","error"}: `data`, not the docs' `value`.
  std::string out = "[";
  for (size_t i = 0; i < items->size(); ++i) {
    const state::BulkGetItem& item = (*items)[i];
    json::object head;
    head["key"] = item.key;
    std::string entry = serializeJson(head);
    entry.pop_back();  // reopen the object to splice the raw stored JSON in as "data"
    if (item.response) {
      const std::string& data = item.response->data;
      entry += ",\"data\":" + (isJson(data) ? data : serializeJson(json::string(data)));
      if (item.response->etag)
        entry += ",\"etag\":" + serializeJson(json::string(*item.response->etag));
      if (!item.response->metadata.empty()) {
        json::object md;
        for (const auto& [k, v] : item.response->metadata) md[k] = v;
        entry += ",\"metadata\":" + serializeJson(md);
      }
    }
    if (!item.error.empty()) entry += ",\"error\":" + serializeJson(json::string(item.error));
    out += (i ? "," : "") + entry + "}";
  }
  out += "]";
  return jsonResponse(200, std::move(out));
}

ApiResponse transactState(runtime::Runtime& runtime, const ApiRequest& request,
                          const Params& params) {
  const std::string& store = params.at("store");
  auto info = runtime.state().storeInfo(store);
  if (!info) return errorResponse(info.error());
  if (!info->features.has(state::Feature::kTransactional)) {
    return errorResponse(Status(StatusCode::kStateStoreNotSupported,
                                "state store " + store + " doesn't support transaction"));
  }
  auto body = parseJsonBody(request.body);
  if (!body) return errorResponse(body.error());
  const json::object* object = body->if_object();
  const json::value* ops = object ? findField(*object, "operations") : nullptr;
  if (!object || (ops && !ops->is_array() && !ops->is_null())) {
    return errorResponse(Status(StatusCode::kMalformedRequest,
                                "failed deserializing HTTP body: expected {\"operations\":[...]}"));
  }
  auto metadata = stringMap(*object, "metadata");
  if (!metadata) return errorResponse(metadata.error());
  std::vector<state::Operation> operations;
  if (ops && ops->is_array()) {
    for (const json::value& op : ops->get_array()) {
      const json::object* op_object = op.if_object();
      if (!op_object) {
        return errorResponse(Status(StatusCode::kMalformedRequest,
                                    "failed deserializing HTTP body: operations must be objects"));
      }
      auto kind = optionalString(*op_object, "operation");
      if (!kind) return errorResponse(kind.error());
      const json::value* inner = findField(*op_object, "request");
      json::value empty = json::object();
      auto parsed = parseSetRequest(inner && !inner->is_null() ? *inner : empty, {});
      if (!parsed) return errorResponse(parsed.error());
      std::string name = kind->value_or("");
      if (name == "upsert") {
        operations.emplace_back(std::move(*parsed));
      } else if (name == "delete") {
        operations.emplace_back(state::DeleteRequest{
            std::move(parsed->key), std::move(parsed->etag), std::move(parsed->metadata),
            parsed->concurrency, parsed->consistency});
      } else {
        return errorResponse(Status(StatusCode::kStateOperationNotSupported,
                                    "operation type " + name + " not supported"));
      }
    }
  }
  auto result = runtime.state().transact(store, std::move(operations), *metadata);
  return result ? emptyResponse() : errorResponse(result.error());
}

}  // namespace

void addStateRoutes(Router& router, runtime::Runtime& runtime) {
  auto bind = [&runtime](auto fn) {
    return [&runtime, fn](const ApiRequest& request, const Params& params) {
      return fn(runtime, request, params);
    };
  };
  // An in-memory store without resiliency policies answers at once.
  NeverBlocks store_never_blocks = [&runtime](const ApiRequest&, const Params& params) {
    return runtime.state().neverBlocks(params.at("store"));
  };
  router.add({"POST", "PUT"}, "/v1.0/state/{store}/bulk", bind(bulkGetState), store_never_blocks);
  router.add({"POST", "PUT"}, "/v1.0/state/{store}/transaction", bind(transactState),
             store_never_blocks);
  router.add({"POST", "PUT"}, "/v1.0/state/{store}", bind(saveState), store_never_blocks);
  router.add({"GET"}, "/v1.0/state/{store}/{key}", bind(getState), store_never_blocks);
  router.add({"DELETE"}, "/v1.0/state/{store}/{key}", bind(deleteState), store_never_blocks);
}

}  // namespace lichen::http
