// The app channel over HTTP: calls into the application (pub/sub delivery, GET
// /dapr/subscribe), and the health check's "is the application listening yet?".
#pragma once

#include <cstdint>
#include <string>

#include "runtime/component/app_channel.h"

namespace lichen::http {

// One connection per call (the app may restart between calls). Adds `dapr-api-token` when
// APP_API_TOKEN is set, as daprd does.
class HttpAppChannel : public component::AppChannel {
 public:
  HttpAppChannel(std::string address, uint16_t port, std::string app_api_token,
                 int timeout_ms = 60000, std::string token_header = "dapr-api-token");
  StatusOr<component::AppResponse> call(const std::string& method, const std::string& path,
                                        const std::string& body,
                                        const std::string& content_type) override;

 private:
  std::string address_;
  uint16_t port_;
  std::string token_;
  int timeout_ms_;
  std::string token_header_;
};

// true when a TCP connection to address:port succeeds within `timeout_ms`.
bool appReachable(const std::string& address, uint16_t port, int timeout_ms = 500);

}  // namespace lichen::http
