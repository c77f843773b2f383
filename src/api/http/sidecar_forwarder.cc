#include "api/http/sidecar_forwarder.h"

#include "api/http/app_channel.h"

namespace lichen::http {

StatusOr<invoke::InvokeResponse> SidecarForwarder::invoke(const invoke::Endpoint& sidecar,
                                                          const invoke::InvokeRequest& request) {
  HttpAppChannel channel(sidecar.address, sidecar.port, sidecar.token, timeout_ms_,
                         "lichen-internal-token");
  std::string path = "/v1.0/invoke/" + invoke::percentEncode(request.app_id, true) + "/method" +
                     invoke::appPath(request);
  LICHEN_ASSIGN_OR_RETURN(component::AppResponse response,
                          channel.call(request.verb, path, request.body, request.content_type));
  return invoke::InvokeResponse{
      response.status, {}, std::move(response.body), std::move(response.content_type)};
}

}  // namespace lichen::http
