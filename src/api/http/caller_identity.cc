// The caller-identity link (see middleware.h): `dapr-caller-app-id` is believed only from a
// sidecar that proves itself with our internal token; from anyone else it is removed, so an
// app cannot pose as another to the app it calls.
#include "api/http/middleware.h"
#include "common/constant_time.h"

namespace lichen::http {
namespace {

class CallerIdentity : public Middleware {
 public:
  explicit CallerIdentity(std::string internal_token)
      : internal_token_(std::move(internal_token)) {}

  ApiResponse handle(const ApiRequest& request, const NextHandler& next) const override {
    if (!request.header("dapr-caller-app-id")) return next(request);
    bool from_sidecar =
        !internal_token_.empty() &&
        constantTimeEquals(request.header("lichen-internal-token").value_or(""), internal_token_);
    if (from_sidecar) return next(request);
    ApiRequest stripped = request;
    stripped.headers.erase("dapr-caller-app-id");
    return next(stripped);
  }

 private:
  std::string internal_token_;
};

}  // namespace

std::unique_ptr<Middleware> makeCallerIdentity(std::string internal_token) {
  return std::make_unique<CallerIdentity>(std::move(internal_token));
}

}  // namespace lichen::http
