// The sidecar's lifecycle, whatever the transports and the app: builds the Runtime (and so
// its components), connects the app (invocation channel, pub/sub subscriber, declarative and
// programmatic subscriptions, input bindings once the app is ready), starts the transports,
// publishes itself to local name resolution, waits for a shutdown request (the API's
// /v1.0/shutdown, SIGINT, SIGTERM) and shuts down gracefully: unpublish, drain and stop transports,
// stop the brokers.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "runtime/bindings/input_handler.h"
#include "runtime/component/app_channel.h"
#include "runtime/invoke/name_resolver.h"
#include "runtime/invoke/remote_invoker.h"
#include "runtime/pubsub/subscriber.h"
#include "runtime/registry.h"
#include "runtime/runtime.h"
#include "runtime/transport.h"

namespace lichen::runtime {

// How the sidecar reaches its app; all empty when there is no app.
struct AppConnection {
  std::shared_ptr<component::AppChannel> channel;  // service invocation
  std::shared_ptr<pubsub::Subscriber> subscriber;  // pub/sub delivery
  std::function<bool()> ready;                     // the app can take calls; null = no app
  std::string description;  // for logs: "app is <description>", e.g. "listening on port 3000"
  std::shared_ptr<bindings::InputHandler> input;  // input binding events
};

struct SidecarOptions {
  std::vector<std::string> resources_paths;  // declarative subscriptions come from here
  AppConnection app;
  // Service invocation between apps: where they are, how to reach them, and the token they
  // present to us. Without a resolver the sidecar neither publishes itself nor finds others.
  std::shared_ptr<invoke::LocalNameResolver> resolver;
  std::shared_ptr<invoke::RemoteInvoker> remote;
  std::string internal_token;
  int64_t graceful_shutdown_ms = 5000;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

class Sidecar {
 public:
  // Builds the Runtime: every component in `specs` is created and initialised.
  static StatusOr<std::unique_ptr<Sidecar>> create(RuntimeOptions runtime_options,
                                                   const Registry& registry,
                                                   std::vector<component::ComponentSpec> specs,
                                                   SidecarOptions options);
  ~Sidecar();
  Sidecar(const Sidecar&) = delete;
  Sidecar& operator=(const Sidecar&) = delete;

  Runtime& runtime() { return *runtime_; }
  // Before start(); started in the order added, stopped in reverse.
  void addTransport(std::unique_ptr<Transport> transport);
  // Before start(): replaces SidecarOptions::app, for an app that needs the Runtime first (a
  // Wasm app reaches the building blocks through it).
  void setApp(AppConnection app) { options_.app = std::move(app); }

  // Connects the app, starts the transports and logs "... listening on" and "ready".
  Expected<void, Status> start();
  // Thread-safe; wakes waitForShutdown.
  void requestShutdown();
  bool shutdownRequested() const { return shutdown_requested_.load(); }
  // Blocks until requestShutdown(), SIGINT or SIGTERM (see blockShutdownSignals).
  void waitForShutdown();
  // Graceful shutdown; idempotent.
  void stop();

  // SIGINT/SIGTERM are taken synchronously by waitForShutdown. Call before any thread exists
  // (components start threads too): a thread that does not block them would get the default
  // action. Also undoes an inherited "ignore" (shells start background jobs with SIGINT
  // ignored), which would discard them even while blocked.
  static void blockShutdownSignals();

 private:
  Sidecar(std::unique_ptr<Runtime> runtime, SidecarOptions options);
  void connectApp();

  std::unique_ptr<Runtime> runtime_;
  SidecarOptions options_;
  std::vector<std::unique_ptr<Transport>> transports_;
  std::thread subscriptions_loader_;
  std::atomic<bool> shutdown_requested_{false};
  bool started_ = false;
  bool stopped_ = false;
};

}  // namespace lichen::runtime
