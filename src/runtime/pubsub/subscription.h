// A subscription: which topic of which pub/sub goes to which route of the app, declared in
// resource YAML or answered by the app itself (programmatic), in Dapr's shapes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "runtime/pubsub/pubsub.h"

namespace lichen::pubsub {

struct Rule {
  std::string match;  // CEL expression; empty = always
  std::string path;
};

// `bulkSubscribe`: the app takes events as a bulk request ({"entries":[...]}) and answers a
// status per entry.
struct BulkSubscribe {
  bool enabled = false;
  int64_t max_messages = 100;   // maxMessagesCount
  int64_t max_await_ms = 1000;  // maxAwaitDurationMs
};

struct Subscription {
  std::string pubsub;
  std::string topic;
  std::vector<Rule> rules;
  std::string default_path;
  Metadata metadata;
  std::string dead_letter_topic;
  std::string type = "DECLARATIVE";  // or "PROGRAMMATIC"
  BulkSubscribe bulk;
};

// Parses Dapr's programmatic subscription list (the JSON an app answers to GET /dapr/subscribe).
StatusOr<std::vector<Subscription>> parseProgrammaticSubscriptions(const std::string& json);

}  // namespace lichen::pubsub
