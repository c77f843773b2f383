// Properties: a component's resolved metadata (name -> value), with typed getters that accept
// what Dapr's metadata decoder accepts. Names are matched case-insensitively, as in Dapr.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace lichen::component {

class Properties {
 public:
  Properties() = default;

  void set(std::string_view name, std::string value);
  bool has(std::string_view name) const;
  std::optional<std::string> get(std::string_view name) const;
  std::string getOr(std::string_view name, std::string_view fallback) const;

  // A required value: missing or empty is an error naming the field.
  StatusOr<std::string> require(std::string_view name) const;
  // "true"/"false"/"1"/"0"/"yes"/"no"/"on"/"off" (case-insensitive).
  StatusOr<bool> getBool(std::string_view name, bool fallback) const;
  StatusOr<int64_t> getInt(std::string_view name, int64_t fallback) const;
  // Go durations ("1h30m", "500ms", "20s") or plain seconds; result in milliseconds.
  StatusOr<int64_t> getDurationMs(std::string_view name, int64_t fallback_ms) const;

  const std::map<std::string, std::string>& all() const { return values_; }

 private:
  std::map<std::string, std::string> values_;  // key lower-cased
};

// Parses a boolean the way Dapr's utils.IsTruthy does; nullopt when not a boolean.
std::optional<bool> parseBool(std::string_view text);
// Parses a decimal int64; nullopt on anything else (no leading '+', no trailing junk).
std::optional<int64_t> parseInt(std::string_view text);
// Parses a Go duration ("1h2m3.5s", "300ms") or an integer number of seconds, into ms.
std::optional<int64_t> parseDurationMs(std::string_view text);

}  // namespace lichen::component
