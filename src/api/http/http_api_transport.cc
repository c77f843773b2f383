#include "api/http/http_api_transport.h"

namespace lichen::http {

HttpApiTransport::HttpApiTransport(ServerOptions options, std::unique_ptr<DaprHttpApi> api)
    : api_(std::move(api)),
      address_(options.address),
      server_(
          std::move(options),
          [api = api_.get()](const ApiRequest& request) { return api->handle(request); },
          [api = api_.get()](const ApiRequest& request) { return api->neverBlocks(request); }) {}

StatusOr<runtime::TransportInfo> HttpApiTransport::start() {
  LICHEN_ASSIGN_OR_RETURN(uint16_t port, server_.start());
  return runtime::TransportInfo{"HTTP API", address_, port, true};
}

}  // namespace lichen::http
