// W3C Trace Context (https://www.w3.org/TR/trace-context/) for the hops a sidecar makes: each
// hop is a child span of the incoming context, so the app and the next sidecar see the same
// trace id with the sidecar's own span as parent, as daprd does.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lichen::invoke {

struct TraceParent {
  std::string trace_id;      // 32 lower-case hex digits, not all zero
  std::string span_id;       // 16 lower-case hex digits, not all zero
  std::string flags;         // 2 hex digits; "01" = sampled
  std::string text() const;  // "00-<trace_id>-<span_id>-<flags>"
};

// nullopt unless `header` is a valid version-00 traceparent (or a later version's prefix).
std::optional<TraceParent> parseTraceParent(std::string_view header);

// The traceparent for the next hop: a child of `incoming` when it is valid (same trace id and
// flags, a new span id), else the root of a new, unsampled trace.
std::string childTraceParent(std::string_view incoming);

}  // namespace lichen::invoke
