// What one instance of an http-wasm guest holds while it serves one request: the exchange (the
// request, then the response) it reads and rewrites through the `http_handler` host functions,
// the phase it is in (the ABI allows some calls only before `next`), the features it enabled,
// and where its stateful body reads and writes stand. Kept in the instance's Store as host
// data, so host functions linked once for every instance find it through HostCall::store.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "runtime/middleware/http_middleware.h"
#include "wasi/wasi_ctx.h"
#include "wasm/runtime/instance.h"
#include "wasm/runtime/store.h"

namespace lichen::components {

// The http-wasm feature flags (enable_features).
inline constexpr uint32_t kFeatureBufferRequest = 1;
inline constexpr uint32_t kFeatureBufferResponse = 2;
inline constexpr uint32_t kFeatureTrailers = 4;
// Lichen's transports carry no trailers, so the host does not offer the feature: the spec's
// rule for such a host is a 0 bit here, empty reads and a trap on any write of a trailer.
inline constexpr uint32_t kSupportedFeatures = kFeatureBufferRequest | kFeatureBufferResponse;

enum class GuestPhase {
  kIdle,      // instantiation and _start: enable_features sets the instance's defaults
  kRequest,   // in handle_request, before next
  kNext,      // the next handler runs (no guest code)
  kResponse,  // in handle_response
};

struct GuestState {
  std::unique_ptr<wasi::WasiCtx> wasi;        // null when the guest does not import WASI
  std::shared_ptr<const std::string> config;  // guestConfig
  std::string name;                           // the component's, for logs

  GuestPhase phase = GuestPhase::kIdle;
  uint32_t base_features = 0;  // enabled outside a request: every request starts with them
  uint32_t features = 0;       // this request's
  middleware::HttpRequest* request = nullptr;  // set while serving
  middleware::HttpResponse* response = nullptr;
  uint64_t request_read = 0;  // read_body offsets
  uint64_t response_read = 0;
  bool request_written = false;   // write_body has replaced the request body
  bool response_written = false;  // ... the response body, in this phase
  bool status_set = false;        // set_status_code before next: it outlasts the next handler's

  static GuestState& of(wasm::HostCall& call) {
    return *static_cast<GuestState*>(call.store.hostData());
  }
  // Before a request: nothing read or written, the instance's default features.
  void startServing(middleware::HttpRequest* req, middleware::HttpResponse* resp) {
    request = req;
    response = resp;
    phase = GuestPhase::kRequest;
    features = base_features;
    request_read = response_read = 0;
    request_written = response_written = status_set = false;
  }
  void stopServing() {
    request = nullptr;
    response = nullptr;
    phase = GuestPhase::kIdle;
  }
};

}  // namespace lichen::components
