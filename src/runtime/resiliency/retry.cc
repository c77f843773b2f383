#include "runtime/resiliency/retry.h"

#include <charconv>

namespace lichen::resiliency {
namespace {

std::optional<int32_t> parseCode(std::string_view text) {
  int32_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

StatusOr<CodeRanges> CodeRanges::parse(std::string_view text, int32_t lowest, int32_t highest) {
  CodeRanges out;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty()) continue;  // "500,,404" as daprd: empty items are skipped
    size_t dash = item.find('-');
    std::optional<int32_t> start = parseCode(item.substr(0, dash));
    std::optional<int32_t> end =
        dash == std::string_view::npos ? start : parseCode(item.substr(dash + 1));
    std::string shown(item);
    if (!start || !end) {
      return fail(StatusCode::kInvalidConfig, "invalid code pattern '" + shown + "'");
    }
    if (*start < lowest || *start > highest || *end < lowest || *end > highest) {
      return fail(StatusCode::kInvalidConfig, "code pattern '" + shown + "' is outside " +
                                                  std::to_string(lowest) + "-" +
                                                  std::to_string(highest));
    }
    if (*end < *start) {
      return fail(StatusCode::kInvalidConfig, "code pattern '" + shown + "' ends before it starts");
    }
    out.ranges_.emplace_back(*start, *end);
  }
  return out;
}

bool CodeRanges::contains(int32_t code) const {
  if (ranges_.empty()) return true;
  for (const auto& [start, end] : ranges_) {
    if (start <= code && code <= end) return true;
  }
  return false;
}

bool RetryPolicy::retriesCode(int32_t code) const {
  if (code >= 0 && code <= 16) return grpc_codes.contains(code);
  if (code >= 100 && code <= 599) return http_codes.contains(code);
  return false;
}

BackOff::BackOff(const RetryPolicy& policy, Clock& clock)
    : policy_(policy), clock_(clock), started_(clock.now()), interval_(policy.initial_interval) {}

std::optional<Duration> BackOff::next() {
  if (policy_.max_retries >= 0 && retries_ >= policy_.max_retries) return std::nullopt;
  ++retries_;
  if (policy_.kind == RetryPolicy::Kind::kConstant) return policy_.duration;
  // cenkalti/backoff: a random point of [interval/2, interval*3/2], then the interval grows.
  double interval = static_cast<double>(interval_.count());
  Duration wait(static_cast<int64_t>(interval * (0.5 + clock_.random())));
  if (interval >= static_cast<double>(policy_.max_interval.count()) / 1.5) {
    interval_ = policy_.max_interval;
  } else {
    interval_ = Duration(static_cast<int64_t>(interval * 1.5));
  }
  if (policy_.max_elapsed > Duration::zero() &&
      clock_.now() - started_ + wait > policy_.max_elapsed) {
    return std::nullopt;
  }
  return wait;
}

}  // namespace lichen::resiliency
