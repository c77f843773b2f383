#include "runtime/configuration/configuration_json.h"

#include <boost/json.hpp>

namespace lichen::configuration {
namespace {

namespace json = boost::json;

json::object itemsObject(const Items& items) {
  json::object out;
  for (const auto& [key, item] : items) {
    json::object fields;
    if (!item.value.empty()) fields["value"] = item.value;
    if (!item.version.empty()) fields["version"] = item.version;
    if (!item.metadata.empty()) {
      json::object metadata;
      for (const auto& [name, value] : item.metadata) metadata[name] = value;
      fields["metadata"] = std::move(metadata);
    }
    out[key] = std::move(fields);
  }
  return out;
}

StatusOr<Metadata> stringMap(const json::value& value, std::string_view what) {
  if (!value.is_object()) {
    return fail(StatusCode::kInvalidConfig, std::string(what) + " is not a JSON object");
  }
  Metadata out;
  for (const auto& member : value.get_object()) {
    if (!member.value().is_string()) {
      return fail(StatusCode::kInvalidConfig, std::string(what) + ": member '" +
                                                  std::string(member.key()) + "' is not a string");
    }
    out.emplace(member.key(), member.value().get_string());
  }
  return out;
}

StatusOr<json::value> parse(std::string_view text, std::string_view what) {
  boost::system::error_code error;
  json::value value = json::parse(text, error);
  if (error) {
    return fail(StatusCode::kInvalidConfig, std::string(what) + " is not JSON: " + error.message());
  }
  return value;
}

StatusOr<Item> parseItem(const std::string& what, const json::value& value) {
  if (value.is_string()) return Item{std::string(value.get_string()), "", {}};
  if (!value.is_object()) {
    return fail(StatusCode::kInvalidConfig, what + " is neither a string nor an object");
  }
  Item item;
  for (const auto& member : value.get_object()) {
    if (member.key() == "metadata") {
      LICHEN_ASSIGN_OR_RETURN(item.metadata, stringMap(member.value(), what + " metadata"));
    } else if (member.key() == "value" || member.key() == "version") {
      if (!member.value().is_string()) {
        return fail(StatusCode::kInvalidConfig,
                    what + ": " + std::string(member.key()) + " is not a string");
      }
      (member.key() == "value" ? item.value : item.version) = member.value().get_string();
    } else {
      return fail(StatusCode::kInvalidConfig,
                  what + ": unknown field '" + std::string(member.key()) + "'");
    }
  }
  return item;
}

}  // namespace

std::string encodeItems(const Items& items) { return json::serialize(itemsObject(items)); }

std::string encodeEvent(const UpdateEvent& event) {
  json::object out;
  out["id"] = event.id;
  out["items"] = itemsObject(event.items);
  return json::serialize(out);
}

StatusOr<Metadata> parseStringMap(std::string_view text) {
  LICHEN_ASSIGN_OR_RETURN(json::value value, parse(text, "metadata"));
  return stringMap(value, "metadata");
}

StatusOr<Items> parseItems(std::string_view text) {
  LICHEN_ASSIGN_OR_RETURN(json::value value, parse(text, "items"));
  if (!value.is_object()) return fail(StatusCode::kInvalidConfig, "items is not a JSON object");
  Items items;
  for (const auto& member : value.get_object()) {
    LICHEN_ASSIGN_OR_RETURN(items[member.key()],
                            parseItem("item '" + std::string(member.key()) + "'", member.value()));
  }
  return items;
}

}  // namespace lichen::configuration
