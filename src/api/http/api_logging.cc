// --enable-api-logging as a middleware link (see middleware.h).
#include <spdlog/spdlog.h>

#include "api/http/middleware.h"

namespace lichen::http {
namespace {

class ApiLogging : public Middleware {
 public:
  ApiResponse handle(const ApiRequest& request, const NextHandler& next) const override {
    ApiResponse response = next(request);
    std::string path;
    for (const std::string& segment : request.segments) path += "/" + segment;
    spdlog::info("HTTP API Called: {} {} -> {}", request.method, path, response.status);
    return response;
  }
};

}  // namespace

std::unique_ptr<Middleware> makeApiLogging() { return std::make_unique<ApiLogging>(); }

}  // namespace lichen::http
