// A Wasm module served in-process as the app (`lichen run --app-id ID app.wasm`): it answers
// service invocations, pub/sub events and input-binding events through the exports of
// docs/host-abi.md and reaches the building blocks through the `lichen` host module. Each
// request or event gets a fresh instance (from an InstancePool over one compiled module, so its
// memory starts from the copy-on-write image), or with --wasm-instances pool a reused one, with
// its own WASI context and the per-request limits: a deadline on the process's one ticker, fuel
// and a memory cap. A trap fails only its own request (and its instance is never reused).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <semaphore>
#include <string>
#include <string_view>
#include <vector>

#include "app/app_instance.h"
#include "host/deadline_ticker.h"
#include "host/instance_pool.h"
#include "host/module_cache.h"
#include "host/outbound_http.h"
#include "host/trap_report.h"
#include "runtime/bindings/input_handler.h"
#include "runtime/pubsub/subscriber.h"
#include "runtime/runtime.h"
#include "wasi/wasi_ctx.h"
#include "wasm/engine/engine.h"

namespace lichen::app {

// The guest's exports (docs/host-abi.md).
inline constexpr std::string_view kVersionExport = "lichen_abi_version";
inline constexpr std::string_view kInitExport = "lichen_init";
inline constexpr std::string_view kInvokeExport = "lichen_handle_invoke";
inline constexpr std::string_view kEventExport = "lichen_handle_event";
inline constexpr std::string_view kBindingExport = "lichen_handle_binding";

struct WasmAppOptions {
  std::string file;
  std::string app_id;
  std::optional<uint64_t> max_memory_mib;                       // per request
  std::optional<uint64_t> fuel;                                 // per request
  std::chrono::nanoseconds timeout = std::chrono::seconds(30);  // per request
  std::string timeout_text = "30s";  // as the user wrote it, for trap messages
  std::vector<wasi::Preopen> preopens;
  std::vector<std::string> env;  // KEY=VALUE
  // `--wasm-instances`: kFresh, a new instance for every request or event (nothing carries
  // over); kPool, instances reused until one traps (memory and WASI state carry over).
  enum class Instances { kFresh, kPool } instances = Instances::kFresh;
  // `--app-max-concurrency`: requests and events served at once (0: no limit); the rest wait
  // for a slot up to their timeout.
  unsigned max_concurrency = 0;
  // `--allowed-outbound-hosts`: what http_request may reach (nothing by default).
  host::AllowedHosts outbound_hosts;
};

class WasmApp {
 public:
  // Loads and compiles the module, links WASI and `lichen` (an unknown import is an error
  // naming it) and checks the ABI version the guest declares. `runtime` must outlive the app.
  static Expected<std::unique_ptr<WasmApp>, std::string> load(WasmAppOptions options,
                                                              runtime::Runtime& runtime);

  // Runs the guest's lichen_init once, if it has one; a trap or a non-zero result is an error.
  Expected<void, std::string> init();
  // One invocation. A trap is a 500 response naming it (errorCode ERR_WASM_TRAP, `trap`: the
  // kind); an error is a failure to run the guest at all.
  StatusOr<component::AppResponse> invoke(const component::AppRequest& request);
  // One event: the guest's SUCCESS/RETRY/DROP; a trap retries; no event handler drops.
  pubsub::DeliveryResult deliver(const pubsub::Delivery& delivery);
  // One input-binding event: handled when lichen_handle_binding returns 0; an error names
  // what it returned or the trap.
  StatusOr<std::string> deliverBinding(const bindings::InputEvent& event);
  // Whether the module exports `name` (a handler it serves).
  bool exports(std::string_view name) const;

  // The subscriptions the guest's lichen_init made (programmatic), after init().
  std::vector<pubsub::Subscription> subscriptions() const;

  int32_t abiVersion() const { return abi_version_; }
  const std::string& appId() const { return options_.app_id; }

 private:
  struct Outcome {
    std::optional<int32_t> result;         // the export's i32
    std::optional<host::TrapReport> trap;  // or the trap that ended it
    bool missing = false;                  // no such export
    std::string error;                     // or why the guest could not run
  };

  explicit WasmApp(WasmAppOptions options)
      : options_(std::move(options)), outbound_(options_.outbound_hosts) {}
  // An instance (fresh, or a reused one with --wasm-instances pool), `bind` pointing its
  // AppInstance at what it serves, then `name`() -> i32.
  Outcome run(std::string_view name, const std::function<void(AppInstance&)>& bind);
  // Takes one of --app-max-concurrency's slots (none to take without it): nullopt, or why no
  // slot freed within the timeout.
  std::optional<std::string> takeSlot();
  void releaseSlot();

  WasmAppOptions options_;
  wasm::Engine engine_;
  host::ModuleCache cache_{engine_};
  host::ModuleCache::ModulePtr module_;
  wasm::Linker linker_;
  std::unique_ptr<host::InstancePool> pool_;
  host::DeadlineTicker ticker_;
  host::OutboundHttp outbound_;
  std::unique_ptr<std::counting_semaphore<>> slots_;  // with --app-max-concurrency
  std::vector<pubsub::Subscription> subscriptions_;   // written by init() only
  int32_t abi_version_ = 0;
};

// A Dapr-style error body for a trap: {"errorCode":"ERR_WASM_TRAP","message":...,"trap":kind}.
std::string trapErrorBody(const std::string& app_id, const host::TrapReport& trap);
// The event a guest reads from a delivery: a CloudEvent's fields and data (data_base64
// decoded), or a raw payload as it came.
AppEvent eventFromDelivery(const pubsub::Delivery& delivery);

}  // namespace lichen::app
