#include "api/http/sidecar_forwarder.h"

namespace lichen::http {

namespace {
constexpr size_t kMaxChannels = 256;  // sidecars gone long ago are forgotten past this
}

std::shared_ptr<HttpAppChannel> SidecarForwarder::channelTo(const invoke::Endpoint& sidecar) {
  std::string key = sidecar.address + "|" + std::to_string(sidecar.port) + "|" + sidecar.token;
  std::lock_guard lock(mutex_);
  auto found = channels_.find(key);
  if (found != channels_.end()) return found->second;
  if (channels_.size() >= kMaxChannels) channels_.clear();
  auto channel = std::make_shared<HttpAppChannel>(sidecar.address, sidecar.port, sidecar.token,
                                                  timeout_ms_, "lichen-internal-token");
  channels_.emplace(key, channel);
  return channel;
}

StatusOr<invoke::InvokeResponse> SidecarForwarder::invoke(const invoke::Endpoint& sidecar,
                                                          const invoke::InvokeRequest& request) {
  std::string path = "/v1.0/invoke/" + invoke::percentEncode(request.app_id, true) + "/method" +
                     invoke::appPath(request);
  std::map<std::string, std::string> headers = request.headers;
  if (!request.caller_app_id.empty()) headers["dapr-caller-app-id"] = request.caller_app_id;
  LICHEN_ASSIGN_OR_RETURN(
      component::AppResponse response,
      channelTo(sidecar)->send(request.verb, path, headers, request.body, request.content_type));
  return invoke::InvokeResponse{response.status, std::move(response.headers),
                                std::move(response.body), std::move(response.content_type)};
}

}  // namespace lichen::http
