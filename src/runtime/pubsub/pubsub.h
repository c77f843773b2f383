// The pub/sub component interface, mirroring Dapr's pubsub.PubSub: publish bytes to a topic,
// subscribe a handler to a topic. Envelopes (CloudEvents) are the PubSubManager's business.
#pragma once

#include <functional>
#include <map>
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

class PubSub : public component::Component {
 public:
  virtual Expected<void, Status> publish(const Message& message) = 0;
  virtual Expected<void, Status> subscribe(const std::string& topic, Handler handler) = 0;
  // Stops delivery; no handler runs after close returns.
  virtual void close() {}
  virtual std::vector<std::string> features() const { return {}; }
};

}  // namespace lichen::pubsub
