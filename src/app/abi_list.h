// The ABI's list encoding (docs/host-abi.md, "Conventions"): entries one after another, each a
// u32 little-endian length and that many bytes. Pairs are a list of an even count, name then
// value. Guests build these for options, keys and operations; the host answers bulk results and
// header sets in the same form.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lichen::app {

using AbiPairs = std::vector<std::pair<std::string, std::string>>;

// The entries, or nullopt when an entry's length runs past the end.
std::optional<std::vector<std::string>> decodeList(std::string_view bytes);
// The pairs, or nullopt when the list is malformed or has an odd count.
std::optional<AbiPairs> decodePairs(std::string_view bytes);

// Appends one entry (its length, then its bytes) to `out`.
void appendEntry(std::string& out, std::string_view entry);
std::string encodePairs(const AbiPairs& pairs);

}  // namespace lichen::app
