// The Dapr HTTP API as one of the sidecar's transports: an HttpServer serving a DaprHttpApi,
// which it owns (so the API lives exactly as long as the server that calls it).
#pragma once

#include <memory>

#include "api/http/dapr_api.h"
#include "api/http/server.h"
#include "runtime/transport.h"

namespace lichen::http {

class HttpApiTransport : public runtime::Transport {
 public:
  HttpApiTransport(ServerOptions options, std::unique_ptr<DaprHttpApi> api);
  StatusOr<runtime::TransportInfo> start() override;
  void stop(int64_t drain_ms) override { server_.stop(drain_ms); }

 private:
  std::unique_ptr<DaprHttpApi> api_;
  HttpServer server_;
};

}  // namespace lichen::http
