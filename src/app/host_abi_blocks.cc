// The `lichen` host module's building blocks beyond state: publish, subscribe, service
// invocation, bindings, secrets.
// Each maps straight onto the runtime's manager, in-process; a Status becomes an error code
// and its Dapr message becomes the guest's error_message().
#include <boost/json.hpp>
#include <optional>

#include "app/host_abi.h"
#include "app/host_abi_detail.h"

namespace lichen::app {
namespace {

using wasm::HostCall;

int32_t codeOf(StatusCode code) {
  switch (code) {
    case StatusCode::kEtagMismatch:
    case StatusCode::kStateSaveEtagMismatch:
    case StatusCode::kStateDeleteEtagMismatch:
      return kEtagMismatch;
    case StatusCode::kNotFound:
    case StatusCode::kStateStoreNotConfigured:
    case StatusCode::kStateStoreNotFound:
    case StatusCode::kPubsubNotConfigured:
    case StatusCode::kPubsubNotFound:
    case StatusCode::kSecretStoresNotConfigured:
    case StatusCode::kSecretStoreNotFound:
    case StatusCode::kConfigurationStoreNotConfigured:
    case StatusCode::kConfigurationStoreNotFound:
    case StatusCode::kLockStoreNotConfigured:
    case StatusCode::kLockStoreNotFound:
      return kNotFound;
    case StatusCode::kSecretPermissionDenied:
      return kNotAllowed;
    case StatusCode::kBadRequest:
    case StatusCode::kMalformedRequest:
    case StatusCode::kEtagInvalid:
    case StatusCode::kStateIllegalKey:
    case StatusCode::kStateSaveEtagInvalid:
    case StatusCode::kStateDeleteEtagInvalid:
    case StatusCode::kPubsubEmpty:
    case StatusCode::kTopicNameEmpty:
      return kInvalidArgument;
    default:
      return kFailed;
  }
}

}  // namespace

int32_t failWith(AppInstance& inst, const Status& status) {
  return inst.fail(codeOf(status.code()), status.message());
}

int32_t badPointer(AppInstance& inst, const char* fn) {
  return inst.fail(kBadPointer, std::string(fn) + ": a pointer or length is out of bounds");
}

namespace {

void addMessaging(wasm::HostModule& m, runtime::Runtime& rt) {
  m.func(
      "publish",
      [&rt](HostCall& call, uint32_t pp, uint32_t pl, uint32_t tp, uint32_t tl, uint32_t dp,
            uint32_t dl, uint32_t cp, uint32_t cl) -> int32_t {
        AppInstance& inst = AppInstance::of(call);
        GuestReader read{call};
        pubsub::PublishRequest request{read(pp, pl), read(tp, tl), read(dp, dl), read(cp, cl), {}};
        if (!read.ok) return badPointer(inst, "publish");
        auto published = rt.pubsub().publish(request);
        return published ? 0 : failWith(inst, published.error());
      });
  m.func(
      "publish_with",
      [&rt](HostCall& call, uint32_t pp, uint32_t pl, uint32_t tp, uint32_t tl, uint32_t dp,
            uint32_t dl, uint32_t cp, uint32_t cl, uint32_t mp, uint32_t ml) -> int32_t {
        AppInstance& inst = AppInstance::of(call);
        GuestReader read{call};
        pubsub::PublishRequest request{read(pp, pl), read(tp, tl), read(dp, dl), read(cp, cl), {}};
        std::string meta = read(mp, ml);
        if (!read.ok) return badPointer(inst, "publish_with");
        auto pairs = decodePairs(meta);
        if (!pairs) {
          return inst.fail(kInvalidArgument, "publish_with: metadata is not a list of pairs");
        }
        request.metadata = pubsub::Metadata(pairs->begin(), pairs->end());
        auto published = rt.pubsub().publish(request);
        return published ? 0 : failWith(inst, published.error());
      });
  m.func("subscribe",
         [&rt](HostCall& call, uint32_t pp, uint32_t pl, uint32_t tp, uint32_t tl, uint32_t rp,
               uint32_t rl, uint32_t op, uint32_t ol) -> int32_t {
           AppInstance& inst = AppInstance::of(call);
           if (!inst.subscriptions) {
             return inst.fail(kUnavailable, "subscribe: only while lichen_init runs");
           }
           GuestReader read{call};
           pubsub::Subscription sub;
           sub.pubsub = read(pp, pl);
           sub.topic = read(tp, tl);
           sub.default_path = read(rp, rl);
           std::string opts = read(op, ol);
           if (!read.ok) return badPointer(inst, "subscribe");
           auto pairs = decodePairs(opts);
           if (!pairs)
             return inst.fail(kInvalidArgument, "subscribe: options are not a list of pairs");
           for (auto& [name, value] : *pairs) {
             if (name == "deadLetterTopic") {
               sub.dead_letter_topic = std::move(value);
             } else {
               sub.metadata[std::move(name)] = std::move(value);
             }
           }
           if (sub.topic.empty())
             return inst.fail(kInvalidArgument, "subscribe: the topic is empty");
           bool known = false;
           for (const auto& info : rt.pubsub().pubsubs()) known = known || info.name == sub.pubsub;
           if (!known)
             return inst.fail(kNotFound, "subscribe: no pub/sub named \"" + sub.pubsub + "\"");
           sub.type = "PROGRAMMATIC";
           inst.subscriptions->push_back(std::move(sub));
           return 0;
         });
  m.func(
      "invoke",
      [&rt](HostCall& call, uint32_t app_ptr, uint32_t app_len, uint32_t verb_ptr,
            uint32_t verb_len, uint32_t method_ptr, uint32_t method_len, uint32_t body_ptr,
            uint32_t body_len, uint32_t ct_ptr, uint32_t ct_len, uint32_t response_out) -> int32_t {
        AppInstance& inst = AppInstance::of(call);
        GuestReader read{call};
        invoke::InvokeRequest request;
        request.app_id = read(app_ptr, app_len);
        request.verb = read(verb_ptr, verb_len);
        request.method = read(method_ptr, method_len);
        request.body = read(body_ptr, body_len);
        request.content_type = read(ct_ptr, ct_len);
        if (!read.ok || !call.guestMemory().at(response_out, 4)) return badPointer(inst, "invoke");
        if (request.verb.empty()) request.verb = "POST";
        while (!request.method.empty() && request.method.front() == '/') request.method.erase(0, 1);
        auto response = rt.invocation().invoke(request);
        if (!response) return failWith(inst, response.error());
        int32_t body = holdResult(inst, std::move(response->body));
        if (body < 0) return body;
        call.guestMemory().store<int32_t>(response_out, body);
        return response->status;
      });
}

void addBindings(wasm::HostModule& m, runtime::Runtime& rt) {
  m.func("binding_invoke",
         [&rt](HostCall& call, uint32_t np, uint32_t nl, uint32_t op, uint32_t ol, uint32_t dp,
               uint32_t dl, uint32_t mp, uint32_t ml, uint32_t out) -> int32_t {
           AppInstance& inst = AppInstance::of(call);
           GuestReader read{call};
           std::string name = read(np, nl), operation = read(op, ol), data = read(dp, dl);
           std::string meta = read(mp, ml);
           if (!read.ok || !call.guestMemory().at(out, 8)) {
             return badPointer(inst, "binding_invoke");
           }
           auto pairs = decodePairs(meta);
           if (!pairs) {
             return inst.fail(kInvalidArgument, "binding_invoke: metadata is not a list of pairs");
           }
           if (!rt.bindings().hasOutput(name)) {
             return inst.fail(kNotFound,
                              "binding_invoke: no output binding named \"" + name + "\"");
           }
           bindings::InvokeResult result = rt.bindings().invoke(
               name, operation, std::move(data), bindings::Metadata(pairs->begin(), pairs->end()));
           if (!result.ok()) return failWith(inst, result.error);
           bindings::InvokeResponse response =
               result.response ? std::move(*result.response) : bindings::InvokeResponse{};
           int32_t body = holdResult(inst, std::move(response.data));
           if (body < 0) return body;
           AbiPairs metadata(response.metadata.begin(), response.metadata.end());
           int32_t metadata_handle = holdResult(inst, encodePairs(metadata));
           if (metadata_handle < 0) {
             inst.drop(body);
             return metadata_handle;
           }
           call.guestMemory().store<int32_t>(out, body);
           call.guestMemory().store<int32_t>(out + 4, metadata_handle);
           return 0;
         });
  m.func("binding_get", [](HostCall& call, int32_t field) -> int32_t {
    AppInstance& inst = AppInstance::of(call);
    if (!inst.binding) return inst.fail(kUnavailable, "binding_get: not serving a binding event");
    switch (field) {
      case 0:
        return holdResult(inst, inst.binding->name);
      case 1:
        return holdResult(inst, inst.binding->data);
      case 2:
        return holdResult(inst, inst.binding->metadata);
      default:
        return inst.fail(kInvalidArgument, "binding_get: unknown field");
    }
  });
}

void addSecrets(wasm::HostModule& m, runtime::Runtime& rt) {
  m.func("secret_get",
         [&rt](HostCall& call, uint32_t store_ptr, uint32_t store_len, uint32_t name_ptr,
               uint32_t name_len) -> int32_t {
           AppInstance& inst = AppInstance::of(call);
           GuestReader read{call};
           std::string store = read(store_ptr, store_len);
           std::string name = read(name_ptr, name_len);
           if (!read.ok) return badPointer(inst, "secret_get");
           auto secret = rt.secrets().get(store, name, {});
           if (!secret) return failWith(inst, secret.error());
           boost::json::object json;
           for (const auto& [key, value] : *secret) json[key] = value;
           return holdResult(inst, boost::json::serialize(json));
         });
}

}  // namespace

void addBuildingBlocks(wasm::HostModule& m, runtime::Runtime& runtime) {
  addMessaging(m, runtime);
  addBindings(m, runtime);
  addSecrets(m, runtime);
}

}  // namespace lichen::app
