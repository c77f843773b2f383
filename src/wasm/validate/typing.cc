// The typing rules: how each instruction changes the operand and control stacks.
#include <algorithm>

#include "wasm/validate/body_decoder.h"

namespace lichen::wasm {
namespace {

constexpr ValType kI32 = ValType::kI32;

}  // namespace

// Checks the top of the stack against `types` without consuming it (br_table targets).
Result<void> BodyDecoderBase::peekValues(std::span<const ValType> types) {
  const Frame& f = ctrls_.back();
  const size_t available = vals_.size() - f.height;
  for (size_t k = 0; k < types.size(); ++k) {
    const ValType want = types[types.size() - 1 - k];
    if (k >= available) {
      if (f.unreachable) continue;
      return fail("type mismatch: operand stack underflow");
    }
    const uint8_t actual = vals_[vals_.size() - 1 - k];
    if (actual != kUnknown && actual != static_cast<uint8_t>(want)) return fail("type mismatch");
  }
  return {};
}

Result<void> BodyDecoderBase::validateInstr(Instr& ins) {
  const OpInfo& info = opInfo(static_cast<uint32_t>(ins.op));

  auto needMemory = [&]() -> Result<void> {
    if (m_.all_memories.empty()) return fail("unknown memory 0");
    return {};
  };
  auto needTable = [&](uint32_t t) -> Result<const TableType*> {
    if (t >= m_.all_tables.size()) return fail("unknown table");
    return &m_.all_tables[t];
  };
  auto needDataCount = [&](uint32_t d) -> Result<void> {
    // Bodies are checked after the whole module is decoded, so without a data count section
    // the data section gives the count: an index no segment has is invalid (the testsuite's
    // "unknown data segment"); one that exists still needs the section to be well-formed.
    const size_t count = m_.data_count ? *m_.data_count : m_.datas.size();
    if (d >= count) return fail("unknown data segment");
    if (!m_.data_count) return decodeError(instr_offset_, "data count section required");
    return {};
  };

  if (info.access_size) {  // loads and stores
    LICHEN_TRY(needMemory());
    if (ins.a >= 32 || (uint64_t{1} << ins.a) > info.access_size) {
      return fail("alignment must not be larger than natural");
    }
  }
  if (!info.sig.special) {
    if (ins.op == Opcode::kMemorySize || ins.op == Opcode::kMemoryGrow ||
        ins.op == Opcode::kMemoryFill || ins.op == Opcode::kMemoryCopy) {
      LICHEN_TRY(needMemory());
    } else if (ins.op == Opcode::kMemoryInit) {
      LICHEN_TRY(needMemory());
      LICHEN_TRY(needDataCount(ins.a));
    } else if (ins.op == Opcode::kDataDrop) {
      LICHEN_TRY(needDataCount(ins.a));
    } else if (ins.op == Opcode::kElemDrop) {
      if (ins.a >= m_.elems.size()) return fail("unknown elem segment");
    } else if (ins.op == Opcode::kTableSize) {
      LICHEN_TRY(needTable(ins.a));
    }
    for (int i = info.sig.num_params; i-- > 0;) LICHEN_TRY(popExpect(info.sig.params[i]));
    if (info.sig.has_result) push(info.sig.result);
    return {};
  }

  switch (ins.op) {
    case Opcode::kUnreachable:
      setUnreachable();
      return {};
    case Opcode::kNop:
      return {};
    case Opcode::kBlock:
    case Opcode::kLoop:
    case Opcode::kIf: {
      if (ins.op == Opcode::kIf) LICHEN_TRY(popExpect(kI32));
      LICHEN_TRY(popValues(ins.block.params));
      ctrls_.push_back(Frame{ins.op, ins.block, static_cast<uint32_t>(vals_.size()), false});
      pushValues(ins.block.params);
      return {};
    }
    case Opcode::kElse: {
      Frame& f = ctrls_.back();
      if (f.kind != Opcode::kIf) return fail("else without matching if");
      LICHEN_TRY(popValues(f.sig.results));
      if (vals_.size() != f.height) return fail("type mismatch: values remain at else");
      f.kind = Opcode::kElse;
      f.unreachable = false;
      pushValues(f.sig.params);
      return {};
    }
    case Opcode::kEnd: {
      Frame f = ctrls_.back();
      LICHEN_TRY(popValues(f.sig.results));
      if (vals_.size() != f.height) return fail("type mismatch: values remain at end");
      // An `if` without `else` must leave its params as its results.
      if (f.kind == Opcode::kIf && !std::equal(f.sig.params.begin(), f.sig.params.end(),
                                               f.sig.results.begin(), f.sig.results.end())) {
        return fail("type mismatch: if without else must have matching param and result types");
      }
      ctrls_.pop_back();
      if (ctrls_.empty()) {
        done_ = true;
        return {};
      }
      pushValues(f.sig.results);
      return {};
    }
    case Opcode::kBr: {
      LICHEN_ASSIGN_OR_RETURN(const Frame* target, label(ins.a));
      LICHEN_TRY(popValues(labelTypes(*target)));
      setUnreachable();
      return {};
    }
    case Opcode::kBrIf: {
      LICHEN_TRY(popExpect(kI32));
      LICHEN_ASSIGN_OR_RETURN(const Frame* target, label(ins.a));
      auto types = labelTypes(*target);
      LICHEN_TRY(popValues(types));
      pushValues(types);
      return {};
    }
    case Opcode::kBrTable: {
      LICHEN_TRY(popExpect(kI32));
      LICHEN_ASSIGN_OR_RETURN(const Frame* dflt, label(ins.labels->back()));
      const size_t arity = labelTypes(*dflt).size();
      for (uint32_t depth : *ins.labels) {
        LICHEN_ASSIGN_OR_RETURN(const Frame* target, label(depth));
        auto types = labelTypes(*target);
        if (types.size() != arity) return fail("type mismatch: br_table targets differ in arity");
        LICHEN_TRY(peekValues(types));
      }
      LICHEN_TRY(popValues(labelTypes(*dflt)));
      setUnreachable();
      return {};
    }
    case Opcode::kReturn:
      LICHEN_TRY(popValues(func_type_.results));
      setUnreachable();
      return {};
    case Opcode::kCall: {
      if (ins.a >= m_.funcs.size()) return fail("unknown function");
      const FuncType& t = m_.funcType(ins.a);
      LICHEN_TRY(popValues(t.params));
      pushValues(t.results);
      return {};
    }
    case Opcode::kCallIndirect: {
      LICHEN_ASSIGN_OR_RETURN(const TableType* table, needTable(ins.b));
      if (table->elem != ValType::kFuncRef)
        return fail("type mismatch: call_indirect on non-funcref table");
      if (ins.a >= m_.types.size()) return fail("unknown type");
      LICHEN_TRY(popExpect(kI32));
      const FuncType& t = m_.types[ins.a];
      LICHEN_TRY(popValues(t.params));
      pushValues(t.results);
      return {};
    }
    case Opcode::kDrop: {
      LICHEN_TRY(pop());
      return {};
    }
    case Opcode::kSelect: {
      LICHEN_TRY(popExpect(kI32));
      LICHEN_ASSIGN_OR_RETURN(uint8_t t1, pop());
      LICHEN_ASSIGN_OR_RETURN(uint8_t t2, pop());
      auto isNum = [](uint8_t t) { return t == kUnknown || isNumType(static_cast<ValType>(t)); };
      if (!isNum(t1) || !isNum(t2)) return fail("type mismatch: select needs numeric operands");
      if (t1 != t2 && t1 != kUnknown && t2 != kUnknown) return fail("type mismatch");
      pushRaw(t1 == kUnknown ? t2 : t1);
      return {};
    }
    case Opcode::kSelectT: {
      LICHEN_TRY(popExpect(kI32));
      LICHEN_TRY(popExpect(ins.type));
      LICHEN_TRY(popExpect(ins.type));
      push(ins.type);
      return {};
    }
    case Opcode::kLocalGet:
    case Opcode::kLocalSet:
    case Opcode::kLocalTee: {
      if (ins.a >= locals_.size()) return fail("unknown local");
      const ValType t = locals_[ins.a];
      if (ins.op != Opcode::kLocalGet) LICHEN_TRY(popExpect(t));
      if (ins.op != Opcode::kLocalSet) push(t);
      return {};
    }
    case Opcode::kGlobalGet:
    case Opcode::kGlobalSet: {
      if (ins.a >= m_.global_types.size()) return fail("unknown global");
      const GlobalType& g = m_.global_types[ins.a];
      if (ins.op == Opcode::kGlobalGet) {
        push(g.type);
      } else {
        if (!g.mut) return fail("global is immutable");
        LICHEN_TRY(popExpect(g.type));
      }
      return {};
    }
    case Opcode::kTableGet: {
      LICHEN_ASSIGN_OR_RETURN(const TableType* t, needTable(ins.a));
      LICHEN_TRY(popExpect(kI32));
      push(t->elem);
      return {};
    }
    case Opcode::kTableSet: {
      LICHEN_ASSIGN_OR_RETURN(const TableType* t, needTable(ins.a));
      LICHEN_TRY(popExpect(t->elem));
      LICHEN_TRY(popExpect(kI32));
      return {};
    }
    case Opcode::kTableGrow: {
      LICHEN_ASSIGN_OR_RETURN(const TableType* t, needTable(ins.a));
      LICHEN_TRY(popExpect(kI32));
      LICHEN_TRY(popExpect(t->elem));
      push(kI32);
      return {};
    }
    case Opcode::kTableFill: {
      LICHEN_ASSIGN_OR_RETURN(const TableType* t, needTable(ins.a));
      LICHEN_TRY(popExpect(kI32));
      LICHEN_TRY(popExpect(t->elem));
      LICHEN_TRY(popExpect(kI32));
      return {};
    }
    case Opcode::kTableInit: {
      LICHEN_ASSIGN_OR_RETURN(const TableType* t, needTable(ins.b));
      if (ins.a >= m_.elems.size()) return fail("unknown elem segment");
      if (m_.elems[ins.a].type != t->elem) return fail("type mismatch: table.init element type");
      for (int i = 0; i < 3; ++i) LICHEN_TRY(popExpect(kI32));
      return {};
    }
    case Opcode::kTableCopy: {
      LICHEN_ASSIGN_OR_RETURN(const TableType* dst, needTable(ins.a));
      LICHEN_ASSIGN_OR_RETURN(const TableType* src, needTable(ins.b));
      if (dst->elem != src->elem) return fail("type mismatch: table.copy element types");
      for (int i = 0; i < 3; ++i) LICHEN_TRY(popExpect(kI32));
      return {};
    }
    case Opcode::kRefNull:
      push(ins.type);
      return {};
    case Opcode::kRefIsNull: {
      LICHEN_ASSIGN_OR_RETURN(uint8_t t, pop());
      if (t != kUnknown && !isRefType(static_cast<ValType>(t))) return fail("type mismatch");
      push(kI32);
      return {};
    }
    case Opcode::kRefFunc: {
      if (ins.a >= m_.funcs.size()) return fail("unknown function");
      if (!ctx_.declared_funcs[ins.a]) return fail("undeclared function reference");
      push(ValType::kFuncRef);
      return {};
    }
    default:
      return fail("unhandled opcode");
  }
}

}  // namespace lichen::wasm
