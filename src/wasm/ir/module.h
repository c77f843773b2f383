// A decoded WebAssembly module: what the binary says, before validation and compilation.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "wasm/ir/opcodes.h"
#include "wasm/ir/types.h"

namespace lichen::wasm {

// One instruction of a constant expression (Wasm 2.0: t.const, ref.null, ref.func, global.get).
struct ConstInstr {
  Opcode op = Opcode::kI32Const;
  uint64_t value = 0;  // constant bits, global index, function index or ref type byte
};

struct ConstExpr {
  std::vector<ConstInstr> instrs;
  uint64_t offset = 0;  // byte offset of the expression in the binary
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::kFunc;
  uint32_t func_type = 0;  // kFunc
  TableType table;         // kTable
  MemoryType memory;       // kMemory
  GlobalType global;       // kGlobal
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::kFunc;
  uint32_t index = 0;
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

enum class SegmentMode : uint8_t { kPassive, kActive, kDeclarative };

struct ElemSegment {
  SegmentMode mode = SegmentMode::kPassive;
  ValType type = ValType::kFuncRef;
  uint32_t table = 0;
  ConstExpr offset;              // active only
  std::vector<ConstExpr> inits;  // one reference expression per element
};

struct DataSegment {
  SegmentMode mode = SegmentMode::kPassive;
  uint32_t memory = 0;
  ConstExpr offset;  // active only
  std::vector<uint8_t> bytes;
};

struct LocalRun {
  uint32_t count = 0;
  ValType type = ValType::kI32;
};

struct FunctionBody {
  std::vector<ValType> locals;  // declared locals only, params excluded
  uint64_t code_begin = 0;      // offsets of the instruction bytes within Module::bytes
  uint64_t code_end = 0;
};

struct Module {
  std::vector<uint8_t> bytes;  // the binary, kept so bodies can be decoded lazily

  std::vector<FuncType> types;
  std::vector<Import> imports;
  std::vector<uint32_t> funcs;  // type index of every function, imports first
  std::vector<TableType> tables;
  std::vector<MemoryType> memories;
  std::vector<Global> globals;           // defined globals only
  std::vector<GlobalType> global_types;  // every global, imports first
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElemSegment> elems;
  std::vector<DataSegment> datas;
  std::optional<uint32_t> data_count;
  std::vector<FunctionBody> bodies;  // defined functions only

  uint32_t num_imported_funcs = 0;
  uint32_t num_imported_tables = 0;
  uint32_t num_imported_memories = 0;
  uint32_t num_imported_globals = 0;

  std::map<uint32_t, std::string> func_names;  // from the `name` custom section
  std::string module_name;

  // Tables and memories, imports first (filled by the decoder).
  std::vector<TableType> all_tables;
  std::vector<MemoryType> all_memories;

  const FuncType& funcType(uint32_t func_index) const { return types[funcs[func_index]]; }
};

}  // namespace lichen::wasm
