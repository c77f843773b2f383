// Compiles one validated function body into internal code, as a BodyDecoder consumer.
//
// Operand-stack position i lives in frame slot num_locals + i, but values are placed lazily:
// `local.get` and constants only record where the value is (a local's slot, an immediate), so
// consumers read locals directly and constants become immediates. A value is written to its
// stack slot ("materialised") only when something needs it there: control flow, calls, or a
// `local.set` of an aliased local. Results of the last instruction are retargeted straight
// into the local a `local.set` names, and comparisons fuse with the `br_if`/`if` after them.
// With rewrites off none of that happens: every value is written to its stack slot.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "wasm/interp/code.h"
#include "wasm/ir/module.h"
#include "wasm/validate/body_decoder.h"

namespace lichen::wasm::interp {

class FunctionCompiler {
 public:
  FunctionCompiler(const Module& m, uint32_t func_index, uint32_t num_locals,
                   std::vector<uint32_t>& code, bool rewrites = true);

  void onInstr(const Instr& ins, uint32_t h);
  uint32_t numSlots() const { return nlocals_ + max_height_ + 1; }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;

  struct Operand {
    enum Kind : uint8_t { kSlot, kLocal, kConst } kind = kSlot;
    uint64_t value = 0;  // local index or constant bits
  };
  struct Fixup {
    uint32_t word;   // position of the relative-offset word
    uint32_t instr;  // position of the instruction it is relative to
  };
  struct Ctrl {
    Opcode kind;
    uint32_t base;  // operand-stack height below the block's params
    uint32_t nparams;
    uint32_t nresults;
    uint32_t start;  // loop head, or the `if` instruction its else_fixup is relative to
    std::vector<Fixup> fixups;
    uint32_t else_fixup;
    bool live_at_entry;
    bool branched;
    bool is_function;
  };
  // A comparison not emitted yet, in case the next instruction branches on it.
  struct PendingCompare {
    Opcode op;
    uint32_t a;  // operand slot
    uint32_t b;  // operand slot, or the immediate
    bool b_is_imm;
    uint32_t dst;       // the result's stack slot
    uint64_t imm_bits;  // the constant b, all 64 bits of it
  };

  // Code emission.
  uint32_t pos() const { return static_cast<uint32_t>(code_.size()); }
  void op(IOp o);
  void word(uint32_t w) { code_.push_back(w); }
  void patch(const Fixup& f, uint32_t target);
  void copy(uint32_t dst, uint32_t src);
  void emitConst(uint32_t dst, uint64_t bits);

  // The lazy operand stack.
  uint32_t slot(uint32_t h) const { return nlocals_ + h; }
  uint32_t height() const { return static_cast<uint32_t>(stack_.size()); }
  void materialize(uint32_t i);
  void materializeAll();
  void materializeAliasesOf(uint32_t local);
  void flushPendingCompare();
  uint32_t read(uint32_t i);  // slot holding stack entry i, materialising constants
  void pushSlot() { stack_.push_back(Operand{}); }
  void setLocal(uint32_t local, bool tee);

  // Control flow.
  Ctrl& target(uint32_t depth) { return ctrls_[ctrls_.size() - 1 - depth]; }
  uint32_t arity(const Ctrl& c) const { return c.kind == Opcode::kLoop ? c.nparams : c.nresults; }
  bool needsMoves(const Ctrl& c, uint32_t h) const;
  void moveValues(uint32_t dst, uint32_t h, uint32_t n);
  void emitBranch(uint32_t depth, uint32_t h);
  void linkTo(Ctrl& c, Fixup f);
  void beginBlock(const Instr& ins, uint32_t h);
  void onElse();
  void onEnd(uint32_t h);
  void onBrIf(const Instr& ins, uint32_t h);
  // Emits a conditional jump taken when the popped condition is false (true if `when_true`);
  // returns the fixup of its offset word.
  Fixup emitCondJump(bool when_true);

  // Non-control instructions.
  void emitInstr(const Instr& ins, uint32_t h);
  void emitSimple(const Instr& ins, const OpInfo& info, IOp iop);
  void emitPlain(IOp iop, uint32_t n, bool has_result);
  void emitSpecial(const Instr& ins);
  void finishResult(uint32_t dst_word);

  const Module& m_;
  const FuncType& type_;
  uint32_t nlocals_;
  std::vector<uint32_t>& code_;
  std::vector<Ctrl> ctrls_;
  std::vector<Operand> stack_;
  std::optional<PendingCompare> pending_;
  uint32_t result_word_ = kNone;  // dst word of the last instruction, if it may be retargeted
  uint32_t max_height_ = 0;
  bool live_ = true;
  bool rewrites_;
};

}  // namespace lichen::wasm::interp
