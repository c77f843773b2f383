#include "components/middleware/wasm/http_handler_abi.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "components/middleware/wasm/guest_state.h"
#include "components/middleware/wasm/http_handler_detail.h"

namespace lichen::components {
namespace {

using wasm::HostCall;

constexpr int32_t kKindRequest = 0;
constexpr int32_t kKindResponse = 1;
constexpr int32_t kKindRequestTrailers = 2;
constexpr int32_t kKindResponseTrailers = 3;

bool sameName(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

OrTrap<std::string> readGuest(HostCall& call, const char* fn, uint32_t ptr, uint32_t len) {
  auto text = call.guestMemory().readString(ptr, len);
  if (!text) return trap(fn, "memory out of bounds");
  return std::move(*text);
}

// The buf_limit rule: the value is written only when it fits; its length is returned anyway,
// so a guest may ask with a limit of 0 first.
OrTrap<uint32_t> writeLimited(HostCall& call, const char* fn, uint32_t buf, uint32_t limit,
                              std::string_view value) {
  if (value.size() > UINT32_MAX) return trap(fn, "value too large");
  if (value.size() <= limit && !call.guestMemory().write(buf, value.data(), value.size())) {
    return trap(fn, "memory out of bounds");
  }
  return static_cast<uint32_t>(value.size());
}

// count_len: count << 32 | length of the NUL-terminated sequence, written when it fits.
OrTrap<uint64_t> writeList(HostCall& call, const char* fn, uint32_t buf, uint32_t limit,
                           const std::vector<std::string_view>& items) {
  std::string encoded;
  for (std::string_view item : items) {
    encoded.append(item);
    encoded.push_back('\0');
  }
  auto len = writeLimited(call, fn, buf, limit, encoded);
  if (!len) return Unexpected(len.error());
  return (static_cast<uint64_t>(items.size()) << 32) | *len;
}

OrTrap<GuestState*> beforeNext(HostCall& call, const char* fn) {
  auto state = serving(call, fn);
  if (state && (*state)->phase != GuestPhase::kRequest) return trap(fn, "called after next");
  return state;
}

// The headers of `kind` for a read: trailers are none (see kSupportedFeatures).
OrTrap<const middleware::HttpHeaders*> readHeaders(GuestState& state, const char* fn,
                                                   int32_t kind) {
  static const middleware::HttpHeaders kNone;
  switch (kind) {
    case kKindRequest:
      return &state.request->headers;
    case kKindResponse:
      return &state.response->headers;
    case kKindRequestTrailers:
    case kKindResponseTrailers:
      return &kNone;
    default:
      return trap(fn, "unknown header kind " + std::to_string(kind));
  }
}

// The headers of `kind` for a write, when the phase allows it: request headers before next,
// response headers before next or with buffer_response; never trailers.
OrTrap<middleware::HttpHeaders*> writeHeaders(HostCall& call, const char* fn, int32_t kind) {
  auto state = serving(call, fn);
  if (!state) return Unexpected(state.error());
  GuestState& s = **state;
  if (kind == kKindRequest) {
    if (s.phase != GuestPhase::kRequest) return trap(fn, "request headers are sent after next");
    return &s.request->headers;
  }
  if (kind == kKindResponse) {
    if (s.phase == GuestPhase::kResponse && !(s.features & kFeatureBufferResponse)) {
      return trap(fn, "response headers are sent unless buffer_response is enabled");
    }
    return &s.response->headers;
  }
  if (kind == kKindRequestTrailers || kind == kKindResponseTrailers) {
    return trap(fn, "trailers are not supported by this host");
  }
  return trap(fn, "unknown header kind " + std::to_string(kind));
}

// The ABI's levels (debug -1, info 0, warn 1, error 2; none 3 is never logged) as spdlog's.
spdlog::level::level_enum logLevel(int32_t level) {
  if (level <= -1) return spdlog::level::debug;
  if (level == 0) return spdlog::level::info;
  if (level == 1) return spdlog::level::warn;
  return spdlog::level::err;
}

// A name is a non-empty token; a value has no CR, LF or NUL (no header or response splitting).
bool validHeader(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  for (unsigned char c : name) {
    if (c <= 0x20 || c >= 0x7f ||
        std::string_view("\"(),/:;<=>?@[\\]{}").find(static_cast<char>(c)) !=
            std::string_view::npos) {
      return false;
    }
  }
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

void removeAll(middleware::HttpHeaders& headers, std::string_view name) {
  std::erase_if(headers, [&](const auto& h) { return sameName(h.first, name); });
}

void addRequestFunctions(wasm::HostModule& m) {
  m.func("get_method", [](HostCall& call, uint32_t buf, uint32_t limit) -> OrTrap<uint32_t> {
    auto state = serving(call, "get_method");
    if (!state) return Unexpected(state.error());
    return writeLimited(call, "get_method", buf, limit, (*state)->request->method);
  });
  m.func("set_method", [](HostCall& call, uint32_t ptr, uint32_t len) -> OrTrap<void> {
    auto state = beforeNext(call, "set_method");
    if (!state) return Unexpected(state.error());
    if (len == 0) return trap("set_method", "empty method");
    auto method = readGuest(call, "set_method", ptr, len);
    if (!method) return Unexpected(method.error());
    (*state)->request->method = std::move(*method);
    return {};
  });
  m.func("get_uri", [](HostCall& call, uint32_t buf, uint32_t limit) -> OrTrap<uint32_t> {
    auto state = serving(call, "get_uri");
    if (!state) return Unexpected(state.error());
    const std::string& uri = (*state)->request->uri;
    return writeLimited(call, "get_uri", buf, limit, uri.empty() ? "/" : uri);
  });
  m.func("set_uri", [](HostCall& call, uint32_t ptr, uint32_t len) -> OrTrap<void> {
    auto state = beforeNext(call, "set_uri");
    if (!state) return Unexpected(state.error());
    auto uri = readGuest(call, "set_uri", ptr, len);
    if (!uri) return Unexpected(uri.error());
    (*state)->request->uri = uri->empty() ? "/" : std::move(*uri);
    return {};
  });
  m.func(
      "get_protocol_version", [](HostCall& call, uint32_t buf, uint32_t limit) -> OrTrap<uint32_t> {
        auto state = serving(call, "get_protocol_version");
        if (!state) return Unexpected(state.error());
        return writeLimited(call, "get_protocol_version", buf, limit, (*state)->request->protocol);
      });
  m.func("get_source_addr", [](HostCall& call, uint32_t buf, uint32_t limit) -> OrTrap<uint32_t> {
    auto state = serving(call, "get_source_addr");
    if (!state) return Unexpected(state.error());
    return writeLimited(call, "get_source_addr", buf, limit, (*state)->request->source_addr);
  });
}

void addHeaderFunctions(wasm::HostModule& m) {
  m.func("get_header_names",
         [](HostCall& call, int32_t kind, uint32_t buf, uint32_t limit) -> OrTrap<uint64_t> {
           auto state = serving(call, "get_header_names");
           if (!state) return Unexpected(state.error());
           auto headers = readHeaders(**state, "get_header_names", kind);
           if (!headers) return Unexpected(headers.error());
           std::vector<std::string_view> names;  // each once, in first-seen order
           for (const auto& [name, value] : **headers) {
             if (std::none_of(names.begin(), names.end(),
                              [&](std::string_view n) { return sameName(n, name); })) {
               names.push_back(name);
             }
           }
           return writeList(call, "get_header_names", buf, limit, names);
         });
  m.func("get_header_values",
         [](HostCall& call, int32_t kind, uint32_t name_ptr, uint32_t name_len, uint32_t buf,
            uint32_t limit) -> OrTrap<uint64_t> {
           auto state = serving(call, "get_header_values");
           if (!state) return Unexpected(state.error());
           auto headers = readHeaders(**state, "get_header_values", kind);
           if (!headers) return Unexpected(headers.error());
           auto name = readGuest(call, "get_header_values", name_ptr, name_len);
           if (!name) return Unexpected(name.error());
           if (name->empty()) return trap("get_header_values", "empty name");
           std::vector<std::string_view> values;
           for (const auto& [n, value] : **headers) {
             if (sameName(n, *name)) values.push_back(value);
           }
           return writeList(call, "get_header_values", buf, limit, values);
         });
  auto setter = [](const char* fn, bool replace) {
    return [fn, replace](HostCall& call, int32_t kind, uint32_t name_ptr, uint32_t name_len,
                         uint32_t value_ptr, uint32_t value_len) -> OrTrap<void> {
      auto headers = writeHeaders(call, fn, kind);
      if (!headers) return Unexpected(headers.error());
      auto name = readGuest(call, fn, name_ptr, name_len);
      if (!name) return Unexpected(name.error());
      auto value = readGuest(call, fn, value_ptr, value_len);
      if (!value) return Unexpected(value.error());
      if (!validHeader(*name, *value)) return trap(fn, "invalid header name or value");
      if (replace) removeAll(**headers, *name);
      (*headers)->emplace_back(lower(std::move(*name)), std::move(*value));
      return {};
    };
  };
  m.func("set_header_value", setter("set_header_value", true));
  m.func("add_header_value", setter("add_header_value", false));
  m.func("remove_header",
         [](HostCall& call, int32_t kind, uint32_t name_ptr, uint32_t name_len) -> OrTrap<void> {
           auto headers = writeHeaders(call, "remove_header", kind);
           if (!headers) return Unexpected(headers.error());
           auto name = readGuest(call, "remove_header", name_ptr, name_len);
           if (!name) return Unexpected(name.error());
           if (name->empty()) return trap("remove_header", "empty name");
           removeAll(**headers, *name);
           return {};
         });
}

}  // namespace

wasm::HostModule httpHandlerModule() {
  wasm::HostModule m{std::string(kHttpHandlerModule)};
  m.func("enable_features", [](HostCall& call, uint32_t wanted) -> uint32_t {
    GuestState& state = GuestState::of(call);
    // Outside a request the features become the instance's default; inside, this request's.
    if (state.phase == GuestPhase::kIdle) state.base_features |= wanted & kSupportedFeatures;
    state.features |= wanted & kSupportedFeatures;
    // What is enabled now (0 when nothing was asked), as the reference host answers: a guest
    // tests its bits in the result to learn whether the host supports them.
    return state.phase == GuestPhase::kIdle ? state.base_features : state.features;
  });
  m.func("get_config", [](HostCall& call, uint32_t buf, uint32_t limit) -> OrTrap<uint32_t> {
    GuestState& state = GuestState::of(call);
    return writeLimited(call, "get_config", buf, limit, state.config ? *state.config : "");
  });
  m.func("log_enabled", [](HostCall&, int32_t level) -> uint32_t {
    return level < 3 && spdlog::should_log(logLevel(level)) ? 1 : 0;
  });
  m.func("log", [](HostCall& call, int32_t level, uint32_t ptr, uint32_t len) {
    auto text = call.guestMemory().readString(ptr, len);
    if (!text || level >= 3) return;  // the spec: a failed log is ignored, never a trap
    const std::string& name = GuestState::of(call).name;
    // One line in the sidecar's log: a guest's control bytes cannot forge others.
    while (!text->empty() && text->back() == '\n') text->pop_back();
    for (char& c : *text) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    }
    spdlog::log(logLevel(level), "wasm middleware {}: {}", name, *text);
  });
  addRequestFunctions(m);
  addHeaderFunctions(m);
  addBodyAndStatusFunctions(m);
  return m;
}

}  // namespace lichen::components
