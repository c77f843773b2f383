// The pub/sub building block: named brokers, Dapr's CloudEvents envelope on publish, and
// subscriptions (declarative from resource YAML, programmatic from the app) delivered to the
// app's Subscriber. The Subscriber answers ack, retry or drop; a retried event the broker does
// not redeliver goes to the subscription's dead-letter topic, if it has one. A bulk
// subscription's events come from the broker in batches (bulkSubscribe limits) and go to the
// app as one bulk request per route; each event is then settled on its own.
// Resiliency: a publish runs under the broker's outbound policy; a delivery under its inbound
// policy. When that inbound policy retries, its retries replace the broker's redelivery: once
// they run out the event is given up (to the dead-letter topic if any, else dropped).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/status.h"
#include "runtime/component/building_block.h"
#include "runtime/pubsub/pubsub.h"
#include "runtime/pubsub/subscriber.h"
#include "runtime/pubsub/subscription.h"
#include "runtime/resiliency/resiliency.h"

namespace lichen::pubsub {

struct PubSubInfo {
  std::string name;
  std::string type;
  std::string version;
};

struct PublishRequest {
  std::string pubsub;
  std::string topic;
  std::string data;
  std::string content_type;  // empty = text/plain
  Metadata metadata;         // rawPayload, ttlInSeconds, cloudevent.* overrides, ...
};

class PubSubManager : public component::BuildingBlock {
 public:
  static constexpr std::string_view kCategory = "pubsub";
  explicit PubSubManager(std::string app_id);
  ~PubSubManager() override;

  std::string_view category() const override { return kCategory; }
  StatusOr<std::vector<std::string>> addComponent(
      const component::ComponentId& id, const component::Properties& properties,
      std::unique_ptr<component::Component> component) override;

  void addPubSub(PubSubInfo info, std::unique_ptr<PubSub> pubsub);
  // Before subscriptions are added.
  void setResiliency(std::shared_ptr<resiliency::Resiliency> resiliency) {
    resiliency_ = std::move(resiliency);
  }
  std::vector<PubSubInfo> pubsubs() const;

  // Errors: no pub/sub (400), empty or unknown name / empty topic (404), broker failure (500).
  Expected<void, Status> publish(const PublishRequest& request);

  // Where deliveries go; until set, deliveries are retried (and the broker may redeliver).
  void setSubscriber(std::shared_ptr<Subscriber> subscriber);
  // Subscribes on the broker and routes events to the app.
  Expected<void, Status> addSubscription(Subscription subscription);
  std::vector<Subscription> subscriptions() const;
  // Asks the app's Subscriber what it subscribes to and adds that as programmatic subscriptions.
  Expected<void, Status> loadProgrammaticSubscriptions();

  // Stops every broker; no delivery runs after this returns.
  void close() override;

 private:
  // The event as the app gets it (rawPayload wrapped, routed), or why it is not delivered.
  Expected<Delivery, DeliveryResult> prepare(const Subscription& subscription,
                                             const Message& message) const;
  // Runs the delivery under the inbound policy; `retries_ran_out` tells whether that policy's
  // retries were spent on it.
  DeliveryResult deliver(const Subscription& subscription, const Message& message,
                         bool& retries_ran_out);
  // What to tell the broker about one event, after the inbound policy ran the delivery.
  Expected<void, Status> settle(const Subscription& subscription, PubSub& broker,
                                const Message& message);
  // The same for a bulk subscription's batch: one bulk request per route, one answer per event.
  std::vector<Expected<void, Status>> settleBatch(const Subscription& subscription, PubSub& broker,
                                                  std::span<const Message> messages);
  // The broker's answer for an event the app answered `result` for.
  Expected<void, Status> conclude(const Subscription& subscription, PubSub& broker,
                                  const Message& message, const DeliveryResult& result,
                                  bool retries_ran_out);
  resiliency::Policy policy(const std::string& pubsub, resiliency::Direction direction) const;
  std::shared_ptr<Subscriber> subscriber() const;

  std::string app_id_;
  std::map<std::string, PubSubInfo> infos_;
  std::map<std::string, std::unique_ptr<PubSub>> brokers_;  // filled at start-up
  std::shared_ptr<resiliency::Resiliency> resiliency_;
  mutable std::mutex mutex_;  // guards the two below
  std::shared_ptr<Subscriber> subscriber_;
  std::vector<Subscription> subscriptions_;
};

// Dapr's CloudEvent for a published payload (contrib pubsub/envelope.go), as JSON text.
// A raw payload as a rawPayload subscription receives it (daprd's FromRawPayload): a CloudEvent
// with a new id, `application/octet-stream` and the bytes in `data_base64`.
std::string wrapRawPayload(const std::string& data, const std::string& topic,
                           const std::string& pubsub);
// RFC 3339 ("2026-12-01T10:00:00.5Z", "...+01:00") as Unix milliseconds.
std::optional<int64_t> parseRfc3339Ms(const std::string& text);
// Whether a CloudEvent's `expiration` (publish metadata ttlInSeconds) has passed.
bool expiredCloudEvent(const std::string& event_json, int64_t now_ms);
// Whether `text` is a JSON object (what a caller's own CloudEvent must be).
bool isJsonObject(const std::string& text);
std::string makeCloudEvent(const PublishRequest& request, const std::string& source,
                           int64_t now_ms);

}  // namespace lichen::pubsub
