// Durations as Resiliency resources write them (daprd's parseDuration): a bare integer is
// milliseconds ("500"); anything else is Go's time.ParseDuration syntax ("5s", "100ms",
// "1m30s", "1.5h", "250us"), one or more number+unit pairs with units ns, us, µs, ms, s, m, h.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "runtime/resiliency/clock.h"

namespace lichen::resiliency {

// nullopt when `text` is not a duration (empty, negative, unknown unit, missing unit).
std::optional<Duration> parseDuration(std::string_view text);
// "1m30s" style, for logs and messages.
std::string formatDuration(Duration duration);

}  // namespace lichen::resiliency
