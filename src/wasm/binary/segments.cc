// Element, data count, code and data sections, and constant expressions.
#include "wasm/binary/decoder.h"
#include "wasm/binary/sections.h"

namespace lichen::wasm {

// Locals beyond this total are refused at decode time, as other engines do, so a hostile module
// cannot make every call zero gigabytes of frame.
constexpr uint64_t kMaxLocals = 50000;

Result<ConstExpr> decodeConstExpr(Reader& r) {
  ConstExpr e;
  e.offset = r.offset();
  while (true) {
    const uint64_t at = r.offset();
    LICHEN_ASSIGN_OR_RETURN(uint8_t op, r.u8());
    ConstInstr ci;
    ci.op = static_cast<Opcode>(op);
    switch (op) {
      case 0x0B:
        return e;
      case 0x41: {
        LICHEN_ASSIGN_OR_RETURN(int32_t v, r.s32());
        ci.value = static_cast<uint32_t>(v);
        break;
      }
      case 0x42: {
        LICHEN_ASSIGN_OR_RETURN(int64_t v, r.s64());
        ci.value = static_cast<uint64_t>(v);
        break;
      }
      case 0x43: {
        LICHEN_ASSIGN_OR_RETURN(ci.value, r.f32Bits());
        break;
      }
      case 0x44: {
        LICHEN_ASSIGN_OR_RETURN(ci.value, r.f64Bits());
        break;
      }
      case 0xD0: {
        const uint64_t t_at = r.offset();
        LICHEN_ASSIGN_OR_RETURN(uint8_t t, r.u8());
        if (t != 0x70 && t != 0x6F) return decodeError(t_at, "malformed reference type");
        ci.value = t;
        break;
      }
      case 0xD2:
      case 0x23: {
        LICHEN_ASSIGN_OR_RETURN(uint32_t idx, r.u32());
        ci.value = idx;
        break;
      }
      default: {
        const OpInfo& info = opInfo(op);
        if (info.imm == ImmKind::kInvalid && op != 0xFC && op != 0xFD) {
          return decodeError(at, "illegal opcode");
        }
        return validateError(at, "constant expression required");
      }
    }
    e.instrs.push_back(ci);
  }
}

namespace sections {
namespace {

Result<std::vector<ConstExpr>> decodeFuncIndices(Reader& r) {
  LICHEN_ASSIGN_OR_RETURN(uint32_t n, r.count(1));
  std::vector<ConstExpr> inits;
  inits.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    ConstExpr e;
    e.offset = r.offset();
    LICHEN_ASSIGN_OR_RETURN(uint32_t f, r.u32());
    e.instrs.push_back(ConstInstr{Opcode::kRefFunc, f});
    inits.push_back(std::move(e));
  }
  return inits;
}

Result<std::vector<ConstExpr>> decodeInitExprs(Reader& r) {
  LICHEN_ASSIGN_OR_RETURN(uint32_t n, r.count(2));
  std::vector<ConstExpr> inits;
  inits.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    LICHEN_ASSIGN_OR_RETURN(ConstExpr e, decodeConstExpr(r));
    inits.push_back(std::move(e));
  }
  return inits;
}

}  // namespace

Result<void> decodeElements(Reader& r, Module& m) {
  LICHEN_ASSIGN_OR_RETURN(uint32_t n, r.count(2));
  for (uint32_t i = 0; i < n; ++i) {
    const uint64_t at = r.offset();
    LICHEN_ASSIGN_OR_RETURN(uint32_t flags, r.u32());
    if (flags > 7) return decodeError(at, "malformed elements segment kind");
    ElemSegment seg;
    const bool passive_or_declarative = flags & 1;
    const bool explicit_table = flags & 2;
    const bool uses_exprs = flags & 4;
    if (!passive_or_declarative) {
      seg.mode = SegmentMode::kActive;
      if (explicit_table) {
        LICHEN_ASSIGN_OR_RETURN(seg.table, r.u32());
      }
      LICHEN_ASSIGN_OR_RETURN(seg.offset, decodeConstExpr(r));
    } else {
      seg.mode = explicit_table ? SegmentMode::kDeclarative : SegmentMode::kPassive;
    }
    // Flags 0 and 4 imply funcref; the others name an element kind or a reference type.
    if (flags != 0 && flags != 4) {
      const uint64_t kind_at = r.offset();
      LICHEN_ASSIGN_OR_RETURN(uint8_t kind, r.u8());
      if (uses_exprs) {
        if (kind != 0x70 && kind != 0x6F) return decodeError(kind_at, "malformed reference type");
        seg.type = static_cast<ValType>(kind);
      } else {
        if (kind != 0x00) return decodeError(kind_at, "malformed element kind");
        seg.type = ValType::kFuncRef;
      }
    }
    if (uses_exprs) {
      LICHEN_ASSIGN_OR_RETURN(seg.inits, decodeInitExprs(r));
    } else {
      LICHEN_ASSIGN_OR_RETURN(seg.inits, decodeFuncIndices(r));
    }
    m.elems.push_back(std::move(seg));
  }
  return {};
}

Result<void> decodeDataCount(Reader& r, Module& m) {
  LICHEN_ASSIGN_OR_RETURN(uint32_t n, r.u32());
  m.data_count = n;
  return {};
}

Result<void> decodeCode(Reader& r, Module& m) {
  LICHEN_ASSIGN_OR_RETURN(uint32_t n, r.count(2));
  m.bodies.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    LICHEN_ASSIGN_OR_RETURN(uint32_t size, r.u32());
    if (size > r.remaining())
      return decodeError(r.offset(), "unexpected end of section or function");
    Reader body(r.data(), r.pos(), r.pos() + size);
    FunctionBody fb;
    LICHEN_ASSIGN_OR_RETURN(uint32_t runs, body.count(2));
    uint64_t total = 0;
    std::vector<LocalRun> local_runs;
    for (uint32_t k = 0; k < runs; ++k) {
      LocalRun run;
      LICHEN_ASSIGN_OR_RETURN(run.count, body.u32());
      LICHEN_ASSIGN_OR_RETURN(run.type, decodeValType(body));
      total += run.count;
      if (total > kMaxLocals) return decodeError(body.offset(), "too many locals");
      local_runs.push_back(run);
    }
    fb.locals.reserve(total);
    for (const LocalRun& run : local_runs) fb.locals.insert(fb.locals.end(), run.count, run.type);
    fb.code_begin = body.pos();
    fb.code_end = body.end();
    m.bodies.push_back(std::move(fb));
    LICHEN_TRY(r.bytes(size));
  }
  return {};
}

Result<void> decodeData(Reader& r, Module& m) {
  LICHEN_ASSIGN_OR_RETURN(uint32_t n, r.count(1));
  for (uint32_t i = 0; i < n; ++i) {
    const uint64_t at = r.offset();
    LICHEN_ASSIGN_OR_RETURN(uint32_t flags, r.u32());
    DataSegment seg;
    switch (flags) {
      case 0: {
        seg.mode = SegmentMode::kActive;
        LICHEN_ASSIGN_OR_RETURN(seg.offset, decodeConstExpr(r));
        break;
      }
      case 1:
        seg.mode = SegmentMode::kPassive;
        break;
      case 2: {
        seg.mode = SegmentMode::kActive;
        LICHEN_ASSIGN_OR_RETURN(seg.memory, r.u32());
        LICHEN_ASSIGN_OR_RETURN(seg.offset, decodeConstExpr(r));
        break;
      }
      default:
        return decodeError(at, "malformed data segment kind");
    }
    LICHEN_ASSIGN_OR_RETURN(uint32_t len, r.u32());
    LICHEN_ASSIGN_OR_RETURN(auto bytes, r.bytes(len));
    seg.bytes.assign(bytes.begin(), bytes.end());
    m.datas.push_back(std::move(seg));
  }
  return {};
}

}  // namespace sections
}  // namespace lichen::wasm
