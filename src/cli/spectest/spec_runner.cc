#include "cli/spectest/spec_runner.h"

#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/spectest/spec_values.h"

namespace lichen::cli::spectest {

namespace json = boost::json;

struct SpecRunner::Command {
  const json::object& obj;
  int64_t line;
  std::string type;

  std::string str(const char* key) const {
    const json::value* v = obj.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  }
};

SpecRunner::SpecRunner(wasm::interp::CompileOptions options) : engine_(options) {
  addSpectestModule();
}

void SpecRunner::addSpectestModule() {
  store_ = std::make_unique<wasm::Store>(engine_.executor());
  using wasm::ValType;
  auto print = [this](const std::string& name, std::vector<ValType> params) {
    wasm::FuncType t{std::move(params), {}};
    wasm::Extern e;
    e.kind = wasm::ExternKind::kFunc;
    e.func = store_->addHostFunc(
        t, [](wasm::HostCall&, uint64_t*) -> Expected<void, wasm::Trap> { return {}; }, name);
    spectest_[name] = e;
  };
  print("print", {});
  print("print_i32", {ValType::kI32});
  print("print_i64", {ValType::kI64});
  print("print_f32", {ValType::kF32});
  print("print_f64", {ValType::kF64});
  print("print_i32_f32", {ValType::kI32, ValType::kF32});
  print("print_f64_f64", {ValType::kF64, ValType::kF64});
  auto global = [this](const std::string& name, ValType t, uint64_t bits) {
    wasm::Extern e;
    e.kind = wasm::ExternKind::kGlobal;
    e.global = store_->addGlobal(wasm::GlobalType{t, false}, bits);
    spectest_[name] = e;
  };
  global("global_i32", ValType::kI32, 666);
  global("global_i64", ValType::kI64, 666);
  global("global_f32", ValType::kF32, wasm::Value::f32(666.6f).bits);
  global("global_f64", ValType::kF64, wasm::Value::f64(666.6).bits);
  wasm::Extern table;
  table.kind = wasm::ExternKind::kTable;
  table.table = *store_->addTable(wasm::TableType{ValType::kFuncRef, wasm::Limits{10, 20}});
  spectest_["table"] = table;
  wasm::Extern memory;
  memory.kind = wasm::ExternKind::kMemory;
  memory.memory = *store_->addMemory(wasm::MemoryType{wasm::Limits{1, 2}});
  spectest_["memory"] = memory;
}

wasm::Result<wasm::ModuleInstance*> SpecRunner::instantiateFile(const std::string& file) {
  LICHEN_ASSIGN_OR_RETURN(auto compiled, engine_.loadFile(dir_ + "/" + file));
  std::vector<wasm::Extern> imports;
  for (const wasm::Import& imp : compiled->module.imports) {
    const wasm::Extern* found = nullptr;
    if (imp.module == "spectest") {
      auto it = spectest_.find(imp.name);
      if (it != spectest_.end()) found = &it->second;
    } else if (auto it = registered_.find(imp.module); it != registered_.end()) {
      found = it->second->findExport(imp.name);
    }
    if (!found)
      return wasm::linkError("unknown import \"" + imp.module + "\" \"" + imp.name + "\"");
    imports.push_back(*found);
  }
  return wasm::instantiate(*store_, compiled, imports);
}

void SpecRunner::fail(const Command& c, const std::string& why, SpecCounts& counts) {
  ++counts.failed;
  if (reports_left_ > 0) {
    --reports_left_;
    std::fprintf(stderr, "  %s:%lld: %s: %s\n", file_.c_str(), static_cast<long long>(c.line),
                 c.type.c_str(), why.c_str());
  }
}

namespace {

wasm::ModuleInstance* findModule(const json::object& action,
                                 const std::map<std::string, wasm::ModuleInstance*>& named,
                                 wasm::ModuleInstance* current) {
  const json::value* m = action.if_contains("module");
  if (!m) return current;
  auto it = named.find(std::string(m->as_string()));
  return it == named.end() ? nullptr : it->second;
}

// Performs an invoke or get action.
Expected<std::vector<wasm::Value>, std::string> performAction(
    wasm::Store& store, const json::object& action,
    const std::map<std::string, wasm::ModuleInstance*>& named, wasm::ModuleInstance* current,
    wasm::Trap* trap_out) {
  wasm::ModuleInstance* inst = findModule(action, named, current);
  if (!inst) return Unexpected(std::string("no such module"));
  const std::string field(action.at("field").as_string());
  const wasm::Extern* ext = inst->findExport(field);
  if (!ext) return Unexpected("no export \"" + field + "\"");
  if (action.at("type").as_string() == "get") {
    if (ext->kind != wasm::ExternKind::kGlobal) return Unexpected(std::string("not a global"));
    return std::vector<wasm::Value>{wasm::Value{ext->global->type.type, ext->global->value}};
  }
  if (ext->kind != wasm::ExternKind::kFunc) return Unexpected(std::string("not a function"));
  std::vector<wasm::Value> args;
  for (const json::value& a : action.at("args").as_array()) {
    auto v = parseSpecValue(a.as_object());
    if (!v) return Unexpected(v.error());
    args.push_back(*v);
  }
  auto results = store.invoke(ext->func, args);
  if (!results) {
    if (trap_out) *trap_out = results.error();
    return Unexpected("trap: " + results.error().toString());
  }
  return std::move(*results);
}

}  // namespace

void SpecRunner::runCommand(const Command& c, SpecCounts& counts) {
  const json::object& o = c.obj;
  const std::string type = c.type;
  if (type == "module") {
    auto inst = instantiateFile(c.str("filename"));
    if (!inst) {
      current_ = nullptr;
      return fail(c, inst.error().toString(), counts);
    }
    current_ = *inst;
    if (o.contains("name")) named_[c.str("name")] = current_;
    ++counts.passed;
  } else if (type == "register") {
    wasm::ModuleInstance* inst = current_;
    if (o.contains("name")) {
      auto it = named_.find(c.str("name"));
      inst = it == named_.end() ? nullptr : it->second;
    }
    if (!inst) return fail(c, "nothing to register", counts);
    registered_[c.str("as")] = inst;
  } else if (type == "action" || type == "assert_return") {
    auto results = performAction(*store_, o.at("action").as_object(), named_, current_, nullptr);
    if (!results) return fail(c, results.error(), counts);
    if (type == "assert_return") {
      const json::array& expected = o.at("expected").as_array();
      if (expected.size() != results->size()) return fail(c, "wrong number of results", counts);
      for (size_t i = 0; i < expected.size(); ++i) {
        auto ok = matchSpecValue(expected[i].as_object(), (*results)[i]);
        if (!ok) return fail(c, "result " + std::to_string(i) + ": " + ok.error(), counts);
      }
    }
    ++counts.passed;
  } else if (type == "assert_trap" || type == "assert_exhaustion") {
    if (!o.contains("action")) return expectInstantiationTrap(c, counts);
    wasm::Trap trap;
    trap.kind = wasm::TrapKind::kHost;
    auto results = performAction(*store_, o.at("action").as_object(), named_, current_, &trap);
    if (results) return fail(c, "expected trap \"" + c.str("text") + "\", got a result", counts);
    if (trap.kind == wasm::TrapKind::kHost) return fail(c, results.error(), counts);
    auto want = trapKindForText(c.str("text"));
    if (!want) return fail(c, want.error(), counts);
    if (trap.kind != *want) {
      return fail(c, "expected \"" + c.str("text") + "\", got \"" + trap.toString() + "\"", counts);
    }
    ++counts.passed;
  } else if (type == "assert_invalid" || type == "assert_malformed") {
    if (c.str("module_type") == "text") {
      ++counts.skipped;
      return;
    }
    // The module must be rejected, and in the right phase: decoding for malformed, validation
    // for invalid. A file that cannot be read is a broken script, never a pass.
    const wasm::Phase want =
        type == "assert_invalid" ? wasm::Phase::kValidate : wasm::Phase::kDecode;
    auto m = engine_.loadFile(dir_ + "/" + c.str("filename"));
    if (m) return fail(c, "module should be rejected: " + c.str("text"), counts);
    if (m.error().phase != want) {
      return fail(c,
                  "expected " + std::string(wasm::phaseName(want)) + " error \"" + c.str("text") +
                      "\", got " + m.error().toString(),
                  counts);
    }
    ++counts.passed;
  } else if (type == "assert_unlinkable") {
    auto inst = instantiateFile(c.str("filename"));
    if (inst) return fail(c, "module should not link: " + c.str("text"), counts);
    if (inst.error().phase != wasm::Phase::kLink) return fail(c, inst.error().toString(), counts);
    ++counts.passed;
  } else if (type == "assert_uninstantiable") {
    expectInstantiationTrap(c, counts);
  } else {
    fail(c, "unknown command", counts);
  }
}

void SpecRunner::expectInstantiationTrap(const Command& c, SpecCounts& counts) {
  auto want = trapKindForText(c.str("text"));
  if (!want) return fail(c, want.error(), counts);
  auto inst = instantiateFile(c.str("filename"));
  if (inst) return fail(c, "instantiation should trap: " + c.str("text"), counts);
  // Instantiation reports a trap by its kind's standard text.
  if (inst.error().phase != wasm::Phase::kTrap ||
      inst.error().message != wasm::trapKindMessage(*want)) {
    return fail(c, "expected trap \"" + c.str("text") + "\", got " + inst.error().toString(),
                counts);
  }
  ++counts.passed;
}

SpecCounts SpecRunner::runFile(const std::string& json_path, int max_reports) {
  SpecCounts counts;
  reports_left_ = max_reports;
  file_ = json_path;
  const size_t slash = json_path.find_last_of('/');
  dir_ = slash == std::string::npos ? "." : json_path.substr(0, slash);

  std::ifstream in(json_path);
  std::stringstream buf;
  buf << in.rdbuf();
  boost::system::error_code ec;
  json::value doc = json::parse(buf.str(), ec);
  if (!in || ec || !doc.is_object() || !doc.as_object().contains("commands")) {
    std::fprintf(stderr, "  %s: cannot read the script\n", json_path.c_str());
    ++counts.failed;
    return counts;
  }
  // Boost.JSON's accessors throw on a script of the wrong shape: that is one failed command,
  // reported, not the end of the run.
  const json::array* commands = doc.at("commands").if_array();
  if (!commands) {
    ++counts.failed;
    return counts;
  }
  for (const json::value& cv : *commands) {
    try {
      const json::object& o = cv.as_object();
      Command c{o, o.contains("line") ? o.at("line").to_number<int64_t>() : 0,
                std::string(o.at("type").as_string())};
      runCommand(c, counts);
    } catch (const std::exception& e) {
      ++counts.failed;
      std::fprintf(stderr, "  %s: malformed command: %s\n", json_path.c_str(), e.what());
    }
  }
  return counts;
}

}  // namespace lichen::cli::spectest
