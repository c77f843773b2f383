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
  X(Unreachable)   /* */                                                                       \
  X(LoopCheck)     /* */
// clang-format on

namespace lichen::wasm::interp {

enum class IOp : uint16_t {
#define LICHEN_IOP_WASM(name, ...) k##name,
#define LICHEN_IOP_INTERNAL(name) k##name,
  LICHEN_WASM_NUMERIC_OPS(LICHEN_IOP_WASM) LICHEN_WASM_MEMORY_OPS(LICHEN_IOP_WASM)
      LICHEN_INTERP_OPS(LICHEN_IOP_INTERNAL)
#undef LICHEN_IOP_WASM
#undef LICHEN_IOP_INTERNAL
          kCount
};

// The handler word of an internal op (its dispatch address, relative to the interpreter).
uint32_t opWord(IOp op);

// Maps a Wasm numeric/load/store opcode to its internal op (kCount if it has none).
IOp internalOp(Opcode op);

}  // namespace lichen::wasm::interp
