// A WasmApp as the sidecar's app connection: the invocation channel, the pub/sub subscriber
// and the input-binding handler of runtime::AppConnection.
#pragma once

#include <memory>

#include "app/wasm_app.h"
#include "runtime/component/app_channel.h"
#include "runtime/pubsub/subscriber.h"

namespace lichen::app {

class WasmAppChannel : public component::AppChannel {
 public:
  explicit WasmAppChannel(std::shared_ptr<WasmApp> app) : app_(std::move(app)) {}

  // `path` is "/{method}?{query}" as for an HTTP app.
  StatusOr<component::AppResponse> call(const std::string& method, const std::string& path,
                                        const std::string& body,
                                        const std::string& content_type) override;
  StatusOr<component::AppResponse> invoke(const component::AppRequest& request) override {
    return app_->invoke(request);
  }

 private:
  std::shared_ptr<WasmApp> app_;
};

class WasmSubscriber : public pubsub::Subscriber {
 public:
  explicit WasmSubscriber(std::shared_ptr<WasmApp> app) : app_(std::move(app)) {}

  pubsub::DeliveryResult deliver(const pubsub::Delivery& delivery) override {
    return app_->deliver(delivery);
  }
  // What the guest subscribed to in lichen_init (the `subscribe` import).
  StatusOr<std::vector<pubsub::Subscription>> subscriptions() override {
    return app_->subscriptions();
  }

 private:
  std::shared_ptr<WasmApp> app_;
};

// The Wasm app's side of input bindings: it takes the events of every input binding when it
// exports lichen_handle_binding (the guest tells bindings apart by name).
class WasmInputHandler : public bindings::InputHandler {
 public:
  explicit WasmInputHandler(std::shared_ptr<WasmApp> app) : app_(std::move(app)) {}

  StatusOr<bool> accepts(const std::string&, const std::string&) override {
    return app_->exports(kBindingExport);
  }
  StatusOr<std::string> deliver(const bindings::InputEvent& event) override {
    return app_->deliverBinding(event);
  }

 private:
  std::shared_ptr<WasmApp> app_;
};

}  // namespace lichen::app
