// The JSON of configuration items as daprd writes it (Go's encoding/json over contrib's
// configuration.Item: value, version and metadata are left out when empty), shared by the HTTP
// API's GET answer, the pushes to the app and the stores that keep items as JSON.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "runtime/configuration/configuration_store.h"

namespace lichen::configuration {

// {"<key>":{"value":"…","version":"…","metadata":{…}}, …}
std::string encodeItems(const Items& items);
// {"id":"<subscription id>","items":{…}}: the body of POST /configuration/{store}/{key}.
std::string encodeEvent(const UpdateEvent& event);
// A JSON object whose members are all strings; an error says what is wrong.
StatusOr<Metadata> parseStringMap(std::string_view text);
// Items from a JSON object, key -> item: a string is the item's value (no version, no
// metadata); an object has the optional string fields value and version and a string map
// metadata. An error names the offending key.
StatusOr<Items> parseItems(std::string_view text);

}  // namespace lichen::configuration
