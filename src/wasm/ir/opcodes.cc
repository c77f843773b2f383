#include "wasm/ir/opcodes.h"

#include <array>

namespace lichen::wasm {
namespace {

constexpr ValType I = ValType::kI32;
constexpr ValType L = ValType::kI64;
constexpr ValType F = ValType::kF32;
constexpr ValType D = ValType::kF64;

constexpr OpSig sig0(ValType r) { return OpSig{false, 0, {}, true, r}; }
constexpr OpSig sig1(ValType r, ValType a) { return OpSig{false, 1, {a}, true, r}; }
constexpr OpSig sig2(ValType r, ValType a, ValType b) { return OpSig{false, 2, {a, b}, true, r}; }
constexpr OpSig sigV(uint8_t n, ValType a, ValType b, ValType c) {
  return OpSig{false, n, {a, b, c}, false, I};
}

// Signature tokens used by the X-macro table.
constexpr OpSig Special{};
constexpr OpSig I_ = sig0(I);
constexpr OpSig L_ = sig0(L);
constexpr OpSig F_ = sig0(F);
constexpr OpSig D_ = sig0(D);
constexpr OpSig V_ = sigV(0, I, I, I);
constexpr OpSig I_I = sig1(I, I);
constexpr OpSig I_L = sig1(I, L);
constexpr OpSig I_F = sig1(I, F);
constexpr OpSig I_D = sig1(I, D);
constexpr OpSig L_I = sig1(L, I);
constexpr OpSig L_L = sig1(L, L);
constexpr OpSig L_F = sig1(L, F);
constexpr OpSig L_D = sig1(L, D);
constexpr OpSig F_I = sig1(F, I);
constexpr OpSig F_L = sig1(F, L);
constexpr OpSig F_F = sig1(F, F);
constexpr OpSig F_D = sig1(F, D);
constexpr OpSig D_I = sig1(D, I);
constexpr OpSig D_L = sig1(D, L);
constexpr OpSig D_F = sig1(D, F);
constexpr OpSig D_D = sig1(D, D);
constexpr OpSig I_II = sig2(I, I, I);
constexpr OpSig I_LL = sig2(I, L, L);
constexpr OpSig I_FF = sig2(I, F, F);
constexpr OpSig I_DD = sig2(I, D, D);
constexpr OpSig L_LL = sig2(L, L, L);
constexpr OpSig F_FF = sig2(F, F, F);
constexpr OpSig D_DD = sig2(D, D, D);
constexpr OpSig V_II = sigV(2, I, I, I);
constexpr OpSig V_IL = sigV(2, I, L, I);
constexpr OpSig V_IF = sigV(2, I, F, I);
constexpr OpSig V_ID = sigV(2, I, D, I);
constexpr OpSig V_III = sigV(3, I, I, I);

std::array<OpInfo, kOpcodeSpace> buildTable() {
  std::array<OpInfo, kOpcodeSpace> t{};
#define LICHEN_OP_INFO(name, code, text, imm, sig) t[code] = OpInfo{text, ImmKind::k##imm, sig, 0};
#define LICHEN_MEMOP_INFO(name, code, text, imm, sig, size) \
  t[code] = OpInfo{text, ImmKind::k##imm, sig, size};
  LICHEN_WASM_CONTROL_OPS(LICHEN_OP_INFO)
  LICHEN_WASM_MEMORY_OPS(LICHEN_MEMOP_INFO)
  LICHEN_WASM_NUMERIC_OPS(LICHEN_OP_INFO)
#undef LICHEN_OP_INFO
#undef LICHEN_MEMOP_INFO
  return t;
}

const std::array<OpInfo, kOpcodeSpace> kTable = buildTable();
const OpInfo kInvalidOp{};

}  // namespace

const OpInfo& opInfo(uint32_t code) { return code < kOpcodeSpace ? kTable[code] : kInvalidOp; }

}  // namespace lichen::wasm
