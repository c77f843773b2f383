#include "api/http/json_util.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <vector>

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

// Go's floatEncoder: the shortest digits that round-trip, in 'f' form unless the magnitude is
// below 1e-6 or at least 1e21, and "e-07" shortened to "e-7". The 'f' form is built from the
// shortest digits (to_chars' fixed form would print a large value's exact binary digits).
void writeNumber(std::string& out, double number) {
  if (!std::isfinite(number)) {  // cannot come from parsed JSON; Go would fail
    out += "null";
    return;
  }
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), number, std::chars_format::scientific);
  std::string text(buf, ec == std::errc() ? end : buf);
  double magnitude = std::fabs(number);
  if (magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21)) {
    size_t n = text.size();
    if (n >= 4 && text[n - 4] == 'e' && text[n - 3] == '-' && text[n - 2] == '0') {
      text.erase(n - 2, 1);
    }
    out += text;
    return;
  }
  size_t e = text.find('e');
  std::string mantissa = text.substr(0, e);
  int exponent = std::stoi(text.substr(e + 1));
  bool negative = mantissa[0] == '-';
  std::string digits;
  for (char c : mantissa) {
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
  }
  std::string fixed;
  if (exponent >= 0) {
    if (digits.size() <= static_cast<size_t>(exponent) + 1) {
      fixed = digits + std::string(static_cast<size_t>(exponent) + 1 - digits.size(), '0');
    } else {
      fixed = digits.substr(0, exponent + 1) + "." + digits.substr(exponent + 1);
    }
  } else {
    fixed = "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
  }
  out += (negative ? "-" : "") + fixed;
}

// Go's encodeState.string with HTML escaping on (json.Marshal's default): <, >, &, U+2028 and
// U+2029 escaped, invalid UTF-8 as \ufffd.
void writeGoString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    size_t length = utf8Length(text, i);
    if (length == 0) {
      out += "\\ufffd";
      ++i;
    } else if (length == 3 && c == 0xE2 && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xA8) {
      out += static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 3;
    } else if (length > 1 ||
               (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&')) {
      out.append(text, i, length);
      i += length;
    } else {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c == '\n' || c == '\r' || c == '\t') {
        out += c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t";
      } else {
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
      ++i;
    }
  }
  out += '"';
}

// `go_any`: as Go's json.Marshal of a value decoded into `any` (keys sorted, float64 numbers,
// HTML-safe strings); else numbers and key order as parsed.
void write(std::string& out, const json::value& value, bool go_any) {
  auto string = [&](std::string_view text) {
    go_any ? writeGoString(out, text) : writeString(out, text);
  };
  if (go_any && value.is_number()) {
    writeNumber(out, value.is_double()  ? value.get_double()
                     : value.is_int64() ? static_cast<double>(value.get_int64())
                                        : static_cast<double>(value.get_uint64()));
    return;
  }
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
      string(std::string_view(value.get_string().data(), value.get_string().size()));
      break;
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const json::value& item : value.get_array()) {
        if (!first) out += ',';
        first = false;
        write(out, item, go_any);
      }
      out += ']';
      break;
    }
    case json::kind::object: {
      std::vector<std::pair<std::string_view, const json::value*>> members;
      for (const auto& member : value.get_object()) {
        members.emplace_back(std::string_view(member.key().data(), member.key().size()),
                             &member.value());
      }
      if (go_any) {  // a Go map: keys sorted
        std::stable_sort(members.begin(), members.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
      }
      out += '{';
      for (size_t i = 0; i < members.size(); ++i) {
        if (i > 0) out += ',';
        string(members[i].first);
        out += ':';
        write(out, *members[i].second, go_any);
      }
      out += '}';
      break;
    }
  }
}

}  // namespace

std::string serializeJson(const json::value& value) {
  std::string out;
  write(out, value, false);
  return out;
}

std::string marshalLikeGo(const json::value& value) {
  std::string out;
  write(out, value, true);
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
