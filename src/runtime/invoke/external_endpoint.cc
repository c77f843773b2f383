#include "runtime/invoke/external_endpoint.h"

#include <cctype>

#include "net/http_request.h"
#include "runtime/invoke/trace_context.h"

namespace lichen::invoke {

bool isUrlTarget(const std::string& app_id) {
  return app_id.rfind("http://", 0) == 0 || app_id.rfind("https://", 0) == 0;
}

StatusOr<InvokeResponse> invokeExternal(const HttpEndpoint& endpoint, const InvokeRequest& request,
                                        int64_t timeout_ms) {
  net::HttpRequestSpec spec;
  spec.method = request.verb;
  spec.url = endpoint.base_url + appPath(request);
  for (const auto& [name, value] : request.headers) {
    if (!isHopByHopHeader(name) && name != "traceparent" && name != "content-type")
      spec.headers.emplace_back(name, value);
  }
  auto incoming = request.headers.find("traceparent");
  spec.headers.emplace_back(
      "traceparent", childTraceParent(incoming == request.headers.end() ? "" : incoming->second));
  if (!request.content_type.empty())
    spec.headers.emplace_back("content-type", request.content_type);
  for (const auto& header : endpoint.headers) spec.headers.push_back(header);
  spec.body = request.body;
  spec.has_body = !request.body.empty() || (request.verb != "GET" && request.verb != "HEAD");
  spec.timeout_ms = timeout_ms;
  spec.max_body_bytes = 64ull << 20;
  spec.root_ca_pem = endpoint.root_ca_pem;
  spec.client_cert_pem = endpoint.client_cert_pem;
  spec.client_key_pem = endpoint.client_key_pem;
  auto reply = net::sendHttpRequest(spec);
  if (!reply) return fail(StatusCode::kInternal, reply.error().message);
  InvokeResponse response;
  response.status = reply->status;
  for (auto& [name, value] : reply->headers) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "content-type") {
      response.content_type = std::move(value);
    } else if (!isHopByHopHeader(lower)) {
      response.headers.emplace_back(std::move(name), std::move(value));
    }
  }
  response.body = std::move(reply->body);
  return response;
}

}  // namespace lichen::invoke
