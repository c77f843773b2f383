#include "api/http/http_input_handler.h"

#include "runtime/invoke/invocation.h"

namespace lichen::http {
namespace {

std::string pathOf(const std::string& route) { return "/" + invoke::percentEncode(route, false); }

}  // namespace

StatusOr<bool> HttpInputHandler::accepts(const std::string&, const std::string& route) {
  auto response = channel_->call("OPTIONS", pathOf(route), "", "application/json");
  if (!response) {
    return fail(StatusCode::kInternal,
                "could not invoke OPTIONS method on input binding subscription endpoint \"" +
                    route + "\": " + response.error().message());
  }
  return response->status / 100 == 2 || response->status == 405;
}

StatusOr<std::string> HttpInputHandler::deliver(const bindings::InputEvent& event) {
  component::AppRequest request;
  request.verb = "POST";
  request.method = event.route;
  request.path = pathOf(event.route);
  request.body = event.data;
  request.content_type = "application/json";
  for (const auto& [key, value] : event.metadata) request.headers[key] = value;
  auto response = channel_->invoke(request);
  if (!response) {
    return fail(StatusCode::kInternal, "error invoking app: " + response.error().message());
  }
  if (response->status < 200 || response->status > 299) {
    return fail(StatusCode::kInternal,
                "fails to send binding event to http app channel, status code: " +
                    std::to_string(response->status) + " body: " + response->body);
  }
  return std::move(response->body);
}

}  // namespace lichen::http
