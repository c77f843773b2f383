#include "runtime/pubsub/pubsub_manager.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "runtime/pubsub/bulk_delivery.h"
#include "runtime/pubsub/route_match.h"

namespace lichen::pubsub {
namespace {

int64_t nowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// The path for an event: the first rule whose match holds (an empty match always holds),
// else the default route, else the topic name.
std::string routeFor(const Subscription& subscription, const std::string& event_json) {
  for (const Rule& rule : subscription.rules) {
    if (rule.path.empty()) continue;
    if (rule.match.empty()) return rule.path;
    auto matched = evaluateMatch(rule.match, event_json);
    if (!matched) {
      spdlog::warn("topic '{}': rule '{}' is outside the supported CEL subset; skipped",
                   subscription.topic, rule.match);
    } else if (*matched) {
      return rule.path;
    }
  }
  std::string path =
      subscription.default_path.empty() ? subscription.topic : subscription.default_path;
  return path.starts_with('/') ? path : "/" + path;
}

// bulkSubscribe's limits as the broker takes them; an unset (or non-positive) one is daprd's
// default (100 messages, 1000 ms).
BatchLimits batchLimits(const BulkSubscribe& bulk) {
  BulkSubscribe defaults;
  int64_t count = bulk.max_messages > 0 ? bulk.max_messages : defaults.max_messages;
  int64_t await_ms = bulk.max_await_ms > 0 ? bulk.max_await_ms : defaults.max_await_ms;
  return {static_cast<size_t>(count), std::chrono::milliseconds(await_ms)};
}

}  // namespace

PubSubManager::PubSubManager(std::string app_id) : app_id_(std::move(app_id)) {}

PubSubManager::~PubSubManager() { close(); }

void PubSubManager::addPubSub(PubSubInfo info, std::unique_ptr<PubSub> pubsub) {
  std::string name = info.name;
  infos_.insert_or_assign(name, std::move(info));
  brokers_.insert_or_assign(name, std::move(pubsub));
}

StatusOr<std::vector<std::string>> PubSubManager::addComponent(
    const component::ComponentId& id, const component::Properties&,
    std::unique_ptr<component::Component> component) {
  LICHEN_ASSIGN_OR_RETURN(std::unique_ptr<PubSub> broker,
                          component::componentAs<PubSub>(std::move(component), "pub/sub"));
  std::vector<std::string> features = broker->features();
  addPubSub({id.name, id.type, id.version}, std::move(broker));
  return features;
}

std::vector<PubSubInfo> PubSubManager::pubsubs() const {
  std::vector<PubSubInfo> out;
  for (const auto& [name, info] : infos_) out.push_back(info);
  return out;
}

Expected<void, Status> PubSubManager::publish(const PublishRequest& request) {
  if (brokers_.empty()) return fail(StatusCode::kPubsubNotConfigured, "no pubsub is configured");
  if (request.pubsub.empty()) {
    return fail(StatusCode::kPubsubEmpty, "pubsub name is empty");
  }
  auto it = brokers_.find(request.pubsub);
  if (it == brokers_.end()) {
    return fail(StatusCode::kPubsubNotFound, "pubsub " + request.pubsub + " not found");
  }
  if (request.topic.empty()) {
    return fail(StatusCode::kTopicNameEmpty, "topic is empty in pubsub " + request.pubsub);
  }
  Message message{request.topic, request.data, request.content_type, request.metadata};
  auto raw = request.metadata.find("rawPayload");
  if (raw == request.metadata.end() || raw->second != "true") {
    // A caller's own CloudEvent must be one (daprd: ERR_PUBSUB_CLOUD_EVENTS_SER), not any bytes.
    if (request.content_type.starts_with("application/cloudevents+json") &&
        !isJsonObject(request.data)) {
      return fail(StatusCode::kPubsubCloudEventsSer, "cannot create cloudevent");
    }
    message.data = makeCloudEvent(request, app_id_, nowMs());
    message.content_type = "application/cloudevents+json";
  }
  // The publish owns its copies: a policy timeout may leave it running (policy.h).
  auto published =
      policy(request.pubsub, resiliency::Direction::kOutbound)
          .runVoid([broker = it->second.get(), message] { return broker->publish(message); });
  if (!published) {
    return fail(published.error()
                    .withContext("error when publish to topic " + request.topic + " in pubsub " +
                                 request.pubsub)
                    .withCode(StatusCode::kPubsubPublishMessage));
  }
  return {};
}

void PubSubManager::setSubscriber(std::shared_ptr<Subscriber> subscriber) {
  std::lock_guard lock(mutex_);
  subscriber_ = std::move(subscriber);
}

std::shared_ptr<Subscriber> PubSubManager::subscriber() const {
  std::lock_guard lock(mutex_);
  return subscriber_;
}

Expected<void, Status> PubSubManager::addSubscription(Subscription subscription) {
  auto it = brokers_.find(subscription.pubsub);
  if (it == brokers_.end()) {
    return fail(StatusCode::kInvalidConfig, "subscription to topic " + subscription.topic +
                                                ": pubsub " + subscription.pubsub + " not found");
  }
  {
    std::lock_guard lock(mutex_);
    for (const Subscription& existing : subscriptions_) {
      if (existing.pubsub == subscription.pubsub && existing.topic == subscription.topic) {
        return {};  // one subscription per topic, as in daprd; the first wins
      }
    }
    subscriptions_.push_back(subscription);
  }
  PubSub* broker = it->second.get();
  if (subscription.bulk.enabled) {
    LICHEN_TRY(
        broker->subscribeBatch(subscription.topic, batchLimits(subscription.bulk),
                               [this, broker, subscription](std::span<const Message> messages) {
                                 return settleBatch(subscription, *broker, messages);
                               }));
  } else {
    LICHEN_TRY(broker->subscribe(
        subscription.topic,
        [this, broker, subscription](const Message& message) -> Expected<void, Status> {
          return settle(subscription, *broker, message);
        }));
  }
  spdlog::info("subscribed to topic '{}' on pubsub '{}' -> {}{}", subscription.topic,
               subscription.pubsub, subscription.default_path,
               subscription.bulk.enabled ? " (bulk)" : "");
  return {};
}

std::vector<Subscription> PubSubManager::subscriptions() const {
  std::lock_guard lock(mutex_);
  return subscriptions_;
}

Expected<void, Status> PubSubManager::loadProgrammaticSubscriptions() {
  std::shared_ptr<Subscriber> app = subscriber();
  if (!app) return fail(StatusCode::kInternal, "no app channel");
  LICHEN_ASSIGN_OR_RETURN(std::vector<Subscription> subscriptions, app->subscriptions());
  for (Subscription& subscription : subscriptions) {
    auto added = addSubscription(std::move(subscription));
    if (!added) spdlog::warn("{}", added.error().message());
  }
  return {};
}

resiliency::Policy PubSubManager::policy(const std::string& pubsub,
                                         resiliency::Direction direction) const {
  return resiliency::componentPolicyOf(resiliency_.get(), pubsub,
                                       resiliency::ComponentKind::kPubsub, direction);
}

Expected<void, Status> PubSubManager::settle(const Subscription& subscription, PubSub& broker,
                                             const Message& message) {
  bool retries_ran_out = false;
  DeliveryResult result = deliver(subscription, message, retries_ran_out);
  return conclude(subscription, broker, message, result, retries_ran_out);
}

std::vector<Expected<void, Status>> PubSubManager::settleBatch(const Subscription& subscription,
                                                               PubSub& broker,
                                                               std::span<const Message> messages) {
  std::vector<BulkEntryOutcome> outcomes(messages.size());
  std::shared_ptr<Subscriber> app = subscriber();
  // One bulk request per route, as daprd groups a batch's entries by the path they match.
  std::map<std::string, std::vector<std::pair<size_t, Delivery>>> by_path;
  for (size_t i = 0; i < messages.size(); ++i) {
    if (!app) {
      outcomes[i].result = DeliveryResult::retry("app channel is not ready");
      continue;
    }
    auto prepared = prepare(subscription, messages[i]);
    if (!prepared) {
      outcomes[i].result = prepared.error();
      continue;
    }
    by_path[prepared->path].emplace_back(i, std::move(*prepared));
  }
  resiliency::Policy inbound = policy(subscription.pubsub, resiliency::Direction::kInbound);
  for (auto& [path, entries] : by_path) {
    std::vector<Delivery> deliveries;
    for (auto& [index, delivery] : entries) deliveries.push_back(std::move(delivery));
    std::vector<BulkEntryOutcome> delivered =
        deliverBulkUnderPolicy(app, inbound, std::move(deliveries));
    for (size_t k = 0; k < entries.size(); ++k) outcomes[entries[k].first] = delivered[k];
  }
  std::vector<Expected<void, Status>> answers;
  answers.reserve(messages.size());
  for (size_t i = 0; i < messages.size(); ++i) {
    answers.push_back(conclude(subscription, broker, messages[i], outcomes[i].result,
                               outcomes[i].retries_ran_out));
  }
  return answers;
}

Expected<void, Status> PubSubManager::conclude(const Subscription& subscription, PubSub& broker,
                                               const Message& message, const DeliveryResult& result,
                                               bool retries_ran_out) {
  if (result.outcome == DeliveryOutcome::kSuccess) return {};
  // The inbound policy's retries replace the broker's: once they ran out, the event is given
  // up as if the app had dropped it. Retries cut short by shutdown leave it to the broker.
  if (resiliency_ && resiliency_->stopped()) retries_ran_out = false;
  bool given_up = result.outcome == DeliveryOutcome::kDrop || retries_ran_out;
  if (result.outcome == DeliveryOutcome::kDiscard ||
      (given_up && subscription.dead_letter_topic.empty())) {
    spdlog::warn("topic '{}': event dropped: {}{}", message.topic, result.error,
                 retries_ran_out ? " (resiliency retries exhausted)" : "");
    return {};
  }
  if (subscription.dead_letter_topic.empty()) {
    return fail(StatusCode::kInternal, result.error);  // the broker may redeliver
  }
  // Dropped by the app, or not processed: park it on the dead-letter topic now, as daprd
  // does (with a dead-letter topic it hands the broker no error to redeliver).
  spdlog::warn("topic '{}': {}; sent to dead-letter topic '{}'", message.topic, result.error,
               subscription.dead_letter_topic);
  Message dead = message;
  dead.topic = subscription.dead_letter_topic;
  return broker.publish(dead);
}

Expected<Delivery, DeliveryResult> PubSubManager::prepare(const Subscription& subscription,
                                                          const Message& message) const {
  // An event past its expiration (ttlInSeconds at publish) is dropped, as daprd does.
  if (message.content_type.starts_with("application/cloudevents+json") &&
      expiredCloudEvent(message.data, nowMs())) {
    return Unexpected(DeliveryResult::discard("the event expired before delivery"));
  }
  // A rawPayload subscription gets the bytes wrapped in a CloudEvent, as daprd delivers them.
  Delivery delivery{subscription.pubsub, message.topic,        "",
                    message.data,        message.content_type, message.metadata};
  auto raw = subscription.metadata.find("rawPayload");
  if (raw != subscription.metadata.end() && raw->second == "true") {
    delivery.data = wrapRawPayload(message.data, message.topic, subscription.pubsub);
    delivery.content_type = "application/cloudevents+json";
  }
  delivery.path = routeFor(subscription, delivery.data);
  return delivery;
}

DeliveryResult PubSubManager::deliver(const Subscription& subscription, const Message& message,
                                      bool& retries_ran_out) {
  std::shared_ptr<Subscriber> app = subscriber();
  if (!app) return DeliveryResult::retry("app channel is not ready");
  auto prepared = prepare(subscription, message);
  if (!prepared) return prepared.error();
  resiliency::Policy inbound = policy(subscription.pubsub, resiliency::Direction::kInbound);
  // The delivery owns its copies: a policy timeout may leave it running (policy.h).
  auto result = inbound.run<DeliveryResult>(
      [app, delivery = std::move(*prepared)]() -> StatusOr<DeliveryResult> {
        return app->deliver(delivery);
      },
      [](const DeliveryResult& answer) {
        return resiliency::Verdict{answer.outcome == DeliveryOutcome::kRetry, std::nullopt,
                                   answer.error};
      });
  if (!result) {
    // A timeout ends the retries like any failure; an open breaker leaves the event to the
    // broker, which may redeliver it later.
    retries_ran_out = inbound.hasRetries() && !resiliency::isBreakerRejection(result.error());
    return DeliveryResult::retry(result.error().message());
  }
  retries_ran_out = inbound.hasRetries() && result->outcome == DeliveryOutcome::kRetry;
  return *result;
}

void PubSubManager::close() {
  for (auto& [name, broker] : brokers_) broker->close();
}

}  // namespace lichen::pubsub
