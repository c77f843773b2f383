// Input binding events for an app over its HTTP app channel, as daprd's HTTP channel does:
// the start-up probe is OPTIONS /<route> (2xx or 405: the app wants the events; 404 or any
// other status: it does not); each event is POST /<route> with the data as the body
// (Content-Type application/json) and the binding's metadata as headers; 2xx is handled and its
// body the reply, any other status an error naming it. daprd does not act on the body of an
// HTTP app's reply (its {"storeName","state","to"} handling is gRPC-only in the code), so
// neither does Lichen.
#pragma once

#include <memory>

#include "runtime/bindings/input_handler.h"
#include "runtime/component/app_channel.h"

namespace lichen::http {

class HttpInputHandler : public bindings::InputHandler {
 public:
  explicit HttpInputHandler(std::shared_ptr<component::AppChannel> channel)
      : channel_(std::move(channel)) {}
  StatusOr<bool> accepts(const std::string& name, const std::string& route) override;
  StatusOr<std::string> deliver(const bindings::InputEvent& event) override;

 private:
  std::shared_ptr<component::AppChannel> channel_;
};

}  // namespace lichen::http
