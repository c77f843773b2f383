// The app channel: how the sidecar calls the application (pub/sub delivery, subscription
// discovery, later service invocation). The runtime uses this interface; api/http implements
// it over HTTP, tests with fakes.
#pragma once

#include <string>

#include "common/status.h"

namespace lichen::component {

struct AppResponse {
  int status = 0;
  std::string body;
  std::string content_type;
};

class AppChannel {
 public:
  virtual ~AppChannel() = default;
  // A transport failure is an error; any HTTP status is a response.
  virtual StatusOr<AppResponse> call(const std::string& method, const std::string& path,
                                     const std::string& body, const std::string& content_type) = 0;
};

}  // namespace lichen::component
