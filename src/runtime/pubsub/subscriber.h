// The application's side of pub/sub delivery, whatever the app is (an HTTP app, a Wasm module
// in-process): it takes one event, or a bulk subscription's batch of events, and answers what
// the sidecar should do with each, as dapr's postman Deliver and DeliverBulk do. The
// PubSubManager works on these outcomes only; mapping a transport's answers (HTTP statuses, a
// `status` field per entry) onto them is the implementation's job.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "common/status.h"
#include "runtime/pubsub/pubsub.h"
#include "runtime/pubsub/subscription.h"

namespace lichen::pubsub {

enum class DeliveryOutcome {
  kSuccess,  // acknowledged
  kRetry,    // not processed: the broker may redeliver, else it goes to the dead-letter topic
  kDrop,     // rejected (the app said DROP): never redelivered; to the dead-letter topic if any
  kDiscard,  // not for this app (HTTP 404, no handler): dropped, not dead-lettered (as daprd)
};

struct Delivery {
  std::string pubsub;
  std::string topic;
  std::string path;          // the route the subscription chose for this event
  std::string data;          // the CloudEvent JSON, or the raw payload (rawPayload)
  std::string content_type;  // application/cloudevents+json for CloudEvents
  Metadata metadata;         // the broker message's metadata
};

struct DeliveryResult {
  DeliveryOutcome outcome = DeliveryOutcome::kSuccess;
  std::string error;  // why, for kRetry and kDrop; logged

  static DeliveryResult success() { return {}; }
  static DeliveryResult retry(std::string why) { return {DeliveryOutcome::kRetry, std::move(why)}; }
  static DeliveryResult drop(std::string why) { return {DeliveryOutcome::kDrop, std::move(why)}; }
  static DeliveryResult discard(std::string why) {
    return {DeliveryOutcome::kDiscard, std::move(why)};
  }
};

class Subscriber {
 public:
  virtual ~Subscriber() = default;
  // Called on the broker's delivery thread; may block while the app works.
  virtual DeliveryResult deliver(const Delivery& delivery) = 0;
  // A bulk subscription's events for one route (same pubsub, topic and path), one result per
  // event, in order. An app that takes events one at a time (this default, a Wasm app) gets
  // each alone through deliver.
  virtual std::vector<DeliveryResult> deliverBulk(std::span<const Delivery> deliveries);
  // What the app subscribes to itself (Dapr's programmatic subscriptions); an app without any
  // answers an empty list. An error means the app could not be asked.
  virtual StatusOr<std::vector<Subscription>> subscriptions() = 0;
};

}  // namespace lichen::pubsub
