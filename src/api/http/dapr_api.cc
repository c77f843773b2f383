#include "api/http/dapr_api.h"

#include <cctype>
#include <optional>

#include "api/http/responses.h"

namespace lichen::http {
namespace {

// "Basic base64(dapr-app-id:<app id>)" -> the app id.
std::optional<std::string> basicAuthAppId(const std::string& authorization) {
  constexpr std::string_view kBasic = "Basic ";
  if (authorization.compare(0, kBasic.size(), kBasic) != 0) return std::nullopt;
  std::string decoded;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : authorization.substr(kBasic.size())) {
    int value = std::isupper(static_cast<unsigned char>(c))   ? c - 'A'
                : std::islower(static_cast<unsigned char>(c)) ? c - 'a' + 26
                : std::isdigit(static_cast<unsigned char>(c)) ? c - '0' + 52
                : c == '+'                                    ? 62
                : c == '/'                                    ? 63
                                                              : -1;
    if (value < 0) continue;  // '=' padding
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      decoded += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  constexpr std::string_view kUser = "dapr-app-id:";
  if (decoded.compare(0, kUser.size(), kUser) != 0) return std::nullopt;
  return decoded.substr(kUser.size());
}

}  // namespace

DaprHttpApi::DaprHttpApi(runtime::Runtime& runtime, ApiOptions options)
    : runtime_(runtime), options_(std::move(options)) {
  addMetadataRoutes(router_, runtime_, options_);
  addStateRoutes(router_, runtime_);
  addSecretsRoutes(router_, runtime_);
  addPubSubRoutes(router_, runtime_);
  addInvokeRoutes(router_, runtime_);
  addBindingsRoutes(router_, runtime_);
  addConfigurationRoutes(router_, runtime_);
  addLockRoutes(router_, runtime_);
  addUnconfiguredRoutes(router_, runtime_);
  // Logging outermost, so refused calls are logged too.
  if (options_.api_logging) middleware_.add(makeApiLogging());
  middleware_.add(makeCallerIdentity(options_.internal_token));
  if (!options_.api_token.empty()) {
    middleware_.add(makeApiTokenCheck(options_.api_token, options_.internal_token));
  }
  // Like daprd, the token is checked before any user middleware sees the request.
  if (!options_.http_pipeline.empty()) middleware_.add(makePipelineLink(options_.http_pipeline));
}

ApiResponse DaprHttpApi::handle(const ApiRequest& request) const {
  return middleware_.handle(request, [this](const ApiRequest& next) { return route(next); });
}

bool DaprHttpApi::neverBlocks(const ApiRequest& request) const {
  return options_.http_pipeline.empty() && router_.neverBlocks(request);
}

ApiResponse DaprHttpApi::route(const ApiRequest& request) const {
  std::optional<ApiResponse> routed = router_.tryDispatch(request);
  if (routed) return std::move(*routed);
  if (auto url_target = invokeUrlTarget(runtime_, request)) return std::move(*url_target);
  ApiResponse response{404, "text/plain; charset=utf-8", "404 page not found\n", {}};
  // daprd's fallback: any other path carrying `dapr-app-id` (header, or Basic-auth user
  // "dapr-app-id" with the app id as password) is a service invocation of that path.
  std::optional<std::string> app_id = request.header("dapr-app-id");
  if (!app_id) app_id = basicAuthAppId(request.header("authorization").value_or(""));
  if (!app_id || app_id->empty() || request.segments.empty()) return response;
  std::string method = request.segments[0];
  for (size_t i = 1; i < request.segments.size(); ++i) method += "/" + request.segments[i];
  return invokeApp(runtime_, *app_id, method, request);
}

}  // namespace lichen::http
