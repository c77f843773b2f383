#include "cli/wasm_command.h"

#include <cstdio>
#include <memory>

#include "cli/fuzz_exec.h"
#include "cli/value_text.h"
#include "host/trap_report.h"
#include "wasm/engine/engine.h"

namespace lichen::cli {
namespace {

struct WasmOptions {
  std::string file;
  std::string func;
  std::vector<std::string> args;
};

int runValidate(const WasmOptions& opt) {
  wasm::Engine engine;
  auto m = engine.loadFile(opt.file);
  if (!m) {
    std::fprintf(stderr, "%s: %s\n", opt.file.c_str(), m.error().toString().c_str());
    return 1;
  }
  std::printf("%s: valid (%zu functions, %zu imports, %zu exports)\n", opt.file.c_str(),
              (*m)->module.funcs.size(), (*m)->module.imports.size(), (*m)->module.exports.size());
  return 0;
}

int runInvoke(const WasmOptions& opt) {
  wasm::Engine engine;
  auto m = engine.loadFile(opt.file);
  if (!m) {
    std::fprintf(stderr, "%s: %s\n", opt.file.c_str(), m.error().toString().c_str());
    return 1;
  }
  if (!(*m)->module.imports.empty()) {
    const auto& imp = (*m)->module.imports.front();
    std::fprintf(stderr, "%s: unresolved import \"%s\" \"%s\" (use `lichen run` for WASI)\n",
                 opt.file.c_str(), imp.module.c_str(), imp.name.c_str());
    return 1;
  }
  wasm::Store store(engine.executor());
  auto inst = wasm::instantiate(store, *m, {});
  if (!inst) {
    std::fprintf(stderr, "%s: %s\n", opt.file.c_str(), inst.error().toString().c_str());
    return 1;
  }
  const wasm::Extern* ext = (*inst)->findExport(opt.func);
  if (!ext || ext->kind != wasm::ExternKind::kFunc) {
    std::fprintf(stderr, "%s: no exported function \"%s\"\n", opt.file.c_str(), opt.func.c_str());
    return 1;
  }
  const wasm::FuncType& type = *ext->func->type;
  if (opt.args.size() != type.params.size()) {
    std::fprintf(stderr, "%s expects %zu arguments %s, given %zu\n", opt.func.c_str(),
                 type.params.size(), wasm::funcTypeToString(type).c_str(), opt.args.size());
    return 1;
  }
  std::vector<wasm::Value> args;
  for (size_t i = 0; i < opt.args.size(); ++i) {
    auto v = parseValueText(type.params[i], opt.args[i]);
    if (!v) {
      std::fprintf(stderr, "argument %zu: %s\n", i, v.error().c_str());
      return 1;
    }
    args.push_back(*v);
  }
  auto results = store.invoke(ext->func, args);
  if (!results) {
    std::fprintf(stderr, "%s", host::reportTrap(results.error(), *inst, {}).toText().c_str());
    return 2;
  }
  for (const wasm::Value& v : *results) std::printf("%s\n", formatValueText(v).c_str());
  return 0;
}

}  // namespace

void addWasmCommand(CLI::App& app, int& exit_code) {
  auto opt = std::make_shared<WasmOptions>();
  CLI::App* wasm = app.add_subcommand("wasm", "Validate or invoke a WebAssembly module");
  wasm->require_subcommand(1);

  CLI::App* validate = wasm->add_subcommand("validate", "Decode and validate a module");
  validate->add_option("file", opt->file, "the .wasm file")->required();
  validate->callback([opt, &exit_code] { exit_code = runValidate(*opt); });

  CLI::App* invoke = wasm->add_subcommand("invoke", "Instantiate a module and call an export");
  invoke->add_option("file", opt->file, "the .wasm file")->required();
  invoke->add_option("func", opt->func, "exported function name")->required();
  invoke->add_option("args", opt->args, "arguments, one per parameter");
  invoke->callback([opt, &exit_code] { exit_code = runInvoke(*opt); });

  auto fuzz = std::make_shared<FuzzExecOptions>();
  CLI::App* fuzz_exec = wasm->add_subcommand(
      "fuzz-exec", "Run every export of a wasm-opt -ttf module; print a comparable transcript");
  fuzz_exec->add_option("file", fuzz->file, "the .wasm file")->required();
  fuzz_exec->add_flag("!--no-rewrites", fuzz->rewrites,
                      "compile plain code: no lazy operands, retargeting or fusion");
  fuzz_exec->add_option("--fuel", fuzz->fuel, "fuel per export call (calls + loop iterations)");
  fuzz_exec->callback([fuzz, &exit_code] { exit_code = runFuzzExec(*fuzz); });
}

}  // namespace lichen::cli
