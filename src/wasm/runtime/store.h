// The Store owns every runtime object of a group of instances that may link to each other.
// Not thread-safe: one thread uses a Store at a time.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "wasm/runtime/executor.h"
#include "wasm/runtime/instance.h"

namespace lichen::wasm {

class Store {
 public:
  explicit Store(Executor& executor) : executor_(executor) {}

  Executor& executor() { return executor_; }
  ExecLimits& limits() { return limits_; }
  uint64_t maxMemoryPages() const { return max_memory_pages_; }
  // Caps each memory and, together, all memories and table storage of the Store.
  void setMaxMemoryPages(uint64_t pages) {
    max_memory_pages_ = pages;
    budget_.setLimitBytes(pages > UINT64_MAX / kPageSize ? UINT64_MAX : pages * kPageSize);
  }
  ResourceBudget& budget() { return budget_; }
  // What the embedder keeps per Store, e.g. one request's state that its host functions reach
  // through HostCall::store. Owned by the Store and destroyed after everything else in it.
  void setHostData(std::shared_ptr<void> data) { host_data_ = std::move(data); }
  void* hostData() const { return host_data_.get(); }

  FuncInstance* addHostFunc(FuncType type, HostFunc fn, std::string debug_name = {});
  FuncInstance* addFunc(std::unique_ptr<FuncInstance> f);
  Result<Memory*> addMemory(const MemoryType& type);
  Result<Memory*> addMemoryFromImage(const MemoryType& type, const MemoryImage& image);
  Result<Table*> addTable(const TableType& type, uint64_t init = 0);
  GlobalInstance* addGlobal(GlobalType type, uint64_t value);
  ModuleInstance* addInstance(std::unique_ptr<ModuleInstance> inst);

  // Calls a function with typed arguments (checked against its type).
  Expected<std::vector<Value>, Trap> invoke(FuncInstance* func, std::span<const Value> args);

 private:
  std::shared_ptr<void> host_data_;  // first: outlives the objects below
  Executor& executor_;
  ExecLimits limits_;
  uint64_t max_memory_pages_ = kMaxPages;
  ResourceBudget budget_;  // before the memories and tables that give back to it
  std::vector<std::unique_ptr<FuncInstance>> funcs_;
  std::vector<std::unique_ptr<Memory>> memories_;
  std::vector<std::unique_ptr<Table>> tables_;
  std::vector<std::unique_ptr<GlobalInstance>> globals_;
  std::vector<std::unique_ptr<ModuleInstance>> instances_;
};

// Process-wide interning of function types, so call_indirect compares one integer.
uint32_t internFuncType(const FuncType& type);

}  // namespace lichen::wasm
