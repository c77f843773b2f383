#include "runtime/resiliency/duration.h"

#include <cctype>
#include <cstdint>

namespace lichen::resiliency {
namespace {

// Nanoseconds per unit; the longest unit names first so "ms" is not read as "m".
std::optional<double> unitNanos(std::string_view text, size_t& length) {
  static constexpr std::pair<std::string_view, double> kUnits[] = {
      {"ns", 1.0}, {"us", 1e3}, {"\xC2\xB5s", 1e3}, {"\xCE\xBCs", 1e3},
      {"ms", 1e6}, {"s", 1e9},  {"m", 60e9},        {"h", 3600e9}};
  for (const auto& [name, nanos] : kUnits) {
    if (text.starts_with(name)) {
      length = name.size();
      return nanos;
    }
  }
  return std::nullopt;
}

bool allDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

std::optional<Duration> parseDuration(std::string_view text) {
  if (allDigits(text)) {
    if (text.size() > 12) return std::nullopt;  // beyond any sensible policy
    return std::chrono::milliseconds(std::stoll(std::string(text)));
  }
  if (text.starts_with('+')) text.remove_prefix(1);
  if (text == "0") return Duration::zero();
  if (text.empty()) return std::nullopt;
  double total = 0;
  while (!text.empty()) {
    size_t digits = 0;
    while (digits < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[digits])) || text[digits] == '.')) {
      ++digits;
    }
    std::string number(text.substr(0, digits));
    if (number.empty() || number == "." || number.find('.') != number.rfind('.')) {
      return std::nullopt;
    }
    text.remove_prefix(digits);
    size_t unit_length = 0;
    std::optional<double> nanos = unitNanos(text, unit_length);
    if (!nanos) return std::nullopt;
    text.remove_prefix(unit_length);
    total += std::stod(number) * *nanos;
  }
  if (total > 9.2e18) return std::nullopt;  // Go's limit: about 292 years
  return Duration(static_cast<int64_t>(total));
}

std::string formatDuration(Duration duration) {
  int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
  if (ms < 1000) return std::to_string(ms) + "ms";
  std::string out;
  if (ms >= 3'600'000) out += std::to_string(ms / 3'600'000) + "h";
  if (ms % 3'600'000 >= 60'000) out += std::to_string(ms % 3'600'000 / 60'000) + "m";
  int64_t rest = ms % 60'000;
  if (rest != 0) {
    out += std::to_string(rest / 1000);
    if (rest % 1000 != 0) {
      std::string fraction = std::to_string(1000 + rest % 1000).substr(1);
      while (fraction.back() == '0') fraction.pop_back();
      out += "." + fraction;
    }
    out += "s";
  }
  return out;
}

}  // namespace lichen::resiliency
