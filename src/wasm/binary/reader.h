// Bounds-checked reading of the WebAssembly binary format: bytes, LEB128 integers, floats, names.
// The reader borrows the bytes; they must outlive it. Offsets are absolute within the module.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#include "wasm/ir/error.h"

namespace lichen::wasm {

class Reader {
 public:
  Reader(std::span<const uint8_t> bytes, uint64_t base = 0)
      : data_(bytes.data()), pos_(0), end_(bytes.size()), base_(base) {}
  Reader(const uint8_t* data, size_t begin, size_t end)
      : data_(data), pos_(begin), end_(end), base_(0) {}

  uint64_t offset() const { return base_ + pos_; }
  size_t pos() const { return pos_; }
  size_t end() const { return end_; }
  bool atEnd() const { return pos_ >= end_; }
  size_t remaining() const { return end_ - pos_; }
  const uint8_t* data() const { return data_; }

  Result<uint8_t> u8() {
    if (pos_ >= end_) return eof();
    return data_[pos_++];
  }
  Result<uint32_t> u32() { return unsignedLeb<uint32_t>(32); }
  Result<uint64_t> u64() { return unsignedLeb<uint64_t>(64); }
  Result<int32_t> s32() {
    LICHEN_ASSIGN_OR_RETURN(int64_t v, signedLeb(32));
    return static_cast<int32_t>(v);
  }
  Result<int64_t> s33() { return signedLeb(33); }
  Result<int64_t> s64() { return signedLeb(64); }
  Result<uint32_t> f32Bits() {
    if (remaining() < 4) return eof();
    uint32_t v;
    std::memcpy(&v, data_ + pos_, 4);
    pos_ += 4;
    return v;
  }
  Result<uint64_t> f64Bits() {
    if (remaining() < 8) return eof();
    uint64_t v;
    std::memcpy(&v, data_ + pos_, 8);
    pos_ += 8;
    return v;
  }
  Result<std::span<const uint8_t>> bytes(uint64_t n) {
    if (n > remaining()) return eof();
    std::span<const uint8_t> s(data_ + pos_, n);
    pos_ += n;
    return s;
  }
  // A length-prefixed UTF-8 name.
  Result<std::string> name();

  // Count of a vector whose elements take at least `min_element_size` bytes each: a count that
  // cannot fit in the remaining bytes is rejected before anything is allocated for it.
  Result<uint32_t> count(size_t min_element_size = 1) {
    LICHEN_ASSIGN_OR_RETURN(uint32_t n, u32());
    if (min_element_size && n > remaining() / min_element_size) {
      return decodeError(offset(), "unexpected end of section or function (count too large)");
    }
    return n;
  }

  Unexpected<Error> eof() const { return decodeError(offset(), "unexpected end"); }

 private:
  template <typename T>
  Result<T> unsignedLeb(unsigned bits) {
    T result = 0;
    unsigned shift = 0;
    const uint64_t start = offset();
    while (true) {
      if (pos_ >= end_) return eof();
      uint8_t b = data_[pos_++];
      if (shift + 7 >= bits && shift < bits) {
        // Last allowed byte: no continuation, and the bits beyond `bits` must be zero.
        if (b & 0x80) return decodeError(start, "integer representation too long");
        unsigned used = bits - shift;
        if (used < 7 && (b >> used) != 0) return decodeError(start, "integer too large");
        return static_cast<T>(result | (static_cast<T>(b) << shift));
      }
      result |= static_cast<T>(b & 0x7F) << shift;
      if (!(b & 0x80)) return result;
      shift += 7;
    }
  }

  Result<int64_t> signedLeb(unsigned bits) {
    uint64_t result = 0;
    unsigned shift = 0;
    const uint64_t start = offset();
    while (true) {
      if (pos_ >= end_) return eof();
      uint8_t b = data_[pos_++];
      if (shift + 7 >= bits) {
        if (b & 0x80) return decodeError(start, "integer representation too long");
        // The unused high bits must all equal the sign bit of the value.
        unsigned used = bits - shift;  // 1..7 payload bits in this byte
        int8_t sext = static_cast<int8_t>(static_cast<uint8_t>(b << 1)) >> 1;  // 7-bit sign ext
        int64_t top = static_cast<int64_t>(sext) >> (used - 1);
        if (top != 0 && top != -1) return decodeError(start, "integer too large");
        result |= static_cast<uint64_t>(b & 0x7F) << shift;
        if (shift + 7 < 64) {
          unsigned total = shift + 7;
          result =
              static_cast<uint64_t>(static_cast<int64_t>(result << (64 - total)) >> (64 - total));
        }
        return static_cast<int64_t>(result);
      }
      result |= static_cast<uint64_t>(b & 0x7F) << shift;
      shift += 7;
      if (!(b & 0x80)) {
        if (shift < 64 && (b & 0x40)) result |= ~uint64_t{0} << shift;
        return static_cast<int64_t>(result);
      }
    }
  }

  const uint8_t* data_;
  size_t pos_;
  size_t end_;
  uint64_t base_;
};

bool isValidUtf8(std::span<const uint8_t> s);

}  // namespace lichen::wasm
