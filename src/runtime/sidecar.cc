#include "runtime/sidecar.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <csignal>

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

StatusOr<std::unique_ptr<Sidecar>> Sidecar::create(RuntimeOptions runtime_options,
                                                   const Registry& registry,
                                                   std::vector<component::ComponentSpec> specs,
                                                   SidecarOptions options) {
  LICHEN_ASSIGN_OR_RETURN(std::unique_ptr<Runtime> runtime,
                          Runtime::create(std::move(runtime_options), registry, std::move(specs)));
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
    spdlog::info("{} listening on {}:{}", info.name, info.address, info.port);
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
