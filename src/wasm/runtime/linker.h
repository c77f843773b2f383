// The linker: resolves a module's imports by (module name, field name), once, at link time.
// Host modules (WASI, the `lichen` ABI, ...) are registered side by side under their names;
// single externs (another instance's exports, a table, a memory, a global) are defined one by
// one. After linking, a guest's call to a host function goes straight to its FuncInstance:
// nothing is looked up per call.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "wasm/ir/error.h"
#include "wasm/ir/module.h"
#include "wasm/runtime/host_func.h"
#include "wasm/runtime/instantiate.h"
#include "wasm/runtime/store.h"

namespace lichen::wasm {

// A named set of host functions, e.g. "wasi_snapshot_preview1". What the functions capture
// (a WASI context, a sidecar) must outlive every Store they are linked into.
class HostModule {
 public:
  explicit HostModule(std::string name) : name_(std::move(name)) {}

  const std::string& name() const { return name_; }
  // Adds a function, replacing one of the same name. The HostFunc is copied into each Store
  // the module is linked into.
  HostModule& func(std::string field, FuncType type, HostFunc fn);
  // Adds a typed function `R f(HostCall&, Args...)`, its wasm type derived (host_func.h).
  template <typename F>
  HostModule& func(std::string field, F f) {
    HostFuncDef def = hostFunc(std::move(f));
    return func(std::move(field), std::move(def.type), std::move(def.fn));
  }
  // The function named `field`, or null.
  const HostFuncDef* find(std::string_view field) const;
  // The names of the functions, sorted.
  std::vector<std::string_view> fieldNames() const;

 private:
  std::string name_;
  std::map<std::string, HostFuncDef, std::less<>> funcs_;
};

class Linker {
 public:
  // Registers a host module; an error when one of that name is already registered.
  Result<void> addHostModule(HostModule module);
  // Defines one extern under (module, name), replacing an earlier one; it is looked up before
  // the host module of the same name. The extern belongs to one Store: link into that one only.
  void define(std::string module, std::string name, Extern ext);
  // Defines every export of `inst` under `module` (the instance's Store, as above).
  void defineInstance(const std::string& module, const ModuleInstance& inst);

  // Whether anything is registered or defined under `module`.
  bool knowsModule(std::string_view module) const;

  // The externs for `module`'s imports, in import order, host functions created in `store`;
  // or a link error naming the first import that cannot be satisfied.
  Result<std::vector<Extern>> link(Store& store, const Module& module) const;
  // link + wasm::instantiate.
  Result<ModuleInstance*> instantiate(Store& store, std::shared_ptr<const CompiledModule> compiled,
                                      StartFunction start = StartFunction::kRun) const;

 private:
  std::string knownModules() const;

  std::map<std::string, HostModule, std::less<>> hosts_;
  std::map<std::string, std::map<std::string, Extern, std::less<>>, std::less<>> externs_;
};

}  // namespace lichen::wasm
