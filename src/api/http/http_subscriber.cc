#include "api/http/http_subscriber.h"

#include <boost/json.hpp>
#include <map>
#include <optional>

#include "runtime/component/uuid.h"

namespace lichen::http {

using pubsub::DeliveryResult;

namespace {

namespace json = boost::json;

// A batch as daprd's bulk request: each entry has an entry id of its own (its index in
// `entry_ids`), the event (a JSON object when it is one), its metadata and content type.
std::string bulkRequest(std::span<const pubsub::Delivery> deliveries,
                        const std::vector<std::string>& entry_ids) {
  json::array entries;
  for (size_t i = 0; i < deliveries.size(); ++i) {
    const pubsub::Delivery& delivery = deliveries[i];
    json::object entry;
    entry["entryId"] = entry_ids[i];
    boost::system::error_code ec;
    json::value event = json::parse(delivery.data, ec);
    if (!ec && event.is_object()) {
      entry["event"] = std::move(event);
    } else {
      entry["event"] = delivery.data;
    }
    json::object metadata;
    for (const auto& [k, v] : delivery.metadata) metadata[k] = v;
    entry["metadata"] = std::move(metadata);
    entry["contentType"] = delivery.content_type;
    entries.push_back(std::move(entry));
  }
  json::object body;
  body["id"] = component::newUuid();
  body["type"] = "com.dapr.event.sent.bulk";
  body["topic"] = deliveries.front().topic;
  body["pubsubname"] = deliveries.front().pubsub;
  body["metadata"] = json::object{{"pubsubName", deliveries.front().pubsub}};
  body["entries"] = std::move(entries);
  return json::serialize(body);
}

// The app's status per entry id, from {"statuses":[{"entryId","status"}]}; an entry it left
// out, RETRY or an unknown status is RETRY.
std::vector<DeliveryResult> bulkOutcomes(const std::string& reply,
                                         const std::vector<std::string>& entry_ids,
                                         const std::string& topic) {
  std::map<std::string, std::string> statuses;
  boost::system::error_code ec;
  json::value body = json::parse(reply, ec);
  const json::value* listed =
      !ec && body.is_object() ? body.as_object().if_contains("statuses") : nullptr;
  if (listed && listed->is_array()) {
    for (const json::value& item : listed->get_array()) {
      const json::object* o = item.if_object();
      const json::value* id = o ? o->if_contains("entryId") : nullptr;
      const json::value* status = o ? o->if_contains("status") : nullptr;
      if (!id || !id->is_string() || !status || !status->is_string()) continue;
      statuses.emplace(std::string(id->get_string()), std::string(status->get_string()));
    }
  }
  std::vector<DeliveryResult> results;
  results.reserve(entry_ids.size());
  for (const std::string& id : entry_ids) {
    auto status = statuses.find(id);
    if (status != statuses.end() && status->second == "SUCCESS") {
      results.push_back(DeliveryResult::success());
    } else if (status != statuses.end() && status->second == "DROP") {
      results.push_back(DeliveryResult::drop("app answered DROP"));
    } else {
      results.push_back(
          DeliveryResult::retry("app did not acknowledge a bulk entry on topic " + topic));
    }
  }
  return results;
}

// An answer to the request as a whole: 404 discards every entry, another failure retries them.
std::optional<DeliveryResult> failedRequest(const StatusOr<component::AppResponse>& response,
                                            const pubsub::Delivery& delivery) {
  if (!response) return DeliveryResult::retry(response.error().message());
  if (response->status == 404) {
    return DeliveryResult::discard("app answered 404 at " + delivery.path);
  }
  if (response->status < 200 || response->status > 299) {
    return DeliveryResult::retry("app answered " + std::to_string(response->status) +
                                 " for topic " + delivery.topic);
  }
  return std::nullopt;
}

}  // namespace

DeliveryResult HttpSubscriber::deliver(const pubsub::Delivery& delivery) {
  auto response = channel_->call("POST", delivery.path, delivery.data, delivery.content_type);
  if (auto failed = failedRequest(response, delivery)) return *failed;
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

std::vector<DeliveryResult> HttpSubscriber::deliverBulk(
    std::span<const pubsub::Delivery> deliveries) {
  if (deliveries.empty()) return {};
  std::vector<std::string> entry_ids;
  entry_ids.reserve(deliveries.size());
  for (size_t i = 0; i < deliveries.size(); ++i) entry_ids.push_back(component::newUuid());
  const pubsub::Delivery& first = deliveries.front();
  auto response =
      channel_->call("POST", first.path, bulkRequest(deliveries, entry_ids), "application/json");
  if (auto failed = failedRequest(response, first)) {
    return std::vector<DeliveryResult>(deliveries.size(), *failed);
  }
  return bulkOutcomes(response->body, entry_ids, first.topic);
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
