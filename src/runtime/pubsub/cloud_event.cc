// CloudEvents envelopes and the app's subscription list: the JSON side of pub/sub.
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>

#include "runtime/component/properties.h"
#include "runtime/component/uuid.h"
#include "runtime/pubsub/pubsub_manager.h"

namespace lichen::pubsub {
namespace {

namespace json = boost::json;

std::string rfc3339(int64_t unix_ms) {
  std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[40];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof(out), "%s.%03dZ", buf, static_cast<int>(unix_ms % 1000));
  return out;
}

std::string base64(const std::string& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
  }
  if (i + 1 == bytes.size()) {
    uint32_t n = uint8_t(bytes[i]) << 16;
    out += {kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == bytes.size()) {
    uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8);
    out += {kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63], kAlphabet[(n >> 6) & 63], '='};
  }
  return out;
}

bool isJsonType(const std::string& content_type) {
  std::string base = content_type.substr(0, content_type.find(';'));
  return base == "application/json" || base.ends_with("+json");
}

bool isTextType(const std::string& content_type) {
  return content_type.empty() || content_type.starts_with("text/") ||
         content_type.starts_with("application/xml");
}

}  // namespace

std::optional<int64_t> parseRfc3339Ms(const std::string& text) {
  int year, month, day, hour, minute;
  double second = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf%n", &year, &month, &day, &hour, &minute,
                  &second, &consumed) != 6) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  int64_t ms = static_cast<int64_t>(timegm(&tm)) * 1000 + static_cast<int64_t>(second * 1000);
  std::string zone = text.substr(consumed);
  if (zone == "Z" || zone == "z") return ms;
  int zh = 0, zm = 0;
  char sign = 0;
  if (std::sscanf(zone.c_str(), "%c%2d:%2d", &sign, &zh, &zm) != 3 ||
      (sign != '+' && sign != '-')) {
    return std::nullopt;
  }
  const int64_t offset = (zh * 60 + zm) * 60 * 1000;
  return sign == '+' ? ms - offset : ms + offset;
}

bool expiredCloudEvent(const std::string& event_json, int64_t now_ms) {
  if (event_json.find("\"expiration\"") == std::string::npos) return false;  // the common case
  boost::system::error_code ec;
  json::value event = json::parse(event_json, ec);
  const json::value* expiration =
      !ec && event.is_object() ? event.as_object().if_contains("expiration") : nullptr;
  if (!expiration || !expiration->is_string()) return false;
  auto at = parseRfc3339Ms(std::string(expiration->get_string()));
  return at && *at < now_ms;
}

bool isJsonObject(const std::string& text) {
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  return !ec && value.is_object();
}

std::string wrapRawPayload(const std::string& data, const std::string& topic,
                           const std::string& pubsub) {
  json::object event;
  event["id"] = component::newUuid();
  event["specversion"] = "1.0";
  event["datacontenttype"] = "application/octet-stream";
  event["source"] = "Dapr";
  event["type"] = "com.dapr.event.sent";
  event["topic"] = topic;
  event["pubsubname"] = pubsub;
  event["data_base64"] = base64(data);
  return json::serialize(event);
}

std::string makeCloudEvent(const PublishRequest& request, const std::string& source,
                           int64_t now_ms) {
  std::string content_type = request.content_type.empty() ? "text/plain" : request.content_type;
  json::object event;
  boost::system::error_code ec;
  if (content_type.starts_with("application/cloudevents+json")) {
    json::value given = json::parse(request.data, ec);
    if (!ec && given.is_object()) event = std::move(given.as_object());
    if (!event.contains("datacontenttype")) event["datacontenttype"] = "application/json";
  } else {
    event["datacontenttype"] = content_type;
    json::value parsed;
    if (isJsonType(content_type)) parsed = json::parse(request.data, ec);
    if (isJsonType(content_type) && !ec) {
      event["data"] = std::move(parsed);
    } else if (isJsonType(content_type) || isTextType(content_type)) {
      event["data"] = request.data;
    } else {
      event["data_base64"] = base64(request.data);
    }
  }
  auto fill = [&](const char* field, const std::string& value) {
    if (!event.contains(field)) event[field] = value;
  };
  fill("id", component::newUuid());
  fill("source", source.empty() ? "Dapr" : source);
  fill("type", "com.dapr.event.sent");
  fill("specversion", "1.0");
  event["topic"] = request.topic;
  event["pubsubname"] = request.pubsub;
  fill("traceid", "");
  fill("traceparent", "");
  fill("tracestate", "");
  fill("time", rfc3339(now_ms));
  for (const char* field : {"id", "source", "type", "traceid", "traceparent", "tracestate"}) {
    auto it = request.metadata.find(std::string("cloudevent.") + field);
    if (it != request.metadata.end()) event[field] = it->second;
  }
  if (auto it = request.metadata.find("ttlInSeconds"); it != request.metadata.end()) {
    if (auto ttl = component::parseInt(it->second); ttl && *ttl > 0) {
      event["expiration"] = rfc3339(now_ms + *ttl * 1000);
    }
  }
  return json::serialize(event);
}

StatusOr<std::vector<Subscription>> parseProgrammaticSubscriptions(const std::string& text) {
  std::vector<Subscription> out;
  if (text.empty()) return out;
  boost::system::error_code ec;
  json::value root = json::parse(text, ec);
  if (ec || !root.is_array()) {
    return fail(StatusCode::kInternal, "GET /dapr/subscribe did not answer a JSON array");
  }
  auto str = [](const json::object& o, const char* key) {
    const json::value* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  for (const json::value& item : root.get_array()) {
    if (!item.is_object()) continue;
    const json::object& o = item.get_object();
    Subscription sub;
    sub.type = "PROGRAMMATIC";
    sub.pubsub = str(o, "pubsubname");
    sub.topic = str(o, "topic");
    sub.default_path = str(o, "route");
    sub.dead_letter_topic = str(o, "deadLetterTopic");
    if (const json::value* bulk = o.if_contains("bulkSubscribe"); bulk && bulk->is_object()) {
      const json::object& b = bulk->get_object();
      const json::value* enabled = b.if_contains("enabled");
      sub.bulk.enabled = enabled && enabled->is_bool() && enabled->get_bool();
      if (const json::value* n = b.if_contains("maxMessagesCount"); n && n->is_int64()) {
        sub.bulk.max_messages = n->get_int64();
      }
      if (const json::value* n = b.if_contains("maxAwaitDurationMs"); n && n->is_int64()) {
        sub.bulk.max_await_ms = n->get_int64();
      }
    }
    if (const json::value* routes = o.if_contains("routes"); routes && routes->is_object()) {
      const json::object& r = routes->get_object();
      if (std::string path = str(r, "default"); !path.empty()) sub.default_path = path;
      if (const json::value* rules = r.if_contains("rules"); rules && rules->is_array()) {
        for (const json::value& rule : rules->get_array()) {
          if (rule.is_object()) {
            sub.rules.push_back({str(rule.get_object(), "match"), str(rule.get_object(), "path")});
          }
        }
      }
    }
    if (const json::value* md = o.if_contains("metadata"); md && md->is_object()) {
      for (const auto& member : md->get_object()) {
        if (member.value().is_string()) {
          sub.metadata[std::string(member.key())] = std::string(member.value().get_string());
        }
      }
    }
    if (sub.pubsub.empty() || sub.topic.empty()) continue;
    out.push_back(std::move(sub));
  }
  return out;
}

}  // namespace lichen::pubsub
