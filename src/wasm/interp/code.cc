#include "wasm/interp/code.h"

#include <array>

namespace lichen::wasm::interp {
namespace {

std::array<IOp, kOpcodeSpace> buildMap() {
  std::array<IOp, kOpcodeSpace> map;
  map.fill(IOp::kCount);
#define LICHEN_MAP_OP(name, code, ...) map[code] = IOp::k##name;
  LICHEN_WASM_NUMERIC_OPS(LICHEN_MAP_OP)
  LICHEN_WASM_MEMORY_OPS(LICHEN_MAP_OP)
#undef LICHEN_MAP_OP
  return map;
}

const std::array<IOp, kOpcodeSpace> kMap = buildMap();

}  // namespace

IOp internalOp(Opcode op) {
  const auto code = static_cast<uint32_t>(op);
  return code < kOpcodeSpace ? kMap[code] : IOp::kCount;
}

}  // namespace lichen::wasm::interp
