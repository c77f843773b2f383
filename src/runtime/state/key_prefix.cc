#include "runtime/state/key_prefix.h"

#include <algorithm>
#include <cctype>

namespace lichen::state {

KeyPrefix KeyPrefix::fromStrategy(std::string_view strategy, std::string_view store_name,
                                  std::string_view app_id, std::string_view ns) {
  std::string lowered(strategy);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lowered.empty() || lowered == "appid") return KeyPrefix(std::string(app_id));
  if (lowered == "none") return KeyPrefix("");
  if (lowered == "name") return KeyPrefix(std::string(store_name));
  if (lowered == "namespace") {
    if (app_id.empty()) return KeyPrefix("");
    if (ns.empty()) return KeyPrefix(std::string(app_id));
    return KeyPrefix(std::string(ns) + "." + std::string(app_id));
  }
  return KeyPrefix(std::string(strategy));
}

StatusOr<std::string> KeyPrefix::apply(std::string_view key) const {
  if (key.find(kKeySeparator) != std::string_view::npos) {
    return fail(StatusCode::kStateIllegalKey,
                "input key/keyPrefix '" + std::string(key) + "' can't contain '||'");
  }
  if (prefix_.empty()) return std::string(key);
  std::string out = prefix_;
  out += kKeySeparator;
  out += key;
  return out;
}

}  // namespace lichen::state
