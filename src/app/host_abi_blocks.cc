// The `lichen` host module's building blocks: state, publish, service invocation, secrets.
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

int32_t failWith(AppInstance& inst, const Status& status) {
  return inst.fail(codeOf(status.code()), status.message());
}

// Guest (ptr, len) pairs read as strings; `ok` is false after the first out of bounds.
struct Reader {
  HostCall& call;
  bool ok = true;

  std::string operator()(uint32_t ptr, uint32_t len) {
    auto s = call.guestMemory().readString(ptr, len);
    if (!s) ok = false;
    return s ? std::move(*s) : std::string();
  }
};

int32_t badPointer(AppInstance& inst, const char* fn) {
  return inst.fail(kBadPointer, std::string(fn) + ": a pointer or length is out of bounds");
}

std::optional<std::string> etagOf(std::string etag) {
  if (etag.empty()) return std::nullopt;
  return etag;
}

void addState(wasm::HostModule& m, runtime::Runtime& rt) {
  auto get = [&rt](HostCall& call, uint32_t store_ptr, uint32_t store_len, uint32_t key_ptr,
                   uint32_t key_len, std::optional<uint32_t> etag_out) -> int32_t {
    AppInstance& inst = AppInstance::of(call);
    Reader read{call};
    std::string store = read(store_ptr, store_len);
    state::GetRequest request{read(key_ptr, key_len), {}, {}};
    if (!read.ok) return badPointer(inst, "state_get");
    if (etag_out && !call.guestMemory().at(*etag_out, 4)) return badPointer(inst, "state_get");
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
    if (value < 0) return value;
    if (etag_out) call.guestMemory().store<int32_t>(*etag_out, etag_handle);
    return value;
  };
  m.func("state_get",
         [get](HostCall& call, uint32_t sp, uint32_t sl, uint32_t kp, uint32_t kl) -> int32_t {
           return get(call, sp, sl, kp, kl, {});
         });
  m.func("state_get_etag",
         [get](HostCall& call, uint32_t sp, uint32_t sl, uint32_t kp, uint32_t kl,
               uint32_t etag_out) -> int32_t { return get(call, sp, sl, kp, kl, etag_out); });
  m.func("state_save",
         [&rt](HostCall& call, uint32_t store_ptr, uint32_t store_len, uint32_t key_ptr,
               uint32_t key_len, uint32_t value_ptr, uint32_t value_len, uint32_t etag_ptr,
               uint32_t etag_len) -> int32_t {
           AppInstance& inst = AppInstance::of(call);
           Reader read{call};
           std::string store = read(store_ptr, store_len);
           state::SetRequest request;
           request.key = read(key_ptr, key_len);
           request.value = read(value_ptr, value_len);
           request.etag = etagOf(read(etag_ptr, etag_len));
           if (!read.ok) return badPointer(inst, "state_save");
           std::vector<state::SetRequest> requests;
           requests.push_back(std::move(request));
           auto saved = rt.state().save(store, std::move(requests));
           return saved ? 0 : failWith(inst, saved.error());
         });
  m.func("state_delete",
         [&rt](HostCall& call, uint32_t store_ptr, uint32_t store_len, uint32_t key_ptr,
               uint32_t key_len, uint32_t etag_ptr, uint32_t etag_len) -> int32_t {
           AppInstance& inst = AppInstance::of(call);
           Reader read{call};
           std::string store = read(store_ptr, store_len);
           state::DeleteRequest request;
           request.key = read(key_ptr, key_len);
           request.etag = etagOf(read(etag_ptr, etag_len));
           if (!read.ok) return badPointer(inst, "state_delete");
           auto removed = rt.state().remove(store, request);
           return removed ? 0 : failWith(inst, removed.error());
         });
}

void addMessaging(wasm::HostModule& m, runtime::Runtime& rt) {
  m.func("publish",
         [&rt](HostCall& call, uint32_t pubsub_ptr, uint32_t pubsub_len, uint32_t topic_ptr,
               uint32_t topic_len, uint32_t data_ptr, uint32_t data_len, uint32_t ct_ptr,
               uint32_t ct_len) -> int32_t {
           AppInstance& inst = AppInstance::of(call);
           Reader read{call};
           pubsub::PublishRequest request;
           request.pubsub = read(pubsub_ptr, pubsub_len);
           request.topic = read(topic_ptr, topic_len);
           request.data = read(data_ptr, data_len);
           request.content_type = read(ct_ptr, ct_len);
           if (!read.ok) return badPointer(inst, "publish");
           auto published = rt.pubsub().publish(request);
           return published ? 0 : failWith(inst, published.error());
         });
  m.func(
      "invoke",
      [&rt](HostCall& call, uint32_t app_ptr, uint32_t app_len, uint32_t verb_ptr,
            uint32_t verb_len, uint32_t method_ptr, uint32_t method_len, uint32_t body_ptr,
            uint32_t body_len, uint32_t ct_ptr, uint32_t ct_len, uint32_t response_out) -> int32_t {
        AppInstance& inst = AppInstance::of(call);
        Reader read{call};
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

void addSecrets(wasm::HostModule& m, runtime::Runtime& rt) {
  m.func("secret_get",
         [&rt](HostCall& call, uint32_t store_ptr, uint32_t store_len, uint32_t name_ptr,
               uint32_t name_len) -> int32_t {
           AppInstance& inst = AppInstance::of(call);
           Reader read{call};
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
  addState(m, runtime);
  addMessaging(m, runtime);
  addSecrets(m, runtime);
}

}  // namespace lichen::app
