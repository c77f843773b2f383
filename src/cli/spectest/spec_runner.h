// Runs one wast2json script of the official WebAssembly testsuite against the engine.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "wasm/engine/engine.h"

namespace lichen::cli::spectest {

struct SpecCounts {
  uint64_t passed = 0;
  uint64_t failed = 0;
  uint64_t skipped = 0;
};

class SpecRunner {
 public:
  explicit SpecRunner(wasm::interp::CompileOptions options = {});
  // Runs every command of `json_path`; module files are looked up beside it. Failures are
  // printed to stderr (at most `max_reports` of them).
  SpecCounts runFile(const std::string& json_path, int max_reports = 20);

 private:
  struct Command;
  void runCommand(const Command& c, SpecCounts& counts);
  // assert_uninstantiable, and assert_trap on a module: instantiation traps with that kind.
  void expectInstantiationTrap(const Command& c, SpecCounts& counts);
  wasm::Result<wasm::ModuleInstance*> instantiateFile(const std::string& file);
  void addSpectestModule();
  void fail(const Command& c, const std::string& why, SpecCounts& counts);

  wasm::Engine engine_;
  std::unique_ptr<wasm::Store> store_;
  std::map<std::string, wasm::Extern> spectest_;
  std::map<std::string, wasm::ModuleInstance*> named_;
  std::map<std::string, wasm::ModuleInstance*> registered_;
  wasm::ModuleInstance* current_ = nullptr;
  std::string dir_;
  std::string file_;
  int reports_left_ = 0;
};

}  // namespace lichen::cli::spectest
