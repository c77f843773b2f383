#include "runtime/resources/resiliency_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>

#include "runtime/resiliency/duration.h"
#include "runtime/resources/resource_loader.h"

namespace lichen::resources {
namespace {

using resiliency::BreakerSettings;
using resiliency::CodeRanges;
using resiliency::Duration;
using resiliency::PolicyNames;
using resiliency::RetryPolicy;

// Where a field is, for messages: the file, the resource and the field's path.
struct Place {
  const std::string& file;
  std::string resource;

  Unexpected<Status> error(const YAML::Node& node, const std::string& field,
                           const std::string& message) const {
    return fail(StatusCode::kInvalidConfig, file + ":" + std::to_string(node.Mark().line + 1) +
                                                ": resiliency '" + resource + "': " + field + ": " +
                                                message);
  }
  std::string where(const YAML::Node& node, const std::string& field) const {
    return file + ":" + std::to_string(node.Mark().line + 1) + ": resiliency '" + resource +
           "': " + field;
  }
};

// A map's entries as (key, value); an absent or null node is an empty map.
StatusOr<std::vector<std::pair<std::string, YAML::Node>>> entries(const YAML::Node& node,
                                                                  const Place& place,
                                                                  const std::string& field) {
  std::vector<std::pair<std::string, YAML::Node>> out;
  if (!node || node.IsNull()) return out;
  if (!node.IsMap()) return place.error(node, field, "must be a map");
  for (const auto& item : node) {
    out.emplace_back(item.first.as<std::string>(), item.second);
  }
  return out;
}

StatusOr<std::string> scalarAt(const YAML::Node& node, const Place& place,
                               const std::string& field) {
  if (!node.IsScalar()) return place.error(node, field, "must be a single value");
  return node.Scalar();
}

StatusOr<Duration> durationAt(const YAML::Node& node, const Place& place,
                              const std::string& field) {
  LICHEN_ASSIGN_OR_RETURN(std::string text, scalarAt(node, place, field));
  std::optional<Duration> parsed = resiliency::parseDuration(text);
  if (!parsed) {
    return place.error(node, field,
                       "invalid duration '" + text +
                           "' (milliseconds, or Go syntax: 5s, 100ms, "
                           "1m30s)");
  }
  return *parsed;
}

StatusOr<int64_t> integerAt(const YAML::Node& node, const Place& place, const std::string& field,
                            int64_t lowest) {
  LICHEN_ASSIGN_OR_RETURN(std::string text, scalarAt(node, place, field));
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < lowest) {
    return place.error(node, field,
                       "must be an integer >= " + std::to_string(lowest) + ", got '" + text + "'");
  }
  return value;
}

bool lowerEquals(std::string text, std::string_view expected) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text == expected;
}

StatusOr<RetryPolicy> parseRetry(const YAML::Node& node, const Place& place,
                                 const std::string& field) {
  RetryPolicy retry;
  LICHEN_ASSIGN_OR_RETURN(auto items, entries(node, place, field));
  for (const auto& [key, value] : items) {
    std::string at = field + "." + key;
    if (key == "policy") {
      LICHEN_ASSIGN_OR_RETURN(std::string kind, scalarAt(value, place, at));
      if (lowerEquals(kind, "constant")) {
        retry.kind = RetryPolicy::Kind::kConstant;
      } else if (lowerEquals(kind, "exponential")) {
        retry.kind = RetryPolicy::Kind::kExponential;
      } else {
        return place.error(value, at, "must be constant or exponential, got '" + kind + "'");
      }
    } else if (key == "duration") {
      LICHEN_ASSIGN_OR_RETURN(retry.duration, durationAt(value, place, at));
    } else if (key == "initialInterval") {
      LICHEN_ASSIGN_OR_RETURN(retry.initial_interval, durationAt(value, place, at));
    } else if (key == "maxInterval") {
      LICHEN_ASSIGN_OR_RETURN(retry.max_interval, durationAt(value, place, at));
    } else if (key == "maxRetries") {
      LICHEN_ASSIGN_OR_RETURN(retry.max_retries, integerAt(value, place, at, -1));
    } else if (key == "matching") {
      LICHEN_ASSIGN_OR_RETURN(auto lists, entries(value, place, at));
      for (const auto& [list, codes] : lists) {
        std::string list_at = at + "." + list;
        bool http = list == "httpStatusCodes";
        if (!http && list != "gRPCStatusCodes") {
          return place.error(codes, list_at, "unknown field (httpStatusCodes, gRPCStatusCodes)");
        }
        LICHEN_ASSIGN_OR_RETURN(std::string text, scalarAt(codes, place, list_at));
        auto parsed = http ? CodeRanges::parse(text, 100, 599) : CodeRanges::parse(text, 0, 16);
        if (!parsed) return place.error(codes, list_at, parsed.error().message());
        (http ? retry.http_codes : retry.grpc_codes) = std::move(*parsed);
      }
    } else {
      return place.error(value, at,
                         "unknown field (policy, duration, initialInterval, maxInterval, "
                         "maxRetries, matching)");
    }
  }
  return retry;
}

StatusOr<BreakerSettings> parseBreaker(const YAML::Node& node, const Place& place,
                                       const std::string& field) {
  BreakerSettings settings;
  LICHEN_ASSIGN_OR_RETURN(auto items, entries(node, place, field));
  for (const auto& [key, value] : items) {
    std::string at = field + "." + key;
    if (key == "maxRequests") {
      LICHEN_ASSIGN_OR_RETURN(int64_t max, integerAt(value, place, at, 0));
      settings.max_requests = static_cast<uint32_t>(std::min<int64_t>(max, UINT32_MAX));
    } else if (key == "interval") {
      LICHEN_ASSIGN_OR_RETURN(settings.interval, durationAt(value, place, at));
    } else if (key == "timeout") {
      LICHEN_ASSIGN_OR_RETURN(settings.timeout, durationAt(value, place, at));
    } else if (key == "trip") {
      LICHEN_ASSIGN_OR_RETURN(std::string text, scalarAt(value, place, at));
      auto trip = resiliency::TripCondition::parse(text);
      if (!trip) return place.error(value, at, trip.error().message());
      settings.trip = std::move(*trip);
    } else {
      return place.error(value, at, "unknown field (maxRequests, interval, timeout, trip)");
    }
  }
  return settings;
}

// {timeout, retry, circuitBreaker} of a target; names are checked once everything is merged.
StatusOr<PolicyNames> parseNames(const YAML::Node& node, const Place& place,
                                 const std::string& field, std::vector<PolicyReference>& refs,
                                 bool app) {
  PolicyNames names;
  LICHEN_ASSIGN_OR_RETURN(auto items, entries(node, place, field));
  for (const auto& [key, value] : items) {
    std::string at = field + "." + key;
    if (app && key == "circuitBreakerCacheSize") {
      LICHEN_TRY(integerAt(value, place, at, 0));
      continue;
    }
    std::string* slot = key == "timeout"          ? &names.timeout
                        : key == "retry"          ? &names.retry
                        : key == "circuitBreaker" ? &names.circuit_breaker
                                                  : nullptr;
    if (!slot) {
      return place.error(value, at,
                         std::string("unknown field (timeout, retry, circuitBreaker") +
                             (app ? ", circuitBreakerCacheSize)" : ")"));
    }
    LICHEN_ASSIGN_OR_RETURN(*slot, scalarAt(value, place, at));
    if (!slot->empty()) refs.push_back({key, *slot, place.where(value, at)});
  }
  return names;
}

Expected<void, Status> parsePolicies(const YAML::Node& policies, const Place& place,
                                     resiliency::ResiliencySpec& spec) {
  LICHEN_ASSIGN_OR_RETURN(auto sections, entries(policies, place, "spec.policies"));
  for (const auto& [section, node] : sections) {
    std::string field = "spec.policies." + section;
    LICHEN_ASSIGN_OR_RETURN(auto items, entries(node, place, field));
    for (const auto& [name, value] : items) {
      std::string at = field + "." + name;
      if (section == "timeouts") {
        LICHEN_ASSIGN_OR_RETURN(spec.timeouts[name], durationAt(value, place, at));
      } else if (section == "retries") {
        LICHEN_ASSIGN_OR_RETURN(spec.retries[name], parseRetry(value, place, at));
      } else if (section == "circuitBreakers") {
        LICHEN_ASSIGN_OR_RETURN(spec.circuit_breakers[name], parseBreaker(value, place, at));
      } else {
        return place.error(node, field, "unknown section (timeouts, retries, circuitBreakers)");
      }
    }
  }
  return {};
}

Expected<void, Status> parseTargets(const YAML::Node& targets, const Place& place,
                                    DeclaredResiliency& declared) {
  LICHEN_ASSIGN_OR_RETURN(auto sections, entries(targets, place, "spec.targets"));
  for (const auto& [section, node] : sections) {
    std::string field = "spec.targets." + section;
    LICHEN_ASSIGN_OR_RETURN(auto items, entries(node, place, field));
    for (const auto& [name, value] : items) {
      std::string at = field + "." + name;
      if (section == "apps") {
        LICHEN_ASSIGN_OR_RETURN(declared.spec.apps[name],
                                parseNames(value, place, at, declared.references, true));
      } else if (section == "components") {
        resiliency::ComponentTargets& component = declared.spec.components[name];
        LICHEN_ASSIGN_OR_RETURN(auto directions, entries(value, place, at));
        for (const auto& [direction, names] : directions) {
          std::string dir_at = at + "." + direction;
          if (direction != "inbound" && direction != "outbound") {
            return place.error(names, dir_at, "unknown field (inbound, outbound)");
          }
          LICHEN_ASSIGN_OR_RETURN((direction == "inbound" ? component.inbound : component.outbound),
                                  parseNames(names, place, dir_at, declared.references, false));
        }
      } else if (section == "actors") {
        declared.spec.unsupported.push_back(place.where(value, at));
      } else {
        return place.error(node, field, "unknown section (apps, actors, components)");
      }
    }
  }
  return {};
}

StatusOr<DeclaredResiliency> parseOne(const YAML::Node& doc, const std::string& file) {
  DeclaredResiliency declared;
  Place place{file, ""};
  if (YAML::Node meta = doc["metadata"]; meta && meta.IsMap() && meta["name"]) {
    place.resource = meta["name"].Scalar();
  }
  declared.spec.names.push_back(place.resource);
  YAML::Node version = doc["apiVersion"];
  if (!version || !version.IsScalar() || version.Scalar() != "dapr.io/v1alpha1") {
    return place.error(doc, "apiVersion", "must be dapr.io/v1alpha1");
  }
  YAML::Node spec = doc["spec"];
  if (!spec || !spec.IsMap()) return place.error(doc, "spec", "missing or not a map");
  for (const auto& item : spec) {
    std::string key = item.first.as<std::string>();
    if (key != "policies" && key != "targets") {
      return place.error(item.second, "spec." + key, "unknown field (policies, targets)");
    }
  }
  LICHEN_TRY(parsePolicies(spec["policies"], place, declared.spec));
  LICHEN_TRY(parseTargets(spec["targets"], place, declared));
  if (YAML::Node scopes = doc["scopes"]; scopes && !scopes.IsNull()) {
    if (!scopes.IsSequence()) return place.error(scopes, "scopes", "must be a list of app ids");
    for (const YAML::Node& scope : scopes) {
      if (!scope.IsScalar()) return place.error(scope, "scopes", "must be a list of app ids");
      declared.scopes.push_back(scope.Scalar());
    }
  }
  return declared;
}

}  // namespace

StatusOr<std::vector<DeclaredResiliency>> parseResiliency(std::string_view yaml,
                                                          const std::string& file) {
  std::vector<DeclaredResiliency> out;
  // yaml-cpp throws on bad input; the exception stops here and becomes a Status.
  try {
    for (const YAML::Node& doc : YAML::LoadAll(std::string(yaml))) {
      if (!doc || !doc.IsMap()) continue;
      YAML::Node kind = doc["kind"];
      if (!kind || !kind.IsScalar() || kind.Scalar() != "Resiliency") continue;
      LICHEN_ASSIGN_OR_RETURN(DeclaredResiliency declared, parseOne(doc, file));
      out.push_back(std::move(declared));
    }
  } catch (const YAML::Exception& e) {
    return fail(StatusCode::kInvalidConfig,
                file + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg);
  }
  return out;
}

Expected<void, Status> checkReferences(const resiliency::ResiliencySpec& spec,
                                       const std::vector<PolicyReference>& references) {
  for (const PolicyReference& ref : references) {
    bool defined = ref.kind == "timeout" ? spec.timeouts.contains(ref.name)
                   : ref.kind == "retry" ? spec.retries.contains(ref.name)
                                         : spec.circuit_breakers.contains(ref.name);
    if (!defined) {
      return fail(StatusCode::kInvalidConfig,
                  ref.where + ": no " + ref.kind + " policy named '" + ref.name + "'");
    }
  }
  return {};
}

StatusOr<resiliency::ResiliencySpec> loadResiliency(const std::vector<std::string>& paths,
                                                    const std::string& app_id) {
  LICHEN_ASSIGN_OR_RETURN(std::vector<std::string> files, resourceFiles(paths));
  resiliency::ResiliencySpec merged;
  std::vector<PolicyReference> references;
  for (const std::string& file : files) {
    LICHEN_ASSIGN_OR_RETURN(std::string text, readResourceFile(file));
    LICHEN_ASSIGN_OR_RETURN(auto found, parseResiliency(text, file));
    for (DeclaredResiliency& declared : found) {
      const auto& scopes = declared.scopes;
      if (!scopes.empty() && std::find(scopes.begin(), scopes.end(), app_id) == scopes.end()) {
        continue;
      }
      merged.merge(std::move(declared.spec));
      for (auto& ref : declared.references) references.push_back(std::move(ref));
    }
  }
  LICHEN_TRY(checkReferences(merged, references));
  return merged;
}

}  // namespace lichen::resources
