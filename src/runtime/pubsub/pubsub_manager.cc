#include "runtime/pubsub/pubsub_manager.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <chrono>

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

}  // namespace

PubSubManager::PubSubManager(std::string app_id) : app_id_(std::move(app_id)) {}

PubSubManager::~PubSubManager() { close(); }

void PubSubManager::addPubSub(PubSubInfo info, std::unique_ptr<PubSub> pubsub) {
  std::string name = info.name;
  infos_.insert_or_assign(name, std::move(info));
  brokers_.insert_or_assign(name, std::move(pubsub));
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
    message.data = makeCloudEvent(request, app_id_, nowMs());
    message.content_type = "application/cloudevents+json";
  }
  auto published = it->second->publish(message);
  if (!published) {
    return fail(published.error()
                    .withContext("error when publish to topic " + request.topic + " in pubsub " +
                                 request.pubsub)
                    .withCode(StatusCode::kPubsubPublishMessage));
  }
  return {};
}

void PubSubManager::setAppChannel(std::shared_ptr<component::AppChannel> channel) {
  std::lock_guard lock(mutex_);
  channel_ = std::move(channel);
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
  LICHEN_TRY(
      broker->subscribe(subscription.topic, [this, broker, subscription](const Message& message) {
        auto delivered = deliver(subscription, message);
        if (delivered || subscription.dead_letter_topic.empty()) return delivered;
        // Undeliverable: park it on the dead-letter topic, as daprd does once the broker gives
        // up (the in-memory broker never redelivers, so that is now).
        spdlog::warn("topic '{}': {}; sent to dead-letter topic '{}'", message.topic,
                     delivered.error().message(), subscription.dead_letter_topic);
        Message dead = message;
        dead.topic = subscription.dead_letter_topic;
        return broker->publish(dead);
      }));
  spdlog::info("subscribed to topic '{}' on pubsub '{}' -> {}", subscription.topic,
               subscription.pubsub, subscription.default_path);
  return {};
}

std::vector<Subscription> PubSubManager::subscriptions() const {
  std::lock_guard lock(mutex_);
  return subscriptions_;
}

Expected<void, Status> PubSubManager::loadProgrammaticSubscriptions() {
  std::shared_ptr<component::AppChannel> channel;
  {
    std::lock_guard lock(mutex_);
    channel = channel_;
  }
  if (!channel) return fail(StatusCode::kInternal, "no app channel");
  LICHEN_ASSIGN_OR_RETURN(component::AppResponse response,
                          channel->call("GET", "/dapr/subscribe", "", ""));
  if (response.status == 404) return {};  // the app has no programmatic subscriptions
  if (response.status < 200 || response.status > 299) {
    return fail(StatusCode::kInternal,
                "GET /dapr/subscribe answered " + std::to_string(response.status));
  }
  LICHEN_ASSIGN_OR_RETURN(auto subscriptions, parseProgrammaticSubscriptions(response.body));
  for (Subscription& subscription : subscriptions) {
    auto added = addSubscription(std::move(subscription));
    if (!added) spdlog::warn("{}", added.error().message());
  }
  return {};
}

Expected<void, Status> PubSubManager::deliver(const Subscription& subscription,
                                              const Message& message) {
  std::shared_ptr<component::AppChannel> channel;
  {
    std::lock_guard lock(mutex_);
    channel = channel_;
  }
  if (!channel) return fail(StatusCode::kInternal, "app channel is not ready");
  std::string path = routeFor(subscription, message.data);
  LICHEN_ASSIGN_OR_RETURN(component::AppResponse response,
                          channel->call("POST", path, message.data, message.content_type));
  if (response.status == 404) {
    spdlog::warn("app answered 404 for topic '{}' at {}: event dropped", message.topic, path);
    return {};
  }
  if (response.status < 200 || response.status > 299) {
    return fail(StatusCode::kInternal,
                "app answered " + std::to_string(response.status) + " for topic " + message.topic);
  }
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(response.body, ec);
  const boost::json::value* status =
      !ec && body.is_object() ? body.as_object().if_contains("status") : nullptr;
  if (!status || !status->is_string() || status->get_string().empty() ||
      status->get_string() == "SUCCESS") {
    return {};
  }
  if (status->get_string() == "DROP") {
    spdlog::warn("app dropped an event on topic '{}'", message.topic);
    return {};
  }
  return fail(StatusCode::kInternal, "app asked to retry an event on topic " + message.topic);
}

void PubSubManager::close() {
  for (auto& [name, broker] : brokers_) broker->close();
}

}  // namespace lichen::pubsub
