#include "runtime/component/properties.h"

#include <cctype>
#include <charconv>
#include <cmath>

namespace lichen::component {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

void Properties::set(std::string_view name, std::string value) {
  values_[lower(name)] = std::move(value);
}

bool Properties::has(std::string_view name) const { return values_.contains(lower(name)); }

std::optional<std::string> Properties::get(std::string_view name) const {
  auto it = values_.find(lower(name));
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string Properties::getOr(std::string_view name, std::string_view fallback) const {
  auto value = get(name);
  return value ? *value : std::string(fallback);
}

StatusOr<std::string> Properties::require(std::string_view name) const {
  auto value = get(name);
  if (!value || value->empty()) {
    return fail(StatusCode::kInvalidConfig,
                "missing required metadata field '" + std::string(name) + "'");
  }
  return *value;
}

StatusOr<bool> Properties::getBool(std::string_view name, bool fallback) const {
  auto value = get(name);
  if (!value || value->empty()) return fallback;
  auto parsed = parseBool(*value);
  if (!parsed) {
    return fail(StatusCode::kInvalidConfig,
                "metadata field '" + std::string(name) + "' is not a boolean: '" + *value + "'");
  }
  return *parsed;
}

StatusOr<int64_t> Properties::getInt(std::string_view name, int64_t fallback) const {
  auto value = get(name);
  if (!value || value->empty()) return fallback;
  auto parsed = parseInt(*value);
  if (!parsed) {
    return fail(StatusCode::kInvalidConfig,
                "metadata field '" + std::string(name) + "' is not an integer: '" + *value + "'");
  }
  return *parsed;
}

StatusOr<int64_t> Properties::getDurationMs(std::string_view name, int64_t fallback_ms) const {
  auto value = get(name);
  if (!value || value->empty()) return fallback_ms;
  auto parsed = parseDurationMs(*value);
  if (!parsed) {
    return fail(StatusCode::kInvalidConfig,
                "metadata field '" + std::string(name) + "' is not a duration: '" + *value + "'");
  }
  return *parsed;
}

std::optional<bool> parseBool(std::string_view text) {
  std::string value = lower(text);
  if (value == "true" || value == "1" || value == "yes" || value == "on" || value == "y") {
    return true;
  }
  if (value == "false" || value == "0" || value == "no" || value == "off" || value == "n") {
    return false;
  }
  return std::nullopt;
}

std::optional<int64_t> parseInt(std::string_view text) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::optional<int64_t> parseDurationMs(std::string_view text) {
  if (auto seconds = parseInt(text)) return *seconds * 1000;
  if (text.empty()) return std::nullopt;
  double total_ms = 0;
  size_t i = 0;
  bool negative = false;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    i = 1;
  }
  if (i == text.size()) return std::nullopt;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) {
      ++i;
    }
    if (start == i) return std::nullopt;
    double number = 0;
    auto [ptr, ec] = std::from_chars(text.data() + start, text.data() + i, number);
    if (ec != std::errc() || ptr != text.data() + i) return std::nullopt;
    size_t unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string_view unit = text.substr(unit_start, i - unit_start);
    double scale = 0;
    if (unit == "h") {
      scale = 3600e3;
    } else if (unit == "m") {
      scale = 60e3;
    } else if (unit == "s") {
      scale = 1e3;
    } else if (unit == "ms") {
      scale = 1;
    } else if (unit == "us" || unit == "µs") {
      scale = 1e-3;
    } else if (unit == "ns") {
      scale = 1e-6;
    } else {
      return std::nullopt;
    }
    total_ms += number * scale;
  }
  auto ms = static_cast<int64_t>(std::llround(total_ms));
  return negative ? -ms : ms;
}

}  // namespace lichen::component
