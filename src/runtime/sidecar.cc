#include "runtime/sidecar.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <csignal>

#include "runtime/resources/http_endpoint_loader.h"
#include "runtime/resources/subscription_loader.h"

namespace lichen::runtime {
namespace {

sigset_t shutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

}  // namespace

void Sidecar::blockShutdownSignals() {
  sigset_t signals = shutdownSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

namespace {

// HTTPEndpoint resources for this app, their header and TLS values resolved like a
// component's metadata (envRef, secretKeyRef through auth.secretStore).
StatusOr<std::vector<invoke::HttpEndpoint>> loadHttpEndpoints(
    Runtime& runtime, const std::vector<std::string>& paths) {
  LICHEN_ASSIGN_OR_RETURN(std::vector<resources::DeclaredHttpEndpoint> declared,
                          resources::loadHttpEndpoints(paths));
  std::vector<invoke::HttpEndpoint> endpoints;
  for (resources::DeclaredHttpEndpoint& each : declared) {
    if (!each.scopes.empty() &&
        std::find(each.scopes.begin(), each.scopes.end(), runtime.appId()) == each.scopes.end())
      continue;
    component::ComponentSpec as_spec;
    as_spec.name = each.name;
    as_spec.type = "httpendpoint.v1";
    as_spec.secret_store = each.secret_store;
    as_spec.metadata = each.items;
    as_spec.file = each.file;
    as_spec.line = each.line;
    LICHEN_ASSIGN_OR_RETURN(component::Properties values, runtime.resolve(as_spec));
    invoke::HttpEndpoint endpoint{each.name, each.base_url, {}, "", "", ""};
    for (const component::MetadataItem& item : each.items) {
      std::string value = values.getOr(item.name, "");
      if (item.name == "tls.rootCA") {
        endpoint.root_ca_pem = value;
      } else if (item.name == "tls.certificate") {
        endpoint.client_cert_pem = value;
      } else if (item.name == "tls.privateKey") {
        endpoint.client_key_pem = value;
      } else {
        endpoint.headers.emplace_back(item.name, value);
      }
    }
    spdlog::info("HTTPEndpoint '{}' → {}", endpoint.name, endpoint.base_url);
    endpoints.push_back(std::move(endpoint));
  }
  return endpoints;
}

}  // namespace

StatusOr<std::unique_ptr<Sidecar>> Sidecar::create(RuntimeOptions runtime_options,
                                                   const Registry& registry,
                                                   std::vector<component::ComponentSpec> specs,
                                                   SidecarOptions options) {
  LICHEN_ASSIGN_OR_RETURN(std::unique_ptr<Runtime> runtime,
                          Runtime::create(std::move(runtime_options), registry, std::move(specs)));
  if (!options.resources_paths.empty()) {
    LICHEN_ASSIGN_OR_RETURN(std::vector<invoke::HttpEndpoint> endpoints,
                            loadHttpEndpoints(*runtime, options.resources_paths));
    runtime->invocation().setHttpEndpoints(std::move(endpoints));
  }
  return std::unique_ptr<Sidecar>(new Sidecar(std::move(runtime), std::move(options)));
}

Sidecar::Sidecar(std::unique_ptr<Runtime> runtime, SidecarOptions options)
    : runtime_(std::move(runtime)), options_(std::move(options)) {
  if (options_.resolver && options_.remote) {
    runtime_->invocation().setRemote(options_.resolver, options_.remote);
  }
}

Sidecar::~Sidecar() { stop(); }

void Sidecar::addTransport(std::unique_ptr<Transport> transport) {
  transports_.push_back(std::move(transport));
}

// Declarative subscriptions now; programmatic ones once the app is ready, on a thread that
// ends by itself or when shutdown is requested.
void Sidecar::connectApp() {
  pubsub::PubSubManager& pubsub = runtime_->pubsub();
  if (options_.app.channel) runtime_->setAppChannel(options_.app.channel);
  if (options_.app.subscriber) pubsub.setSubscriber(options_.app.subscriber);
  if (!options_.resources_paths.empty()) {
    auto declared = resources::loadSubscriptions(options_.resources_paths);
    if (!declared) spdlog::warn("{}", declared.error().message());
    for (auto& item : declared ? *declared : std::vector<resources::DeclaredSubscription>{}) {
      const auto& scopes = item.scopes;
      if (!scopes.empty() &&
          std::find(scopes.begin(), scopes.end(), runtime_->appId()) == scopes.end()) {
        continue;
      }
      auto added = pubsub.addSubscription(std::move(item.subscription));
      if (!added) spdlog::warn("{}: {}", item.where, added.error().message());
    }
  }
  bool subscribe = options_.app.subscriber && !pubsub.pubsubs().empty();
  bool read_inputs = options_.app.input && !runtime_->bindings().inputNames().empty();
  if (!options_.app.ready || (!subscribe && !read_inputs)) return;
  // As daprd: subscriptions and input bindings start once the app is ready.
  subscriptions_loader_ = std::thread([this, &pubsub, subscribe, read_inputs] {
    while (!shutdown_requested_.load() && !options_.app.ready()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (shutdown_requested_.load()) return;
    if (subscribe) {
      spdlog::info("app is {}: loading its subscriptions", options_.app.description);
      auto loaded = pubsub.loadProgrammaticSubscriptions();
      if (!loaded) spdlog::warn("app subscriptions: {}", loaded.error().message());
    }
    if (read_inputs) runtime_->bindings().startInput(options_.app.input);
  });
}

Expected<void, Status> Sidecar::start() {
  std::vector<TransportInfo> infos;
  for (const auto& transport : transports_) {
    auto info = transport->start();
    if (!info) {
      stop();
      return fail(info.error());
    }
    infos.push_back(std::move(*info));
  }
  started_ = true;
  connectApp();
  auto published = std::find_if(infos.begin(), infos.end(),
                                [](const TransportInfo& info) { return info.accepts_invocations; });
  if (!runtime_->appId().empty() && options_.resolver && published != infos.end()) {
    std::string address = published->address == "0.0.0.0" || published->address == "::"
                              ? "127.0.0.1"
                              : published->address;
    auto registered = options_.resolver->registerSelf(
        runtime_->appId(), {address, published->port, options_.internal_token});
    if (!registered) spdlog::warn("name resolution: {}", registered.error().message());
  }
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - options_.started);
  for (const TransportInfo& info : infos) {
    if (info.serving) spdlog::info("{} listening on {}:{}", info.name, info.address, info.port);
  }
  spdlog::info("lichen sidecar ready: app id '{}', {} components, in {} ms", runtime_->appId(),
               runtime_->components().size(), elapsed.count());
  return {};
}

void Sidecar::requestShutdown() { shutdown_requested_.store(true); }

void Sidecar::waitForShutdown() {
  sigset_t signals = shutdownSignals();
  timespec tick{0, 100L * 1000 * 1000};
  while (!shutdown_requested_.load()) {
    int signal = sigtimedwait(&signals, nullptr, &tick);
    if (signal == SIGINT || signal == SIGTERM) {
      spdlog::info("received signal {}, shutting down", signal);
      break;
    }
  }
}

void Sidecar::stop() {
  if (stopped_) return;
  stopped_ = true;
  if (started_) spdlog::info("shutting down gracefully");
  shutdown_requested_.store(true);
  runtime_->stopRetries();
  if (options_.resolver) options_.resolver->unregisterSelf();
  for (auto it = transports_.rbegin(); it != transports_.rend(); ++it) {
    (*it)->stop(options_.graceful_shutdown_ms);
  }
  if (subscriptions_loader_.joinable()) subscriptions_loader_.join();
  runtime_->close();
  if (started_) spdlog::info("stopped");
}

}  // namespace lichen::runtime
