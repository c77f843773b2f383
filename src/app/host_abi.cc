// The `lichen` host module: buffers, the request/response and event accessors, and logging.
// The building blocks' functions are in host_abi_blocks.cc.
#include "app/host_abi.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "app/app_instance.h"
#include "app/host_abi_detail.h"

namespace lichen::app {
namespace {

using wasm::HostCall;

// request_get's field for every header (v2), after the single fields below.
constexpr int32_t kRequestHeaders = 5;

// Fields of request_get, in order.
const std::string* requestField(const component::AppRequest& r, int32_t field) {
  switch (field) {
    case 0:
      return &r.verb;
    case 1:
      return &r.method;
    case 2:
      return &r.query;
    case 3:
      return &r.body;
    case 4:
      return &r.content_type;
    default:
      return nullptr;
  }
}

// The sidecar's credentials are not the app's to read.
bool hiddenHeader(const std::string& lower_name) {
  return lower_name == "dapr-api-token" || lower_name == "lichen-internal-token";
}

// Fields of event_get, in order.
const std::string* eventField(const AppEvent& e, int32_t field) {
  switch (field) {
    case 0:
      return &e.pubsub;
    case 1:
      return &e.topic;
    case 2:
      return &e.route;
    case 3:
      return &e.id;
    case 4:
      return &e.type;
    case 5:
      return &e.content_type;
    case 6:
      return &e.data;
    default:
      return nullptr;
  }
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

void addBuffers(wasm::HostModule& m) {
  m.func("buffer_len", [](HostCall& call, int32_t handle) -> int32_t {
    AppInstance& inst = AppInstance::of(call);
    const std::string* buf = inst.buffer(handle);
    if (!buf) return inst.fail(kBadHandle, "buffer_len: no buffer " + std::to_string(handle));
    return static_cast<int32_t>(buf->size());
  });
  m.func(
      "buffer_read",
      [](HostCall& call, int32_t handle, uint32_t offset, uint32_t ptr, uint32_t len) -> int32_t {
        AppInstance& inst = AppInstance::of(call);
        const std::string* buf = inst.buffer(handle);
        if (!buf) return inst.fail(kBadHandle, "buffer_read: no buffer " + std::to_string(handle));
        if (offset > buf->size())
          return inst.fail(kInvalidArgument, "buffer_read: offset past end");
        uint32_t n = std::min<uint64_t>(len, buf->size() - offset);
        if (!call.guestMemory().write(ptr, buf->data() + offset, n)) {
          return inst.fail(kBadPointer, "buffer_read: destination out of bounds");
        }
        return static_cast<int32_t>(n);
      });
  m.func("buffer_drop", [](HostCall& call, int32_t handle) -> int32_t {
    AppInstance& inst = AppInstance::of(call);
    if (!inst.drop(handle)) {
      return inst.fail(kBadHandle, "buffer_drop: no buffer " + std::to_string(handle));
    }
    return 0;
  });
  m.func("error_message", [](HostCall& call) -> int32_t {
    AppInstance& inst = AppInstance::of(call);
    return holdResult(inst, inst.lastError());
  });
}

void addRequest(wasm::HostModule& m) {
  m.func("request_get", [](HostCall& call, int32_t field) -> int32_t {
    AppInstance& inst = AppInstance::of(call);
    if (!inst.request) return inst.fail(kUnavailable, "request_get: not serving an invocation");
    if (field == kRequestHeaders) {
      AbiPairs headers;
      for (const auto& [name, value] : inst.request->headers) {
        if (!hiddenHeader(name)) headers.emplace_back(name, value);
      }
      return holdResult(inst, encodePairs(headers));
    }
    const std::string* value = requestField(*inst.request, field);
    if (!value) return inst.fail(kInvalidArgument, "request_get: unknown field");
    return holdResult(inst, *value);
  });
  m.func("request_header", [](HostCall& call, uint32_t name_ptr, uint32_t name_len) -> int32_t {
    AppInstance& inst = AppInstance::of(call);
    if (!inst.request) return inst.fail(kUnavailable, "request_header: not serving an invocation");
    auto name = call.guestMemory().readString(name_ptr, name_len);
    if (!name) return inst.fail(kBadPointer, "request_header: name out of bounds");
    const std::string key = lower(*name);
    if (hiddenHeader(key)) return 0;
    auto it = inst.request->headers.find(key);
    if (it == inst.request->headers.end()) return 0;
    return holdResult(inst, it->second);
  });
  m.func("response_status", [](HostCall& call, int32_t status) -> int32_t {
    AppInstance& inst = AppInstance::of(call);
    if (!inst.response) return inst.fail(kUnavailable, "response_status: no response here");
    if (status < 100 || status > 599) {
      return inst.fail(kInvalidArgument, "response_status: not an HTTP status");
    }
    inst.response->status = status;
    return 0;
  });
  m.func("response_header",
         [](HostCall& call, uint32_t name_ptr, uint32_t name_len, uint32_t value_ptr,
            uint32_t value_len) -> int32_t {
           AppInstance& inst = AppInstance::of(call);
           if (!inst.response) return inst.fail(kUnavailable, "response_header: no response here");
           auto name = call.guestMemory().readString(name_ptr, name_len);
           auto value = call.guestMemory().readString(value_ptr, value_len);
           if (!name || !value) return inst.fail(kBadPointer, "response_header: out of bounds");
           if (!validHeader(*name, *value)) {
             return inst.fail(kInvalidArgument, "response_header: invalid name or value");
           }
           if (lower(*name) == "content-type") {
             inst.response->content_type = std::move(*value);
           } else {
             inst.response->headers.emplace_back(std::move(*name), std::move(*value));
           }
           return 0;
         });
  m.func("response_write", [](HostCall& call, uint32_t ptr, uint32_t len) -> int32_t {
    AppInstance& inst = AppInstance::of(call);
    if (!inst.response) return inst.fail(kUnavailable, "response_write: no response here");
    const uint8_t* bytes = call.guestMemory().at(ptr, len);
    if (!bytes) return inst.fail(kBadPointer, "response_write: out of bounds");
    if (inst.response->body.size() + len > AppInstance::kMaxHeldBytes) {
      return inst.fail(kLimit, "response_write: the response is too large");
    }
    inst.response->body.append(reinterpret_cast<const char*>(bytes), len);
    return 0;
  });
  m.func("event_get", [](HostCall& call, int32_t field) -> int32_t {
    AppInstance& inst = AppInstance::of(call);
    if (!inst.event) return inst.fail(kUnavailable, "event_get: not serving an event");
    const std::string* value = eventField(*inst.event, field);
    if (!value) return inst.fail(kInvalidArgument, "event_get: unknown field");
    return holdResult(inst, *value);
  });
}

void addLog(wasm::HostModule& m) {
  m.func("log", [](HostCall& call, int32_t level, uint32_t ptr, uint32_t len) -> int32_t {
    AppInstance& inst = AppInstance::of(call);
    auto message = call.guestMemory().readString(ptr, len);
    if (!message) return inst.fail(kBadPointer, "log: message out of bounds");
    static constexpr spdlog::level::level_enum kLevels[] = {
        spdlog::level::debug, spdlog::level::info, spdlog::level::warn, spdlog::level::err};
    if (level < 0 || level > 3) return inst.fail(kInvalidArgument, "log: level is 0..3");
    spdlog::log(kLevels[level], "app: {}", printableLogLine(*message));
    return 0;
  });
}

}  // namespace

std::string printableLogLine(std::string_view message) {
  // A guest's bytes may not forge log lines (newlines), drive a terminal (escape sequences) or
  // flood the log: control bytes and anything past kMaxLogLine are shown, not passed on.
  constexpr size_t kMaxLogLine = 4096;
  std::string line;
  const size_t shown = std::min(message.size(), kMaxLogLine);
  line.reserve(shown);
  for (size_t i = 0; i < shown; ++i) {
    const auto c = static_cast<unsigned char>(message[i]);
    if (c >= 0x20 && c != 0x7f) {
      line.push_back(static_cast<char>(c));
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      line += "\\x";
      line.push_back(kHex[c >> 4]);
      line.push_back(kHex[c & 15]);
    }
  }
  if (shown < message.size()) {
    line += " ... (" + std::to_string(message.size() - shown) + " more bytes)";
  }
  return line;
}

int32_t holdResult(AppInstance& inst, std::string bytes) {
  int32_t handle = inst.hold(std::move(bytes));
  if (handle == 0) {
    return inst.fail(kLimit, "too many buffers held: drop some with buffer_drop");
  }
  return handle;
}

bool validHeader(const std::string& name, const std::string& value) {
  if (name.empty()) return false;
  for (unsigned char c : name) {
    if (c <= ' ' || c >= 127 || c == ':') return false;
  }
  for (unsigned char c : value) {
    if (c == '\r' || c == '\n' || c == 0) return false;
  }
  return true;
}

wasm::HostModule lichenHostModule(runtime::Runtime& runtime, const host::OutboundHttp& http) {
  wasm::HostModule m{std::string(kAbiModule)};
  addBuffers(m);
  addRequest(m);
  addLog(m);
  addState(m, runtime);
  addBuildingBlocks(m, runtime);
  addConfigurationAndLocks(m, runtime);
  addOutboundHttp(m, http);
  return m;
}

}  // namespace lichen::app
