#include "runtime/resources/subscription_loader.h"

#include <yaml-cpp/yaml.h>

#include "runtime/component/properties.h"
#include "runtime/resources/resource_loader.h"

namespace lichen::resources {
namespace {

std::string text(const YAML::Node& parent, const char* key) {
  YAML::Node node = parent[key];
  return node && node.IsScalar() ? node.Scalar() : std::string();
}

Unexpected<Status> errorAt(const std::string& file, const YAML::Node& node,
                           const std::string& message) {
  return fail(StatusCode::kInvalidConfig,
              file + ":" + std::to_string(node.Mark().line + 1) + ": " + message);
}

StatusOr<DeclaredSubscription> parseOne(const YAML::Node& doc, const std::string& file) {
  DeclaredSubscription declared;
  declared.where = file + ":" + std::to_string(doc.Mark().line + 1);
  pubsub::Subscription& sub = declared.subscription;
  sub.type = "DECLARATIVE";
  YAML::Node spec = doc["spec"];
  if (!spec || !spec.IsMap()) return errorAt(file, doc, "Subscription without spec");
  sub.pubsub = text(spec, "pubsubname");
  sub.topic = text(spec, "topic");
  if (sub.pubsub.empty() || sub.topic.empty()) {
    return errorAt(file, spec, "Subscription needs spec.pubsubname and spec.topic");
  }
  sub.default_path = text(spec, "route");  // v1alpha1
  if (YAML::Node routes = spec["routes"]; routes && routes.IsMap()) {
    if (std::string path = text(routes, "default"); !path.empty()) sub.default_path = path;
    if (YAML::Node rules = routes["rules"]; rules && rules.IsSequence()) {
      for (const YAML::Node& rule : rules) {
        if (rule.IsMap()) sub.rules.push_back({text(rule, "match"), text(rule, "path")});
      }
    }
  }
  sub.dead_letter_topic = text(spec, "deadLetterTopic");
  if (YAML::Node bulk = spec["bulkSubscribe"]; bulk && bulk.IsMap()) {
    sub.bulk.enabled = text(bulk, "enabled") == "true";
    if (auto n = component::parseInt(text(bulk, "maxMessagesCount"))) sub.bulk.max_messages = *n;
    if (auto n = component::parseInt(text(bulk, "maxAwaitDurationMs"))) sub.bulk.max_await_ms = *n;
  }
  if (YAML::Node md = spec["metadata"]; md && md.IsMap()) {
    for (const auto& item : md) {
      if (item.second.IsScalar()) sub.metadata[item.first.as<std::string>()] = item.second.Scalar();
    }
  }
  if (YAML::Node scopes = doc["scopes"]; scopes && scopes.IsSequence()) {
    for (const YAML::Node& scope : scopes) {
      if (scope.IsScalar()) declared.scopes.push_back(scope.Scalar());
    }
  }
  return declared;
}

}  // namespace

StatusOr<std::vector<DeclaredSubscription>> parseSubscriptions(std::string_view yaml,
                                                               const std::string& file) {
  std::vector<DeclaredSubscription> out;
  // yaml-cpp throws on bad input; the exception stops here and becomes a Status.
  try {
    for (const YAML::Node& doc : YAML::LoadAll(std::string(yaml))) {
      if (!doc || !doc.IsMap() || text(doc, "kind") != "Subscription") continue;
      LICHEN_ASSIGN_OR_RETURN(DeclaredSubscription declared, parseOne(doc, file));
      out.push_back(std::move(declared));
    }
  } catch (const YAML::Exception& e) {
    return fail(StatusCode::kInvalidConfig,
                file + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg);
  }
  return out;
}

StatusOr<std::vector<DeclaredSubscription>> loadSubscriptions(
    const std::vector<std::string>& paths) {
  LICHEN_ASSIGN_OR_RETURN(std::vector<std::string> files, resourceFiles(paths));
  std::vector<DeclaredSubscription> all;
  for (const std::string& file : files) {
    LICHEN_ASSIGN_OR_RETURN(std::string yaml, readResourceFile(file));
    LICHEN_ASSIGN_OR_RETURN(auto found, parseSubscriptions(yaml, file));
    for (auto& declared : found) all.push_back(std::move(declared));
  }
  return all;
}

}  // namespace lichen::resources
