// bindings.wasm: an output binding that runs a WASI command per call, as Dapr's
// (components-contrib bindings/wasm). Metadata `url` (guest_source.h) and `strictSandbox`;
// Lichen's own limits `maxMemoryMiB` (default 256) and `timeout` (default 30s) per call.
// Operation `execute`: the request's data is the guest's stdin, its stdout the response data,
// metadata `args` split on commas follows the guest's name in argv. A non-zero exit is an
// error naming the code ("module closed with exit_code(N)"), as wazero's.
//
// The module is compiled once at init; every call gets a fresh Store, WASI context and
// instance of its own, so parallel calls share nothing but the immutable compiled code, and a
// guest that loops, traps or runs out of memory ends only its own call.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "host/deadline_ticker.h"
#include "runtime/bindings/binding.h"
#include "runtime/registry.h"
#include "wasm/engine/engine.h"
#include "wasm/runtime/linker.h"

namespace lichen::components {

class WasmBinding : public bindings::OutputBinding {
 public:
  static constexpr uint64_t kDefaultMaxMemoryMiB = 256;
  static constexpr int64_t kDefaultTimeoutMs = 30'000;
  // stdout and stderr each: past it the call fails rather than the buffer growing.
  static constexpr size_t kDefaultMaxOutputBytes = 16u << 20;

  WasmBinding();
  ~WasmBinding() override;

  Expected<void, Status> init(const component::Properties& properties) override;
  std::vector<std::string> operations() const override { return {"execute"}; }
  bindings::InvokeResult invoke(const bindings::InvokeRequest& request) override;

  const std::string& guestName() const { return guest_name_; }

 private:
  wasm::Engine engine_;
  wasm::Linker linker_;
  std::shared_ptr<const wasm::CompiledModule> module_;
  std::string guest_name_;
  bool strict_ = false;
  uint64_t max_memory_mib_ = kDefaultMaxMemoryMiB;
  int64_t timeout_ms_ = kDefaultTimeoutMs;
  size_t max_output_bytes_ = kDefaultMaxOutputBytes;
  std::unique_ptr<host::DeadlineTicker> ticker_;  // its handles live only within one invoke
};

// "a,b,c" -> {"a", "b", "c"} as Go's strings.Split; "" -> {} (Dapr adds no argument then).
std::vector<std::string> splitArgs(const std::string& args);

void registerWasmBinding(runtime::Registry& registry);

}  // namespace lichen::components
