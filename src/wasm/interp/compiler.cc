#include "wasm/interp/compiler.h"

#include "wasm/validate/body_decoder.h"
#include "wasm/validate/validator.h"

namespace lichen::wasm::interp {
namespace {

// Emits internal code for one function as the body decoder walks it. Operand-stack position i
// lives in frame slot num_locals + i; the function's results are returned in slots 0..n-1.
class FunctionCompiler {
 public:
  FunctionCompiler(const Module& m, uint32_t func_index, uint32_t num_locals,
                   std::vector<uint32_t>& code)
      : m_(m), type_(m.funcType(func_index)), nlocals_(num_locals), code_(code) {
    ctrls_.push_back(Ctrl{Opcode::kBlock,
                          0,
                          0,
                          static_cast<uint32_t>(type_.results.size()),
                          0,
                          {},
                          kNoFixup,
                          true,
                          false,
                          true});
  }

  uint32_t numSlots() const { return nlocals_ + max_height_ + 1; }

  void onInstr(const Instr& ins, uint32_t h) {
    switch (ins.op) {
      case Opcode::kBlock:
      case Opcode::kLoop:
      case Opcode::kIf:
        return beginBlock(ins, h);
      case Opcode::kElse:
        return onElse(h);
      case Opcode::kEnd:
        return onEnd(h);
      default:
        break;
    }
    if (!live_) return;
    if (h + 1 > max_height_) max_height_ = h + 1;
    emitInstr(ins, h);
  }

 private:
  static constexpr uint32_t kNoFixup = UINT32_MAX;

  struct Fixup {
    uint32_t word;   // position of the relative-offset word
    uint32_t instr;  // position of the instruction it is relative to
  };
  struct Ctrl {
    Opcode kind;
    uint32_t base;  // operand-stack height below the block's params
    uint32_t nparams;
    uint32_t nresults;
    uint32_t start;  // loop: position of the loop head
    std::vector<Fixup> fixups;
    uint32_t else_fixup;  // if: the branch taken when the condition is false
    bool live_at_entry;
    bool branched;  // some branch targets the end
    bool is_function;
  };

  uint32_t slot(uint32_t h) const { return nlocals_ + h; }
  uint32_t pos() const { return static_cast<uint32_t>(code_.size()); }
  void op(IOp o) { code_.push_back(opWord(o)); }
  void word(uint32_t w) { code_.push_back(w); }
  void patch(const Fixup& f, uint32_t target) {
    code_[f.word] = static_cast<uint32_t>(static_cast<int32_t>(target - f.instr));
  }

  void copy(uint32_t dst, uint32_t src) {
    if (dst == src) return;
    op(IOp::kCopy);
    word(dst);
    word(src);
  }
  // Moves the top `n` values (of a stack of height h) to start at slot `dst`.
  void moveValues(uint32_t dst, uint32_t h, uint32_t n) {
    for (uint32_t i = 0; i < n; ++i) copy(dst + i, slot(h - n + i));
  }

  Ctrl& target(uint32_t depth) { return ctrls_[ctrls_.size() - 1 - depth]; }
  uint32_t arity(const Ctrl& c) const { return c.kind == Opcode::kLoop ? c.nparams : c.nresults; }
  bool needsMoves(const Ctrl& c, uint32_t h) const {
    if (c.is_function) return true;
    const uint32_t n = arity(c);
    return n > 0 && slot(c.base) != slot(h - n);
  }

  // Emits moves then an unconditional jump (or return) to the label at `depth`.
  void emitBranch(uint32_t depth, uint32_t h) {
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
  void linkTo(Ctrl& c, Fixup f) {
    if (c.kind == Opcode::kLoop) {
      patch(f, c.start);
    } else {
      c.fixups.push_back(f);
      c.branched = true;
    }
  }

  void beginBlock(const Instr& ins, uint32_t h) {
    const uint32_t np = static_cast<uint32_t>(ins.block.params.size());
    const uint32_t nr = static_cast<uint32_t>(ins.block.results.size());
    const uint32_t cond = ins.op == Opcode::kIf ? 1 : 0;
    Ctrl c{ins.op, h - cond - np, np, nr, pos(), {}, kNoFixup, live_, false, false};
    if (live_) {
      if (h + nr > max_height_) max_height_ = h + nr;
      if (ins.op == Opcode::kLoop) {
        c.start = pos();
        op(IOp::kLoopCheck);
      } else if (ins.op == Opcode::kIf) {
        const uint32_t at = pos();
        op(IOp::kBrUnless);
        word(slot(h - 1));
        word(0);
        c.else_fixup = at + 2;
        c.start = at;  // else_fixup is relative to this instruction
      }
    }
    ctrls_.push_back(std::move(c));
  }

  void onElse(uint32_t h) {
    Ctrl& c = ctrls_.back();
    if (live_) {
      const uint32_t at = pos();
      op(IOp::kBr);
      word(0);
      c.fixups.push_back(Fixup{at + 1, at});
      c.branched = true;
    }
    if (c.else_fixup != kNoFixup) {
      patch(Fixup{c.else_fixup, c.start}, pos());
      c.else_fixup = kNoFixup;
    }
    c.kind = Opcode::kElse;
    live_ = c.live_at_entry;
  }

  void onEnd(uint32_t h) {
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
    const bool if_false_path = c.else_fixup != kNoFixup;
    if (if_false_path) patch(Fixup{c.else_fixup, c.start}, pos());
    for (const Fixup& f : c.fixups) patch(f, pos());
    live_ = c.live_at_entry && (live_ || c.branched || if_false_path);
  }

  void emitInstr(const Instr& ins, uint32_t h);

  const Module& m_;
  const FuncType& type_;
  uint32_t nlocals_;
  std::vector<uint32_t>& code_;
  std::vector<Ctrl> ctrls_;
  uint32_t max_height_ = 0;
  bool live_ = true;
};

void FunctionCompiler::emitInstr(const Instr& ins, uint32_t h) {
  const OpInfo& info = opInfo(static_cast<uint32_t>(ins.op));
  const IOp simple = internalOp(ins.op);
  if (simple != IOp::kCount) {
    const uint32_t n = info.sig.num_params;
    if (info.access_size) {  // load: dst, addr, offset / store: addr, value, offset
      op(simple);
      if (info.sig.has_result) {
        word(slot(h - 1));
        word(slot(h - 1));
      } else {
        word(slot(h - 2));
        word(slot(h - 1));
      }
      word(static_cast<uint32_t>(ins.imm));
      return;
    }
    op(simple);
    word(slot(h - n));
    for (uint32_t i = 0; i < n; ++i) word(slot(h - n + i));
    return;
  }
  switch (ins.op) {
    case Opcode::kUnreachable:
      op(IOp::kUnreachable);
      live_ = false;
      return;
    case Opcode::kNop:
    case Opcode::kDrop:
      return;
    case Opcode::kBr:
      emitBranch(ins.a, h);
      live_ = false;
      return;
    case Opcode::kBrIf: {
      Ctrl& c = target(ins.a);
      const uint32_t cond = slot(h - 1);
      if (!needsMoves(c, h - 1)) {
        const uint32_t at = pos();
        op(IOp::kBrIf);
        word(cond);
        word(0);
        linkTo(c, Fixup{at + 2, at});
        return;
      }
      const uint32_t at = pos();
      op(IOp::kBrUnless);
      word(cond);
      word(0);
      emitBranch(ins.a, h - 1);
      patch(Fixup{at + 2, at}, pos());
      return;
    }
    case Opcode::kBrTable: {
      const std::vector<uint32_t>& labels = *ins.labels;
      const uint32_t at = pos();
      op(IOp::kBrTable);
      word(slot(h - 1));
      word(static_cast<uint32_t>(labels.size() - 1));
      const uint32_t table = pos();
      code_.resize(code_.size() + labels.size());
      for (size_t i = 0; i < labels.size(); ++i) {
        Ctrl& c = target(labels[i]);
        const Fixup entry{static_cast<uint32_t>(table + i), at};
        if (!needsMoves(c, h - 1)) {
          linkTo(c, entry);
        } else {
          patch(entry, pos());  // a stub: moves, then the jump
          emitBranch(labels[i], h - 1);
        }
      }
      live_ = false;
      return;
    }
    case Opcode::kReturn:
      moveValues(0, h, static_cast<uint32_t>(type_.results.size()));
      op(IOp::kReturn);
      live_ = false;
      return;
    case Opcode::kCall:
    case Opcode::kCallIndirect: {
      const FuncType& t = ins.op == Opcode::kCall ? m_.funcType(ins.a) : m_.types[ins.a];
      const uint32_t cond = ins.op == Opcode::kCallIndirect ? 1 : 0;
      const uint32_t np = static_cast<uint32_t>(t.params.size());
      const uint32_t nr = static_cast<uint32_t>(t.results.size());
      const uint32_t base = h - cond - np;
      if (base + nr > max_height_) max_height_ = base + nr;
      if (ins.op == Opcode::kCall) {
        op(IOp::kCall);
        word(ins.a);
        word(slot(base));
      } else {
        op(IOp::kCallIndirect);
        word(ins.a);
        word(ins.b);
        word(slot(base));
        word(slot(h - 1));
      }
      return;
    }
    case Opcode::kSelect:
    case Opcode::kSelectT:
      op(IOp::kSelect);
      word(slot(h - 3));
      word(slot(h - 3));
      word(slot(h - 2));
      word(slot(h - 1));
      return;
    case Opcode::kLocalGet:
      copy(slot(h), ins.a);
      return;
    case Opcode::kLocalSet:
    case Opcode::kLocalTee:
      copy(ins.a, slot(h - 1));
      return;
    case Opcode::kGlobalGet:
      op(IOp::kGlobalGet);
      word(slot(h));
      word(ins.a);
      return;
    case Opcode::kGlobalSet:
      op(IOp::kGlobalSet);
      word(ins.a);
      word(slot(h - 1));
      return;
    case Opcode::kI32Const:
    case Opcode::kF32Const:
      op(IOp::kConst32);
      word(slot(h));
      word(static_cast<uint32_t>(ins.imm));
      return;
    case Opcode::kI64Const:
    case Opcode::kF64Const:
      op(IOp::kConst64);
      word(slot(h));
      word(static_cast<uint32_t>(ins.imm));
      word(static_cast<uint32_t>(ins.imm >> 32));
      return;
    case Opcode::kRefNull:
      op(IOp::kConst32);
      word(slot(h));
      word(0);
      return;
    case Opcode::kRefIsNull:
      op(IOp::kRefIsNull);
      word(slot(h - 1));
      word(slot(h - 1));
      return;
    case Opcode::kRefFunc:
      op(IOp::kRefFunc);
      word(slot(h));
      word(ins.a);
      return;
    case Opcode::kTableGet:
      op(IOp::kTableGet);
      word(slot(h - 1));
      word(ins.a);
      word(slot(h - 1));
      return;
    case Opcode::kTableSet:
      op(IOp::kTableSet);
      word(ins.a);
      word(slot(h - 2));
      word(slot(h - 1));
      return;
    case Opcode::kTableSize:
      op(IOp::kTableSize);
      word(slot(h));
      word(ins.a);
      return;
    case Opcode::kTableGrow:
      op(IOp::kTableGrow);
      word(slot(h - 2));
      word(ins.a);
      word(slot(h - 2));
      word(slot(h - 1));
      return;
    case Opcode::kTableFill:
      op(IOp::kTableFill);
      word(ins.a);
      word(slot(h - 3));
      word(slot(h - 2));
      word(slot(h - 1));
      return;
    case Opcode::kTableCopy:
    case Opcode::kTableInit:
      op(ins.op == Opcode::kTableCopy ? IOp::kTableCopy : IOp::kTableInit);
      if (ins.op == Opcode::kTableCopy) {
        word(ins.a);
        word(ins.b);
      } else {
        word(ins.b);  // table
        word(ins.a);  // element segment
      }
      word(slot(h - 3));
      word(slot(h - 2));
      word(slot(h - 1));
      return;
    case Opcode::kElemDrop:
      op(IOp::kElemDrop);
      word(ins.a);
      return;
    case Opcode::kMemorySize:
      op(IOp::kMemorySize);
      word(slot(h));
      return;
    case Opcode::kMemoryGrow:
      op(IOp::kMemoryGrow);
      word(slot(h - 1));
      word(slot(h - 1));
      return;
    case Opcode::kMemoryInit:
      op(IOp::kMemoryInit);
      word(ins.a);
      word(slot(h - 3));
      word(slot(h - 2));
      word(slot(h - 1));
      return;
    case Opcode::kDataDrop:
      op(IOp::kDataDrop);
      word(ins.a);
      return;
    case Opcode::kMemoryCopy:
    case Opcode::kMemoryFill:
      op(ins.op == Opcode::kMemoryCopy ? IOp::kMemoryCopy : IOp::kMemoryFill);
      word(slot(h - 3));
      word(slot(h - 2));
      word(slot(h - 1));
      return;
    default:
      return;  // block, loop, if, else and end are handled by onInstr
  }
}

// The compiled module owns its code; CompiledFunc pointers point into it.
struct CodeOwner {
  ModuleCode code;
};

}  // namespace

Result<std::shared_ptr<const CompiledModule>> compileModule(Module module) {
  auto compiled = std::make_shared<CompiledModule>();
  compiled->module = std::move(module);
  const Module& m = compiled->module;
  ValidationContext ctx;
  LICHEN_TRY(validateModuleFields(m, ctx));

  auto owner = std::make_shared<CodeOwner>();
  ModuleCode& code = owner->code;
  std::vector<uint32_t> starts;
  for (uint32_t i = m.num_imported_funcs; i < m.funcs.size(); ++i) {
    const FunctionBody& body = m.bodies[i - m.num_imported_funcs];
    const FuncType& t = m.funcType(i);
    const uint32_t nlocals = static_cast<uint32_t>(t.params.size() + body.locals.size());
    starts.push_back(static_cast<uint32_t>(code.words.size()));
    FunctionCompiler fc(m, i, nlocals, code.words);
    BodyDecoder<FunctionCompiler> decoder(ctx, i, fc);
    LICHEN_TRY(decoder.run());
    CompiledFunc cf;
    cf.num_params = static_cast<uint32_t>(t.params.size());
    cf.num_locals = static_cast<uint32_t>(body.locals.size());
    cf.num_slots = std::max<uint32_t>(fc.numSlots(), static_cast<uint32_t>(t.results.size()));
    cf.num_results = static_cast<uint32_t>(t.results.size());
    cf.func_index = i;
    code.funcs.push_back(cf);
  }
  code.words.shrink_to_fit();
  for (size_t k = 0; k < code.funcs.size(); ++k) {
    code.funcs[k].code = code.words.data() + starts[k];
    compiled->funcs.push_back(&code.funcs[k]);
  }
  compiled->code_owner = owner;
  return std::shared_ptr<const CompiledModule>(std::move(compiled));
}

}  // namespace lichen::wasm::interp
