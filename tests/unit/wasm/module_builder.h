// Builds WebAssembly binaries byte by byte for tests, including deliberately broken ones.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace lichen::wasm::test {

using Bytes = std::vector<uint8_t>;

inline Bytes uleb(uint64_t v) {
  Bytes out;
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    if (v) b |= 0x80;
    out.push_back(b);
  } while (v);
  return out;
}

inline Bytes sleb(int64_t v) {
  Bytes out;
  while (true) {
    uint8_t b = v & 0x7F;
    v >>= 7;
    const bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
    if (!done) b |= 0x80;
    out.push_back(b);
    if (done) return out;
  }
}

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline Bytes str(const std::string& s) {
  Bytes out = uleb(s.size());
  out.insert(out.end(), s.begin(), s.end());
  return out;
}

// A vector: count, then the concatenated items.
inline Bytes vec(std::initializer_list<Bytes> items) {
  Bytes out = uleb(items.size());
  for (const Bytes& i : items) out.insert(out.end(), i.begin(), i.end());
  return out;
}

class ModuleBuilder {
 public:
  ModuleBuilder() : bytes_{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00} {}

  ModuleBuilder& section(uint8_t id, const Bytes& content) {
    bytes_.push_back(id);
    Bytes size = uleb(content.size());
    bytes_.insert(bytes_.end(), size.begin(), size.end());
    bytes_.insert(bytes_.end(), content.begin(), content.end());
    return *this;
  }
  ModuleBuilder& raw(const Bytes& b) {
    bytes_.insert(bytes_.end(), b.begin(), b.end());
    return *this;
  }
  const Bytes& bytes() const { return bytes_; }

 private:
  Bytes bytes_;
};

constexpr uint8_t kI32 = 0x7F, kI64 = 0x7E, kF32 = 0x7D, kF64 = 0x7C, kFuncRef = 0x70;

inline Bytes funcType(Bytes params, Bytes results) {
  return cat({{0x60}, uleb(params.size()), params, uleb(results.size()), results});
}

// A function body: local runs (count, type) then code (which must end with 0x0B).
inline Bytes body(std::initializer_list<std::pair<uint32_t, uint8_t>> locals, const Bytes& code) {
  Bytes b = uleb(locals.size());
  for (auto [n, t] : locals) {
    Bytes c = uleb(n);
    b.insert(b.end(), c.begin(), c.end());
    b.push_back(t);
  }
  b.insert(b.end(), code.begin(), code.end());
  return cat({uleb(b.size()), b});
}

// One function of type `type`, exported as "f"; optionally one memory of `pages` pages.
inline Bytes singleFunctionModule(const Bytes& type, const Bytes& fbody, int pages = -1) {
  ModuleBuilder m;
  m.section(1, vec({type}));
  m.section(3, vec({uleb(0)}));
  if (pages >= 0) m.section(5, vec({cat({{0x00}, uleb(pages)})}));
  m.section(7, vec({cat({str("f"), {0x00}, uleb(0)})}));
  m.section(10, vec({fbody}));
  return m.bytes();
}

}  // namespace lichen::wasm::test
