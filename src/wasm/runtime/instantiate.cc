#include "wasm/runtime/instantiate.h"

#include <cstring>
#include <new>

namespace lichen::wasm {
namespace {

uint64_t evalConst(const ModuleInstance& inst, const ConstExpr& e) {
  uint64_t v = 0;
  for (const ConstInstr& ci : e.instrs) {
    switch (ci.op) {
      case Opcode::kGlobalGet:
        v = inst.globals[ci.value]->value;
        break;
      case Opcode::kRefFunc:
        v = reinterpret_cast<uint64_t>(inst.funcs[ci.value]);
        break;
      case Opcode::kRefNull:
        v = 0;
        break;
      default:
        v = ci.value;
        break;
    }
  }
  return v;
}

Unexpected<Error> trapError(TrapKind kind) {
  return Unexpected(Error{Phase::kTrap, 0, trapKindMessage(kind)});
}

// A module that defines its memory and fills it only from constant offsets, all in bounds,
// always starts with the same memory: build that image once and map it into every instance.
const MemoryImage* memoryImage(const CompiledModule& compiled) {
  const Module& m = compiled.module;
  if (m.memories.size() != 1 || m.num_imported_memories != 0) return nullptr;
  std::call_once(compiled.image_once, [&compiled, &m] {
    const uint64_t size = m.memories[0].limits.min * kPageSize;
    std::vector<MemoryImage::Write> writes;
    for (const DataSegment& seg : m.datas) {
      if (seg.mode != SegmentMode::kActive) continue;
      if (seg.offset.instrs.size() != 1 || seg.offset.instrs[0].op != Opcode::kI32Const) return;
      const uint64_t offset = static_cast<uint32_t>(seg.offset.instrs[0].value);
      if (offset > size || seg.bytes.size() > size - offset) return;
      writes.push_back(MemoryImage::Write{offset, seg.bytes});
    }
    compiled.memory_image = MemoryImage::create(size, writes);
  });
  return compiled.memory_image.get();
}

}  // namespace

Result<void> checkImport(const Module& m, const Import& imp, const Extern& ext) {
  const std::string what = "import \"" + imp.module + "\" \"" + imp.name + "\"";
  if (ext.kind != imp.kind) {
    return linkError("incompatible import type: " + what + " is a " + externKindName(imp.kind) +
                     ", given a " + externKindName(ext.kind));
  }
  switch (imp.kind) {
    case ExternKind::kFunc: {
      const FuncType& want = m.types[imp.func_type];
      if (!(*ext.func->type == want)) {
        return linkError("incompatible import type: " + what + " expects " +
                         funcTypeToString(want) + ", given " + funcTypeToString(*ext.func->type));
      }
      return {};
    }
    case ExternKind::kTable: {
      TableType have = ext.table->type();
      if (have.elem != imp.table.elem || !limitsMatch(have.limits, imp.table.limits)) {
        return linkError("incompatible import type: " + what + " (table type)");
      }
      return {};
    }
    case ExternKind::kMemory: {
      if (!limitsMatch(ext.memory->type().limits, imp.memory.limits)) {
        return linkError("incompatible import type: " + what + " (memory limits)");
      }
      return {};
    }
    case ExternKind::kGlobal: {
      if (!(ext.global->type == imp.global)) {
        return linkError("incompatible import type: " + what + " (global type)");
      }
      return {};
    }
  }
  return {};
}

namespace {

Result<ModuleInstance*> instantiateUnguarded(Store& store,
                                             std::shared_ptr<const CompiledModule> compiled,
                                             std::span<const Extern> imports, StartFunction start) {
  const Module& m = compiled->module;
  if (imports.size() != m.imports.size()) {
    return linkError("expected " + std::to_string(m.imports.size()) + " imports, given " +
                     std::to_string(imports.size()));
  }
  for (size_t i = 0; i < imports.size(); ++i) LICHEN_TRY(checkImport(m, m.imports[i], imports[i]));

  auto owned = std::make_unique<ModuleInstance>();
  ModuleInstance* inst = owned.get();
  inst->compiled = compiled;
  store.addInstance(std::move(owned));

  for (const FuncType& t : m.types) inst->type_ids.push_back(internFuncType(t));
  for (const Extern& ext : imports) {
    switch (ext.kind) {
      case ExternKind::kFunc:
        inst->funcs.push_back(ext.func);
        break;
      case ExternKind::kTable:
        inst->tables.push_back(ext.table);
        break;
      case ExternKind::kMemory:
        inst->memories.push_back(ext.memory);
        break;
      case ExternKind::kGlobal:
        inst->globals.push_back(ext.global);
        break;
    }
  }
  inst->own_funcs.resize(m.funcs.size() - m.num_imported_funcs);
  for (uint32_t i = m.num_imported_funcs; i < m.funcs.size(); ++i) {
    FuncInstance& f = inst->own_funcs[i - m.num_imported_funcs];
    f.type = &m.funcType(i);
    f.type_id = inst->type_ids[m.funcs[i]];
    f.instance = inst;
    f.code = compiled->funcs[i - m.num_imported_funcs];
    f.index = i;
    inst->funcs.push_back(&f);
  }
  for (const TableType& t : m.tables) {
    LICHEN_ASSIGN_OR_RETURN(Table * table, store.addTable(t));
    inst->tables.push_back(table);
  }
  const MemoryImage* image = memoryImage(*compiled);
  for (const MemoryType& t : m.memories) {
    LICHEN_ASSIGN_OR_RETURN(Memory * mem,
                            image ? store.addMemoryFromImage(t, *image) : store.addMemory(t));
    inst->memories.push_back(mem);
  }
  for (const Global& g : m.globals) {
    inst->globals.push_back(store.addGlobal(g.type, evalConst(*inst, g.init)));
  }
  inst->exports.reserve(m.exports.size());
  for (const Export& e : m.exports) {
    Extern ext;
    ext.kind = e.kind;
    switch (e.kind) {
      case ExternKind::kFunc:
        ext.func = inst->funcs[e.index];
        break;
      case ExternKind::kTable:
        ext.table = inst->tables[e.index];
        break;
      case ExternKind::kMemory:
        ext.memory = inst->memories[e.index];
        break;
      case ExternKind::kGlobal:
        ext.global = inst->globals[e.index];
        break;
    }
    inst->exports.push_back(ext);
  }

  inst->elems.resize(m.elems.size());
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegment& seg = m.elems[i];
    if (seg.mode == SegmentMode::kDeclarative) continue;
    auto& refs = inst->elems[i];
    refs.reserve(seg.inits.size());
    for (const ConstExpr& e : seg.inits) refs.push_back(evalConst(*inst, e));
  }
  inst->datas.resize(m.datas.size());
  for (size_t i = 0; i < m.datas.size(); ++i) inst->datas[i] = m.datas[i].bytes;

  // Active segments, in order: each behaves as table.init / memory.init followed by a drop.
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const ElemSegment& seg = m.elems[i];
    if (seg.mode != SegmentMode::kActive) continue;
    const uint64_t offset = static_cast<uint32_t>(evalConst(*inst, seg.offset));
    Table* table = inst->tables[seg.table];
    auto& refs = inst->elems[i];
    if (offset > table->size() || refs.size() > table->size() - offset) {
      return trapError(TrapKind::kTableOutOfBounds);
    }
    for (size_t k = 0; k < refs.size(); ++k) table->set(offset + k, refs[k]);
    refs.clear();
  }
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const DataSegment& seg = m.datas[i];
    if (seg.mode != SegmentMode::kActive) continue;
    const uint64_t offset = static_cast<uint32_t>(evalConst(*inst, seg.offset));
    inst->datas[i] = {};
    if (image) continue;  // already in the image
    Memory* mem = inst->memories[seg.memory];
    if (!mem->inBounds(offset, seg.bytes.size())) return trapError(TrapKind::kMemoryOutOfBounds);
    if (!seg.bytes.empty()) std::memcpy(mem->data() + offset, seg.bytes.data(), seg.bytes.size());
  }

  if (start == StartFunction::kRun) {
    auto r = runStart(store, *inst);
    if (!r) return Unexpected(Error{Phase::kTrap, 0, r.error().toString()});
  }
  return inst;
}

}  // namespace

Result<ModuleInstance*> instantiate(Store& store, std::shared_ptr<const CompiledModule> compiled,
                                    std::span<const Extern> imports, StartFunction start) {
  try {
    return instantiateUnguarded(store, std::move(compiled), imports, start);
  } catch (const std::bad_alloc&) {
    return Unexpected(Error{Phase::kInstantiate, 0, "out of host memory while instantiating"});
  }
}

Expected<void, Trap> runStart(Store& store, ModuleInstance& inst) {
  const Module& m = inst.compiled->module;
  if (!m.start) return {};
  uint64_t io[1] = {0};
  return store.executor().call(store, inst.funcs[*m.start], io);
}

}  // namespace lichen::wasm
