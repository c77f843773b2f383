// A constant retry policy with 1 ms waits, for tests that count attempts through a building
// block with the real clock.
#pragma once

#include <chrono>
#include <cstdint>

#include "runtime/resiliency/retry.h"

namespace lichen::resiliency {

inline RetryPolicy quickRetry(int64_t max_retries) {
  RetryPolicy retry;
  retry.duration = std::chrono::milliseconds(1);
  retry.max_retries = max_retries;
  return retry;
}

}  // namespace lichen::resiliency
