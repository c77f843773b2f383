// Batches for parties that work one message at a time: a broker that does not gather hands
// each message over as a batch of one, and an app without bulk requests gets each event of a
// batch alone.
#include "runtime/pubsub/pubsub.h"
#include "runtime/pubsub/subscriber.h"

namespace lichen::pubsub {

BatchHandler oneAtATime(Handler handler) {
  return [handler = std::move(handler)](std::span<const Message> messages) {
    std::vector<Expected<void, Status>> results;
    results.reserve(messages.size());
    for (const Message& message : messages) results.push_back(handler(message));
    return results;
  };
}

Expected<void, Status> PubSub::subscribeBatch(const std::string& topic, BatchLimits,
                                              BatchHandler handler) {
  return subscribe(
      topic, [handler = std::move(handler)](const Message& message) -> Expected<void, Status> {
        std::vector<Expected<void, Status>> results =
            handler(std::span<const Message>(&message, 1));
        if (results.empty()) return fail(StatusCode::kInternal, "the batch handler gave no result");
        return std::move(results.front());
      });
}

std::vector<DeliveryResult> Subscriber::deliverBulk(std::span<const Delivery> deliveries) {
  std::vector<DeliveryResult> results;
  results.reserve(deliveries.size());
  for (const Delivery& delivery : deliveries) results.push_back(deliver(delivery));
  return results;
}

}  // namespace lichen::pubsub
