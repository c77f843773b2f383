// Service invocation (daprd pkg/messaging/direct_messaging.go), whatever the transport: a call
// to our own app id goes to the app channel; a URL or an HTTPEndpoint's name goes straight to
// that service; another app id is found by name resolution and handed to the RemoteInvoker,
// which reaches that app's sidecar. Errors are daprd's
// ERR_DIRECT_INVOKE ("failed to invoke, id: ..., err: ..."); the app's status is a response.
// Calls run under the target app's resiliency policy (targets.apps.<id>, else the default app
// policies): a transport error or an app status outside 200-399 is retried.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "runtime/component/app_channel.h"
#include "runtime/invoke/external_endpoint.h"
#include "runtime/invoke/invocation.h"
#include "runtime/invoke/name_resolver.h"
#include "runtime/invoke/remote_invoker.h"
#include "runtime/resiliency/resiliency.h"

namespace lichen::invoke {

class DirectMessaging {
 public:
  explicit DirectMessaging(std::string app_id) : app_id_(std::move(app_id)) {}

  // Thread-safe: wiring may set these while requests run.
  void setAppChannel(std::shared_ptr<component::AppChannel> channel);
  std::shared_ptr<component::AppChannel> appChannel() const;
  // Without both, other app ids answer "couldn't find service".
  void setRemote(std::shared_ptr<LocalNameResolver> resolver,
                 std::shared_ptr<RemoteInvoker> remote);

  // HTTPEndpoint resources: their names become invocation targets outside Dapr.
  void setHttpEndpoints(std::vector<HttpEndpoint> endpoints);
  void setResiliency(std::shared_ptr<resiliency::Resiliency> resiliency);

  StatusOr<InvokeResponse> invoke(const InvokeRequest& request) const;

 private:
  std::string app_id_;
  mutable std::mutex mutex_;  // guards the five below
  std::shared_ptr<component::AppChannel> channel_;
  std::shared_ptr<LocalNameResolver> resolver_;
  std::shared_ptr<RemoteInvoker> remote_;
  std::shared_ptr<const std::vector<HttpEndpoint>> endpoints_;
  std::shared_ptr<resiliency::Resiliency> resiliency_;
};

}  // namespace lichen::invoke
