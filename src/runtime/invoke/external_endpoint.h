// Invocation of a service outside Dapr (daprd's "non-Dapr endpoints"): a target that is a URL
// (/v1.0/invoke/https://host:port/method/...) or the name of an HTTPEndpoint resource. The
// call goes straight to the service over HTTP(S), with the caller's headers (minus hop-by-hop
// ones), the endpoint's own headers and a child traceparent.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "runtime/invoke/invocation.h"

namespace lichen::invoke {

struct HttpEndpoint {
  std::string name;
  std::string base_url;  // without a trailing '/'
  std::vector<std::pair<std::string, std::string>> headers;
  std::string root_ca_pem, client_cert_pem, client_key_pem;
};

// true when `app_id` is itself a URL target ("http://..." or "https://...").
bool isUrlTarget(const std::string& app_id);

// Calls `endpoint.base_url + "/" + method?query`. A transport failure is an error; any status
// the service answers is a response.
StatusOr<InvokeResponse> invokeExternal(const HttpEndpoint& endpoint, const InvokeRequest& request,
                                        int64_t timeout_ms);

}  // namespace lichen::invoke
