// WasmMiddleware's request path: one pooled instance per request, handle_request, the next
// handler when the guest asks for it, handle_response; and the component's registration.
#include <spdlog/spdlog.h>

#include <atomic>

#include "components/middleware/wasm/guest_state.h"
#include "components/middleware/wasm/wasm_middleware.h"
#include "host/trap_report.h"

namespace lichen::components {
namespace {

bool isFunc(const wasm::Extern* ext) { return ext && ext->kind == wasm::ExternKind::kFunc; }

// The downstream response over what the guest set before next: its status and body win, and
// each header name it sends replaces the guest's values of that name.
void mergeDownstream(middleware::HttpResponse& guest, middleware::HttpResponse downstream) {
  for (const auto& [name, value] : downstream.headers) {
    std::erase_if(guest.headers, [&](const auto& h) { return h.first == name; });
  }
  guest.headers.insert(guest.headers.end(), downstream.headers.begin(), downstream.headers.end());
  guest.status = downstream.status;
  guest.body = std::move(downstream.body);
}

}  // namespace

Expected<std::vector<wasm::Value>, std::string> WasmMiddleware::call(
    host::InstancePool::Lease& lease, wasm::FuncInstance* func,
    std::span<const wasm::Value> args) const {
  wasm::Store& store = lease.store();
  // Declared before the handle: the deadline is disarmed before the flag goes.
  std::atomic<bool> interrupt{false};
  store.limits().interrupt = &interrupt;
  auto result = [&] {
    host::DeadlineTicker::Handle deadline = ticker_.arm(timeout_, interrupt);
    return store.invoke(func, args);
  }();
  store.limits().interrupt = nullptr;
  if (result) return std::move(*result);
  host::RunLimits limits;
  limits.timeout = std::to_string(timeout_.count()) + "ms";
  limits.timeout_name = "the component's timeout metadata";
  return Unexpected(host::reportTrap(result.error(), &lease.instance(), limits).message);
}

Expected<void, std::string> WasmMiddleware::start(host::InstancePool::Lease& lease) const {
  wasm::Store& store = lease.store();
  wasm::ModuleInstance& inst = lease.instance();
  std::atomic<bool> interrupt{false};
  store.limits().interrupt = &interrupt;
  auto started = [&]() -> Expected<void, std::string> {
    host::DeadlineTicker::Handle deadline = ticker_.arm(timeout_, interrupt);
    if (auto ran = wasm::runStart(store, inst); !ran) return Unexpected(ran.error().toString());
    return {};
  }();
  store.limits().interrupt = nullptr;
  if (!started) return started;
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
  auto ran = call(*lease, inst.findExport("handle_request")->func, {});
  if (!ran) return failed("handle_request: " + ran.error());  // the instance is dropped
  uint64_t ctx_next = (*ran)[0].asU64();
  if ((ctx_next & 1) == 0) {
    // The guest answered the request itself.
    state.stopServing();
    pool_->recycle(std::move(*lease));
    return response;
  }
  const uint32_t req_ctx = static_cast<uint32_t>(ctx_next >> 32);
  // Without buffer_request, what the guest read of the body is consumed (as a stream would be).
  if (!(state.features & kFeatureBufferRequest) && !state.request_written) {
    request.body.erase(0, std::min<uint64_t>(state.request_read, request.body.size()));
  }
  state.phase = GuestPhase::kNext;
  mergeDownstream(response, next(request));
  state.phase = GuestPhase::kResponse;
  state.response_read = 0;
  state.response_written = false;
  wasm::Value args[] = {wasm::Value::i32(req_ctx), wasm::Value::i32(0)};
  if (auto done = call(*lease, inst.findExport("handle_response")->func, args); !done) {
    return failed("handle_response: " + done.error());
  }
  state.stopServing();
  pool_->recycle(std::move(*lease));
  return response;
}

void registerWasmMiddleware(runtime::Registry& registry) {
  registry.add(std::string(kWasmMiddlewareType), [] { return std::make_unique<WasmMiddleware>(); });
}

}  // namespace lichen::components
