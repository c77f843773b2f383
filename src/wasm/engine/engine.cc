#include "wasm/engine/engine.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "wasm/binary/decoder.h"

namespace lichen::wasm {

Result<std::vector<uint8_t>> readFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unexpected(Error{Phase::kIo, 0, path + ": " + std::strerror(errno)});
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (in.bad()) return Unexpected(Error{Phase::kIo, 0, path + ": read failed"});
  return bytes;
}

Result<std::shared_ptr<const CompiledModule>> Engine::load(std::span<const uint8_t> bytes) {
  LICHEN_ASSIGN_OR_RETURN(Module m, decodeModule(bytes));
  return interpreter_.compile(std::move(m));
}

Result<std::shared_ptr<const CompiledModule>> Engine::loadFile(const std::string& path) {
  LICHEN_ASSIGN_OR_RETURN(auto bytes, readFileBytes(path));
  return load(bytes);
}

}  // namespace lichen::wasm
