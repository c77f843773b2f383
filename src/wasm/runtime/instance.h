// Runtime objects: functions, tables, globals, module instances and the externs that link them.
// A Store owns all of them; pointers stay valid for the Store's lifetime.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "common/expected.h"
#include "wasm/ir/module.h"
#include "wasm/runtime/budget.h"
#include "wasm/runtime/guest_memory.h"
#include "wasm/runtime/memory.h"
#include "wasm/runtime/memory_image.h"
#include "wasm/runtime/trap.h"
#include "wasm/runtime/value.h"

namespace lichen::wasm {

class Store;
struct ModuleInstance;
struct CompiledFunc;  // the executor's code for one function

// What a host function sees of its caller.
struct HostCall {
  Store& store;
  ModuleInstance* caller;  // null when called from the embedder directly
  Memory* memory;          // the caller's memory 0, or null

  // Bounds-checked access to the caller's memory 0 (every access fails when there is none).
  GuestMemory guestMemory() const { return GuestMemory(memory); }
};

// A host function reads its arguments from io[0..params) and writes results to io[0..results).
using HostFunc = std::function<Expected<void, Trap>(HostCall& call, uint64_t* io)>;

struct FuncInstance {
  const FuncType* type = nullptr;      // the module's, or own_type for host functions
  uint32_t type_id = 0;                // interned: equal types have equal ids
  ModuleInstance* instance = nullptr;  // null for host functions
  const CompiledFunc* code = nullptr;  // null for host functions
  uint32_t index = 0;                  // index in its module, for backtraces
  HostFunc host;
  std::string debug_name;
  FuncType own_type;  // host functions only
};

struct GlobalInstance {
  GlobalType type;
  uint64_t value = 0;
};

class Table {
 public:
  static constexpr uint64_t kMaxElements = 10'000'000;  // implementation limit on growth

  // Charges the elements to `budget` (which must outlive the table); an error, allocating
  // nothing, past the budget or when the host has no memory for them.
  static Result<std::unique_ptr<Table>> create(TableType type, uint64_t init,
                                               ResourceBudget& budget);
  ~Table() { budget_.giveTableElements(elems_.size()); }
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  ValType elemType() const { return elem_; }
  uint64_t size() const { return elems_.size(); }
  TableType type() const { return TableType{elem_, Limits{elems_.size(), max_}}; }
  uint64_t* data() { return elems_.data(); }
  uint64_t get(uint64_t i) const { return elems_[i]; }
  void set(uint64_t i, uint64_t v) { elems_[i] = v; }

  // Returns the old size, or -1 when the table cannot grow by `delta`.
  int64_t grow(uint64_t delta, uint64_t init);

 private:
  Table(TableType type, ResourceBudget& budget)
      : elem_(type.elem), max_(type.limits.max), budget_(budget) {}

  ValType elem_;
  std::optional<uint64_t> max_;
  ResourceBudget& budget_;
  std::vector<uint64_t> elems_;
};

struct Extern {
  ExternKind kind = ExternKind::kFunc;
  FuncInstance* func = nullptr;
  Table* table = nullptr;
  Memory* memory = nullptr;
  GlobalInstance* global = nullptr;
};

// A decoded, validated and compiled module; shared by all its instances.
struct CompiledModule {
  Module module;
  std::shared_ptr<const void> code_owner;  // keeps the executor's code alive
  std::vector<const CompiledFunc*> funcs;  // per defined function

  // The initial memory, built on first instantiation when data segments are constant.
  mutable std::once_flag image_once;
  mutable std::unique_ptr<MemoryImage> memory_image;
};

struct ModuleInstance {
  std::shared_ptr<const CompiledModule> compiled;
  std::vector<uint32_t> type_ids;  // per module type index
  std::vector<FuncInstance*> funcs;
  std::vector<Table*> tables;
  std::vector<Memory*> memories;
  std::vector<GlobalInstance*> globals;
  std::vector<std::vector<uint64_t>> elems;     // element segments; dropped ones are empty
  std::vector<std::span<const uint8_t>> datas;  // data segments; dropped ones are empty
  std::vector<Extern> exports;                  // parallel to module().exports
  std::vector<FuncInstance> own_funcs;          // the functions this module defines
  Store* store = nullptr;

  const Module& module() const { return compiled->module; }
  const Extern* findExport(std::string_view name) const {
    const auto& decl = module().exports;
    for (size_t i = 0; i < decl.size(); ++i) {
      if (decl[i].name == name) return &exports[i];
    }
    return nullptr;
  }
  // A function's name from the name section, or its index.
  std::string funcName(uint32_t index) const;
};

}  // namespace lichen::wasm
