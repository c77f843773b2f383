#include "app/wasm_app_channel.h"

#include <boost/json.hpp>

namespace lichen::app {
namespace {

namespace json = boost::json;

// "%41" -> "A"; anything malformed stays as it is.
std::string percentDecode(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string base64Decode(std::string_view text) {
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    if (c >= '0' && c <= '9') v = c - '0' + 52;
    if (c == '+' || c == '-') v = 62;
    if (c == '/' || c == '_') v = 63;
    if (v < 0) continue;  // padding, whitespace
    bits = (bits << 6) | static_cast<uint32_t>(v);
    if (++count == 4) {
      out += {static_cast<char>(bits >> 16), static_cast<char>(bits >> 8), static_cast<char>(bits)};
      bits = 0;
      count = 0;
    }
  }
  if (count == 3) out += {static_cast<char>(bits >> 10), static_cast<char>(bits >> 2)};
  if (count == 2) out += static_cast<char>(bits >> 4);
  return out;
}

std::string field(const json::object& obj, std::string_view name) {
  const json::value* v = obj.if_contains(name);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

StatusOr<component::AppResponse> WasmAppChannel::call(const std::string& method,
                                                      const std::string& path,
                                                      const std::string& body,
                                                      const std::string& content_type) {
  component::AppRequest request;
  request.verb = method;
  request.path = path;
  std::string_view target(path);
  if (size_t q = target.find('?'); q != std::string_view::npos) {
    request.query = std::string(target.substr(q + 1));
    target = target.substr(0, q);
  }
  while (!target.empty() && target.front() == '/') target.remove_prefix(1);
  request.method = percentDecode(target);
  request.body = body;
  request.content_type = content_type;
  if (!content_type.empty()) request.headers["content-type"] = content_type;
  return app_->invoke(request);
}

AppEvent eventFromDelivery(const pubsub::Delivery& delivery) {
  AppEvent event{delivery.pubsub,       delivery.topic, delivery.path, {}, {},
                 delivery.content_type, delivery.data};
  if (delivery.content_type.find("cloudevents") == std::string::npos) return event;
  boost::system::error_code ec;
  json::value parsed = json::parse(delivery.data, ec);
  if (ec || !parsed.is_object()) return event;
  const json::object& ce = parsed.get_object();
  event.id = field(ce, "id");
  event.type = field(ce, "type");
  event.content_type = field(ce, "datacontenttype");
  if (const json::value* data = ce.if_contains("data")) {
    event.data = data->is_string() ? std::string(data->get_string()) : json::serialize(*data);
  } else if (ce.contains("data_base64")) {
    event.data = base64Decode(field(ce, "data_base64"));
  } else {
    event.data.clear();
  }
  return event;
}

}  // namespace lichen::app
