#include "runtime/invoke/direct_messaging.h"

#include <functional>

namespace lichen::invoke {
namespace {

Status invokeError(const std::string& app_id, const std::string& why) {
  return Status(StatusCode::kDirectInvoke, "failed to invoke, id: " + app_id + ", err: " + why);
}

// The caller's side applies targets.apps.<id> (as daprd); a call another sidecar forwarded to
// us (it presents our internal token) already ran under that sidecar's policy.
resiliency::Policy appPolicy(resiliency::Resiliency* resiliency, const InvokeRequest& request,
                             const std::string& target) {
  if (!resiliency || request.headers.contains("lichen-internal-token")) return {};
  return resiliency->appPolicy(target, request.method);
}

}  // namespace

void DirectMessaging::setResiliency(std::shared_ptr<resiliency::Resiliency> resiliency) {
  std::lock_guard lock(mutex_);
  resiliency_ = std::move(resiliency);
}

void DirectMessaging::setAppChannel(std::shared_ptr<component::AppChannel> channel) {
  std::lock_guard lock(mutex_);
  channel_ = std::move(channel);
}

std::shared_ptr<component::AppChannel> DirectMessaging::appChannel() const {
  std::lock_guard lock(mutex_);
  return channel_;
}

void DirectMessaging::setRemote(std::shared_ptr<LocalNameResolver> resolver,
                                std::shared_ptr<RemoteInvoker> remote) {
  std::lock_guard lock(mutex_);
  resolver_ = std::move(resolver);
  remote_ = std::move(remote);
}

StatusOr<InvokeResponse> DirectMessaging::invoke(const InvokeRequest& request) const {
  std::shared_ptr<component::AppChannel> channel;
  std::shared_ptr<LocalNameResolver> resolver;
  std::shared_ptr<RemoteInvoker> remote;
  std::shared_ptr<resiliency::Resiliency> resiliency;
  {
    std::lock_guard lock(mutex_);
    channel = channel_;
    resolver = resolver_;
    remote = remote_;
    resiliency = resiliency_;
  }
  const std::string& app_id = request.app_id;
  // "app.namespace" names the same app when the namespace is ours (or not set).
  std::string target = app_id.substr(0, app_id.find('.'));
  // The call owns what it uses: a policy timeout may leave it running (resiliency/policy.h).
  std::function<StatusOr<InvokeResponse>()> call;
  if (target != app_id_) {
    auto endpoint = resolver && remote ? resolver->resolve(target) : std::nullopt;
    if (!endpoint) return fail(invokeError(app_id, "couldn't find service: " + app_id));
    InvokeRequest forwarded = request;
    forwarded.app_id = target;
    call = [remote, endpoint = *endpoint, forwarded] {
      return remote->invoke(endpoint, forwarded);
    };
  } else {
    if (!channel) return fail(invokeError(app_id, "app channel is not initialized"));
    component::AppRequest app_request{request.verb,    request.method, appQuery(request),
                                      request.headers, request.body,   request.content_type,
                                      appPath(request)};
    call = [channel, app_request]() -> StatusOr<InvokeResponse> {
      auto response = channel->invoke(app_request);
      if (!response) return fail(std::move(response).error());
      InvokeResponse out{
          response->status, {}, std::move(response->body), std::move(response->content_type)};
      for (auto& [name, value] : response->headers) out.headers[name] = std::move(value);
      return out;
    };
  }
  auto response =
      appPolicy(resiliency.get(), request, target)
          .run<InvokeResponse>(std::move(call), [](const InvokeResponse& answer) {
            // As daprd: a status outside 200-399 is a failure to retry; if the retries run out
            // the caller gets the app's last answer as it is.
            bool failed = answer.status < 200 || answer.status > 399;
            return resiliency::Verdict{failed, answer.status,
                                       "received non-successful status code in response: " +
                                           std::to_string(answer.status)};
          });
  if (!response) return fail(invokeError(app_id, response.error().message()));
  return response;
}

}  // namespace lichen::invoke
