#include "runtime/invoke/direct_messaging.h"

#include <functional>

#include "runtime/invoke/trace_context.h"

namespace lichen::invoke {
namespace {

// What the next hop receives: the caller's headers minus hop-by-hop ones, with the trace
// context advanced to a child span.
std::map<std::string, std::string> nextHopHeaders(const std::map<std::string, std::string>& in) {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : in) {
    if (!isHopByHopHeader(name)) out.emplace(name, value);
  }
  auto incoming = in.find("traceparent");
  out["traceparent"] = childTraceParent(incoming == in.end() ? "" : incoming->second);
  // A tracestate without a valid traceparent belongs to no trace.
  if (incoming == in.end() || !parseTraceParent(incoming->second)) out.erase("tracestate");
  return out;
}

// daprd's HTTP client for non-Dapr endpoints has no deadline of its own; a minute bounds ours.
constexpr int64_t kExternalTimeoutMs = 60000;

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

// As daprd: an answer outside 200-399 is a failure to retry; when the retries run out the
// caller gets the last answer as it is.
resiliency::Verdict judgeAnswer(const InvokeResponse& answer) {
  bool failed = answer.status < 200 || answer.status > 399;
  return resiliency::Verdict{
      failed, answer.status,
      "received non-successful status code in response: " + std::to_string(answer.status)};
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

void DirectMessaging::setHttpEndpoints(std::vector<HttpEndpoint> endpoints) {
  auto shared = std::make_shared<const std::vector<HttpEndpoint>>(std::move(endpoints));
  std::lock_guard lock(mutex_);
  endpoints_ = std::move(shared);
}

StatusOr<InvokeResponse> DirectMessaging::invoke(const InvokeRequest& request) const {
  std::shared_ptr<component::AppChannel> channel;
  std::shared_ptr<LocalNameResolver> resolver;
  std::shared_ptr<RemoteInvoker> remote;
  std::shared_ptr<const std::vector<HttpEndpoint>> endpoints;
  std::shared_ptr<resiliency::Resiliency> resiliency;
  {
    std::lock_guard lock(mutex_);
    channel = channel_;
    resolver = resolver_;
    remote = remote_;
    endpoints = endpoints_;
    resiliency = resiliency_;
  }
  // Each call below owns what it uses: a policy timeout may leave it running
  // (resiliency/policy.h).
  std::function<StatusOr<InvokeResponse>()> call;
  const std::string& app_id = request.app_id;
  std::optional<HttpEndpoint> external;
  if (isUrlTarget(app_id)) {
    external = HttpEndpoint{app_id, app_id, {}, "", "", ""};
    while (external->base_url.back() == '/') external->base_url.pop_back();
  } else if (endpoints) {
    for (const HttpEndpoint& endpoint : *endpoints) {
      if (endpoint.name == app_id) external = endpoint;
    }
  }
  std::string caller = request.caller_app_id.empty() ? app_id_ : request.caller_app_id;
  // "app.namespace" names the same app when the namespace is ours (or not set).
  std::string target = app_id.substr(0, app_id.find('.'));
  if (external) {
    target = app_id;  // a URL or an HTTPEndpoint name is its own resiliency target
    call = [endpoint = *external, request] {
      return invokeExternal(endpoint, request, kExternalTimeoutMs);
    };
  } else if (target != app_id_) {
    auto endpoint = resolver && remote ? resolver->resolve(target) : std::nullopt;
    if (!endpoint) return fail(invokeError(app_id, "couldn't find service: " + app_id));
    InvokeRequest forwarded = request;
    forwarded.app_id = target;
    forwarded.caller_app_id = caller;
    forwarded.headers = nextHopHeaders(request.headers);
    call = [remote, endpoint = *endpoint, forwarded] {
      return remote->invoke(endpoint, forwarded);
    };
  } else {
    if (!channel) return fail(invokeError(app_id, "app channel is not initialized"));
    std::map<std::string, std::string> headers = nextHopHeaders(request.headers);
    if (!caller.empty()) headers["dapr-caller-app-id"] = caller;
    headers["dapr-callee-app-id"] = app_id_;
    component::AppRequest app_request{request.verb,       request.method, appQuery(request),
                                      std::move(headers), request.body,   request.content_type,
                                      appPath(request)};
    call = [channel, app_request]() -> StatusOr<InvokeResponse> {
      auto response = channel->invoke(app_request);
      if (!response) return fail(std::move(response).error());
      return InvokeResponse{response->status, std::move(response->headers),
                            std::move(response->body), std::move(response->content_type)};
    };
  }
  auto response = appPolicy(resiliency.get(), request, target)
                      .run<InvokeResponse>(std::move(call), judgeAnswer);
  if (!response) return fail(invokeError(app_id, response.error().message()));
  return response;
}

}  // namespace lichen::invoke
