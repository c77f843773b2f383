// Forwards a service invocation to another app's sidecar over HTTP: the same Dapr route
// (/v1.0/invoke/{id}/method/{method}?{query}) on that sidecar, with the caller's headers, our
// app id as `dapr-caller-app-id`, and its internal token as `lichen-internal-token`, which it
// accepts for invocation routes in place of its API token (and which makes it trust the caller
// id). Connections to each sidecar are kept alive between calls.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "api/http/app_channel.h"
#include "runtime/invoke/remote_invoker.h"

namespace lichen::http {

class SidecarForwarder : public invoke::RemoteInvoker {
 public:
  explicit SidecarForwarder(int timeout_ms = 60000) : timeout_ms_(timeout_ms) {}
  StatusOr<invoke::InvokeResponse> invoke(const invoke::Endpoint& sidecar,
                                          const invoke::InvokeRequest& request) override;

 private:
  std::shared_ptr<HttpAppChannel> channelTo(const invoke::Endpoint& sidecar);

  int timeout_ms_;
  std::mutex mutex_;  // guards channels_
  // Keyed by address, port and token: a restarted sidecar has a new token, so a new channel.
  std::map<std::string, std::shared_ptr<HttpAppChannel>> channels_;
};

}  // namespace lichen::http
