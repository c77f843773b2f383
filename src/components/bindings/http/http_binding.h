// bindings.http: an output binding that makes one HTTP or HTTPS request per call, as Dapr's
// (components-contrib bindings/http): operations get, head, post, put, patch, delete, options,
// trace and create (= post); metadata `url` (required at call time), `responseTimeout`,
// `maxResponseBodySize` (100Mi), `securityToken`/`securityTokenHeader`, `errorIfNot2XX`
// (true), `MTLSRootCA`, `MTLSClientCert`/`MTLSClientKey` (PEM text or a file); request
// metadata `path` (appended to url), `errorIfNot2XX`, and keys starting with a capital letter
// as request headers; response metadata `statusCode`, `status` ("200 OK") and every response
// header by Go's canonical name, values of a repeated header joined with ", ".
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "runtime/bindings/binding.h"
#include "runtime/registry.h"

namespace lichen::components {

class HttpBinding : public bindings::OutputBinding {
 public:
  Expected<void, Status> init(const component::Properties& properties) override;
  std::vector<std::string> operations() const override {
    return {"create", "get", "head", "post", "put", "patch", "delete", "options", "trace"};
  }
  bindings::InvokeResult invoke(const bindings::InvokeRequest& request) override;

 private:
  std::string url_;
  std::optional<int64_t> response_timeout_ms_;
  uint64_t max_body_bytes_ = 100ull << 20;
  std::string token_, token_header_;
  bool error_if_not_2xx_ = true;
  std::string root_ca_pem_, client_cert_pem_, client_key_pem_;
};

// Go's textproto.CanonicalMIMEHeaderKey: "content-type" -> "Content-Type".
std::string canonicalHeaderKey(const std::string& key);

void registerHttpBinding(runtime::Registry& registry);

}  // namespace lichen::components
