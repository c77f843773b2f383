#include "components/middleware/wasm/wasm_middleware.h"

#include <spdlog/spdlog.h>

#include "components/middleware/wasm/guest_loader.h"
#include "components/middleware/wasm/guest_state.h"
#include "components/middleware/wasm/http_handler_abi.h"
#include "wasi/posix_os.h"
#include "wasi/strict_sandbox_os.h"
#include "wasi/wasi_imports.h"

namespace lichen::components {
namespace {

bool isFunc(const wasm::Extern* ext) { return ext && ext->kind == wasm::ExternKind::kFunc; }

bool hasType(const wasm::Extern* ext, std::vector<wasm::ValType> params,
             std::vector<wasm::ValType> results) {
  return isFunc(ext) && ext->func->type->params == params && ext->func->type->results == results;
}

}  // namespace

WasmMiddleware::WasmMiddleware() : engine_(std::make_unique<wasm::Engine>()) {}
WasmMiddleware::~WasmMiddleware() = default;

Expected<void, Status> WasmMiddleware::init(const component::Properties& properties) {
  std::optional<std::string> url = properties.get("url");
  if (!url || url->empty()) return fail(StatusCode::kInvalidConfig, "missing url");
  LICHEN_ASSIGN_OR_RETURN(bool strict, properties.getBool("strictSandbox", false));
  LICHEN_ASSIGN_OR_RETURN(int64_t timeout_ms, properties.getDurationMs("timeout", 5000));
  LICHEN_ASSIGN_OR_RETURN(int64_t memory, properties.getInt("maxMemoryMiB", 128));
  if (timeout_ms <= 0 || memory <= 0) {
    return fail(StatusCode::kInvalidConfig, "timeout and maxMemoryMiB must be positive");
  }
  timeout_ = std::chrono::milliseconds(timeout_ms);
  max_memory_mib_ = static_cast<uint64_t>(memory);
  LICHEN_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, fetchGuest(*url));
  LICHEN_TRY(load(std::move(bytes), guestName(*url), properties.getOr("guestConfig", ""), strict));
  return {};
}

Expected<void, Status> WasmMiddleware::load(std::vector<uint8_t> bytes, std::string name,
                                            std::string guest_config, bool strict_sandbox) {
  name_ = std::move(name);
  config_ = std::make_shared<const std::string>(std::move(guest_config));
  auto compiled = engine_->load(bytes);
  if (!compiled) {
    return fail(StatusCode::kInvalidConfig, name_ + ": " + compiled.error().toString());
  }
  module_ = *compiled;
  for (const auto& import : module_->module.imports) {
    if (import.module == wasi::kWasiModule) uses_wasi_ = true;
  }
  if (auto added = linker_.addHostModule(httpHandlerModule()); !added) {
    return fail(StatusCode::kInternal, added.error().toString());
  }
  auto wasi_module = wasi::wasiHostModule(
      [](wasm::HostCall& call) -> wasi::WasiCtx& { return *GuestState::of(call).wasi; });
  if (auto added = linker_.addHostModule(std::move(wasi_module)); !added) {
    return fail(StatusCode::kInternal, added.error().toString());
  }
  host::InstancePool::Options options;
  options.max_idle = 0;  // made on demand, then recycled: warm instances serve the next requests
  options.max_recycled = 64;
  options.start = wasm::StartFunction::kDefer;  // runs under the first request's deadline
  options.configure = [memory = max_memory_mib_, config = config_, name = name_, wasi = uses_wasi_,
                       strict_sandbox](wasm::Store& store) {
    store.setMaxMemoryPages(memory * 16);
    auto state = std::make_shared<GuestState>();
    state->config = config;
    state->name = name;
    if (wasi) {
      // Guest output goes to the sidecar's stderr, never into its stdout.
      wasi::WasiConfig wasi_config{{name}, {}, {}, -1, 2, 2};
      std::shared_ptr<wasi::WasiOs> os = std::make_shared<wasi::PosixOs>();
      // Each instance has its own sandbox: its clocks and random sequence start when it is
      // made and go on across the requests it serves, as a wazero module instance's do.
      if (strict_sandbox) os = wasi::StrictSandboxOs::startingNow(std::move(os));
      auto ctx = wasi::WasiCtx::create(wasi_config, std::move(os));
      if (ctx) state->wasi = std::move(*ctx);
    }
    store.setHostData(std::move(state));
  };
  pool_ = std::make_unique<host::InstancePool>(engine_->executor(), module_, linker_,
                                               std::move(options));
  // One instance now: the exports are checked and _start has run before the first request.
  auto lease = pool_->acquire();
  if (!lease) return fail(StatusCode::kInvalidConfig, name_ + ": " + lease.error().toString());
  if (auto started = start(*lease); !started) {
    return fail(StatusCode::kInvalidConfig, name_ + ": " + started.error());
  }
  wasm::ModuleInstance& inst = lease->instance();
  if (!hasType(inst.findExport("handle_request"), {}, {wasm::ValType::kI64})) {
    return fail(StatusCode::kInvalidConfig,
                name_ + ": the guest must export handle_request: () -> i64");
  }
  if (!hasType(inst.findExport("handle_response"), {wasm::ValType::kI32, wasm::ValType::kI32},
               {})) {
    return fail(StatusCode::kInvalidConfig,
                name_ + ": the guest must export handle_response: (i32, i32) -> ()");
  }
  if (!inst.findExport("memory")) {
    return fail(StatusCode::kInvalidConfig, name_ + ": the guest must export its memory");
  }
  if (uses_wasi_ && !static_cast<GuestState*>(lease->store().hostData())->wasi) {
    return fail(StatusCode::kInternal, name_ + ": cannot set up WASI for the guest");
  }
  pool_->recycle(std::move(*lease));
  return {};
}

middleware::HttpResponse WasmMiddleware::failed(const std::string& why) const {
  spdlog::error("wasm middleware {}: {}", name_, why);
  middleware::HttpResponse response;
  response.status = 500;
  response.headers.emplace_back("content-type", "text/plain; charset=utf-8");
  response.body = "wasm middleware " + name_ + ": " + why;
  response.failed = true;
  return response;
}

}  // namespace lichen::components
