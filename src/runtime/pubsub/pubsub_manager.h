// The pub/sub building block: named brokers, Dapr's CloudEvents envelope on publish, and
// subscriptions (declarative from resource YAML, programmatic from the app's GET
// /dapr/subscribe) delivered to the app over the app channel with Dapr's response semantics:
// 2xx + status SUCCESS (or none) acks, DROP drops, RETRY or an unknown status retries,
// 404 drops, anything else retries.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "runtime/component/app_channel.h"
#include "runtime/pubsub/pubsub.h"

namespace lichen::pubsub {

struct PubSubInfo {
  std::string name;
  std::string type;
  std::string version;
};

struct Rule {
  std::string match;  // CEL expression; empty = always
  std::string path;
};

struct Subscription {
  std::string pubsub;
  std::string topic;
  std::vector<Rule> rules;
  std::string default_path;
  Metadata metadata;
  std::string dead_letter_topic;
  std::string type = "DECLARATIVE";  // or "PROGRAMMATIC"
};

struct PublishRequest {
  std::string pubsub;
  std::string topic;
  std::string data;
  std::string content_type;  // empty = text/plain
  Metadata metadata;         // rawPayload, ttlInSeconds, cloudevent.* overrides, ...
};

class PubSubManager {
 public:
  explicit PubSubManager(std::string app_id);
  ~PubSubManager();

  void addPubSub(PubSubInfo info, std::unique_ptr<PubSub> pubsub);
  std::vector<PubSubInfo> pubsubs() const;

  // Errors: no pub/sub (400), empty or unknown name / empty topic (404), broker failure (500).
  Expected<void, Status> publish(const PublishRequest& request);

  // Where deliveries go; until set, deliveries fail (and the broker may redeliver).
  void setAppChannel(std::shared_ptr<component::AppChannel> channel);
  // Subscribes on the broker and routes events to the app.
  Expected<void, Status> addSubscription(Subscription subscription);
  std::vector<Subscription> subscriptions() const;
  // Asks the app (GET /dapr/subscribe) and adds what it answers as programmatic subscriptions.
  Expected<void, Status> loadProgrammaticSubscriptions();

  // Stops every broker; no delivery runs after this returns.
  void close();

 private:
  Expected<void, Status> deliver(const Subscription& subscription, const Message& message);

  std::string app_id_;
  std::map<std::string, PubSubInfo> infos_;
  std::map<std::string, std::unique_ptr<PubSub>> brokers_;  // filled at start-up
  mutable std::mutex mutex_;                                // guards the two below
  std::shared_ptr<component::AppChannel> channel_;
  std::vector<Subscription> subscriptions_;
};

// Dapr's CloudEvent for a published payload (contrib pubsub/envelope.go), as JSON text.
std::string makeCloudEvent(const PublishRequest& request, const std::string& source,
                           int64_t now_ms);
// Parses the app's GET /dapr/subscribe answer.
StatusOr<std::vector<Subscription>> parseProgrammaticSubscriptions(const std::string& json);

}  // namespace lichen::pubsub
