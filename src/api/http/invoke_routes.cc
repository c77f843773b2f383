// Service invocation, /v1.0/invoke/{appId}/method/{method…}: a thin adapter from the HTTP
// request to the runtime's DirectMessaging (own app: the app channel; another app: its
// sidecar), and from its answer (the app's status, headers, body and Content-Type) back.
#include <algorithm>
#include <cctype>
#include <optional>

#include "api/http/dapr_api.h"
#include "api/http/responses.h"

namespace lichen::http {
namespace {

const std::vector<std::string> kInvokeVerbs = {"GET",   "POST", "PUT",     "DELETE",
                                               "PATCH", "HEAD", "OPTIONS", "TRACE"};

}  // namespace

ApiResponse invokeApp(runtime::Runtime& runtime, const std::string& app_id,
                      const std::string& method, const ApiRequest& request) {
  if (std::find(kInvokeVerbs.begin(), kInvokeVerbs.end(), request.method) == kInvokeVerbs.end()) {
    return ApiResponse{405, "text/plain; charset=utf-8", "Method Not Allowed", {}};
  }
  invoke::InvokeRequest call{app_id, method, request.method, request.query, request.headers,
                             request.body, request.header("content-type").value_or(""),
                             // Only present when another sidecar proved it (makeCallerIdentity).
                             request.header("dapr-caller-app-id").value_or("")};
  auto response = runtime.invocation().invoke(call);
  if (!response) return errorResponse(response.error());
  ApiResponse out{static_cast<uint16_t>(response->status),
                  std::move(response->content_type),
                  std::move(response->body),
                  {}};
  for (auto& [name, value] : response->headers) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!invoke::isHopByHopHeader(lower)) out.headers.emplace_back(name, std::move(value));
  }
  return out;
}

std::optional<ApiResponse> invokeUrlTarget(runtime::Runtime& runtime, const ApiRequest& request) {
  // "/v1.0/invoke/http://host:port/method/x" splits as v1.0, invoke, "http:", "", host:port,
  // method, x (the URL-encoded form is one segment and matches the route itself).
  const auto& s = request.segments;
  if (s.size() < 6 || s[0] != "v1.0" || s[1] != "invoke" || (s[2] != "http:" && s[2] != "https:") ||
      !s[3].empty() || s[5] != "method")
    return std::nullopt;
  std::string method;
  for (size_t i = 6; i < s.size(); ++i) method += (i == 6 ? "" : "/") + s[i];
  return invokeApp(runtime, s[2] + "//" + s[4], method, request);
}

void addInvokeRoutes(Router& router, runtime::Runtime& runtime) {
  router.add(kInvokeVerbs, "/v1.0/invoke/{app}/method/{method*}",
             [&runtime](const ApiRequest& request, const Params& params) {
               return invokeApp(runtime, params.at("app"), params.at("method"), request);
             });
}

}  // namespace lichen::http
