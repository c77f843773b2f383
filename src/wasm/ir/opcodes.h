// The opcode table. One X-macro list drives the decoder, validator, compiler and interpreter.
//
// X(Enum, code, "text", immediate kind, signature). Codes of the 0xFC prefix are 0x100 + subop.
// Signatures name results then params: I_II is (i32, i32) -> i32, V_IL is (i32, i64) -> ().
// "Special" ops have stack effects the validator computes itself.
#pragma once

#include <cstdint>

#include "wasm/ir/types.h"

// clang-format off
#define LICHEN_WASM_CONTROL_OPS(X)                                   \
  X(Unreachable, 0x00, "unreachable", None, Special)                \
  X(Nop, 0x01, "nop", None, Special)                                \
  X(Block, 0x02, "block", BlockType, Special)                       \
  X(Loop, 0x03, "loop", BlockType, Special)                         \
  X(If, 0x04, "if", BlockType, Special)                             \
  X(Else, 0x05, "else", None, Special)                              \
  X(End, 0x0B, "end", None, Special)                                \
  X(Br, 0x0C, "br", Label, Special)                                 \
  X(BrIf, 0x0D, "br_if", Label, Special)                            \
  X(BrTable, 0x0E, "br_table", LabelTable, Special)                 \
  X(Return, 0x0F, "return", None, Special)                          \
  X(Call, 0x10, "call", FuncIdx, Special)                           \
  X(CallIndirect, 0x11, "call_indirect", CallIndirect, Special)     \
  X(Drop, 0x1A, "drop", None, Special)                              \
  X(Select, 0x1B, "select", None, Special)                          \
  X(SelectT, 0x1C, "select", SelectT, Special)                      \
  X(LocalGet, 0x20, "local.get", LocalIdx, Special)                 \
  X(LocalSet, 0x21, "local.set", LocalIdx, Special)                 \
  X(LocalTee, 0x22, "local.tee", LocalIdx, Special)                 \
  X(GlobalGet, 0x23, "global.get", GlobalIdx, Special)              \
  X(GlobalSet, 0x24, "global.set", GlobalIdx, Special)              \
  X(TableGet, 0x25, "table.get", TableIdx, Special)                 \
  X(TableSet, 0x26, "table.set", TableIdx, Special)                 \
  X(MemorySize, 0x3F, "memory.size", MemIdx, I_)                    \
  X(MemoryGrow, 0x40, "memory.grow", MemIdx, I_I)                   \
  X(I32Const, 0x41, "i32.const", I32, I_)                           \
  X(I64Const, 0x42, "i64.const", I64, L_)                           \
  X(F32Const, 0x43, "f32.const", F32, F_)                           \
  X(F64Const, 0x44, "f64.const", F64, D_)                           \
  X(RefNull, 0xD0, "ref.null", RefType, Special)                    \
  X(RefIsNull, 0xD1, "ref.is_null", None, Special)                  \
  X(RefFunc, 0xD2, "ref.func", FuncIdx, Special)                    \
  X(MemoryInit, 0x108, "memory.init", MemoryInit, V_III)            \
  X(DataDrop, 0x109, "data.drop", DataIdx, V_)                      \
  X(MemoryCopy, 0x10A, "memory.copy", MemoryCopy, V_III)            \
  X(MemoryFill, 0x10B, "memory.fill", MemIdx, V_III)                \
  X(TableInit, 0x10C, "table.init", TableInit, Special)             \
  X(ElemDrop, 0x10D, "elem.drop", ElemIdx, V_)                      \
  X(TableCopy, 0x10E, "table.copy", TableCopy, Special)             \
  X(TableGrow, 0x10F, "table.grow", TableIdx, Special)              \
  X(TableSize, 0x110, "table.size", TableIdx, I_)                   \
  X(TableFill, 0x111, "table.fill", TableIdx, Special)

// Loads and stores: X(Enum, code, text, MemArg, signature, access size in bytes).
#define LICHEN_WASM_MEMORY_OPS(X)                                    \
  X(I32Load, 0x28, "i32.load", MemArg, I_I, 4)                      \
  X(I64Load, 0x29, "i64.load", MemArg, L_I, 8)                      \
  X(F32Load, 0x2A, "f32.load", MemArg, F_I, 4)                      \
  X(F64Load, 0x2B, "f64.load", MemArg, D_I, 8)                      \
  X(I32Load8S, 0x2C, "i32.load8_s", MemArg, I_I, 1)                 \
  X(I32Load8U, 0x2D, "i32.load8_u", MemArg, I_I, 1)                 \
  X(I32Load16S, 0x2E, "i32.load16_s", MemArg, I_I, 2)               \
  X(I32Load16U, 0x2F, "i32.load16_u", MemArg, I_I, 2)               \
  X(I64Load8S, 0x30, "i64.load8_s", MemArg, L_I, 1)                 \
  X(I64Load8U, 0x31, "i64.load8_u", MemArg, L_I, 1)                 \
  X(I64Load16S, 0x32, "i64.load16_s", MemArg, L_I, 2)               \
  X(I64Load16U, 0x33, "i64.load16_u", MemArg, L_I, 2)               \
  X(I64Load32S, 0x34, "i64.load32_s", MemArg, L_I, 4)               \
  X(I64Load32U, 0x35, "i64.load32_u", MemArg, L_I, 4)               \
  X(I32Store, 0x36, "i32.store", MemArg, V_II, 4)                   \
  X(I64Store, 0x37, "i64.store", MemArg, V_IL, 8)                   \
  X(F32Store, 0x38, "f32.store", MemArg, V_IF, 4)                   \
  X(F64Store, 0x39, "f64.store", MemArg, V_ID, 8)                   \
  X(I32Store8, 0x3A, "i32.store8", MemArg, V_II, 1)                 \
  X(I32Store16, 0x3B, "i32.store16", MemArg, V_II, 2)               \
  X(I64Store8, 0x3C, "i64.store8", MemArg, V_IL, 1)                 \
  X(I64Store16, 0x3D, "i64.store16", MemArg, V_IL, 2)               \
  X(I64Store32, 0x3E, "i64.store32", MemArg, V_IL, 4)

#define LICHEN_WASM_NUMERIC_OPS(X)                                   \
  X(I32Eqz, 0x45, "i32.eqz", None, I_I)                             \
  X(I32Eq, 0x46, "i32.eq", None, I_II)                              \
  X(I32Ne, 0x47, "i32.ne", None, I_II)                              \
  X(I32LtS, 0x48, "i32.lt_s", None, I_II)                           \
  X(I32LtU, 0x49, "i32.lt_u", None, I_II)                           \
  X(I32GtS, 0x4A, "i32.gt_s", None, I_II)                           \
  X(I32GtU, 0x4B, "i32.gt_u", None, I_II)                           \
  X(I32LeS, 0x4C, "i32.le_s", None, I_II)                           \
  X(I32LeU, 0x4D, "i32.le_u", None, I_II)                           \
  X(I32GeS, 0x4E, "i32.ge_s", None, I_II)                           \
  X(I32GeU, 0x4F, "i32.ge_u", None, I_II)                           \
  X(I64Eqz, 0x50, "i64.eqz", None, I_L)                             \
  X(I64Eq, 0x51, "i64.eq", None, I_LL)                              \
  X(I64Ne, 0x52, "i64.ne", None, I_LL)                              \
  X(I64LtS, 0x53, "i64.lt_s", None, I_LL)                           \
  X(I64LtU, 0x54, "i64.lt_u", None, I_LL)                           \
  X(I64GtS, 0x55, "i64.gt_s", None, I_LL)                           \
  X(I64GtU, 0x56, "i64.gt_u", None, I_LL)                           \
  X(I64LeS, 0x57, "i64.le_s", None, I_LL)                           \
  X(I64LeU, 0x58, "i64.le_u", None, I_LL)                           \
  X(I64GeS, 0x59, "i64.ge_s", None, I_LL)                           \
  X(I64GeU, 0x5A, "i64.ge_u", None, I_LL)                           \
  X(F32Eq, 0x5B, "f32.eq", None, I_FF)                              \
  X(F32Ne, 0x5C, "f32.ne", None, I_FF)                              \
  X(F32Lt, 0x5D, "f32.lt", None, I_FF)                              \
  X(F32Gt, 0x5E, "f32.gt", None, I_FF)                              \
  X(F32Le, 0x5F, "f32.le", None, I_FF)                              \
  X(F32Ge, 0x60, "f32.ge", None, I_FF)                              \
  X(F64Eq, 0x61, "f64.eq", None, I_DD)                              \
  X(F64Ne, 0x62, "f64.ne", None, I_DD)                              \
  X(F64Lt, 0x63, "f64.lt", None, I_DD)                              \
  X(F64Gt, 0x64, "f64.gt", None, I_DD)                              \
  X(F64Le, 0x65, "f64.le", None, I_DD)                              \
  X(F64Ge, 0x66, "f64.ge", None, I_DD)                              \
  X(I32Clz, 0x67, "i32.clz", None, I_I)                             \
  X(I32Ctz, 0x68, "i32.ctz", None, I_I)                             \
  X(I32Popcnt, 0x69, "i32.popcnt", None, I_I)                       \
  X(I32Add, 0x6A, "i32.add", None, I_II)                            \
  X(I32Sub, 0x6B, "i32.sub", None, I_II)                            \
  X(I32Mul, 0x6C, "i32.mul", None, I_II)                            \
  X(I32DivS, 0x6D, "i32.div_s", None, I_II)                         \
  X(I32DivU, 0x6E, "i32.div_u", None, I_II)                         \
  X(I32RemS, 0x6F, "i32.rem_s", None, I_II)                         \
  X(I32RemU, 0x70, "i32.rem_u", None, I_II)                         \
  X(I32And, 0x71, "i32.and", None, I_II)                            \
  X(I32Or, 0x72, "i32.or", None, I_II)                              \
  X(I32Xor, 0x73, "i32.xor", None, I_II)                            \
  X(I32Shl, 0x74, "i32.shl", None, I_II)                            \
  X(I32ShrS, 0x75, "i32.shr_s", None, I_II)                         \
  X(I32ShrU, 0x76, "i32.shr_u", None, I_II)                         \
  X(I32Rotl, 0x77, "i32.rotl", None, I_II)                          \
  X(I32Rotr, 0x78, "i32.rotr", None, I_II)                          \
  X(I64Clz, 0x79, "i64.clz", None, L_L)                             \
  X(I64Ctz, 0x7A, "i64.ctz", None, L_L)                             \
  X(I64Popcnt, 0x7B, "i64.popcnt", None, L_L)                       \
  X(I64Add, 0x7C, "i64.add", None, L_LL)                            \
  X(I64Sub, 0x7D, "i64.sub", None, L_LL)                            \
  X(I64Mul, 0x7E, "i64.mul", None, L_LL)                            \
  X(I64DivS, 0x7F, "i64.div_s", None, L_LL)                         \
  X(I64DivU, 0x80, "i64.div_u", None, L_LL)                         \
  X(I64RemS, 0x81, "i64.rem_s", None, L_LL)                         \
  X(I64RemU, 0x82, "i64.rem_u", None, L_LL)                         \
  X(I64And, 0x83, "i64.and", None, L_LL)                            \
  X(I64Or, 0x84, "i64.or", None, L_LL)                              \
  X(I64Xor, 0x85, "i64.xor", None, L_LL)                            \
  X(I64Shl, 0x86, "i64.shl", None, L_LL)                            \
  X(I64ShrS, 0x87, "i64.shr_s", None, L_LL)                         \
  X(I64ShrU, 0x88, "i64.shr_u", None, L_LL)                         \
  X(I64Rotl, 0x89, "i64.rotl", None, L_LL)                          \
  X(I64Rotr, 0x8A, "i64.rotr", None, L_LL)                          \
  X(F32Abs, 0x8B, "f32.abs", None, F_F)                             \
  X(F32Neg, 0x8C, "f32.neg", None, F_F)                             \
  X(F32Ceil, 0x8D, "f32.ceil", None, F_F)                           \
  X(F32Floor, 0x8E, "f32.floor", None, F_F)                         \
  X(F32Trunc, 0x8F, "f32.trunc", None, F_F)                         \
  X(F32Nearest, 0x90, "f32.nearest", None, F_F)                     \
  X(F32Sqrt, 0x91, "f32.sqrt", None, F_F)                           \
  X(F32Add, 0x92, "f32.add", None, F_FF)                            \
  X(F32Sub, 0x93, "f32.sub", None, F_FF)                            \
  X(F32Mul, 0x94, "f32.mul", None, F_FF)                            \
  X(F32Div, 0x95, "f32.div", None, F_FF)                            \
  X(F32Min, 0x96, "f32.min", None, F_FF)                            \
  X(F32Max, 0x97, "f32.max", None, F_FF)                            \
  X(F32Copysign, 0x98, "f32.copysign", None, F_FF)                  \
  X(F64Abs, 0x99, "f64.abs", None, D_D)                             \
  X(F64Neg, 0x9A, "f64.neg", None, D_D)                             \
  X(F64Ceil, 0x9B, "f64.ceil", None, D_D)                           \
  X(F64Floor, 0x9C, "f64.floor", None, D_D)                         \
  X(F64Trunc, 0x9D, "f64.trunc", None, D_D)                         \
  X(F64Nearest, 0x9E, "f64.nearest", None, D_D)                     \
  X(F64Sqrt, 0x9F, "f64.sqrt", None, D_D)                           \
  X(F64Add, 0xA0, "f64.add", None, D_DD)                            \
  X(F64Sub, 0xA1, "f64.sub", None, D_DD)                            \
  X(F64Mul, 0xA2, "f64.mul", None, D_DD)                            \
  X(F64Div, 0xA3, "f64.div", None, D_DD)                            \
  X(F64Min, 0xA4, "f64.min", None, D_DD)                            \
  X(F64Max, 0xA5, "f64.max", None, D_DD)                            \
  X(F64Copysign, 0xA6, "f64.copysign", None, D_DD)                  \
  X(I32WrapI64, 0xA7, "i32.wrap_i64", None, I_L)                    \
  X(I32TruncF32S, 0xA8, "i32.trunc_f32_s", None, I_F)               \
  X(I32TruncF32U, 0xA9, "i32.trunc_f32_u", None, I_F)               \
  X(I32TruncF64S, 0xAA, "i32.trunc_f64_s", None, I_D)               \
  X(I32TruncF64U, 0xAB, "i32.trunc_f64_u", None, I_D)               \
  X(I64ExtendI32S, 0xAC, "i64.extend_i32_s", None, L_I)             \
  X(I64ExtendI32U, 0xAD, "i64.extend_i32_u", None, L_I)             \
  X(I64TruncF32S, 0xAE, "i64.trunc_f32_s", None, L_F)               \
  X(I64TruncF32U, 0xAF, "i64.trunc_f32_u", None, L_F)               \
  X(I64TruncF64S, 0xB0, "i64.trunc_f64_s", None, L_D)               \
  X(I64TruncF64U, 0xB1, "i64.trunc_f64_u", None, L_D)               \
  X(F32ConvertI32S, 0xB2, "f32.convert_i32_s", None, F_I)           \
  X(F32ConvertI32U, 0xB3, "f32.convert_i32_u", None, F_I)           \
  X(F32ConvertI64S, 0xB4, "f32.convert_i64_s", None, F_L)           \
  X(F32ConvertI64U, 0xB5, "f32.convert_i64_u", None, F_L)           \
  X(F32DemoteF64, 0xB6, "f32.demote_f64", None, F_D)                \
  X(F64ConvertI32S, 0xB7, "f64.convert_i32_s", None, D_I)           \
  X(F64ConvertI32U, 0xB8, "f64.convert_i32_u", None, D_I)           \
  X(F64ConvertI64S, 0xB9, "f64.convert_i64_s", None, D_L)           \
  X(F64ConvertI64U, 0xBA, "f64.convert_i64_u", None, D_L)           \
  X(F64PromoteF32, 0xBB, "f64.promote_f32", None, D_F)              \
  X(I32ReinterpretF32, 0xBC, "i32.reinterpret_f32", None, I_F)      \
  X(I64ReinterpretF64, 0xBD, "i64.reinterpret_f64", None, L_D)      \
  X(F32ReinterpretI32, 0xBE, "f32.reinterpret_i32", None, F_I)      \
  X(F64ReinterpretI64, 0xBF, "f64.reinterpret_i64", None, D_L)      \
  X(I32Extend8S, 0xC0, "i32.extend8_s", None, I_I)                  \
  X(I32Extend16S, 0xC1, "i32.extend16_s", None, I_I)                \
  X(I64Extend8S, 0xC2, "i64.extend8_s", None, L_L)                  \
  X(I64Extend16S, 0xC3, "i64.extend16_s", None, L_L)                \
  X(I64Extend32S, 0xC4, "i64.extend32_s", None, L_L)                \
  X(I32TruncSatF32S, 0x100, "i32.trunc_sat_f32_s", None, I_F)       \
  X(I32TruncSatF32U, 0x101, "i32.trunc_sat_f32_u", None, I_F)       \
  X(I32TruncSatF64S, 0x102, "i32.trunc_sat_f64_s", None, I_D)       \
  X(I32TruncSatF64U, 0x103, "i32.trunc_sat_f64_u", None, I_D)       \
  X(I64TruncSatF32S, 0x104, "i64.trunc_sat_f32_s", None, L_F)       \
  X(I64TruncSatF32U, 0x105, "i64.trunc_sat_f32_u", None, L_F)       \
  X(I64TruncSatF64S, 0x106, "i64.trunc_sat_f64_s", None, L_D)       \
  X(I64TruncSatF64U, 0x107, "i64.trunc_sat_f64_u", None, L_D)
// clang-format on

namespace lichen::wasm {

enum class Opcode : uint16_t {
#define LICHEN_OP_ENUM(name, code, ...) k##name = code,
#define LICHEN_MEMOP_ENUM(name, code, ...) k##name = code,
  LICHEN_WASM_CONTROL_OPS(LICHEN_OP_ENUM) LICHEN_WASM_MEMORY_OPS(LICHEN_MEMOP_ENUM)
      LICHEN_WASM_NUMERIC_OPS(LICHEN_OP_ENUM)
#undef LICHEN_OP_ENUM
#undef LICHEN_MEMOP_ENUM
};

constexpr uint32_t kOpcodeSpace = 0x100 + 18;  // one-byte ops, then the 0xFC prefix ops

enum class ImmKind : uint8_t {
  kInvalid,  // not an opcode
  kNone,
  kBlockType,
  kLabel,
  kLabelTable,
  kFuncIdx,
  kCallIndirect,
  kLocalIdx,
  kGlobalIdx,
  kTableIdx,
  kMemArg,
  kMemIdx,
  kI32,
  kI64,
  kF32,
  kF64,
  kSelectT,
  kRefType,
  kMemoryInit,
  kDataIdx,
  kMemoryCopy,
  kTableInit,
  kElemIdx,
  kTableCopy,
};

// Fixed stack signature of simple ops; `special` ops are typed by the validator by hand.
struct OpSig {
  bool special = true;
  uint8_t num_params = 0;
  ValType params[3] = {};
  bool has_result = false;
  ValType result = ValType::kI32;
};

struct OpInfo {
  const char* name = nullptr;
  ImmKind imm = ImmKind::kInvalid;
  OpSig sig;
  uint8_t access_size = 0;  // loads and stores only
};

// Indexed by the Opcode value; entries with imm == kInvalid are not opcodes.
const OpInfo& opInfo(uint32_t code);

}  // namespace lichen::wasm
