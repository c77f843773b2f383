// The interpreter's internal code: a stream of 32-bit words. Each instruction is a handler word
// followed by its operands, which are frame-slot indices (locals first, then the operand
// stack), immediates, or branch offsets relative to the instruction's first word.
#pragma once

#include <cstdint>

#include "wasm/ir/opcodes.h"

// Internal instructions beyond the Wasm numeric, load and store ops.
// clang-format off
#define LICHEN_INTERP_OPS(X)                                                                   \
  X(Copy)          /* dst, src */                                                              \
  X(Const32)       /* dst, imm */                                                              \
  X(Const64)       /* dst, lo, hi */                                                           \
  X(Br)            /* rel */                                                                   \
  X(BrIf)          /* cond, rel */                                                             \
  X(BrUnless)      /* cond, rel */                                                             \
  X(BrTable)       /* index, n, rel x (n + 1) */                                               \
  X(Return)        /* */                                                                       \
  X(Call)          /* func index, arg base */                                                  \
  X(CallIndirect)  /* type index, table index, arg base, element index slot */                 \
  X(Select)        /* dst, a, b, cond */                                                       \
  X(GlobalGet)     /* dst, global */                                                           \
  X(GlobalSet)     /* global, src */                                                           \
  X(TableGet)      /* dst, table, index */                                                     \
  X(TableSet)      /* table, index, value */                                                   \
  X(TableSize)     /* dst, table */                                                            \
  X(TableGrow)     /* dst, table, init, delta  (dst aliases init) */                           \
  X(TableFill)     /* table, i, value, n */                                                    \
  X(TableCopy)     /* dst table, src table, d, s, n */                                         \
  X(TableInit)     /* table, elem, d, s, n */                                                  \
  X(ElemDrop)      /* elem */                                                                  \
  X(MemorySize)    /* dst */                                                                   \
  X(MemoryGrow)    /* dst, delta */                                                            \
  X(MemoryInit)    /* data, d, s, n */                                                         \
  X(DataDrop)      /* data */                                                                  \
  X(MemoryCopy)    /* d, s, n */                                                               \
  X(MemoryFill)    /* d, value, n */                                                           \
  X(RefIsNull)     /* dst, src */                                                              \
  X(RefFunc)       /* dst, func */                                                             \
  X(Unreachable)   /* */

// Binary ops with a constant right operand: dst, a, imm (i64 immediates are sign-extended).
#define LICHEN_INTERP_IMM_OPS(X)                                                   \
  X(I32Add, U32, +) X(I32Sub, U32, -) X(I32Mul, U32, *) X(I32And, U32, &)          \
  X(I32Or, U32, |) X(I32Xor, U32, ^) X(I64Add, U64, +) X(I64Sub, U64, -)           \
  X(I64And, U64, &) X(I64Or, U64, |) X(I64Xor, U64, ^) X(I64Mul, U64, *)

// Comparisons that fuse with a following br_if or if: X(op, operand type, C operator).
// Each yields BrIf<op> (a, b, rel), BrUnless<op>, and the same with an immediate b.
#define LICHEN_INTERP_CMP_OPS(X)                                                   \
  X(I32Eq, U32, ==) X(I32Ne, U32, !=) X(I32LtS, I32, <) X(I32LtU, U32, <)          \
  X(I32GtS, I32, >) X(I32GtU, U32, >) X(I32LeS, I32, <=) X(I32LeU, U32, <=)        \
  X(I32GeS, I32, >=) X(I32GeU, U32, >=) X(I64Eq, U64, ==) X(I64Ne, U64, !=)        \
  X(I64LtS, I64, <) X(I64LtU, U64, <) X(I64GtS, I64, >) X(I64GtU, U64, >)          \
  X(I64LeS, I64, <=) X(I64LeU, U64, <=) X(I64GeS, I64, >=) X(I64GeU, U64, >=)
// Shifts with a constant count: dst, a, count (already masked).
#define LICHEN_INTERP_SHIFT_IMM_OPS(X)                                             \
  X(I32Shl, U32, <<) X(I32ShrS, I32, >>) X(I32ShrU, U32, >>)                       \
  X(I64Shl, U64, <<) X(I64ShrS, I64, >>) X(I64ShrU, U64, >>)
// Rotates with a constant count: dst, a, count.
#define LICHEN_INTERP_ROTATE_IMM_OPS(X) \
  X(I32Rotl, U32, rotl) X(I32Rotr, U32, rotr) X(I64Rotl, U64, rotl) X(I64Rotr, U64, rotr)
// clang-format on

namespace lichen::wasm::interp {

enum class IOp : uint16_t {
#define LICHEN_IOP_WASM(name, ...) k##name,
#define LICHEN_IOP_INTERNAL(name) k##name,
#define LICHEN_IOP_IMM(name, ...) k##name##Imm,
#define LICHEN_IOP_CMP(name, ...) \
  kBrIf##name, kBrUnless##name, kBrIf##name##Imm, kBrUnless##name##Imm,
  LICHEN_WASM_NUMERIC_OPS(LICHEN_IOP_WASM)      //
  LICHEN_WASM_MEMORY_OPS(LICHEN_IOP_WASM)       //
  LICHEN_INTERP_OPS(LICHEN_IOP_INTERNAL)        //
  LICHEN_INTERP_IMM_OPS(LICHEN_IOP_IMM)         //
  LICHEN_INTERP_SHIFT_IMM_OPS(LICHEN_IOP_IMM)   //
  LICHEN_INTERP_ROTATE_IMM_OPS(LICHEN_IOP_IMM)  //
  LICHEN_INTERP_CMP_OPS(LICHEN_IOP_CMP)         //
#undef LICHEN_IOP_WASM
#undef LICHEN_IOP_INTERNAL
#undef LICHEN_IOP_IMM
#undef LICHEN_IOP_CMP
  kCount
};

// The handler word of an internal op (its dispatch address, relative to the interpreter).
uint32_t opWord(IOp op);

// Maps a Wasm numeric/load/store opcode to its internal op (kCount if it has none).
IOp internalOp(Opcode op);

}  // namespace lichen::wasm::interp
