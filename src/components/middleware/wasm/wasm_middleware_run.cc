// WasmMiddleware's request path: one pooled instance per request, handle_request, the next
// handler when the guest asks for it, handle_response; and the component's registration.
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>

#include "components/middleware/wasm/guest_state.h"
#include "components/middleware/wasm/wasm_middleware.h"
#include "host/trap_report.h"

namespace lichen::components {
namespace {

bool isFunc(const wasm::Extern* ext) { return ext && ext->kind == wasm::ExternKind::kFunc; }

// The downstream response over what the guest set before next, as one response written by
// both (the reference host's model): a status the guest set comes first and stays (the next
// handler's is superfluous then), otherwise the next handler's; each header name the next
// handler sends replaces the guest's values of that name; its body follows what the guest
// wrote. A downstream failure stays one for the layers further out.
void mergeDownstream(middleware::HttpResponse& guest, middleware::HttpResponse downstream,
                     bool guest_set_status) {
  for (const auto& [name, value] : downstream.headers) {
    std::erase_if(guest.headers, [&](const auto& h) { return h.first == name; });
  }
  guest.headers.insert(guest.headers.end(), downstream.headers.begin(), downstream.headers.end());
  if (!guest_set_status || downstream.failed) guest.status = downstream.status;
  if (guest.body.empty()) {
    guest.body = std::move(downstream.body);
  } else {
    guest.body += downstream.body;
  }
  guest.failed = downstream.failed;
}

// The guest's deadline while it serves one request (or starts): the Store's interrupt flag, set
// by the ticker when the time is up. One arming covers handle_request and handle_response, so a
// fast request pays for one; refresh() re-arms it after `next` only when less than half is left.
class GuestDeadline {
 public:
  using Clock = std::chrono::steady_clock;
  GuestDeadline(host::DeadlineTicker& ticker, std::chrono::milliseconds timeout, wasm::Store& store)
      : ticker_(ticker), timeout_(timeout), store_(&store) {
    store.limits().interrupt = &flag_;
    arm();
  }
  ~GuestDeadline() { finish(); }
  GuestDeadline(const GuestDeadline&) = delete;
  GuestDeadline& operator=(const GuestDeadline&) = delete;

  void refresh() {
    if (!flag_.load(std::memory_order_relaxed) && Clock::now() - armed_at_ < timeout_ / 2) return;
    handle_.disarm();
    flag_.store(false, std::memory_order_relaxed);
    arm();
  }
  // Before the instance goes back to the pool (another thread may take it at once).
  void finish() {
    if (!store_) return;
    handle_.disarm();
    store_->limits().interrupt = nullptr;
    store_ = nullptr;
  }

 private:
  void arm() {
    armed_at_ = Clock::now();
    handle_ = ticker_.arm(timeout_, flag_);
  }

  host::DeadlineTicker& ticker_;
  const std::chrono::milliseconds timeout_;
  wasm::Store* store_;
  Clock::time_point armed_at_;
  std::atomic<bool> flag_{false};
  host::DeadlineTicker::Handle handle_;  // after flag_: disarmed before the flag goes
};

}  // namespace

Expected<std::vector<wasm::Value>, std::string> WasmMiddleware::call(
    host::InstancePool::Lease& lease, wasm::FuncInstance* func,
    std::span<const wasm::Value> args) const {
  auto result = lease.store().invoke(func, args);
  if (result) return std::move(*result);
  host::RunLimits limits;
  limits.timeout = std::to_string(timeout_.count()) + "ms";
  limits.timeout_name = "the component's timeout metadata";
  return Unexpected(host::reportTrap(result.error(), &lease.instance(), limits).message);
}

Expected<void, std::string> WasmMiddleware::start(host::InstancePool::Lease& lease) const {
  wasm::Store& store = lease.store();
  wasm::ModuleInstance& inst = lease.instance();
  GuestDeadline deadline(ticker_, timeout_, store);
  if (auto ran = wasm::runStart(store, inst); !ran) return Unexpected(ran.error().toString());
  for (const char* name : {"_initialize", "_start"}) {
    const wasm::Extern* fn = inst.findExport(name);
    if (!isFunc(fn)) continue;
    auto ran = call(lease, fn->func, {});
    // A command whose main returns 0 may still end with proc_exit(0): that is a clean start.
    if (!ran && ran.error() != "program exited with status 0") {
      return Unexpected(std::string(name) + ": " + ran.error());
    }
    break;
  }
  return {};
}

middleware::HttpResponse WasmMiddleware::handle(middleware::HttpRequest request,
                                                const middleware::HttpNext& next) const {
  auto lease = pool_->acquire();
  if (!lease) return failed("cannot instantiate: " + lease.error().toString());
  if (lease->uses() == 0) {
    if (auto started = start(*lease); !started) return failed(started.error());
  }
  wasm::ModuleInstance& inst = lease->instance();
  auto& state = *static_cast<GuestState*>(lease->store().hostData());
  middleware::HttpResponse response;
  state.startServing(&request, &response);
  GuestDeadline deadline(ticker_, timeout_, lease->store());
  auto ran = call(*lease, inst.findExport("handle_request")->func, {});
  if (!ran) return failed("handle_request: " + ran.error());  // the instance is dropped
  uint64_t ctx_next = (*ran)[0].asU64();
  if ((ctx_next & 1) == 0) {
    // The guest answered the request itself.
    state.stopServing();
    deadline.finish();
    pool_->recycle(std::move(*lease));
    return response;
  }
  const uint32_t req_ctx = static_cast<uint32_t>(ctx_next >> 32);
  // Without buffer_request, what the guest read of the body is consumed (as a stream would be).
  if (!(state.features & kFeatureBufferRequest) && !state.request_written) {
    request.body.erase(0, std::min<uint64_t>(state.request_read, request.body.size()));
  }
  state.phase = GuestPhase::kNext;
  mergeDownstream(response, next(request), state.status_set);
  deadline.refresh();
  state.phase = GuestPhase::kResponse;
  state.response_read = 0;
  state.response_written = false;
  // is_error: the next handler failed rather than answered (as the reference host passes 1
  // when its next handler returns an error).
  wasm::Value args[] = {wasm::Value::i32(req_ctx), wasm::Value::i32(response.failed ? 1 : 0)};
  if (auto done = call(*lease, inst.findExport("handle_response")->func, args); !done) {
    return failed("handle_response: " + done.error());
  }
  state.stopServing();
  deadline.finish();
  pool_->recycle(std::move(*lease));
  return response;
}

void registerWasmMiddleware(runtime::Registry& registry) {
  registry.add(std::string(kWasmMiddlewareType), [] { return std::make_unique<WasmMiddleware>(); });
}

}  // namespace lichen::components
