#include "api/http/http_subscriber.h"

#include <boost/json.hpp>

namespace lichen::http {

using pubsub::DeliveryResult;

DeliveryResult HttpSubscriber::deliver(const pubsub::Delivery& delivery) {
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
