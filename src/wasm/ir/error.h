// Engine errors: every failure names its phase and, where it has one, the byte offset.
#pragma once

#include <cstdint>
#include <string>

#include "common/expected.h"

namespace lichen::wasm {

enum class Phase : uint8_t { kDecode, kValidate, kLink, kInstantiate, kTrap, kIo };

const char* phaseName(Phase p);

struct Error {
  Phase phase = Phase::kDecode;
  uint64_t offset = 0;
  std::string message;

  std::string toString() const;
};

template <typename T>
using Result = Expected<T, Error>;

inline Unexpected<Error> decodeError(uint64_t offset, std::string message) {
  return Unexpected(Error{Phase::kDecode, offset, std::move(message)});
}
inline Unexpected<Error> validateError(uint64_t offset, std::string message) {
  return Unexpected(Error{Phase::kValidate, offset, std::move(message)});
}
inline Unexpected<Error> linkError(std::string message) {
  return Unexpected(Error{Phase::kLink, 0, std::move(message)});
}

}  // namespace lichen::wasm
