#include "api/http/http_subscriber.h"

#include <boost/json.hpp>

#include "runtime/component/uuid.h"

namespace lichen::http {

using pubsub::DeliveryResult;

namespace {

namespace json = boost::json;

// One event as a bulk request (daprd's bulk subscribe shape), for a bulkSubscribe subscription.
std::string bulkRequest(const pubsub::Delivery& delivery, const std::string& entry_id) {
  json::object entry;
  entry["entryId"] = entry_id;
  boost::system::error_code ec;
  json::value event = json::parse(delivery.data, ec);
  if (!ec && event.is_object()) {
    entry["event"] = std::move(event);
  } else {
    entry["event"] = delivery.data;
  }
  entry["metadata"] = json::object();
  entry["contentType"] = delivery.content_type;
  json::object metadata;
  for (const auto& [k, v] : delivery.metadata) metadata[k] = v;
  json::object body;
  body["id"] = component::newUuid();
  body["type"] = "com.dapr.event.sent.bulk";
  body["topic"] = delivery.topic;
  body["pubsubname"] = delivery.pubsub;
  body["metadata"] = std::move(metadata);
  body["entries"] = json::array{std::move(entry)};
  return json::serialize(body);
}

// The app's status for our entry: SUCCESS, DROP, RETRY; an entry it left out is RETRY.
DeliveryResult bulkOutcome(const std::string& reply, const std::string& entry_id,
                           const std::string& topic) {
  boost::system::error_code ec;
  json::value body = json::parse(reply, ec);
  const json::value* statuses =
      !ec && body.is_object() ? body.as_object().if_contains("statuses") : nullptr;
  if (statuses && statuses->is_array()) {
    for (const json::value& item : statuses->get_array()) {
      const json::object* o = item.if_object();
      const json::value* id = o ? o->if_contains("entryId") : nullptr;
      if (!id || !id->is_string() || id->get_string() != entry_id) continue;
      const json::value* status = o->if_contains("status");
      if (status && *status == "SUCCESS") return DeliveryResult::success();
      if (status && *status == "DROP") return DeliveryResult::drop("app answered DROP");
      break;
    }
  }
  return DeliveryResult::retry("app did not acknowledge a bulk entry on topic " + topic);
}

}  // namespace

DeliveryResult HttpSubscriber::deliver(const pubsub::Delivery& delivery) {
  if (delivery.bulk) {
    const std::string entry_id = component::newUuid();
    auto response =
        channel_->call("POST", delivery.path, bulkRequest(delivery, entry_id), "application/json");
    if (!response) return DeliveryResult::retry(response.error().message());
    if (response->status == 404) {
      return DeliveryResult::discard("app answered 404 at " + delivery.path);
    }
    if (response->status < 200 || response->status > 299) {
      return DeliveryResult::retry("app answered " + std::to_string(response->status) +
                                   " for topic " + delivery.topic);
    }
    return bulkOutcome(response->body, entry_id, delivery.topic);
  }
  auto response = channel_->call("POST", delivery.path, delivery.data, delivery.content_type);
  if (!response) return DeliveryResult::retry(response.error().message());
  if (response->status == 404) {
    return DeliveryResult::discard("app answered 404 at " + delivery.path);
  }
  if (response->status < 200 || response->status > 299) {
    return DeliveryResult::retry("app answered " + std::to_string(response->status) +
                                 " for topic " + delivery.topic);
  }
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(response->body, ec);
  const boost::json::value* status =
      !ec && body.is_object() ? body.as_object().if_contains("status") : nullptr;
  if (!status || !status->is_string() || status->get_string().empty() ||
      status->get_string() == "SUCCESS") {
    return DeliveryResult::success();
  }
  if (status->get_string() == "DROP") return DeliveryResult::drop("app answered DROP");
  return DeliveryResult::retry("app asked to retry an event on topic " + delivery.topic);
}

StatusOr<std::vector<pubsub::Subscription>> HttpSubscriber::subscriptions() {
  LICHEN_ASSIGN_OR_RETURN(component::AppResponse response,
                          channel_->call("GET", "/dapr/subscribe", "", ""));
  if (response.status == 404) return std::vector<pubsub::Subscription>{};
  if (response.status < 200 || response.status > 299) {
    return fail(StatusCode::kInternal,
                "GET /dapr/subscribe answered " + std::to_string(response.status));
  }
  return pubsub::parseProgrammaticSubscriptions(response.body);
}

}  // namespace lichen::http
