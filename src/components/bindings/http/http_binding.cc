#include "components/bindings/http/http_binding.h"

#include <cctype>
#include <map>

#include "net/http_request.h"

namespace lichen::components {
namespace {

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// kitmd.ByteSize: "100Mi", "1G", "2048" (resource.Quantity syntax, the common forms).
std::optional<uint64_t> parseByteSize(const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 18) return std::nullopt;
  uint64_t value = std::stoull(text.substr(0, digits));
  static const std::map<std::string, uint64_t> kUnits = {{"", 1},
                                                         {"k", 1000},
                                                         {"M", 1000000},
                                                         {"G", 1000000000},
                                                         {"Ki", 1ull << 10},
                                                         {"Mi", 1ull << 20},
                                                         {"Gi", 1ull << 30},
                                                         {"Ti", 1ull << 40}};
  auto unit = kUnits.find(text.substr(digits));
  if (unit == kUnits.end()) return std::nullopt;
  return value * unit->second;
}

}  // namespace

std::string canonicalHeaderKey(const std::string& key) {
  for (char c : key) {  // Go leaves keys with bytes outside the token set as they are
    if (c == ' ' || static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7E) {
      return key;
    }
  }
  std::string out = key;
  bool up = true;
  for (char& c : out) {
    c = static_cast<char>(up ? std::toupper(static_cast<unsigned char>(c))
                             : std::tolower(static_cast<unsigned char>(c)));
    up = c == '-';
  }
  return out;
}

Expected<void, Status> HttpBinding::init(const component::Properties& properties) {
  url_ = properties.getOr("url", "");
  if (properties.has("responseTimeout")) {
    LICHEN_ASSIGN_OR_RETURN(int64_t ms, properties.getDurationMs("responseTimeout", 0));
    if (ms > 0) response_timeout_ms_ = ms;
  }
  if (auto size = properties.get("maxResponseBodySize"); size && !size->empty()) {
    auto bytes = parseByteSize(*size);
    if (!bytes) {
      return fail(StatusCode::kInvalidConfig, "invalid value for maxResponseBodySize: " + *size);
    }
    max_body_bytes_ = *bytes;
  }
  token_ = properties.getOr("securityToken", "");
  token_header_ = properties.getOr("securityTokenHeader", "");
  root_ca_pem_ = properties.getOr("MTLSRootCA", "");
  client_cert_pem_ = properties.getOr("MTLSClientCert", "");
  client_key_pem_ = properties.getOr("MTLSClientKey", "");
  if (auto value = properties.get("errorIfNot2XX"); value && !value->empty()) {
    error_if_not_2xx_ = component::parseBool(*value).value_or(false);
  }
  return {};
}

bindings::InvokeResult HttpBinding::invoke(const bindings::InvokeRequest& request) {
  const bindings::Metadata& metadata = request.metadata;
  auto meta = [&](const std::string& key) {
    auto it = metadata.find(key);
    return it == metadata.end() ? std::string() : it->second;
  };
  net::HttpRequestSpec spec;
  spec.url = url_;
  if (std::string path = meta("path"); !path.empty()) {
    while (!spec.url.empty() && spec.url.back() == '/') spec.url.pop_back();
    path.erase(0, path.find_first_not_of('/'));
    spec.url += "/" + path;
  }
  bool error_if_not_2xx = error_if_not_2xx_;
  if (std::string value = meta("errorIfNot2XX"); !value.empty()) {
    error_if_not_2xx = component::parseBool(value).value_or(false);
  }
  spec.method = upper(request.operation);
  if (spec.method == "CREATE") spec.method = "POST";
  spec.has_body = spec.method == "PUT" || spec.method == "POST" || spec.method == "PATCH";
  if (spec.has_body) spec.body = request.data;
  if (spec.has_body && !metadata.contains("Content-Type")) {
    spec.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
  }
  if (!metadata.contains("Accept"))
    spec.headers.emplace_back("Accept", "application/json; charset=utf-8");
  if (!token_.empty() && !token_header_.empty()) spec.headers.emplace_back(token_header_, token_);
  for (const auto& [key, value] : metadata) {
    if (!key.empty() && key[0] >= 'A' && key[0] <= 'Z') spec.headers.emplace_back(key, value);
  }
  for (const char* trace : {"traceparent", "tracestate", "baggage"}) {
    if (std::string value = meta(trace); !value.empty()) spec.headers.emplace_back(trace, value);
  }
  spec.timeout_ms = response_timeout_ms_.value_or(0);
  spec.max_body_bytes = max_body_bytes_;
  spec.root_ca_pem = root_ca_pem_;
  spec.client_cert_pem = client_cert_pem_;
  spec.client_key_pem = client_key_pem_;
  auto reply = net::sendHttpRequest(spec);
  if (!reply) {
    return bindings::InvokeResult::failure(Status(StatusCode::kInternal, reply.error().message));
  }
  bindings::InvokeResponse response;
  response.data = std::move(reply->body);
  for (const auto& [name, value] : reply->headers) {
    std::string& slot = response.metadata[canonicalHeaderKey(name)];
    slot += (slot.empty() ? "" : ", ") + value;
  }
  response.metadata["statusCode"] = std::to_string(reply->status);
  response.metadata["status"] = std::to_string(reply->status) + " " + reply->reason;
  bindings::InvokeResult result = bindings::InvokeResult::success(std::move(response));
  if (error_if_not_2xx && reply->status / 100 != 2) {
    result.error =
        Status(StatusCode::kInternal, "received status code " + std::to_string(reply->status));
  }
  return result;
}

void registerHttpBinding(runtime::Registry& registry) {
  registry.add("bindings.http", [] { return std::make_unique<HttpBinding>(); });
}

}  // namespace lichen::components
