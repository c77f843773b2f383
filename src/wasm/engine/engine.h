// The engine's front door: bytes in, a compiled module out, ready to instantiate in a Store.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "wasm/interp/interpreter.h"
#include "wasm/runtime/instantiate.h"
#include "wasm/runtime/store.h"

namespace lichen::wasm {

class Engine {
 public:
  explicit Engine(interp::CompileOptions options = {}) : interpreter_(options) {}

  // Decodes, validates and compiles a binary module.
  Result<std::shared_ptr<const CompiledModule>> load(std::span<const uint8_t> bytes);
  // Same, from a file.
  Result<std::shared_ptr<const CompiledModule>> loadFile(const std::string& path);

  Executor& executor() { return interpreter_; }

 private:
  interp::Interpreter interpreter_;
};

// Reads a whole file; an error names the path.
Result<std::vector<uint8_t>> readFileBytes(const std::string& path);

}  // namespace lichen::wasm
