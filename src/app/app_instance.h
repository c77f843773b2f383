// What one instance of a Wasm app holds while it serves one request or event: its WASI
// context, the buffers the host handed out (the guest copies them out by handle, so the host
// never calls the guest's allocator), the last error's message, and the invocation or event
// it is serving. Kept in the instance's Store as host data (wasm::Store::setHostData), so the
// `lichen` host functions, linked once for every instance, find it through HostCall::store.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/component/app_channel.h"
#include "runtime/pubsub/subscription.h"
#include "wasi/wasi_ctx.h"
#include "wasm/runtime/instance.h"
#include "wasm/runtime/store.h"

namespace lichen::app {

// An event as the guest reads it (event_get's fields, in order).
struct AppEvent {
  std::string pubsub, topic, route, id, type, content_type, data;
};

// An input-binding event as the guest reads it (binding_get's fields: name, data, metadata).
struct AppBindingEvent {
  std::string name, data, metadata;  // metadata encoded as ABI pairs
};

class AppInstance {
 public:
  // Bounds on what a guest may keep on the host side at once.
  static constexpr size_t kMaxHandles = 1024;
  static constexpr uint64_t kMaxHeldBytes = 64ull << 20;

  explicit AppInstance(std::unique_ptr<wasi::WasiCtx> wasi) : wasi_(std::move(wasi)) {}

  // The instance data of the Store a host call comes from (set by WasmApp on every Store).
  static AppInstance& of(wasm::HostCall& call) {
    return *static_cast<AppInstance*>(call.store.hostData());
  }

  wasi::WasiCtx* wasi() { return wasi_.get(); }

  // A new handle (> 0) for `bytes`, or 0 when the instance holds too much already.
  int32_t hold(std::string bytes);
  // The buffer behind `handle`, or null when it is not a live handle.
  const std::string* buffer(int32_t handle) const;
  bool drop(int32_t handle);

  // Records the message of an error code the host is returning; returns the code.
  int32_t fail(int32_t code, std::string message) {
    last_error_ = std::move(message);
    return code;
  }
  const std::string& lastError() const { return last_error_; }

  // Before and after each request or event: a reused instance (--wasm-instances pool) starts
  // with no handles, no error and nothing to serve.
  void startServing();
  void stopServing() { startServing(); }

  // What the instance is serving: an invocation (request and response) or an event.
  const component::AppRequest* request = nullptr;
  component::AppResponse* response = nullptr;
  const AppEvent* event = nullptr;
  const AppBindingEvent* binding = nullptr;
  // Where `subscribe` adds subscriptions: set only while lichen_init runs.
  std::vector<pubsub::Subscription>* subscriptions = nullptr;
  // When the request's time is up; outbound calls end by then.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();

 private:
  std::unique_ptr<wasi::WasiCtx> wasi_;
  std::vector<std::optional<std::string>> buffers_;  // handle h is buffers_[h - 1]
  size_t live_ = 0;
  uint64_t held_bytes_ = 0;
  std::string last_error_;
};

}  // namespace lichen::app
