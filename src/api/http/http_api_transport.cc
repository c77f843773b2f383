#include "api/http/http_api_transport.h"

namespace lichen::http {

HttpApiTransport::HttpApiTransport(ServerOptions options, std::unique_ptr<DaprHttpApi> api)
    : api_(std::move(api)),
      server_(
          std::move(options),
          [api = api_.get()](const ApiRequest& request) { return api->handle(request); },
          [api = api_.get()](const ApiRequest& request) { return api->neverBlocks(request); }) {}

StatusOr<runtime::TransportInfo> HttpApiTransport::start() {
  LICHEN_ASSIGN_OR_RETURN(uint16_t port, server_.start());
  // Several addresses (--dapr-listen-addresses): the first that could be bound is reported.
  return runtime::TransportInfo{"HTTP API", server_.boundAddresses().front(), port, true};
}

}  // namespace lichen::http
