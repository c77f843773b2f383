// Decoding of instruction immediates, and the typing rules of every instruction.
#include "wasm/validate/body_decoder.h"

namespace lichen::wasm {
namespace {

constexpr ValType kSingleTypes[] = {ValType::kI32, ValType::kI64,     ValType::kF32,
                                    ValType::kF64, ValType::kFuncRef, ValType::kExternRef};

std::span<const ValType> singleType(uint8_t code) {
  for (const ValType& t : kSingleTypes) {
    if (static_cast<uint8_t>(t) == code) return {&t, 1};
  }
  return {};
}

}  // namespace

BodyDecoderBase::BodyDecoderBase(const ValidationContext& ctx, uint32_t func_index)
    : ctx_(ctx),
      m_(*ctx.module),
      r_(ctx.module->bytes.data(),
         ctx.module->bodies[func_index - ctx.module->num_imported_funcs].code_begin,
         ctx.module->bodies[func_index - ctx.module->num_imported_funcs].code_end),
      func_type_(ctx.module->funcType(func_index)) {
  const FunctionBody& body = m_.bodies[func_index - m_.num_imported_funcs];
  locals_ = func_type_.params;
  locals_.insert(locals_.end(), body.locals.begin(), body.locals.end());
  ctrls_.push_back(Frame{Opcode::kBlock, BlockSig{{}, func_type_.results}, 0, false});
}

Result<uint8_t> BodyDecoderBase::pop() {
  const Frame& f = ctrls_.back();
  if (vals_.size() == f.height) {
    if (f.unreachable) return kUnknown;
    return fail("type mismatch: operand stack underflow");
  }
  uint8_t t = vals_.back();
  vals_.pop_back();
  return t;
}

Result<void> BodyDecoderBase::popExpect(ValType t) {
  LICHEN_ASSIGN_OR_RETURN(uint8_t actual, pop());
  if (actual != kUnknown && actual != static_cast<uint8_t>(t)) return fail("type mismatch");
  return {};
}

Result<void> BodyDecoderBase::popValues(std::span<const ValType> types) {
  for (size_t i = types.size(); i-- > 0;) LICHEN_TRY(popExpect(types[i]));
  return {};
}

void BodyDecoderBase::pushValues(std::span<const ValType> types) {
  for (ValType t : types) push(t);
}

void BodyDecoderBase::setUnreachable() {
  vals_.resize(ctrls_.back().height);
  ctrls_.back().unreachable = true;
}

Result<const BodyDecoderBase::Frame*> BodyDecoderBase::label(uint32_t depth) {
  if (depth >= ctrls_.size()) return fail("unknown label");
  return &ctrls_[ctrls_.size() - 1 - depth];
}

Result<BlockSig> BodyDecoderBase::readBlockType() {
  const uint64_t at = r_.offset();
  LICHEN_ASSIGN_OR_RETURN(int64_t v, r_.s33());
  if (v >= 0) {
    if (static_cast<uint64_t>(v) >= m_.types.size()) return failAt(at, "unknown type");
    const FuncType& t = m_.types[v];
    return BlockSig{t.params, t.results};
  }
  const uint8_t code = static_cast<uint8_t>(v & 0x7F);
  if (code == 0x40) return BlockSig{};
  auto single = singleType(code);
  if (single.empty()) return decodeError(at, "malformed block type");
  return BlockSig{{}, single};
}

Result<void> BodyDecoderBase::decodeInstr(Instr& ins) {
  LICHEN_ASSIGN_OR_RETURN(uint8_t byte, r_.u8());
  uint32_t code = byte;
  if (byte == 0xFC) {
    LICHEN_ASSIGN_OR_RETURN(uint32_t sub, r_.u32());
    if (sub >= 18) return decodeError(ins.offset, "illegal opcode");
    code = 0x100 + sub;
  }
  const OpInfo& info = opInfo(code);
  if (info.imm == ImmKind::kInvalid || (byte == 0xFC) != (code >= 0x100)) {
    return decodeError(ins.offset, "illegal opcode");
  }
  ins.op = static_cast<Opcode>(code);
  auto zeroByte = [&]() -> Result<void> {
    const uint64_t at = r_.offset();
    LICHEN_ASSIGN_OR_RETURN(uint8_t z, r_.u8());
    if (z != 0) return decodeError(at, "zero byte expected");
    return {};
  };
  switch (info.imm) {
    case ImmKind::kInvalid:
    case ImmKind::kNone:
      break;
    case ImmKind::kBlockType: {
      LICHEN_ASSIGN_OR_RETURN(ins.block, readBlockType());
      break;
    }
    case ImmKind::kLabel:
    case ImmKind::kFuncIdx:
    case ImmKind::kLocalIdx:
    case ImmKind::kGlobalIdx:
    case ImmKind::kTableIdx:
    case ImmKind::kDataIdx:
    case ImmKind::kElemIdx: {
      LICHEN_ASSIGN_OR_RETURN(ins.a, r_.u32());
      break;
    }
    case ImmKind::kLabelTable: {
      LICHEN_ASSIGN_OR_RETURN(uint32_t n, r_.count(1));
      br_labels_.clear();
      br_labels_.reserve(n + 1);
      for (uint32_t i = 0; i <= n; ++i) {
        LICHEN_ASSIGN_OR_RETURN(uint32_t l, r_.u32());
        br_labels_.push_back(l);
      }
      ins.labels = &br_labels_;
      break;
    }
    case ImmKind::kCallIndirect: {
      LICHEN_ASSIGN_OR_RETURN(ins.a, r_.u32());
      LICHEN_ASSIGN_OR_RETURN(ins.b, r_.u32());
      break;
    }
    case ImmKind::kMemArg: {
      const uint64_t at = r_.offset();
      LICHEN_ASSIGN_OR_RETURN(ins.a, r_.u32());  // alignment exponent
      // With one memory the flags are the exponent alone; 2^32 and beyond cannot be encoded
      // (a malformed module, not an invalid one as an over-large natural alignment is).
      if (ins.a >= 32) return decodeError(at, "malformed memop flags");
      LICHEN_ASSIGN_OR_RETURN(uint32_t off, r_.u32());
      ins.imm = off;
      break;
    }
    case ImmKind::kMemIdx:
      LICHEN_TRY(zeroByte());
      break;
    case ImmKind::kI32: {
      LICHEN_ASSIGN_OR_RETURN(int32_t v, r_.s32());
      ins.imm = static_cast<uint32_t>(v);
      break;
    }
    case ImmKind::kI64: {
      LICHEN_ASSIGN_OR_RETURN(int64_t v, r_.s64());
      ins.imm = static_cast<uint64_t>(v);
      break;
    }
    case ImmKind::kF32: {
      LICHEN_ASSIGN_OR_RETURN(ins.imm, r_.f32Bits());
      break;
    }
    case ImmKind::kF64: {
      LICHEN_ASSIGN_OR_RETURN(ins.imm, r_.f64Bits());
      break;
    }
    case ImmKind::kSelectT: {
      LICHEN_ASSIGN_OR_RETURN(uint32_t n, r_.u32());
      if (n != 1) return fail("invalid result arity");
      const uint64_t at = r_.offset();
      LICHEN_ASSIGN_OR_RETURN(uint8_t t, r_.u8());
      auto single = singleType(t);
      if (single.empty()) return decodeError(at, "malformed value type");
      ins.type = single[0];
      break;
    }
    case ImmKind::kRefType: {
      const uint64_t at = r_.offset();
      LICHEN_ASSIGN_OR_RETURN(uint8_t t, r_.u8());
      if (t != 0x70 && t != 0x6F) return decodeError(at, "malformed reference type");
      ins.type = static_cast<ValType>(t);
      break;
    }
    case ImmKind::kMemoryInit: {
      LICHEN_ASSIGN_OR_RETURN(ins.a, r_.u32());
      LICHEN_TRY(zeroByte());
      break;
    }
    case ImmKind::kMemoryCopy:
      LICHEN_TRY(zeroByte());
      LICHEN_TRY(zeroByte());
      break;
    case ImmKind::kTableInit: {  // elem index, then table index
      LICHEN_ASSIGN_OR_RETURN(ins.a, r_.u32());
      LICHEN_ASSIGN_OR_RETURN(ins.b, r_.u32());
      break;
    }
    case ImmKind::kTableCopy: {  // destination table, then source table
      LICHEN_ASSIGN_OR_RETURN(ins.a, r_.u32());
      LICHEN_ASSIGN_OR_RETURN(ins.b, r_.u32());
      break;
    }
  }
  return {};
}

Result<void> BodyDecoderBase::finish() {
  if (!r_.atEnd())
    return decodeError(r_.offset(), "section size mismatch: code after function end");
  return {};
}

}  // namespace lichen::wasm
