// Instantiation: link imports, allocate, initialise globals, tables and memories, run start.
#pragma once

#include <memory>
#include <span>

#include "wasm/runtime/store.h"

namespace lichen::wasm {

// `imports` are given in the module's import order. A trap while initialising segments or in
// the start function is an error with phase kTrap; effects on imported objects remain, as the
// spec requires.
Result<ModuleInstance*> instantiate(Store& store, std::shared_ptr<const CompiledModule> compiled,
                                    std::span<const Extern> imports);

// Checks an extern against an import's declared type.
Result<void> checkImport(const Module& m, const Import& imp, const Extern& ext);

}  // namespace lichen::wasm
