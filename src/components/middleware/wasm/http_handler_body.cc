// The http_handler body and status functions: stateful reads and writes of the request and
// response bodies (eof_len), and the response status. Split from http_handler_abi.cc.
#include <algorithm>
#include <string>

#include "components/middleware/wasm/guest_state.h"
#include "components/middleware/wasm/http_handler_abi.h"
#include "components/middleware/wasm/http_handler_detail.h"

namespace lichen::components {
namespace {

using wasm::HostCall;

constexpr int32_t kBodyRequest = 0;
constexpr int32_t kBodyResponse = 1;

// May the guest change the response now? Before next always; after next only if the response
// was buffered (otherwise it has gone to the client already).
bool responseWritable(const GuestState& state) {
  return state.phase == GuestPhase::kRequest ||
         (state.phase == GuestPhase::kResponse && (state.features & kFeatureBufferResponse));
}

OrTrap<uint64_t> readBody(HostCall& call, int32_t kind, uint32_t buf, uint32_t limit) {
  auto state = serving(call, "read_body");
  if (!state) return Unexpected(state.error());
  GuestState& s = **state;
  if (limit == 0) return trap("read_body", "buf_limit is 0");
  const std::string* body = nullptr;
  uint64_t* offset = nullptr;
  if (kind == kBodyRequest) {
    body = &s.request->body;
    offset = &s.request_read;
  } else if (kind == kBodyResponse) {
    // Unbuffered, the next handler's body went to the client: the guest reads EOF.
    static const std::string kEmpty;
    bool readable = s.phase == GuestPhase::kRequest || (s.features & kFeatureBufferResponse);
    body = readable ? &s.response->body : &kEmpty;
    offset = &s.response_read;
  } else {
    return trap("read_body", "unknown body kind " + std::to_string(kind));
  }
  uint64_t start = std::min<uint64_t>(*offset, body->size());
  uint64_t n = std::min<uint64_t>(limit, body->size() - start);
  if (!call.guestMemory().write(buf, body->data() + start, n)) {
    return trap("read_body", "memory out of bounds");
  }
  *offset = start + n;
  uint64_t eof = *offset >= body->size() ? 1 : 0;
  return (eof << 32) | n;
}

OrTrap<void> writeBody(HostCall& call, int32_t kind, uint32_t ptr, uint32_t len) {
  auto state = serving(call, "write_body");
  if (!state) return Unexpected(state.error());
  GuestState& s = **state;
  auto bytes = call.guestMemory().readString(ptr, len);
  if (!bytes) return trap("write_body", "memory out of bounds");
  if (kind == kBodyRequest) {
    if (s.phase != GuestPhase::kRequest) return trap("write_body", "request body sent after next");
    // The first write in handle_request replaces the body; later ones append.
    if (!s.request_written) s.request->body.clear();
    s.request_written = true;
    s.request->body += *bytes;
    s.request_read = s.request->body.size();
    return {};
  }
  if (kind == kBodyResponse) {
    if (!responseWritable(s)) {
      return trap("write_body", "response body sent unless buffer_response is enabled");
    }
    if (!s.response_written) s.response->body.clear();
    s.response_written = true;
    s.response->body += *bytes;
    return {};
  }
  return trap("write_body", "unknown body kind " + std::to_string(kind));
}

}  // namespace

void addBodyAndStatusFunctions(wasm::HostModule& m) {
  m.func("read_body", readBody);
  m.func("write_body", writeBody);
  m.func("get_status_code", [](HostCall& call) -> OrTrap<uint32_t> {
    auto state = serving(call, "get_status_code");
    if (!state) return Unexpected(state.error());
    return static_cast<uint32_t>((*state)->response->status);
  });
  m.func("set_status_code", [](HostCall& call, uint32_t status) -> OrTrap<void> {
    auto state = serving(call, "set_status_code");
    if (!state) return Unexpected(state.error());
    if (!responseWritable(**state)) {
      return trap("set_status_code", "status sent unless buffer_response is enabled");
    }
    if (status < 100 || status > 999) {
      return trap("set_status_code", "invalid status " + std::to_string(status));
    }
    (*state)->response->status = static_cast<int>(status);
    if ((*state)->phase == GuestPhase::kRequest) (*state)->status_set = true;
    return {};
  });
}

}  // namespace lichen::components
