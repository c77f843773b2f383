// JSON helpers over Boost.JSON for the HTTP API: a serializer that writes numbers as Go's
// encoding/json does (1.5, not 1.5E0), parsing without exceptions, and typed field readers
// whose errors become ERR_MALFORMED_REQUEST.
#pragma once

#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace lichen::http {

namespace json = boost::json;

std::string serializeJson(const json::value& value);
// JSON text exactly as Go's json.Marshal writes a value decoded into `any`: what daprd does to
// an output binding request's `data` before any binding sees it (onOutputBindingMessage). Object
// keys come out sorted, every number is a float64 (1.0 -> 1, 1e21 -> 1e+21, large integers lose
// precision), and <, >, &, U+2028 and U+2029 are escaped.
std::string marshalLikeGo(const json::value& value);
// A parse error is kMalformedRequest "failed deserializing HTTP body: ...".
StatusOr<json::value> parseJsonBody(std::string_view body);
// true when `text` is one complete JSON value.
bool isJson(std::string_view text);

// A field by name, matched as Go's encoding/json does: exactly, else case-insensitively
// (the JS SDK sends "entryID" where daprd's struct says entryId). nullptr when absent.
const json::value* findField(const json::object& object, std::string_view name);

// Field readers: absent/null -> fallback; wrong type -> kMalformedRequest naming the field.
StatusOr<std::optional<std::string>> optionalString(const json::object& object,
                                                    std::string_view field);
StatusOr<std::map<std::string, std::string>> stringMap(const json::object& object,
                                                       std::string_view field);

}  // namespace lichen::http
