#include "app/abi_list.h"

namespace lichen::app {

std::optional<std::vector<std::string>> decodeList(std::string_view bytes) {
  std::vector<std::string> entries;
  size_t at = 0;
  while (at < bytes.size()) {
    if (bytes.size() - at < 4) return std::nullopt;
    uint32_t len = 0;
    for (int i = 3; i >= 0; --i) len = (len << 8) | static_cast<uint8_t>(bytes[at + i]);
    at += 4;
    if (len > bytes.size() - at) return std::nullopt;
    entries.emplace_back(bytes.substr(at, len));
    at += len;
  }
  return entries;
}

std::optional<AbiPairs> decodePairs(std::string_view bytes) {
  auto entries = decodeList(bytes);
  if (!entries || entries->size() % 2 != 0) return std::nullopt;
  AbiPairs pairs;
  pairs.reserve(entries->size() / 2);
  for (size_t i = 0; i < entries->size(); i += 2) {
    pairs.emplace_back(std::move((*entries)[i]), std::move((*entries)[i + 1]));
  }
  return pairs;
}

void appendEntry(std::string& out, std::string_view entry) {
  const auto len = static_cast<uint32_t>(entry.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((len >> (8 * i)) & 0xff));
  out.append(entry);
}

std::string encodePairs(const AbiPairs& pairs) {
  std::string out;
  for (const auto& [name, value] : pairs) {
    appendEntry(out, name);
    appendEntry(out, value);
  }
  return out;
}

}  // namespace lichen::app
