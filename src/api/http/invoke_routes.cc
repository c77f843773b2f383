// Service invocation, /v1.0/invoke/{appId}/method/{method…} (daprd directmessaging.go). For the
// sidecar's own app the request goes to the app channel as METHOD /{method}?{query} with its
// body and Content-Type, and the app's status, body and Content-Type come back. Another app id
// is looked up in local name resolution and the call forwarded to that app's sidecar (which
// accepts the forwarded call by its internal token); unknown ids answer daprd's "couldn't find
// service".
#include <cctype>

#include "api/http/app_channel.h"
#include "api/http/dapr_api.h"
#include "api/http/responses.h"

namespace lichen::http {
namespace {

// Percent-encodes what may not appear as is in a path (keep '/') or a query component.
std::string encode(const std::string& text, bool query) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    bool plain = std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~' ||
                 (!query && (c == '/' || c == ':' || c == '@' || c == '!' || c == '$' ||
                             c == '\'' || c == '(' || c == ')' || c == '*' || c == ',' ||
                             c == ';' || c == '=' || c == '+'));
    if (plain) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::string pathAndQuery(const std::string& method, const ApiRequest& request) {
  std::string path = "/" + encode(method, false);
  for (size_t i = 0; i < request.query.size(); ++i) {
    path += (i == 0 ? "?" : "&") + encode(request.query[i].first, true) + "=" +
            encode(request.query[i].second, true);
  }
  return path;
}

ApiResponse relay(const std::string& app_id, StatusOr<component::AppResponse> response) {
  if (!response) {
    return errorResponse(
        Status(StatusCode::kDirectInvoke,
               "failed to invoke, id: " + app_id + ", err: " + response.error().message()));
  }
  return ApiResponse{static_cast<uint16_t>(response->status),
                     response->content_type,
                     std::move(response->body),
                     {}};
}

ApiResponse invoke(runtime::Runtime& runtime, const ApiOptions& options, const ApiRequest& request,
                   const Params& params) {
  const std::string& app_id = params.at("app");
  // "app.namespace" names the same app when the namespace is ours (or not set).
  std::string target = app_id.substr(0, app_id.find('.'));
  std::string content_type = request.header("content-type").value_or("");
  if (target != runtime.appId()) {
    auto endpoint = options.resolver ? options.resolver->resolve(target) : std::nullopt;
    if (!endpoint) {
      return errorResponse(
          Status(StatusCode::kDirectInvoke,
                 "failed to invoke, id: " + app_id + ", err: couldn't find service: " + app_id));
    }
    HttpAppChannel sidecar(endpoint->address, endpoint->port, endpoint->token, 60000,
                           "lichen-internal-token");
    std::string path = "/v1.0/invoke/" + encode(target, true) + "/method" +
                       pathAndQuery(params.at("method"), request);
    return relay(app_id, sidecar.call(request.method, path, request.body, content_type));
  }
  auto channel = runtime.appChannel();
  if (!channel) {
    return errorResponse(
        Status(StatusCode::kDirectInvoke,
               "failed to invoke, id: " + app_id + ", err: app channel is not initialized"));
  }
  return relay(app_id, channel->call(request.method, pathAndQuery(params.at("method"), request),
                                     request.body, content_type));
}

}  // namespace

void addInvokeRoutes(Router& router, runtime::Runtime& runtime, const ApiOptions& options) {
  router.add({"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"},
             "/v1.0/invoke/{app}/method/{method*}",
             [&runtime, &options](const ApiRequest& request, const Params& params) {
               return invoke(runtime, options, request, params);
             });
}

}  // namespace lichen::http
