// The pub/sub component interface, mirroring Dapr's pubsub.PubSub: publish bytes to a topic,
// subscribe a handler to a topic, one message at a time or in batches (Dapr's BulkSubscriber).
// Envelopes (CloudEvents) are the PubSubManager's business.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "common/status.h"
#include "runtime/component/component.h"
#include "runtime/component/properties.h"

namespace lichen::pubsub {

using Metadata = std::map<std::string, std::string>;

struct Message {
  std::string topic;
  std::string data;
  std::string content_type;
  Metadata metadata;
};

// Returns success to acknowledge; an error asks the broker to redeliver if it can.
using Handler = std::function<Expected<void, Status>(const Message&)>;
// Takes a batch and answers one result per message, in order, each meaning what a Handler's
// does for its message.
using BatchHandler =
    std::function<std::vector<Expected<void, Status>>(std::span<const Message> messages)>;

// How a broker gathers a batch (Dapr's BulkSubscribeConfig): it hands over a batch once
// `max_messages` are in it or `max_await` has passed since the first one came, whichever is
// first.
struct BatchLimits {
  size_t max_messages = 1;
  std::chrono::milliseconds max_await{0};
};

// A Handler as a BatchHandler for batches of any size.
BatchHandler oneAtATime(Handler handler);

class PubSub : public component::Component {
 public:
  virtual Expected<void, Status> publish(const Message& message) = 0;
  virtual Expected<void, Status> subscribe(const std::string& topic, Handler handler) = 0;
  // A broker that does not gather batches hands each message over alone, as soon as it comes
  // (what this default does); the brokers here gather up to `limits`.
  virtual Expected<void, Status> subscribeBatch(const std::string& topic, BatchLimits limits,
                                                BatchHandler handler);
  // Stops delivery; no handler runs after close returns.
  virtual void close() {}
  virtual std::vector<std::string> features() const { return {}; }
};

}  // namespace lichen::pubsub
