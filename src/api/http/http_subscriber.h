// Pub/sub delivery to an app over its HTTP app channel, with Dapr's HTTP semantics: the event
// is POSTed to the route; 2xx with `status` SUCCESS (or none) acks, DROP drops, RETRY or an
// unknown status retries; 404 drops; any other status, or no answer, retries. The app's own
// subscriptions come from GET /dapr/subscribe (404: none).
#pragma once

#include <memory>

#include "runtime/component/app_channel.h"
#include "runtime/pubsub/subscriber.h"

namespace lichen::http {

class HttpSubscriber : public pubsub::Subscriber {
 public:
  explicit HttpSubscriber(std::shared_ptr<component::AppChannel> channel)
      : channel_(std::move(channel)) {}
  pubsub::DeliveryResult deliver(const pubsub::Delivery& delivery) override;
  StatusOr<std::vector<pubsub::Subscription>> subscriptions() override;

 private:
  std::shared_ptr<component::AppChannel> channel_;
};

}  // namespace lichen::http
