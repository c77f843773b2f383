// The DAPR_API_TOKEN check as a middleware link (see middleware.h). Tokens are compared in
// constant time.
#include "api/http/middleware.h"
#include "api/http/responses.h"
#include "common/constant_time.h"

namespace lichen::http {
namespace {

class ApiTokenCheck : public Middleware {
 public:
  ApiTokenCheck(std::string api_token, std::string internal_token)
      : api_token_(std::move(api_token)), internal_token_(std::move(internal_token)) {}

  ApiResponse handle(const ApiRequest& request, const NextHandler& next) const override {
    const auto& s = request.segments;
    bool exempt = request.method == "GET" && s.size() >= 2 && s[0] == "v1.0" && s[1] == "healthz" &&
                  (s.size() == 2 || (s.size() == 3 && s[2] == "outbound"));
    // A sidecar forwarding an invocation presents our internal token instead.
    bool forwarded =
        !internal_token_.empty() && s.size() >= 2 && s[0] == "v1.0" && s[1] == "invoke" &&
        constantTimeEquals(request.header("lichen-internal-token").value_or(""), internal_token_);
    bool token_ok = constantTimeEquals(request.header("dapr-api-token").value_or(""), api_token_);
    if (!exempt && !forwarded && !token_ok) return plainResponse(401, "invalid api token");
    return next(request);
  }

 private:
  std::string api_token_;
  std::string internal_token_;
};

}  // namespace

std::unique_ptr<Middleware> makeApiTokenCheck(std::string api_token, std::string internal_token) {
  return std::make_unique<ApiTokenCheck>(std::move(api_token), std::move(internal_token));
}

}  // namespace lichen::http
