// The app channel over HTTP: calls into the application (service invocation with its headers,
// pub/sub delivery, subscription discovery), and the health check's "is the application
// listening yet?".
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "runtime/component/app_channel.h"

namespace lichen::http {

// Keeps connections to the app alive between calls (as daprd's HTTP client does) and opens more
// while they are all busy. A kept connection the app closed in the meantime is noticed before
// use, or — when the close crosses our request — the request is sent once more on a new
// connection, provided no byte of a response came back. Adds `dapr-api-token` when
// APP_API_TOKEN is set, as daprd does.
class HttpAppChannel : public component::AppChannel {
 public:
  HttpAppChannel(std::string address, uint16_t port, std::string app_api_token,
                 int timeout_ms = 60000, std::string token_header = "dapr-api-token");
  ~HttpAppChannel() override;
  StatusOr<component::AppResponse> call(const std::string& method, const std::string& path,
                                        const std::string& body,
                                        const std::string& content_type) override;
  StatusOr<component::AppResponse> invoke(const component::AppRequest& request) override;
  // One request with extra headers (names lower-case; Content-Type comes from `content_type`).
  StatusOr<component::AppResponse> send(const std::string& method, const std::string& target,
                                        const std::map<std::string, std::string>& headers,
                                        const std::string& body, const std::string& content_type);

  size_t idleConnections() const;  // kept open for the next call

 private:
  struct Pool;
  std::string address_;
  uint16_t port_;
  std::string token_;
  int timeout_ms_;
  std::string token_header_;
  std::unique_ptr<Pool> pool_;
};

// true when a TCP connection to address:port succeeds within `timeout_ms`.
bool appReachable(const std::string& address, uint16_t port, int timeout_ms = 500);

}  // namespace lichen::http
