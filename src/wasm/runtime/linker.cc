#include "wasm/runtime/linker.h"

#include <set>

namespace lichen::wasm {

HostModule& HostModule::func(std::string field, FuncType type, HostFunc fn) {
  funcs_.insert_or_assign(std::move(field), HostFuncDef{std::move(type), std::move(fn)});
  return *this;
}

const HostFuncDef* HostModule::find(std::string_view field) const {
  auto it = funcs_.find(field);
  return it == funcs_.end() ? nullptr : &it->second;
}

std::vector<std::string_view> HostModule::fieldNames() const {
  std::vector<std::string_view> names;
  names.reserve(funcs_.size());
  for (const auto& [name, def] : funcs_) names.push_back(name);
  return names;
}

Result<void> Linker::addHostModule(HostModule module) {
  if (hosts_.contains(module.name())) {
    return linkError("host module \"" + module.name() + "\" is already registered");
  }
  std::string name = module.name();
  hosts_.emplace(std::move(name), std::move(module));
  return {};
}

void Linker::define(std::string module, std::string name, Extern ext) {
  externs_[std::move(module)].insert_or_assign(std::move(name), ext);
}

void Linker::defineInstance(const std::string& module, const ModuleInstance& inst) {
  const auto& decls = inst.module().exports;
  for (size_t i = 0; i < decls.size(); ++i) define(module, decls[i].name, inst.exports[i]);
}

bool Linker::knowsModule(std::string_view module) const {
  return hosts_.contains(module) || externs_.contains(module);
}

std::string Linker::knownModules() const {
  std::set<std::string_view> names;
  for (const auto& [name, host] : hosts_) names.insert(name);
  for (const auto& [name, fields] : externs_) names.insert(name);
  if (names.empty()) return "none";
  std::string out;
  for (std::string_view name : names) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

Result<std::vector<Extern>> Linker::link(Store& store, const Module& module) const {
  std::vector<Extern> externs;
  externs.reserve(module.imports.size());
  // A module may import one host function twice: both imports get one FuncInstance.
  std::map<const HostFuncDef*, FuncInstance*> made;
  for (const Import& imp : module.imports) {
    const std::string what = "\"" + imp.module + "\" \"" + imp.name + "\"";
    if (auto mod = externs_.find(imp.module); mod != externs_.end()) {
      if (auto it = mod->second.find(imp.name); it != mod->second.end()) {
        LICHEN_TRY(checkImport(module, imp, it->second));
        externs.push_back(it->second);
        continue;
      }
    }
    auto host = hosts_.find(imp.module);
    const HostFuncDef* def = host == hosts_.end() ? nullptr : host->second.find(imp.name);
    if (!def) {
      if (!knowsModule(imp.module)) {
        return linkError("unknown import " + what + ": no module \"" + imp.module +
                         "\" is linked (known: " + knownModules() + ")");
      }
      return linkError("unknown import " + what + ": module \"" + imp.module + "\" has no \"" +
                       imp.name + "\"");
    }
    if (imp.kind != ExternKind::kFunc) {
      return linkError("incompatible import type: import " + what + " is a " +
                       externKindName(imp.kind) + ", " + imp.module + " defines a function");
    }
    const FuncType& declared = module.types[imp.func_type];
    if (!(declared == def->type)) {
      return linkError("import " + what + " has type " + funcTypeToString(declared) + ", " +
                       imp.module + " defines " + funcTypeToString(def->type));
    }
    FuncInstance*& func = made[def];
    if (!func) func = store.addHostFunc(def->type, def->fn, imp.module + "." + imp.name);
    Extern ext;
    ext.kind = ExternKind::kFunc;
    ext.func = func;
    externs.push_back(ext);
  }
  return externs;
}

Result<ModuleInstance*> Linker::instantiate(Store& store,
                                            std::shared_ptr<const CompiledModule> compiled,
                                            StartFunction start) const {
  LICHEN_ASSIGN_OR_RETURN(std::vector<Extern> imports, link(store, compiled->module));
  return wasm::instantiate(store, std::move(compiled), imports, start);
}

}  // namespace lichen::wasm
