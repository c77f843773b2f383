#include "wasm/binary/reader.h"

namespace lichen::wasm {

bool isValidUtf8(std::span<const uint8_t> s) {
  size_t i = 0;
  while (i < s.size()) {
    uint8_t c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    for (size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size() || (s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)) return false;
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;
    if (cp > 0x10FFFF) return false;
    i += n + 1;
  }
  return true;
}

Result<std::string> Reader::name() {
  LICHEN_ASSIGN_OR_RETURN(uint32_t len, u32());
  const uint64_t at = offset();
  if (len > remaining()) return decodeError(at, "unexpected end (name length)");
  auto s = std::span<const uint8_t>(data_ + pos_, len);
  if (!isValidUtf8(s)) return decodeError(at, "malformed UTF-8 encoding");
  pos_ += len;
  return std::string(reinterpret_cast<const char*>(s.data()), s.size());
}

}  // namespace lichen::wasm
