#include "api/http/api_types.h"

namespace lichen::http {

std::optional<std::string> ApiRequest::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> ApiRequest::queryParam(const std::string& name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::map<std::string, std::string> ApiRequest::metadata() const {
  constexpr std::string_view kPrefix = "metadata.";
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : query) {
    if (key.size() > kPrefix.size() && key.compare(0, kPrefix.size(), kPrefix) == 0) {
      out[key.substr(kPrefix.size())] = value;
    }
  }
  return out;
}

}  // namespace lichen::http
