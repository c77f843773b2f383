// Subscription routing rules (`routes.rules[].match`) are CEL expressions over the CloudEvent.
// Lichen evaluates the subset apps use: comparisons of an `event.` path with a literal
// (`event.type == "widget"`, `event.data.qty > 10`), joined by && and ||, with parentheses
// and `!`. Anything else does not parse, and a rule that does not parse never matches.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lichen::pubsub {

// nullopt when the expression is outside the supported subset.
std::optional<bool> evaluateMatch(std::string_view expression, const std::string& event_json);

}  // namespace lichen::pubsub
