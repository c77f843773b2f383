// The `lichen` host module's state functions: get/save/delete (v1), their `_with` forms that
// take options and metadata, bulk get and transactions (v2). Each maps onto the runtime's
// StateManager, which prefixes keys and checks ETags and TTLs exactly as for the HTTP API.
#include <optional>

#include "app/host_abi.h"
#include "app/host_abi_detail.h"

namespace lichen::app {
namespace {

using wasm::HostCall;

std::optional<std::string> etagOf(std::string etag) {
  if (etag.empty()) return std::nullopt;
  return etag;
}

// A guest's options (pairs): `consistency` and `concurrency` are options, the rest metadata.
struct StateOptions {
  state::Consistency consistency = state::Consistency::kUnspecified;
  state::Concurrency concurrency = state::Concurrency::kUnspecified;
  state::Metadata metadata;
};

// The options, or an error message for the guest.
Expected<StateOptions, std::string> parseOptions(std::string_view bytes) {
  auto pairs = decodePairs(bytes);
  if (!pairs) return Unexpected(std::string("options are not a list of pairs"));
  StateOptions out;
  for (auto& [name, value] : *pairs) {
    if (name == "consistency") {
      if (value == "strong") {
        out.consistency = state::Consistency::kStrong;
      } else if (value == "eventual") {
        out.consistency = state::Consistency::kEventual;
      } else {
        return Unexpected("invalid consistency: " + value + " (strong or eventual)");
      }
    } else if (name == "concurrency") {
      if (value == "first-write") {
        out.concurrency = state::Concurrency::kFirstWrite;
      } else if (value == "last-write") {
        out.concurrency = state::Concurrency::kLastWrite;
      } else {
        return Unexpected("invalid concurrency: " + value + " (first-write or last-write)");
      }
    } else {
      out.metadata[std::move(name)] = std::move(value);
    }
  }
  return out;
}

int32_t invalid(AppInstance& inst, const char* fn, const std::string& why) {
  return inst.fail(kInvalidArgument, std::string(fn) + ": " + why);
}

// state_get, state_get_etag and state_get_with: `etag_out` is where the ETag's handle goes.
int32_t getState(runtime::Runtime& rt, HostCall& call, const char* fn, const std::string& store,
                 state::GetRequest request, std::optional<uint32_t> etag_out) {
  AppInstance& inst = AppInstance::of(call);
  if (etag_out && !call.guestMemory().at(*etag_out, 4)) return badPointer(inst, fn);
  auto got = rt.state().get(store, request);
  if (!got) return failWith(inst, got.error());
  if (!*got) {
    if (etag_out) call.guestMemory().store<int32_t>(*etag_out, 0);
    return 0;
  }
  int32_t etag_handle = 0;
  if (etag_out && (*got)->etag) {
    etag_handle = holdResult(inst, *(*got)->etag);
    if (etag_handle < 0) return etag_handle;
  }
  int32_t value = holdResult(inst, std::move((*got)->data));
  if (value < 0) {
    if (etag_handle > 0) inst.drop(etag_handle);
    return value;
  }
  if (etag_out) call.guestMemory().store<int32_t>(*etag_out, etag_handle);
  return value;
}

state::SetRequest setRequest(std::string key, std::string value, std::string etag,
                             StateOptions options) {
  state::SetRequest request;
  request.key = std::move(key);
  request.value = std::move(value);
  request.etag = etagOf(std::move(etag));
  request.consistency = options.consistency;
  request.concurrency = options.concurrency;
  request.metadata = std::move(options.metadata);
  return request;
}

state::DeleteRequest deleteRequest(std::string key, std::string etag, StateOptions options) {
  state::DeleteRequest request;
  request.key = std::move(key);
  request.etag = etagOf(std::move(etag));
  request.consistency = options.consistency;
  request.concurrency = options.concurrency;
  request.metadata = std::move(options.metadata);
  return request;
}

int32_t saveState(runtime::Runtime& rt, AppInstance& inst, const std::string& store,
                  state::SetRequest request) {
  std::vector<state::SetRequest> requests;
  requests.push_back(std::move(request));
  auto saved = rt.state().save(store, std::move(requests));
  return saved ? 0 : failWith(inst, saved.error());
}

int32_t deleteState(runtime::Runtime& rt, AppInstance& inst, const std::string& store,
                    const state::DeleteRequest& request) {
  auto removed = rt.state().remove(store, request);
  return removed ? 0 : failWith(inst, removed.error());
}

void addSingleKey(wasm::HostModule& m, runtime::Runtime& rt) {
  m.func("state_get",
         [&rt](HostCall& call, uint32_t sp, uint32_t sl, uint32_t kp, uint32_t kl) -> int32_t {
           GuestReader read{call};
           std::string store = read(sp, sl);
           state::GetRequest request{read(kp, kl), {}, {}};
           if (!read.ok) return badPointer(AppInstance::of(call), "state_get");
           return getState(rt, call, "state_get", store, std::move(request), std::nullopt);
         });
  m.func("state_get_etag",
         [&rt](HostCall& call, uint32_t sp, uint32_t sl, uint32_t kp, uint32_t kl,
               uint32_t etag_out) -> int32_t {
           GuestReader read{call};
           std::string store = read(sp, sl);
           state::GetRequest request{read(kp, kl), {}, {}};
           if (!read.ok) return badPointer(AppInstance::of(call), "state_get_etag");
           return getState(rt, call, "state_get_etag", store, std::move(request), etag_out);
         });
  m.func("state_get_with",
         [&rt](HostCall& call, uint32_t sp, uint32_t sl, uint32_t kp, uint32_t kl, uint32_t op,
               uint32_t ol, uint32_t etag_out) -> int32_t {
           AppInstance& inst = AppInstance::of(call);
           GuestReader read{call};
           std::string store = read(sp, sl);
           std::string key = read(kp, kl);
           std::string opts = read(op, ol);
           if (!read.ok) return badPointer(inst, "state_get_with");
           auto options = parseOptions(opts);
           if (!options) return invalid(inst, "state_get_with", options.error());
           state::GetRequest request{std::move(key), std::move(options->metadata),
                                     options->consistency};
           return getState(rt, call, "state_get_with", store, std::move(request), etag_out);
         });
  m.func("state_save",
         [&rt](HostCall& call, uint32_t sp, uint32_t sl, uint32_t kp, uint32_t kl, uint32_t vp,
               uint32_t vl, uint32_t ep, uint32_t el) -> int32_t {
           AppInstance& inst = AppInstance::of(call);
           GuestReader read{call};
           std::string store = read(sp, sl);
           auto request = setRequest(read(kp, kl), read(vp, vl), read(ep, el), {});
           if (!read.ok) return badPointer(inst, "state_save");
           return saveState(rt, inst, store, std::move(request));
         });
  m.func("state_save_with",
         [&rt](HostCall& call, uint32_t sp, uint32_t sl, uint32_t kp, uint32_t kl, uint32_t vp,
               uint32_t vl, uint32_t ep, uint32_t el, uint32_t op, uint32_t ol) -> int32_t {
           AppInstance& inst = AppInstance::of(call);
           GuestReader read{call};
           std::string store = read(sp, sl);
           std::string key = read(kp, kl), value = read(vp, vl), etag = read(ep, el);
           std::string opts = read(op, ol);
           if (!read.ok) return badPointer(inst, "state_save_with");
           auto options = parseOptions(opts);
           if (!options) return invalid(inst, "state_save_with", options.error());
           return saveState(
               rt, inst, store,
               setRequest(std::move(key), std::move(value), std::move(etag), std::move(*options)));
         });
  m.func("state_delete",
         [&rt](HostCall& call, uint32_t sp, uint32_t sl, uint32_t kp, uint32_t kl, uint32_t ep,
               uint32_t el) -> int32_t {
           AppInstance& inst = AppInstance::of(call);
           GuestReader read{call};
           std::string store = read(sp, sl);
           auto request = deleteRequest(read(kp, kl), read(ep, el), {});
           if (!read.ok) return badPointer(inst, "state_delete");
           return deleteState(rt, inst, store, request);
         });
  m.func("state_delete_with",
         [&rt](HostCall& call, uint32_t sp, uint32_t sl, uint32_t kp, uint32_t kl, uint32_t ep,
               uint32_t el, uint32_t op, uint32_t ol) -> int32_t {
           AppInstance& inst = AppInstance::of(call);
           GuestReader read{call};
           std::string store = read(sp, sl);
           std::string key = read(kp, kl), etag = read(ep, el), opts = read(op, ol);
           if (!read.ok) return badPointer(inst, "state_delete_with");
           auto options = parseOptions(opts);
           if (!options) return invalid(inst, "state_delete_with", options.error());
           if (options->metadata.count("ttlInSeconds")) {
             return invalid(inst, "state_delete_with", "ttlInSeconds is for saves");
           }
           return deleteState(rt, inst, store,
                              deleteRequest(std::move(key), std::move(etag), std::move(*options)));
         });
}

// A transaction's operations: five entries each (operation, key, value, ETag, options).
Expected<std::vector<state::Operation>, std::string> parseOperations(std::string_view bytes) {
  auto entries = decodeList(bytes);
  if (!entries || entries->size() % 5 != 0) {
    return Unexpected(std::string("operations are not a list of five entries each"));
  }
  std::vector<state::Operation> ops;
  for (size_t i = 0; i < entries->size(); i += 5) {
    std::string& kind = (*entries)[i];
    auto options = parseOptions((*entries)[i + 4]);
    if (!options) return Unexpected("operation " + std::to_string(i / 5) + ": " + options.error());
    std::string& key = (*entries)[i + 1];
    std::string& etag = (*entries)[i + 3];
    if (kind == "upsert") {
      ops.emplace_back(setRequest(std::move(key), std::move((*entries)[i + 2]), std::move(etag),
                                  std::move(*options)));
    } else if (kind == "delete") {
      ops.emplace_back(deleteRequest(std::move(key), std::move(etag), std::move(*options)));
    } else {
      return Unexpected("operation " + std::to_string(i / 5) + ": unknown operation \"" + kind +
                        "\" (upsert or delete)");
    }
  }
  return ops;
}

void addMultiKey(wasm::HostModule& m, runtime::Runtime& rt) {
  m.func("state_get_bulk",
         [&rt](HostCall& call, uint32_t sp, uint32_t sl, uint32_t kp, uint32_t kl, uint32_t op,
               uint32_t ol) -> int32_t {
           AppInstance& inst = AppInstance::of(call);
           GuestReader read{call};
           std::string store = read(sp, sl), keys_bytes = read(kp, kl), opts = read(op, ol);
           if (!read.ok) return badPointer(inst, "state_get_bulk");
           auto keys = decodeList(keys_bytes);
           if (!keys) return invalid(inst, "state_get_bulk", "the keys are not a list");
           auto metadata = decodePairs(opts);
           if (!metadata) return invalid(inst, "state_get_bulk", "options are not a list of pairs");
           state::Metadata md(metadata->begin(), metadata->end());
           auto items = rt.state().bulkGet(store, *keys, md);
           if (!items) return failWith(inst, items.error());
           std::string out;
           for (const state::BulkGetItem& item : *items) {
             appendEntry(out, item.key);
             const char status = !item.error.empty() ? 2 : item.response ? 1 : 0;
             appendEntry(out, std::string_view(&status, 1));
             appendEntry(out, !item.error.empty() ? item.error
                              : item.response     ? item.response->data
                                                  : std::string());
             appendEntry(out, item.response && item.response->etag ? *item.response->etag : "");
           }
           return holdResult(inst, std::move(out));
         });
  m.func("state_transaction",
         [&rt](HostCall& call, uint32_t sp, uint32_t sl, uint32_t opsp, uint32_t opsl, uint32_t op,
               uint32_t ol) -> int32_t {
           AppInstance& inst = AppInstance::of(call);
           GuestReader read{call};
           std::string store = read(sp, sl), ops_bytes = read(opsp, opsl), opts = read(op, ol);
           if (!read.ok) return badPointer(inst, "state_transaction");
           auto ops = parseOperations(ops_bytes);
           if (!ops) return invalid(inst, "state_transaction", ops.error());
           auto metadata = decodePairs(opts);
           if (!metadata)
             return invalid(inst, "state_transaction", "options are not a list of pairs");
           state::Metadata md(metadata->begin(), metadata->end());
           auto done = rt.state().transact(store, std::move(*ops), md);
           return done ? 0 : failWith(inst, done.error());
         });
}

}  // namespace

void addState(wasm::HostModule& m, runtime::Runtime& runtime) {
  addSingleKey(m, runtime);
  addMultiKey(m, runtime);
}

}  // namespace lichen::app
