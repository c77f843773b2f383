#include "app/wasm_app.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>

#include "app/abi_list.h"
#include "app/host_abi.h"
#include "wasi/posix_os.h"
#include "wasi/wasi_imports.h"

namespace lichen::app {
namespace {

namespace json = boost::json;

// Invocations nested on one thread (an app invoking itself, directly or through another Wasm
// app): each holds a host stack, so a guest recursing without end is refused, not a crash.
constexpr int kMaxNesting = 8;
thread_local int nesting = 0;

struct NestingGuard {
  NestingGuard() { ++nesting; }
  ~NestingGuard() { --nesting; }
};

bool isFunc(const wasm::Extern* ext) { return ext && ext->kind == wasm::ExternKind::kFunc; }

}  // namespace

Expected<std::unique_ptr<WasmApp>, std::string> WasmApp::load(WasmAppOptions options,
                                                              runtime::Runtime& runtime) {
  std::unique_ptr<WasmApp> app(new WasmApp(std::move(options)));
  const WasmAppOptions& opts = app->options_;
  auto module = app->cache_.loadFile(opts.file);
  if (!module) return Unexpected(opts.file + ": " + module.error().toString());
  app->module_ = *module;
  // WASI per instance: each Store's AppInstance carries its own context.
  auto wasi = wasi::wasiHostModule(
      [](wasm::HostCall& call) -> wasi::WasiCtx& { return *AppInstance::of(call).wasi(); });
  if (auto added = app->linker_.addHostModule(std::move(wasi)); !added) {
    return Unexpected(added.error().toString());
  }
  wasm::HostModule lichen = lichenHostModule(runtime, app->outbound_);
  // An import of `lichen` this host lacks: name the likely cause (a newer ABI) before linking
  // would only say "unknown import".
  const std::vector<std::string_view> provided = lichen.fieldNames();
  for (const wasm::Import& imp : app->module_->module.imports) {
    if (imp.module != kAbiModule) continue;
    if (std::find(provided.begin(), provided.end(), imp.name) == provided.end()) {
      return Unexpected(opts.file + ": imports \"lichen\" \"" + imp.name +
                        "\", which this lichen does not have: the app may be built for a newer "
                        "lichen ABI (this lichen serves versions 1 to " +
                        std::to_string(kAbiVersion) + ", docs/host-abi.md)");
    }
  }
  if (auto added = app->linker_.addHostModule(std::move(lichen)); !added) {
    return Unexpected(added.error().toString());
  }
  // A first Store checks the imports and the pre-opened directories before serving.
  wasm::Store probe(app->engine_.executor());
  if (auto linked = app->linker_.link(probe, app->module_->module); !linked) {
    return Unexpected(opts.file + ": " + linked.error().toString());
  }
  wasi::WasiConfig config{{opts.file}, opts.env, opts.preopens};
  if (auto ctx = wasi::WasiCtx::create(config, std::make_shared<wasi::PosixOs>()); !ctx) {
    return Unexpected(ctx.error());
  }

  host::InstancePool::Options pool;
  pool.max_idle = 0;  // instantiation is microseconds: made on demand, no idle instances
  pool.start = wasm::StartFunction::kDefer;  // runs under the request's limits
  pool.configure = [opts = app->options_](wasm::Store& store) {
    if (opts.max_memory_mib) store.setMaxMemoryPages(*opts.max_memory_mib * 16);
    if (opts.fuel) store.limits().fuel = *opts.fuel;
    wasi::WasiConfig config{{opts.file}, opts.env, opts.preopens};
    auto ctx = wasi::WasiCtx::create(config, std::make_shared<wasi::PosixOs>());
    store.setHostData(std::make_shared<AppInstance>(ctx ? std::move(*ctx) : nullptr));
  };
  pool.max_recycled = opts.max_concurrency > 0 ? opts.max_concurrency : 16;
  if (opts.max_concurrency > 0) {
    app->slots_ = std::make_unique<std::counting_semaphore<>>(opts.max_concurrency);
  }
  app->pool_ = std::make_unique<host::InstancePool>(app->engine_.executor(), app->module_,
                                                    app->linker_, std::move(pool));

  // The ABI version the guest was built for: required, and one this host serves.
  Outcome version = app->run(kVersionExport, [](AppInstance&) {});
  if (version.missing) {
    return Unexpected(opts.file + ": not a Lichen app: it has no export \"" +
                      std::string(kVersionExport) + "\" () -> i32 (see docs/host-abi.md)");
  }
  if (!version.result) {
    return Unexpected(opts.file + ": " + std::string(kVersionExport) + ": " +
                      (version.trap ? version.trap->message : version.error));
  }
  if (*version.result < 1 || *version.result > kAbiVersion) {
    return Unexpected(opts.file + ": built for lichen ABI version " +
                      std::to_string(*version.result) + "; this lichen serves versions 1 to " +
                      std::to_string(kAbiVersion));
  }
  app->abi_version_ = *version.result;
  return app;
}

WasmApp::Outcome WasmApp::run(std::string_view name,
                              const std::function<void(AppInstance&)>& bind) {
  auto lease = pool_->acquire();
  if (!lease) return Outcome{{}, {}, false, "cannot instantiate: " + lease.error().toString()};
  wasm::Store& store = lease->store();
  wasm::ModuleInstance& inst = lease->instance();
  auto& data = *static_cast<AppInstance*>(store.hostData());
  if (!data.wasi()) return Outcome{{}, {}, false, "cannot set up WASI for the instance"};
  data.startServing();
  bind(data);
  // Declared after the lease: the deadline is disarmed before the flag goes, and both before
  // the Store.
  std::atomic<bool> interrupt{false};
  store.limits().interrupt = &interrupt;
  if (options_.fuel) store.limits().fuel = *options_.fuel;  // a reused instance's, refilled
  data.deadline = std::chrono::steady_clock::now() + options_.timeout;
  host::DeadlineTicker::Handle deadline = ticker_.arm(options_.timeout, interrupt);

  auto trapped = [&](const wasm::Trap& trap) {
    host::RunLimits limits;
    limits.fuel = options_.fuel;
    limits.timeout = options_.timeout_text;
    Outcome out;
    out.trap = host::reportTrap(trap, &inst, limits);
    return out;  // the lease ends with it: a trapped instance is never reused
  };
  if (lease->uses() == 0) {
    if (auto started = wasm::runStart(store, inst); !started) return trapped(started.error());
    // A reactor's constructors (wasi-libc's _initialize) run once per instance.
    if (const wasm::Extern* init = inst.findExport("_initialize"); isFunc(init)) {
      if (auto done = store.invoke(init->func, {}); !done) return trapped(done.error());
    }
  }
  Outcome out;
  const wasm::Extern* fn = inst.findExport(name);
  if (!isFunc(fn)) {
    out.missing = true;
  } else if (const wasm::FuncType& type = *fn->func->type; !type.params.empty() ||
                                                           type.results.size() != 1 ||
                                                           type.results[0] != wasm::ValType::kI32) {
    out.error = "export \"" + std::string(name) + "\" is not () -> i32";
  } else {
    auto result = store.invoke(fn->func, {});
    if (!result) return trapped(result.error());
    out.result = (*result)[0].asI32();
  }
  if (options_.instances == WasmAppOptions::Instances::kPool) {
    data.stopServing();
    store.limits().interrupt = nullptr;
    pool_->recycle(std::move(*lease));
  }
  return out;
}

std::optional<std::string> WasmApp::takeSlot() {
  if (!slots_ || slots_->try_acquire_for(options_.timeout)) return std::nullopt;
  return "app " + options_.app_id + " is serving --app-max-concurrency " +
         std::to_string(options_.max_concurrency) + " requests and no slot freed within " +
         options_.timeout_text;
}

void WasmApp::releaseSlot() {
  if (slots_) slots_->release();
}

std::vector<pubsub::Subscription> WasmApp::subscriptions() const { return subscriptions_; }

Expected<void, std::string> WasmApp::init() {
  std::vector<pubsub::Subscription> made;
  Outcome out = run(kInitExport, [&made](AppInstance& inst) { inst.subscriptions = &made; });
  subscriptions_ = std::move(made);
  if (out.missing) return {};
  if (out.trap) return Unexpected(std::string(kInitExport) + ": " + out.trap->toText());
  if (!out.result) return Unexpected(std::string(kInitExport) + ": " + out.error);
  if (*out.result != 0) {
    return Unexpected(std::string(kInitExport) + " returned " + std::to_string(*out.result));
  }
  return {};
}

StatusOr<component::AppResponse> WasmApp::invoke(const component::AppRequest& request) {
  if (nesting >= kMaxNesting) {
    return fail(Status(StatusCode::kInternal, "invocations of wasm apps nested deeper than " +
                                                  std::to_string(kMaxNesting)));
  }
  // A nested call runs inside a request that holds a slot already: it takes none, or an app
  // invoking itself under --app-max-concurrency 1 would wait for itself.
  const bool outermost = nesting == 0;
  NestingGuard guard;
  if (outermost) {
    if (auto busy = takeSlot()) {
      json::object body{{"errorCode", "ERR_APP_BUSY"}, {"message", *busy}};
      return component::AppResponse{503, json::serialize(body), "application/json", {}};
    }
  }
  struct SlotRelease {
    WasmApp* app;
    bool held;
    ~SlotRelease() {
      if (held) app->releaseSlot();
    }
  } release{this, outermost};
  component::AppResponse response{200, {}, {}, {}};
  Outcome out = run(kInvokeExport, [&](AppInstance& inst) {
    inst.request = &request;
    inst.response = &response;
  });
  if (out.trap) {
    spdlog::warn("app {}: {} {}: {}", options_.app_id, request.verb, request.path,
                 out.trap->toText());
    return component::AppResponse{
        500, trapErrorBody(options_.app_id, *out.trap), "application/json", {}};
  }
  if (out.missing || (out.result && *out.result != 0)) {
    return component::AppResponse{404, {}, {}, {}};  // the app serves no invocations
  }
  if (!out.result) return fail(Status(StatusCode::kInternal, out.error));
  return response;
}

pubsub::DeliveryResult WasmApp::deliver(const pubsub::Delivery& delivery) {
  AppEvent event = eventFromDelivery(delivery);
  if (auto busy = takeSlot()) return pubsub::DeliveryResult::retry(*busy);
  Outcome out = run(kEventExport, [&](AppInstance& inst) { inst.event = &event; });
  releaseSlot();
  if (out.trap) return pubsub::DeliveryResult::retry("the app trapped: " + out.trap->message);
  if (out.missing) return pubsub::DeliveryResult::discard("the app has no event handler");
  if (!out.result) return pubsub::DeliveryResult::retry(out.error);
  switch (*out.result) {
    case 0:
      return pubsub::DeliveryResult::success();
    case 2:
      return pubsub::DeliveryResult::drop("the app answered DROP");
    default:
      return pubsub::DeliveryResult::retry("the app answered RETRY");
  }
}

StatusOr<std::string> WasmApp::deliverBinding(const bindings::InputEvent& event) {
  AppBindingEvent binding{event.name, event.data,
                          encodePairs(AbiPairs(event.metadata.begin(), event.metadata.end()))};
  if (auto busy = takeSlot()) return fail(Status(StatusCode::kInternal, *busy));
  Outcome out = run(kBindingExport, [&](AppInstance& inst) { inst.binding = &binding; });
  releaseSlot();
  const std::string what = "app " + options_.app_id + ": binding " + event.name + ": ";
  if (out.trap) return fail(Status(StatusCode::kInternal, what + out.trap->toText()));
  if (out.missing) return fail(Status(StatusCode::kInternal, what + "no lichen_handle_binding"));
  if (!out.result) return fail(Status(StatusCode::kInternal, what + out.error));
  if (*out.result != 0) {
    return fail(Status(StatusCode::kInternal,
                       what + "lichen_handle_binding returned " + std::to_string(*out.result)));
  }
  return std::string();
}

bool WasmApp::exports(std::string_view name) const {
  for (const auto& exp : module_->module.exports) {
    if (exp.name == name) return true;
  }
  return false;
}

std::string trapErrorBody(const std::string& app_id, const host::TrapReport& trap) {
  json::object body;
  body["errorCode"] = "ERR_WASM_TRAP";
  body["message"] = "app " + app_id + " trapped: " + trap.kind_name + ": " + trap.message;
  body["trap"] = trap.kind_name;
  return json::serialize(body);
}

}  // namespace lichen::app
