#include "components/bindings/wasm/wasm_binding.h"

#include <atomic>
#include <chrono>

#include "components/bindings/wasm/guest_source.h"
#include "host/trap_report.h"
#include "wasi/memory_stdio.h"
#include "wasi/posix_os.h"
#include "wasi/strict_sandbox_os.h"
#include "wasi/wasi_imports.h"

namespace lichen::components {
namespace {

using bindings::InvokeResult;

InvokeResult failure(std::string message) {
  return InvokeResult::failure(Status(StatusCode::kInternal, std::move(message)));
}

Unexpected<Status> configError(std::string message) {
  return fail(StatusCode::kInvalidConfig, "wasm: " + std::move(message));
}

// What one call's Store carries: its WASI context, found by the shared linker's WASI module.
struct CallState {
  std::unique_ptr<wasi::WasiCtx> ctx;
};

}  // namespace

std::vector<std::string> splitArgs(const std::string& args) {
  std::vector<std::string> out;
  if (args.empty()) return out;
  size_t start = 0;
  for (;;) {
    const size_t comma = args.find(',', start);
    out.push_back(args.substr(start, comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

WasmBinding::WasmBinding() = default;
WasmBinding::~WasmBinding() = default;

Expected<void, Status> WasmBinding::init(const component::Properties& properties) {
  LICHEN_ASSIGN_OR_RETURN(strict_, properties.getBool("strictSandbox", false));
  LICHEN_ASSIGN_OR_RETURN(int64_t mib, properties.getInt("maxMemoryMiB", kDefaultMaxMemoryMiB));
  if (mib <= 0 || mib > 4096) return configError("maxMemoryMiB must be 1 to 4096");
  max_memory_mib_ = static_cast<uint64_t>(mib);
  LICHEN_ASSIGN_OR_RETURN(timeout_ms_, properties.getDurationMs("timeout", kDefaultTimeoutMs));
  if (timeout_ms_ <= 0) return configError("timeout must be positive");
  LICHEN_ASSIGN_OR_RETURN(GuestSource guest, loadGuest(properties.getOr("url", "")));
  guest_name_ = guest.name;
  auto compiled = engine_.load(guest.bytes);
  if (!compiled) return configError("error compiling binary: " + compiled.error().toString());
  module_ = *compiled;
  bool has_start = false;
  for (const wasm::Export& e : module_->module.exports) {
    has_start |= e.name == "_start" && e.kind == wasm::ExternKind::kFunc;
  }
  if (!has_start) return configError(guest_name_ + " is not a WASI command: no _start export");
  auto added =
      linker_.addHostModule(wasi::wasiHostModule([](wasm::HostCall& call) -> wasi::WasiCtx& {
        return *static_cast<CallState*>(call.store.hostData())->ctx;
      }));
  if (!added) return configError(added.error().toString());
  // Imports are checked once here, so a call never fails for a missing import.
  wasm::Store probe(engine_.executor());
  if (auto linked = linker_.link(probe, module_->module); !linked) {
    return configError(guest_name_ + ": " + linked.error().toString());
  }
  ticker_ = std::make_unique<host::DeadlineTicker>();
  return {};
}

InvokeResult WasmBinding::invoke(const bindings::InvokeRequest& request) {
  if (!module_) return failure("wasm: binding not initialised");
  if (request.operation != "execute") {
    return failure("wasm: unsupported operation " + request.operation);
  }
  wasi::WasiConfig config;
  config.args.push_back(guest_name_);
  auto args = request.metadata.find("args");
  if (args != request.metadata.end()) {
    for (std::string& arg : splitArgs(args->second)) config.args.push_back(std::move(arg));
  }
  wasi::MemoryStdioOs::attach(config);
  auto stdio = std::make_shared<wasi::MemoryStdioOs>(std::make_shared<wasi::PosixOs>(),
                                                     request.data, max_output_bytes_);
  std::shared_ptr<wasi::WasiOs> os = stdio;
  if (strict_) os = wasi::StrictSandboxOs::startingNow(stdio);
  auto ctx = wasi::WasiCtx::create(std::move(config), os);
  if (!ctx) return failure("wasm: " + ctx.error());

  auto state = std::make_shared<CallState>();
  state->ctx = std::move(*ctx);
  wasm::Store store(engine_.executor());
  store.setHostData(state);
  store.setMaxMemoryPages(max_memory_mib_ * 16);
  std::atomic<bool> interrupt{false};
  store.limits().interrupt = &interrupt;
  // Declared after `interrupt`: disarmed before the flag goes away, however the call ends.
  host::DeadlineTicker::Handle deadline =
      ticker_->arm(std::chrono::milliseconds(timeout_ms_), interrupt);

  auto inst = linker_.instantiate(store, module_, wasm::StartFunction::kDefer);
  if (!inst) {
    return failure("wasm: " + guest_name_ + ": " + inst.error().toString() + " (maxMemoryMiB " +
                   std::to_string(max_memory_mib_) + ")");
  }
  Expected<void, wasm::Trap> ran = wasm::runStart(store, **inst);
  if (ran) {
    const wasm::Extern* start = (*inst)->findExport("_start");
    auto result = store.invoke(start->func, {});
    if (!result) ran = Unexpected(result.error());
  }
  deadline.disarm();
  if (!stdio->overflowed().empty()) {
    return failure("wasm: " + guest_name_ + ": " + stdio->overflowed() + " passed its limit of " +
                   std::to_string(max_output_bytes_) + " bytes");
  }
  if (!ran) {
    const wasm::Trap& trap = ran.error();
    if (trap.kind == wasm::TrapKind::kExit && trap.exit_code == 0) {
      return InvokeResult::success({stdio->takeStdout(), {}});
    }
    if (trap.kind == wasm::TrapKind::kExit) {
      return failure("module closed with exit_code(" + std::to_string(trap.exit_code) + ")");
    }
    host::RunLimits limits;
    limits.timeout = std::to_string(timeout_ms_) + "ms";
    limits.timeout_name = "the binding's timeout";
    return failure("wasm: " + guest_name_ + ": " + host::reportTrap(trap, *inst, limits).message);
  }
  return InvokeResult::success({stdio->takeStdout(), {}});
}

void registerWasmBinding(runtime::Registry& registry) {
  registry.add("bindings.wasm", [] { return std::make_unique<WasmBinding>(); });
}

}  // namespace lichen::components
