#include "wasm/runtime/store.h"

#include <map>
#include <mutex>

namespace lichen::wasm {

uint32_t internFuncType(const FuncType& type) {
  static std::mutex mu;
  static std::map<std::pair<std::vector<ValType>, std::vector<ValType>>, uint32_t> ids;
  std::lock_guard lock(mu);
  auto [it, inserted] = ids.try_emplace({type.params, type.results}, ids.size());
  return it->second;
}

FuncInstance* Store::addHostFunc(FuncType type, HostFunc fn, std::string debug_name) {
  auto f = std::make_unique<FuncInstance>();
  f->type_id = internFuncType(type);
  f->own_type = std::move(type);
  f->type = &f->own_type;
  f->host = std::move(fn);
  f->debug_name = std::move(debug_name);
  return addFunc(std::move(f));
}

FuncInstance* Store::addFunc(std::unique_ptr<FuncInstance> f) {
  funcs_.push_back(std::move(f));
  return funcs_.back().get();
}

Result<Memory*> Store::addMemory(const MemoryType& type) {
  LICHEN_ASSIGN_OR_RETURN(auto mem, Memory::create(type, max_memory_pages_, &budget_));
  memories_.push_back(std::move(mem));
  return memories_.back().get();
}

Result<Memory*> Store::addMemoryFromImage(const MemoryType& type, const MemoryImage& image) {
  LICHEN_ASSIGN_OR_RETURN(auto mem,
                          Memory::createFromImage(type, max_memory_pages_, image, &budget_));
  memories_.push_back(std::move(mem));
  return memories_.back().get();
}

Result<Table*> Store::addTable(const TableType& type, uint64_t init) {
  LICHEN_ASSIGN_OR_RETURN(auto table, Table::create(type, init, budget_));
  tables_.push_back(std::move(table));
  return tables_.back().get();
}

GlobalInstance* Store::addGlobal(GlobalType type, uint64_t value) {
  globals_.push_back(std::make_unique<GlobalInstance>(GlobalInstance{type, value}));
  return globals_.back().get();
}

ModuleInstance* Store::addInstance(std::unique_ptr<ModuleInstance> inst) {
  inst->store = this;
  instances_.push_back(std::move(inst));
  return instances_.back().get();
}

Expected<std::vector<Value>, Trap> Store::invoke(FuncInstance* func, std::span<const Value> args) {
  const FuncType& t = *func->type;
  if (args.size() != t.params.size()) {
    return Unexpected(Trap{TrapKind::kHost, "wrong number of arguments: expected " +
                                                std::to_string(t.params.size()) + ", got " +
                                                std::to_string(args.size())});
  }
  std::vector<uint64_t> io(std::max(t.params.size(), t.results.size()) + 1);
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type != t.params[i]) {
      return Unexpected(Trap{TrapKind::kHost, "argument " + std::to_string(i) + " should be " +
                                                  valTypeName(t.params[i])});
    }
    io[i] = args[i].bits;
  }
  LICHEN_TRY(executor_.call(*this, func, io.data()));
  std::vector<Value> results;
  results.reserve(t.results.size());
  for (size_t i = 0; i < t.results.size(); ++i) results.push_back(Value{t.results[i], io[i]});
  return results;
}

std::string ModuleInstance::funcName(uint32_t index) const {
  const auto& names = module().func_names;
  auto it = names.find(index);
  if (it != names.end()) return it->second;
  return "func[" + std::to_string(index) + "]";
}

}  // namespace lichen::wasm
