// Type, import, function, table, memory, global, export, start and custom sections.
#include "wasm/binary/sections.h"

#include "wasm/binary/decoder.h"

namespace lichen::wasm {

Result<ValType> decodeValType(Reader& r) {
  const uint64_t at = r.offset();
  LICHEN_ASSIGN_OR_RETURN(uint8_t b, r.u8());
  switch (b) {
    case 0x7F:
    case 0x7E:
    case 0x7D:
    case 0x7C:
    case 0x70:
    case 0x6F:
      return static_cast<ValType>(b);
    default:
      return decodeError(at, "malformed value type");
  }
}

namespace sections {
namespace {

Result<ValType> decodeRefType(Reader& r) {
  const uint64_t at = r.offset();
  LICHEN_ASSIGN_OR_RETURN(uint8_t b, r.u8());
  if (b != 0x70 && b != 0x6F) return decodeError(at, "malformed reference type");
  return static_cast<ValType>(b);
}

Result<Limits> decodeLimits(Reader& r) {
  const uint64_t at = r.offset();
  LICHEN_ASSIGN_OR_RETURN(uint8_t flags, r.u8());
  if (flags > 1) return decodeError(at, "integer too large (malformed limits flags)");
  Limits l;
  LICHEN_ASSIGN_OR_RETURN(l.min, r.u32());
  if (flags & 1) {
    LICHEN_ASSIGN_OR_RETURN(uint32_t max, r.u32());
    l.max = max;
  }
  return l;
}

Result<TableType> decodeTableType(Reader& r) {
  TableType t;
  LICHEN_ASSIGN_OR_RETURN(t.elem, decodeRefType(r));
  LICHEN_ASSIGN_OR_RETURN(t.limits, decodeLimits(r));
  return t;
}

Result<GlobalType> decodeGlobalType(Reader& r) {
  GlobalType g;
  LICHEN_ASSIGN_OR_RETURN(g.type, decodeValType(r));
  const uint64_t at = r.offset();
  LICHEN_ASSIGN_OR_RETURN(uint8_t mut, r.u8());
  if (mut > 1) return decodeError(at, "malformed mutability");
  g.mut = mut == 1;
  return g;
}

}  // namespace

Result<void> decodeTypes(Reader& r, Module& m) {
  LICHEN_ASSIGN_OR_RETURN(uint32_t n, r.count(3));
  m.types.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    const uint64_t at = r.offset();
    LICHEN_ASSIGN_OR_RETURN(uint8_t form, r.u8());
    if (form != 0x60) return decodeError(at, "malformed function type");
    FuncType t;
    LICHEN_ASSIGN_OR_RETURN(uint32_t np, r.count(1));
    for (uint32_t k = 0; k < np; ++k) {
      LICHEN_ASSIGN_OR_RETURN(ValType v, decodeValType(r));
      t.params.push_back(v);
    }
    LICHEN_ASSIGN_OR_RETURN(uint32_t nr, r.count(1));
    for (uint32_t k = 0; k < nr; ++k) {
      LICHEN_ASSIGN_OR_RETURN(ValType v, decodeValType(r));
      t.results.push_back(v);
    }
    m.types.push_back(std::move(t));
  }
  return {};
}

Result<void> decodeImports(Reader& r, Module& m) {
  LICHEN_ASSIGN_OR_RETURN(uint32_t n, r.count(4));
  for (uint32_t i = 0; i < n; ++i) {
    Import imp;
    LICHEN_ASSIGN_OR_RETURN(imp.module, r.name());
    LICHEN_ASSIGN_OR_RETURN(imp.name, r.name());
    const uint64_t at = r.offset();
    LICHEN_ASSIGN_OR_RETURN(uint8_t kind, r.u8());
    switch (kind) {
      case 0: {
        imp.kind = ExternKind::kFunc;
        LICHEN_ASSIGN_OR_RETURN(imp.func_type, r.u32());
        m.funcs.push_back(imp.func_type);
        ++m.num_imported_funcs;
        break;
      }
      case 1: {
        imp.kind = ExternKind::kTable;
        LICHEN_ASSIGN_OR_RETURN(imp.table, decodeTableType(r));
        m.all_tables.push_back(imp.table);
        ++m.num_imported_tables;
        break;
      }
      case 2: {
        imp.kind = ExternKind::kMemory;
        LICHEN_ASSIGN_OR_RETURN(imp.memory.limits, decodeLimits(r));
        m.all_memories.push_back(imp.memory);
        ++m.num_imported_memories;
        break;
      }
      case 3: {
        imp.kind = ExternKind::kGlobal;
        LICHEN_ASSIGN_OR_RETURN(imp.global, decodeGlobalType(r));
        m.global_types.push_back(imp.global);
        ++m.num_imported_globals;
        break;
      }
      default:
        return decodeError(at, "malformed import kind");
    }
    m.imports.push_back(std::move(imp));
  }
  return {};
}

Result<void> decodeFunctions(Reader& r, Module& m, uint32_t& declared_count) {
  LICHEN_ASSIGN_OR_RETURN(uint32_t n, r.count(1));
  declared_count = n;
  for (uint32_t i = 0; i < n; ++i) {
    LICHEN_ASSIGN_OR_RETURN(uint32_t t, r.u32());
    m.funcs.push_back(t);
  }
  return {};
}

Result<void> decodeTables(Reader& r, Module& m) {
  LICHEN_ASSIGN_OR_RETURN(uint32_t n, r.count(3));
  for (uint32_t i = 0; i < n; ++i) {
    LICHEN_ASSIGN_OR_RETURN(TableType t, decodeTableType(r));
    m.tables.push_back(t);
    m.all_tables.push_back(t);
  }
  return {};
}

Result<void> decodeMemories(Reader& r, Module& m) {
  LICHEN_ASSIGN_OR_RETURN(uint32_t n, r.count(2));
  for (uint32_t i = 0; i < n; ++i) {
    MemoryType t;
    LICHEN_ASSIGN_OR_RETURN(t.limits, decodeLimits(r));
    m.memories.push_back(t);
    m.all_memories.push_back(t);
  }
  return {};
}

Result<void> decodeGlobals(Reader& r, Module& m) {
  LICHEN_ASSIGN_OR_RETURN(uint32_t n, r.count(3));
  for (uint32_t i = 0; i < n; ++i) {
    Global g;
    LICHEN_ASSIGN_OR_RETURN(g.type, decodeGlobalType(r));
    LICHEN_ASSIGN_OR_RETURN(g.init, decodeConstExpr(r));
    m.global_types.push_back(g.type);
    m.globals.push_back(std::move(g));
  }
  return {};
}

Result<void> decodeExports(Reader& r, Module& m) {
  LICHEN_ASSIGN_OR_RETURN(uint32_t n, r.count(3));
  for (uint32_t i = 0; i < n; ++i) {
    Export e;
    LICHEN_ASSIGN_OR_RETURN(e.name, r.name());
    const uint64_t at = r.offset();
    LICHEN_ASSIGN_OR_RETURN(uint8_t kind, r.u8());
    if (kind > 3) return decodeError(at, "malformed export kind");
    e.kind = static_cast<ExternKind>(kind);
    LICHEN_ASSIGN_OR_RETURN(e.index, r.u32());
    m.exports.push_back(std::move(e));
  }
  return {};
}

Result<void> decodeStart(Reader& r, Module& m) {
  LICHEN_ASSIGN_OR_RETURN(uint32_t f, r.u32());
  m.start = f;
  return {};
}

namespace {

// The `name` section is advisory: a malformed one is ignored rather than failing the module.
void decodeNameSection(Reader r, Module& m) {
  while (!r.atEnd()) {
    auto id = r.u8();
    auto size = r.u32();
    if (!id || !size || *size > r.remaining()) return;
    Reader sub(r.data(), r.pos(), r.pos() + *size);
    if (*id == 0) {
      if (auto n = sub.name()) m.module_name = *n;
    } else if (*id == 1) {
      auto count = sub.u32();
      if (!count) return;
      for (uint32_t i = 0; i < *count; ++i) {
        auto idx = sub.u32();
        if (!idx) return;
        auto name = sub.name();
        if (!name) return;
        m.func_names[*idx] = std::move(*name);
      }
    }
    if (!r.bytes(*size)) return;
  }
}

}  // namespace

Result<void> decodeCustom(Reader& r, Module& m) {
  LICHEN_ASSIGN_OR_RETURN(std::string name, r.name());
  const size_t rest = r.remaining();
  if (name == "name") decodeNameSection(Reader(r.data(), r.pos(), r.end()), m);
  LICHEN_TRY(r.bytes(rest));
  return {};
}

}  // namespace sections
}  // namespace lichen::wasm
