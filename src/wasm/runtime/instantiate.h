// Instantiation: link imports, allocate, initialise globals, tables and memories, run start.
#pragma once

#include <memory>
#include <span>

#include "wasm/runtime/store.h"

namespace lichen::wasm {

enum class StartFunction { kRun, kDefer };

// `imports` are given in the module's import order. A trap while initialising segments or in
// the start function is an error with phase kTrap; effects on imported objects remain, as the
// spec requires. Running out of host memory is an error too, never an exception. With kDefer
// the start function is left to runStart, so the caller sees its trap as a Trap (its kind:
// fuel, deadline, exit) rather than as an error message.
Result<ModuleInstance*> instantiate(Store& store, std::shared_ptr<const CompiledModule> compiled,
                                    std::span<const Extern> imports,
                                    StartFunction start = StartFunction::kRun);

// Runs the module's start function, if it has one.
Expected<void, Trap> runStart(Store& store, ModuleInstance& inst);

// Checks an extern against an import's declared type.
Result<void> checkImport(const Module& m, const Import& imp, const Extern& ext);

}  // namespace lichen::wasm
