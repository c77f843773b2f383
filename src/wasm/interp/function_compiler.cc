// The lazy operand stack and control flow of the function compiler.
#include "wasm/interp/function_compiler.h"

namespace lichen::wasm::interp {

FunctionCompiler::FunctionCompiler(const Module& m, uint32_t func_index, uint32_t num_locals,
                                   std::vector<uint32_t>& code, bool rewrites)
    : m_(m), type_(m.funcType(func_index)), nlocals_(num_locals), code_(code), rewrites_(rewrites) {
  ctrls_.push_back(Ctrl{Opcode::kBlock,
                        0,
                        0,
                        static_cast<uint32_t>(type_.results.size()),
                        0,
                        {},
                        kNone,
                        true,
                        false,
                        true});
}

void FunctionCompiler::op(IOp o) {
  code_.push_back(opWord(o));
  result_word_ = kNone;
}

void FunctionCompiler::patch(const Fixup& f, uint32_t target) {
  code_[f.word] = static_cast<uint32_t>(static_cast<int32_t>(target - f.instr));
}

void FunctionCompiler::copy(uint32_t dst, uint32_t src) {
  if (dst == src) return;
  op(IOp::kCopy);
  word(dst);
  word(src);
  result_word_ = pos() - 2;
}

void FunctionCompiler::emitConst(uint32_t dst, uint64_t bits) {
  if (bits <= UINT32_MAX) {
    op(IOp::kConst32);
    word(dst);
    word(static_cast<uint32_t>(bits));
    result_word_ = pos() - 2;
  } else {
    op(IOp::kConst64);
    word(dst);
    word(static_cast<uint32_t>(bits));
    word(static_cast<uint32_t>(bits >> 32));
    result_word_ = pos() - 3;
  }
}

void FunctionCompiler::materialize(uint32_t i) {
  Operand& o = stack_[i];
  if (o.kind == Operand::kLocal) copy(slot(i), static_cast<uint32_t>(o.value));
  if (o.kind == Operand::kConst) emitConst(slot(i), o.value);
  o = Operand{};
}

void FunctionCompiler::materializeAll() {
  flushPendingCompare();
  for (uint32_t i = 0; i < height(); ++i) materialize(i);
}

void FunctionCompiler::materializeAliasesOf(uint32_t local) {
  for (uint32_t i = 0; i < height(); ++i) {
    if (stack_[i].kind == Operand::kLocal && stack_[i].value == local) materialize(i);
  }
}

uint32_t FunctionCompiler::read(uint32_t i) {
  const Operand& o = stack_[i];
  if (o.kind == Operand::kLocal) return static_cast<uint32_t>(o.value);
  if (o.kind == Operand::kConst) materialize(i);
  return slot(i);
}

void FunctionCompiler::flushPendingCompare() {
  if (!pending_) return;
  const PendingCompare p = *pending_;
  pending_.reset();
  uint32_t b = p.b;
  if (p.b_is_imm) {  // the constant's stack slot is free: it sits just above the result
    emitConst(p.dst + 1, p.imm_bits);  // not p.b: an i64 immediate is sign-extended
    b = p.dst + 1;
  }
  op(internalOp(p.op));
  word(p.dst);
  word(p.a);
  if (p.op != Opcode::kI32Eqz) word(b);
  result_word_ = code_.size() - (p.op == Opcode::kI32Eqz ? 2 : 3);
}

void FunctionCompiler::onInstr(const Instr& ins, uint32_t h) {
  if (live_ && pending_ && ins.op != Opcode::kIf && ins.op != Opcode::kBrIf) flushPendingCompare();
  switch (ins.op) {
    case Opcode::kBlock:
    case Opcode::kLoop:
    case Opcode::kIf:
      return beginBlock(ins, h);
    case Opcode::kElse:
      return onElse();
    case Opcode::kEnd:
      return onEnd(h);
    default:
      break;
  }
  if (!live_) return;
  if (height() != h) stack_.resize(h);  // unreachable in practice: heights are exact when live
  if (h + 2 > max_height_) max_height_ = h + 2;
  emitInstr(ins, h);
}

bool FunctionCompiler::needsMoves(const Ctrl& c, uint32_t h) const {
  if (c.is_function) return true;
  const uint32_t n = arity(c);
  return n > 0 && c.base != h - n;
}

// Moves the top `n` values of a materialised stack of height h to start at slot `dst`.
void FunctionCompiler::moveValues(uint32_t dst, uint32_t h, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) copy(dst + i, slot(h - n + i));
}

void FunctionCompiler::emitBranch(uint32_t depth, uint32_t h) {
  Ctrl& c = target(depth);
  if (c.is_function) {
    moveValues(0, h, c.nresults);
    op(IOp::kReturn);
    return;
  }
  moveValues(slot(c.base), h, arity(c));
  const uint32_t at = pos();
  op(IOp::kBr);
  word(0);
  linkTo(c, Fixup{at + 1, at});
}

void FunctionCompiler::linkTo(Ctrl& c, Fixup f) {
  if (c.kind == Opcode::kLoop) {
    patch(f, c.start);
  } else {
    c.fixups.push_back(f);
    c.branched = true;
  }
}

FunctionCompiler::Fixup FunctionCompiler::emitCondJump(bool when_true) {
  // A pending comparison (or eqz) on top fuses into the jump.
  if (pending_ && stack_.size() >= 1 && pending_->dst == slot(height() - 1)) {
    const PendingCompare p = *pending_;
    pending_.reset();
    stack_.pop_back();
    const uint32_t at = pos();
    if (p.op == Opcode::kI32Eqz) {
      op(when_true ? IOp::kBrUnless : IOp::kBrIf);
      word(p.a);
      word(0);
      return Fixup{at + 2, at};
    }
    // BrIf<cmp>, BrUnless<cmp>, BrIf<cmp>Imm, BrUnless<cmp>Imm follow each other in IOp.
    IOp base = IOp::kCount;
#define LICHEN_FUSED_BASE(name, ...) \
  if (p.op == Opcode::k##name) base = IOp::kBrIf##name;
    LICHEN_INTERP_CMP_OPS(LICHEN_FUSED_BASE)
#undef LICHEN_FUSED_BASE
    const uint32_t variant = (when_true ? 0 : 1) + (p.b_is_imm ? 2 : 0);
    op(static_cast<IOp>(static_cast<uint32_t>(base) + variant));
    word(p.a);
    word(p.b);
    word(0);
    return Fixup{at + 3, at};
  }
  flushPendingCompare();
  const uint32_t cond = read(height() - 1);
  stack_.pop_back();
  const uint32_t at = pos();
  op(when_true ? IOp::kBrIf : IOp::kBrUnless);
  word(cond);
  word(0);
  return Fixup{at + 2, at};
}

void FunctionCompiler::beginBlock(const Instr& ins, uint32_t h) {
  const uint32_t np = static_cast<uint32_t>(ins.block.params.size());
  const uint32_t nr = static_cast<uint32_t>(ins.block.results.size());
  const uint32_t cond = ins.op == Opcode::kIf ? 1 : 0;
  Ctrl c{ins.op, h - cond - np, np, nr, pos(), {}, kNone, live_, false, false};
  if (live_) {
    if (h + nr + 1 > max_height_) max_height_ = h + nr + 1;
    if (ins.op == Opcode::kIf) {
      // Everything below the condition must sit in its slot before control splits.
      if (pending_ && pending_->dst == slot(h - 1)) {
        for (uint32_t i = 0; i + 1 < height(); ++i) materialize(i);
      } else {
        materializeAll();
      }
      const Fixup f = emitCondJump(false);
      c.else_fixup = f.word;
      c.start = f.instr;
    } else {
      materializeAll();
      if (ins.op == Opcode::kLoop) {
        // The loop head is a label: a back edge arrives here without running the instruction
        // before it, so its result may not be retargeted into a local (a `local.set` of a loop
        // parameter would then see the first iteration's value only).
        c.start = pos();
        result_word_ = kNone;
      }
    }
  }
  ctrls_.push_back(std::move(c));
}

void FunctionCompiler::onElse() {
  Ctrl& c = ctrls_.back();
  if (live_) {
    materializeAll();
    const uint32_t at = pos();
    op(IOp::kBr);
    word(0);
    c.fixups.push_back(Fixup{at + 1, at});
    c.branched = true;
  }
  if (c.else_fixup != kNone) {
    patch(Fixup{c.else_fixup, c.start}, pos());
    c.else_fixup = kNone;
  }
  c.kind = Opcode::kElse;
  live_ = c.live_at_entry;
  result_word_ = kNone;
  stack_.assign(live_ ? c.base + c.nparams : 0, Operand{});
}

void FunctionCompiler::onEnd(uint32_t h) {
  if (live_) materializeAll();
  Ctrl c = std::move(ctrls_.back());
  ctrls_.pop_back();
  if (c.is_function) {
    if (live_) {
      moveValues(0, h, c.nresults);
      op(IOp::kReturn);
    }
    live_ = false;
    return;
  }
  const bool if_false_path = c.else_fixup != kNone;
  if (if_false_path) patch(Fixup{c.else_fixup, c.start}, pos());
  for (const Fixup& f : c.fixups) patch(f, pos());
  live_ = c.live_at_entry && (live_ || c.branched || if_false_path);
  result_word_ = kNone;  // a label: the last instruction may not be the only way here
  stack_.assign(live_ ? c.base + c.nresults : 0, Operand{});
}

void FunctionCompiler::onBrIf(const Instr& ins, uint32_t h) {
  Ctrl& c = target(ins.a);
  const bool cond_pending = pending_ && pending_->dst == slot(h - 1);
  for (uint32_t i = 0; i + 1 < h; ++i) materialize(i);
  if (!cond_pending) flushPendingCompare();
  if (!needsMoves(c, h - 1)) {
    const Fixup f = emitCondJump(true);
    linkTo(c, f);
    return;
  }
  const Fixup skip = emitCondJump(false);
  emitBranch(ins.a, h - 1);
  patch(skip, pos());
  result_word_ = kNone;
}

}  // namespace lichen::wasm::interp
