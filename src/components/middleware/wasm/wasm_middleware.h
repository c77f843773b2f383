// middleware.http.wasm: an http-wasm guest (the `http_handler` ABI) as HTTP middleware, after
// Dapr's components-contrib middleware/http/wasm. Metadata: `url` (file://, relative to the
// working directory or absolute, or http(s)://, fetched once at init), `guestConfig` (what
// get_config returns), `strictSandbox`; and Lichen's own `timeout` (per request, default 5s)
// and `maxMemoryMiB` (per instance, default 128).
//
// Each request has an instance to itself: a pool hands out an idle instance or makes one, and
// takes it back only after a sound run. A guest that traps, loops past the timeout or runs out
// of memory fails its own request with a 500 naming the trap, and its instance is dropped.
#pragma once

#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "host/deadline_ticker.h"
#include "host/instance_pool.h"
#include "runtime/middleware/http_middleware.h"
#include "runtime/registry.h"
#include "wasm/engine/engine.h"
#include "wasm/runtime/linker.h"

namespace lichen::components {

inline constexpr std::string_view kWasmMiddlewareType = "middleware.http.wasm";

class WasmMiddleware : public middleware::HttpMiddleware {
 public:
  WasmMiddleware();
  ~WasmMiddleware() override;

  Expected<void, Status> init(const component::Properties& properties) override;
  middleware::HttpResponse handle(middleware::HttpRequest request,
                                  const middleware::HttpNext& next) const override;

  // The guest from bytes, for tests and benchmarks (init reads them from `url`). With
  // `strict_sandbox`, a guest's WASI sees Dapr's strict sandbox (wasi::StrictSandboxOs).
  Expected<void, Status> load(std::vector<uint8_t> bytes, std::string name,
                              std::string guest_config, bool strict_sandbox = false);

 private:
  // Runs a new instance's start function, _initialize (a reactor) or _start (a command such as
  // TinyGo's, whose main registers the handlers), under one timeout.
  Expected<void, std::string> start(host::InstancePool::Lease& lease) const;
  // Calls `func` with `args` (under the caller's deadline); a trap becomes its report's text.
  Expected<std::vector<wasm::Value>, std::string> call(host::InstancePool::Lease& lease,
                                                       wasm::FuncInstance* func,
                                                       std::span<const wasm::Value> args) const;
  middleware::HttpResponse failed(const std::string& why) const;

  std::string name_ = "wasm";
  std::shared_ptr<const std::string> config_;
  std::chrono::milliseconds timeout_{5000};
  uint64_t max_memory_mib_ = 128;
  bool uses_wasi_ = false;
  // Declared in destruction order: the pool's instances before the linker and the engine.
  std::unique_ptr<wasm::Engine> engine_;
  wasm::Linker linker_;
  std::shared_ptr<const wasm::CompiledModule> module_;
  std::unique_ptr<host::InstancePool> pool_;
  mutable host::DeadlineTicker ticker_;
};

void registerWasmMiddleware(runtime::Registry& registry);

}  // namespace lichen::components
