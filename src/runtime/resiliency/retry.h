// A retry policy (spec.policies.retries.<name>) and its back-off, as daprd's (dapr/kit retry
// on cenkalti/backoff): constant waits `duration` between attempts; exponential waits
// interval × rand[0.5, 1.5], where the interval starts at `initialInterval` and grows × 1.5 up
// to `maxInterval`, and gives up once 15 minutes have passed. `maxRetries` -1 retries forever,
// 0 never. `matching` lists the HTTP / gRPC status codes worth retrying.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "runtime/resiliency/clock.h"

namespace lichen::resiliency {

// Status codes as "500-599,404": inclusive ranges. Empty means every code.
class CodeRanges {
 public:
  // HTTP codes must lie in 100-599, gRPC codes in 0-16 (daprd refuses others).
  static StatusOr<CodeRanges> parse(std::string_view text, int32_t lowest, int32_t highest);
  bool empty() const { return ranges_.empty(); }
  bool contains(int32_t code) const;

 private:
  std::vector<std::pair<int32_t, int32_t>> ranges_;
};

struct RetryPolicy {
  enum class Kind { kConstant, kExponential };
  Kind kind = Kind::kConstant;
  Duration duration = std::chrono::seconds(5);                 // constant
  Duration initial_interval = std::chrono::milliseconds(500);  // exponential
  Duration max_interval = std::chrono::seconds(60);            // exponential
  Duration max_elapsed = std::chrono::minutes(15);             // exponential; not in the CRD
  int64_t max_retries = -1;                                    // -1: forever
  CodeRanges http_codes;
  CodeRanges grpc_codes;

  // Whether a failure that carried `code` may be retried (daprd's CodeError matching): codes
  // 0-16 are gRPC codes, 100-599 HTTP codes; an empty list retries every code.
  bool retriesCode(int32_t code) const;
};

// The waits of one run of a policy.
class BackOff {
 public:
  BackOff(const RetryPolicy& policy, Clock& clock);
  // The wait before the next attempt, or nullopt: no more retries.
  std::optional<Duration> next();

 private:
  const RetryPolicy& policy_;
  Clock& clock_;
  TimePoint started_;
  Duration interval_;
  int64_t retries_ = 0;
};

}  // namespace lichen::resiliency
