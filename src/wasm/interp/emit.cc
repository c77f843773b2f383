// Emission of non-control instructions by the function compiler.
#include "wasm/interp/function_compiler.h"

namespace lichen::wasm::interp {
namespace {

bool isFusableCompare(Opcode op) {
  switch (op) {
#define LICHEN_CMP_CASE(name, ...) case Opcode::k##name:
    LICHEN_INTERP_CMP_OPS(LICHEN_CMP_CASE)
#undef LICHEN_CMP_CASE
    case Opcode::kI32Eqz:
      return true;
    default:
      return false;
  }
}

IOp immVariant(Opcode op) {
  switch (op) {
#define LICHEN_IMM_CASE(name, ...) \
  case Opcode::k##name:            \
    return IOp::k##name##Imm;
    LICHEN_INTERP_IMM_OPS(LICHEN_IMM_CASE)
    LICHEN_INTERP_SHIFT_IMM_OPS(LICHEN_IMM_CASE)
    LICHEN_INTERP_ROTATE_IMM_OPS(LICHEN_IMM_CASE)
#undef LICHEN_IMM_CASE
    default:
      return IOp::kCount;
  }
}

// Shift and rotate counts are taken modulo the width.
bool isShift(Opcode op) {
  switch (op) {
#define LICHEN_SHIFT_CASE(name, ...) case Opcode::k##name:
    LICHEN_INTERP_SHIFT_IMM_OPS(LICHEN_SHIFT_CASE)
    LICHEN_INTERP_ROTATE_IMM_OPS(LICHEN_SHIFT_CASE)
#undef LICHEN_SHIFT_CASE
    return true;
    default:
      return false;
  }
}

// Whether a constant fits the sign-extended 32-bit immediate of an op on `type`.
bool fitsImmediate(uint64_t bits, ValType type) {
  if (type == ValType::kI32) return true;
  const auto v = static_cast<int64_t>(bits);
  return v >= INT32_MIN && v <= INT32_MAX;
}

}  // namespace

void FunctionCompiler::finishResult(uint32_t dst_word) { result_word_ = dst_word; }

// Sets (or tees) a local from the top of the stack, writing the producing instruction's result
// straight into the local when it was the last thing emitted.
void FunctionCompiler::setLocal(uint32_t local, bool tee) {
  const uint32_t top = height() - 1;
  const Operand value = stack_[top];
  stack_.pop_back();
  const uint32_t produced_by = result_word_;
  materializeAliasesOf(local);
  const bool nothing_emitted = result_word_ == produced_by;
  if (value.kind == Operand::kConst) {
    emitConst(local, value.value);
  } else if (value.kind == Operand::kLocal) {
    copy(local, static_cast<uint32_t>(value.value));
  } else if (rewrites_ && nothing_emitted && produced_by != kNone &&
             code_[produced_by] == slot(top)) {
    code_[produced_by] = local;
  } else {
    copy(local, slot(top));
  }
  result_word_ = kNone;
  if (tee) stack_.push_back(Operand{Operand::kLocal, local});
}

void FunctionCompiler::emitSimple(const Instr& ins, const OpInfo& info, IOp iop) {
  const uint32_t n = info.sig.num_params;
  const uint32_t h = height();
  const uint32_t base = h - n;
  if (info.access_size) {  // load: dst, addr, offset / store: addr, value, offset
    if (info.sig.has_result) {
      const uint32_t addr = read(h - 1);
      op(iop);
      word(slot(base));
      word(addr);
      word(static_cast<uint32_t>(ins.imm));
      stack_.pop_back();
      pushSlot();
      finishResult(pos() - 3);
    } else {
      const uint32_t addr = read(h - 2);
      const uint32_t value = read(h - 1);
      op(iop);
      word(addr);
      word(value);
      word(static_cast<uint32_t>(ins.imm));
      stack_.resize(base);
    }
    return;
  }
  if (!rewrites_) return emitPlain(iop, n, info.sig.has_result);
  if (n == 2 && stack_[h - 1].kind == Operand::kConst) {
    const uint64_t imm = stack_[h - 1].value;
    const ValType type = info.sig.params[1];
    if (isFusableCompare(ins.op) && fitsImmediate(imm, type)) {
      pending_ =
          PendingCompare{ins.op, read(h - 2), static_cast<uint32_t>(imm), true, slot(base), imm};
      stack_.resize(base);
      pushSlot();
      return;
    }
    const IOp imm_op = immVariant(ins.op);
    if (imm_op != IOp::kCount && fitsImmediate(imm, type)) {
      const uint32_t a = read(h - 2);
      op(imm_op);
      word(slot(base));
      word(a);
      word(static_cast<uint32_t>(isShift(ins.op) ? imm & (type == ValType::kI32 ? 31 : 63) : imm));
      stack_.resize(base);
      pushSlot();
      finishResult(pos() - 3);
      return;
    }
  }
  if (isFusableCompare(ins.op)) {
    const uint32_t a = read(base);
    const uint32_t b = n == 2 ? read(base + 1) : 0;
    pending_ = PendingCompare{ins.op, a, b, false, slot(base), 0};
    stack_.resize(base);
    pushSlot();
    return;
  }
  emitPlain(iop, n, info.sig.has_result);
}

// An op on the top `n` values, with no immediate and no fusion.
void FunctionCompiler::emitPlain(IOp iop, uint32_t n, bool has_result) {
  const uint32_t base = height() - n;
  uint32_t operands[3];
  for (uint32_t i = 0; i < n; ++i) operands[i] = read(base + i);
  op(iop);
  word(slot(base));
  for (uint32_t i = 0; i < n; ++i) word(operands[i]);
  stack_.resize(base);
  if (has_result) {
    pushSlot();
    finishResult(pos() - 1 - n);
  }
}

void FunctionCompiler::emitInstr(const Instr& ins, uint32_t h) {
  const OpInfo& info = opInfo(static_cast<uint32_t>(ins.op));
  const IOp simple = internalOp(ins.op);
  if (simple != IOp::kCount) return emitSimple(ins, info, simple);
  switch (ins.op) {
    case Opcode::kNop:
      return;
    case Opcode::kDrop:
      stack_.pop_back();
      return;
    case Opcode::kLocalGet:
      stack_.push_back(Operand{Operand::kLocal, ins.a});
      if (!rewrites_) materialize(h);
      return;
    case Opcode::kLocalSet:
    case Opcode::kLocalTee:
      return setLocal(ins.a, ins.op == Opcode::kLocalTee);
    case Opcode::kI32Const:
    case Opcode::kF32Const:
    case Opcode::kI64Const:
    case Opcode::kF64Const:
      stack_.push_back(Operand{Operand::kConst, ins.imm});
      if (!rewrites_) materialize(h);
      return;
    case Opcode::kRefNull:
      stack_.push_back(Operand{Operand::kConst, 0});
      if (!rewrites_) materialize(h);
      return;
    case Opcode::kGlobalGet:
      op(IOp::kGlobalGet);
      word(slot(h));
      word(ins.a);
      pushSlot();
      finishResult(pos() - 2);
      return;
    case Opcode::kGlobalSet: {
      const uint32_t v = read(h - 1);
      op(IOp::kGlobalSet);
      word(ins.a);
      word(v);
      stack_.pop_back();
      return;
    }
    case Opcode::kSelect:
    case Opcode::kSelectT: {
      const uint32_t a = read(h - 3), b = read(h - 2), c = read(h - 1);
      op(IOp::kSelect);
      word(slot(h - 3));
      word(a);
      word(b);
      word(c);
      stack_.resize(h - 3);
      pushSlot();
      finishResult(pos() - 4);
      return;
    }
    case Opcode::kUnreachable:
      op(IOp::kUnreachable);
      live_ = false;
      return;
    case Opcode::kBr:
      materializeAll();
      emitBranch(ins.a, h);
      live_ = false;
      return;
    case Opcode::kBrIf:
      return onBrIf(ins, h);
    case Opcode::kBrTable: {
      materializeAll();
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
      materializeAll();
      moveValues(0, h, static_cast<uint32_t>(type_.results.size()));
      op(IOp::kReturn);
      live_ = false;
      return;
    default:
      return emitSpecial(ins);
  }
}

// Calls, references, tables and bulk memory: operands are materialised in their slots.
void FunctionCompiler::emitSpecial(const Instr& ins) {
  materializeAll();
  const uint32_t h = height();
  auto operands = [&](uint32_t n) {
    for (uint32_t i = 0; i < n; ++i) word(slot(h - n + i));
  };
  uint32_t pops = 0;
  bool pushes = false;
  switch (ins.op) {
    case Opcode::kCall:
    case Opcode::kCallIndirect: {
      const FuncType& t = ins.op == Opcode::kCall ? m_.funcType(ins.a) : m_.types[ins.a];
      const uint32_t cond = ins.op == Opcode::kCallIndirect ? 1 : 0;
      const uint32_t np = static_cast<uint32_t>(t.params.size());
      const uint32_t nr = static_cast<uint32_t>(t.results.size());
      const uint32_t base = h - cond - np;
      if (base + nr + 1 > max_height_) max_height_ = base + nr + 1;
      op(ins.op == Opcode::kCall ? IOp::kCall : IOp::kCallIndirect);
      word(ins.a);
      if (cond) word(ins.b);
      word(slot(base));
      if (cond) word(slot(h - 1));
      stack_.resize(base);
      for (uint32_t i = 0; i < nr; ++i) pushSlot();
      return;
    }
    case Opcode::kRefIsNull:
      op(IOp::kRefIsNull);
      word(slot(h - 1));
      word(slot(h - 1));
      pops = 1, pushes = true;
      break;
    case Opcode::kRefFunc:
      op(IOp::kRefFunc);
      word(slot(h));
      word(ins.a);
      pushes = true;
      break;
    case Opcode::kTableGet:
      op(IOp::kTableGet);
      word(slot(h - 1));
      word(ins.a);
      word(slot(h - 1));
      pops = 1, pushes = true;
      break;
    case Opcode::kTableSet:
      op(IOp::kTableSet);
      word(ins.a);
      operands(2);
      pops = 2;
      break;
    case Opcode::kTableSize:
      op(IOp::kTableSize);
      word(slot(h));
      word(ins.a);
      pushes = true;
      break;
    case Opcode::kTableGrow:
      op(IOp::kTableGrow);
      word(slot(h - 2));
      word(ins.a);
      operands(2);
      pops = 2, pushes = true;
      break;
    case Opcode::kTableFill:
      op(IOp::kTableFill);
      word(ins.a);
      operands(3);
      pops = 3;
      break;
    case Opcode::kTableCopy:
      op(IOp::kTableCopy);
      word(ins.a);
      word(ins.b);
      operands(3);
      pops = 3;
      break;
    case Opcode::kTableInit:
      op(IOp::kTableInit);
      word(ins.b);  // table
      word(ins.a);  // element segment
      operands(3);
      pops = 3;
      break;
    case Opcode::kElemDrop:
    case Opcode::kDataDrop:
      op(ins.op == Opcode::kElemDrop ? IOp::kElemDrop : IOp::kDataDrop);
      word(ins.a);
      break;
    case Opcode::kMemorySize:
      op(IOp::kMemorySize);
      word(slot(h));
      pushes = true;
      break;
    case Opcode::kMemoryGrow:
      op(IOp::kMemoryGrow);
      word(slot(h - 1));
      word(slot(h - 1));
      pops = 1, pushes = true;
      break;
    case Opcode::kMemoryInit:
      op(IOp::kMemoryInit);
      word(ins.a);
      operands(3);
      pops = 3;
      break;
    case Opcode::kMemoryCopy:
    case Opcode::kMemoryFill:
      op(ins.op == Opcode::kMemoryCopy ? IOp::kMemoryCopy : IOp::kMemoryFill);
      operands(3);
      pops = 3;
      break;
    default:
      return;
  }
  stack_.resize(h - pops);
  if (pushes) pushSlot();
}

}  // namespace lichen::wasm::interp
