// Forwards a service invocation to another app's sidecar over HTTP: the same Dapr route
// (/v1.0/invoke/{id}/method/{method}?{query}) on that sidecar, presenting its internal token
// as `lichen-internal-token`, which it accepts for invocation routes in place of its API token.
#pragma once

#include "runtime/invoke/remote_invoker.h"

namespace lichen::http {

class SidecarForwarder : public invoke::RemoteInvoker {
 public:
  explicit SidecarForwarder(int timeout_ms = 60000) : timeout_ms_(timeout_ms) {}
  StatusOr<invoke::InvokeResponse> invoke(const invoke::Endpoint& sidecar,
                                          const invoke::InvokeRequest& request) override;

 private:
  int timeout_ms_;
};

}  // namespace lichen::http
