// Dapr's state key scheme: keys are stored as "<prefix>||<key>" where the prefix comes from the
// component's `keyPrefix` metadata (pkg/components/state/state_config.go in dapr/dapr).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace lichen::state {

inline constexpr std::string_view kKeySeparator = "||";

class KeyPrefix {
 public:
  // strategy: "appid" (default, also for empty), "name", "namespace", "none", or any other
  // string, which is used as a literal prefix.
  static KeyPrefix fromStrategy(std::string_view strategy, std::string_view store_name,
                                std::string_view app_id, std::string_view ns);

  // The key as stored; an error (kStateIllegalKey) when the key contains "||".
  StatusOr<std::string> apply(std::string_view key) const;
  const std::string& prefix() const { return prefix_; }

 private:
  explicit KeyPrefix(std::string prefix) : prefix_(std::move(prefix)) {}
  std::string prefix_;  // empty = keys stored as given
};

}  // namespace lichen::state
