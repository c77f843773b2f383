// Pub/sub delivery to an app over its HTTP app channel, with Dapr's HTTP semantics: the event
// is POSTed to the route; 2xx with `status` SUCCESS (or none) acks, DROP drops, RETRY or an
// unknown status retries; 404 drops; any other status, or no answer, retries. A bulk
// subscription's batch is one POST of daprd's bulk request, answered per entry in
// {"statuses":[{"entryId","status"}]} the same way (an entry left out retries); 404 or another
// failure of the request counts for every entry. The app's own subscriptions come from
// GET /dapr/subscribe (404: none).
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
  std::vector<pubsub::DeliveryResult> deliverBulk(
      std::span<const pubsub::Delivery> deliveries) override;
  StatusOr<std::vector<pubsub::Subscription>> subscriptions() override;

 private:
  std::shared_ptr<component::AppChannel> channel_;
};

}  // namespace lichen::http
