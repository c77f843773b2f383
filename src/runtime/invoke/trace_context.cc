#include "runtime/invoke/trace_context.h"

#include <random>

namespace lichen::invoke {
namespace {

bool isLowerHex(std::string_view text) {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool allZero(std::string_view text) { return text.find_first_not_of('0') == std::string::npos; }

std::string randomHex(size_t digits) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  while (true) {
    out.clear();
    for (size_t i = 0; i < digits; i += 16) {
      uint64_t bits = random();
      for (size_t j = 0; j < 16 && i + j < digits; ++j, bits >>= 4) out += kHex[bits & 15];
    }
    if (!allZero(out)) return out;
  }
}

}  // namespace

std::string TraceParent::text() const { return "00-" + trace_id + "-" + span_id + "-" + flags; }

std::optional<TraceParent> parseTraceParent(std::string_view header) {
  // version(2) '-' trace-id(32) '-' parent-id(16) '-' flags(2); a future version may append.
  if (header.size() < 55 || header[2] != '-' || header[35] != '-' || header[52] != '-')
    return std::nullopt;
  std::string_view version = header.substr(0, 2);
  if (!isLowerHex(version) || version == "ff") return std::nullopt;
  if (version == "00" && header.size() != 55) return std::nullopt;
  if (header.size() > 55 && header[55] != '-') return std::nullopt;
  TraceParent parsed{std::string(header.substr(3, 32)), std::string(header.substr(36, 16)),
                     std::string(header.substr(53, 2))};
  if (!isLowerHex(parsed.trace_id) || !isLowerHex(parsed.span_id) || !isLowerHex(parsed.flags) ||
      allZero(parsed.trace_id) || allZero(parsed.span_id))
    return std::nullopt;
  return parsed;
}

std::string childTraceParent(std::string_view incoming) {
  std::optional<TraceParent> parent = parseTraceParent(incoming);
  TraceParent child = parent ? TraceParent{parent->trace_id, randomHex(16), parent->flags}
                             : TraceParent{randomHex(32), randomHex(16), "00"};
  return child.text();
}

}  // namespace lichen::invoke
