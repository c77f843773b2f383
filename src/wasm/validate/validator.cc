#include "wasm/validate/validator.h"

#include <set>
#include <string_view>

namespace lichen::wasm {
namespace {

struct NullConsumer {
  void onInstr(const Instr&, uint32_t) {}
};

constexpr const char* kTableTooLarge = "table size must be at most 2^32-1";
constexpr const char* kMemoryTooLarge = "memory size must be at most 65536 pages (4GiB)";

Result<void> validateLimits(const Limits& l, uint64_t max_allowed, const char* too_large) {
  if (l.min > max_allowed || (l.max && *l.max > max_allowed)) return validateError(0, too_large);
  if (l.max && l.min > *l.max) {
    return validateError(0, "size minimum must not be greater than maximum");
  }
  return {};
}

// Wasm 2.0 constant expressions: one instruction producing `want`; global.get may only name an
// imported, immutable global.
Result<void> validateConstExpr(const Module& m, const ConstExpr& e, ValType want) {
  std::vector<ValType> stack;
  for (const ConstInstr& ci : e.instrs) {
    switch (ci.op) {
      case Opcode::kI32Const:
        stack.push_back(ValType::kI32);
        break;
      case Opcode::kI64Const:
        stack.push_back(ValType::kI64);
        break;
      case Opcode::kF32Const:
        stack.push_back(ValType::kF32);
        break;
      case Opcode::kF64Const:
        stack.push_back(ValType::kF64);
        break;
      case Opcode::kRefNull:
        stack.push_back(static_cast<ValType>(ci.value));
        break;
      case Opcode::kRefFunc:
        if (ci.value >= m.funcs.size()) return validateError(e.offset, "unknown function");
        stack.push_back(ValType::kFuncRef);
        break;
      case Opcode::kGlobalGet: {
        if (ci.value >= m.num_imported_globals) return validateError(e.offset, "unknown global");
        const GlobalType& g = m.global_types[ci.value];
        if (g.mut) return validateError(e.offset, "constant expression required");
        stack.push_back(g.type);
        break;
      }
      default:
        return validateError(e.offset, "constant expression required");
    }
  }
  if (stack.size() != 1 || stack[0] != want) return validateError(e.offset, "type mismatch");
  return {};
}

void declareRefs(const ConstExpr& e, std::vector<bool>& declared) {
  for (const ConstInstr& ci : e.instrs) {
    if (ci.op == Opcode::kRefFunc && ci.value < declared.size()) declared[ci.value] = true;
  }
}

}  // namespace

Result<void> validateModuleFields(const Module& m, ValidationContext& ctx) {
  ctx.module = &m;
  ctx.declared_funcs.assign(m.funcs.size(), false);

  for (const Import& imp : m.imports) {
    if (imp.kind == ExternKind::kFunc && imp.func_type >= m.types.size()) {
      return validateError(0, "unknown type");
    }
    if (imp.kind == ExternKind::kTable)
      LICHEN_TRY(validateLimits(imp.table.limits, 0xFFFFFFFFull, kTableTooLarge));
    if (imp.kind == ExternKind::kMemory)
      LICHEN_TRY(validateLimits(imp.memory.limits, kMaxPages, kMemoryTooLarge));
  }
  for (size_t i = m.num_imported_funcs; i < m.funcs.size(); ++i) {
    if (m.funcs[i] >= m.types.size()) return validateError(0, "unknown type");
  }
  for (const TableType& t : m.tables)
    LICHEN_TRY(validateLimits(t.limits, 0xFFFFFFFFull, kTableTooLarge));
  if (m.all_memories.size() > 1) return validateError(0, "multiple memories");
  for (const MemoryType& t : m.memories)
    LICHEN_TRY(validateLimits(t.limits, kMaxPages, kMemoryTooLarge));

  for (const Global& g : m.globals) {
    LICHEN_TRY(validateConstExpr(m, g.init, g.type.type));
    declareRefs(g.init, ctx.declared_funcs);
  }
  for (const ElemSegment& seg : m.elems) {
    for (const ConstExpr& e : seg.inits) {
      LICHEN_TRY(validateConstExpr(m, e, seg.type));
      declareRefs(e, ctx.declared_funcs);
    }
    if (seg.mode == SegmentMode::kActive) {
      if (seg.table >= m.all_tables.size())
        return validateError(seg.offset.offset, "unknown table");
      if (m.all_tables[seg.table].elem != seg.type) {
        return validateError(seg.offset.offset, "type mismatch: element segment and table");
      }
      LICHEN_TRY(validateConstExpr(m, seg.offset, ValType::kI32));
    }
  }
  for (const DataSegment& seg : m.datas) {
    if (seg.mode != SegmentMode::kActive) continue;
    if (seg.memory >= m.all_memories.size())
      return validateError(seg.offset.offset, "unknown memory");
    LICHEN_TRY(validateConstExpr(m, seg.offset, ValType::kI32));
  }

  std::set<std::string_view> names;
  for (const Export& e : m.exports) {
    if (!names.insert(e.name).second) return validateError(0, "duplicate export name");
    size_t limit = 0;
    switch (e.kind) {
      case ExternKind::kFunc:
        limit = m.funcs.size();
        if (e.index < limit) ctx.declared_funcs[e.index] = true;
        break;
      case ExternKind::kTable:
        limit = m.all_tables.size();
        break;
      case ExternKind::kMemory:
        limit = m.all_memories.size();
        break;
      case ExternKind::kGlobal:
        limit = m.global_types.size();
        break;
    }
    if (e.index >= limit) {
      return validateError(0, std::string("unknown ") + externKindName(e.kind));
    }
  }
  if (m.start) {
    if (*m.start >= m.funcs.size()) return validateError(0, "unknown function");
    const FuncType& t = m.funcType(*m.start);
    if (!t.params.empty() || !t.results.empty())
      return validateError(0, "start function must be [] -> []");
  }
  return {};
}

Result<void> validateModule(const Module& m) {
  ValidationContext ctx;
  LICHEN_TRY(validateModuleFields(m, ctx));
  NullConsumer consumer;
  for (uint32_t i = m.num_imported_funcs; i < m.funcs.size(); ++i) {
    BodyDecoder<NullConsumer> decoder(ctx, i, consumer);
    LICHEN_TRY(decoder.run());
  }
  return {};
}

}  // namespace lichen::wasm
