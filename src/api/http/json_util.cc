#include "api/http/json_util.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace lichen::http {
namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is not valid.
size_t utf8Length(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  size_t length = c < 0x80           ? 1
                  : (c >> 5) == 0x6  ? 2
                  : (c >> 4) == 0xE  ? 3
                  : (c >> 3) == 0x1E ? 4
                                     : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  uint32_t code = length == 1 ? c : c & (0x7F >> length);
  for (size_t k = 1; k < length; ++k) code = (code << 6) | (byte(i + k) & 0x3F);
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < kMin[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

// Like Go's encoding/json, invalid UTF-8 becomes U+FFFD, so the output is always valid JSON.
void writeString(std::string& out, std::string_view text) {
  std::string clean;
  clean.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t length = utf8Length(text, i);
    if (length == 0) {
      clean += "\xEF\xBF\xBD";
      ++i;
    } else {
      clean.append(text, i, length);
      i += length;
    }
  }
  out += json::serialize(json::string_view(clean.data(), clean.size()));
}

void write(std::string& out, const json::value& value) {
  switch (value.kind()) {
    case json::kind::null:
      out += "null";
      break;
    case json::kind::bool_:
      out += value.get_bool() ? "true" : "false";
      break;
    case json::kind::int64:
      out += std::to_string(value.get_int64());
      break;
    case json::kind::uint64:
      out += std::to_string(value.get_uint64());
      break;
    case json::kind::double_: {
      double number = value.get_double();
      if (!std::isfinite(number)) {
        out += "null";
        break;
      }
      char buf[32];
      auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), number);
      out.append(buf, ec == std::errc() ? end : buf);
      break;
    }
    case json::kind::string:
      writeString(out, value.get_string());
      break;
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const json::value& item : value.get_array()) {
        if (!first) out += ',';
        first = false;
        write(out, item);
      }
      out += ']';
      break;
    }
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& member : value.get_object()) {
        if (!first) out += ',';
        first = false;
        writeString(out, member.key());
        out += ':';
        write(out, member.value());
      }
      out += '}';
      break;
    }
  }
}

}  // namespace

std::string serializeJson(const json::value& value) {
  std::string out;
  write(out, value);
  return out;
}

StatusOr<json::value> parseJsonBody(std::string_view body) {
  boost::system::error_code ec;
  json::value value = json::parse(json::string_view(body.data(), body.size()), ec);
  if (ec) {
    return fail(StatusCode::kMalformedRequest, "failed deserializing HTTP body: " + ec.message());
  }
  return value;
}

bool isJson(std::string_view text) {
  boost::system::error_code ec;
  json::value value = json::parse(json::string_view(text.data(), text.size()), ec);
  return !ec;
}

const json::value* findField(const json::object& object, std::string_view name) {
  if (const json::value* exact = object.if_contains(json::string_view(name.data(), name.size()))) {
    return exact;
  }
  for (const auto& member : object) {
    std::string_view key(member.key().data(), member.key().size());
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return &member.value();
    }
  }
  return nullptr;
}

StatusOr<std::optional<std::string>> optionalString(const json::object& object,
                                                    std::string_view field) {
  const json::value* value = findField(object, field);
  if (!value || value->is_null()) return std::optional<std::string>();
  if (!value->is_string()) {
    return fail(StatusCode::kMalformedRequest, "failed deserializing HTTP body: field '" +
                                                   std::string(field) + "' must be a string");
  }
  return std::optional<std::string>(std::string(value->get_string()));
}

StatusOr<std::map<std::string, std::string>> stringMap(const json::object& object,
                                                       std::string_view field) {
  std::map<std::string, std::string> out;
  const json::value* value = findField(object, field);
  if (!value || value->is_null()) return out;
  if (!value->is_object()) {
    return fail(StatusCode::kMalformedRequest, "failed deserializing HTTP body: field '" +
                                                   std::string(field) + "' must be an object");
  }
  for (const auto& member : value->get_object()) {
    if (!member.value().is_string()) {
      return fail(StatusCode::kMalformedRequest,
                  "failed deserializing HTTP body: " + std::string(field) + "." +
                      std::string(member.key()) + " must be a string");
    }
    out[std::string(member.key())] = std::string(member.value().get_string());
  }
  return out;
}

}  // namespace lichen::http
