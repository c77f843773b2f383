// {{name}}: a Lichen Wasm app in C++. `lichen run --app-id {{name}} ...` serves it in-process:
//   POST /v1.0/invoke/{{name}}/method/hello   answers a greeting
//   POST /v1.0/invoke/{{name}}/method/count   adds 1 to the key "count" in the state store
// The C SDK (sdk/lichen.h) is extern "C"; builds with -fno-exceptions, so errors are values.
#include <cstdlib>
#include <string>
#include <string_view>

#include "lichen.h"

namespace {

std::string_view view(lichen_bytes bytes) {
  return {reinterpret_cast<const char*>(bytes.data), bytes.len};
}

void answer(lichen_response* res, int status, std::string_view text) {
  lichen_response_status(res, status);
  lichen_response_header(res, "Content-Type", "text/plain");
  lichen_response_write(res, text.data(), text.size());
}

// The counter in the state store: the next value, or the host's error.
struct Count {
  long value = 0;
  std::string error;
};

Count increment() {
  lichen_buffer stored;
  int found = lichen_state_get("statestore", "count", &stored);
  if (found < 0) return {0, lichen_error()};
  long next = found ? std::strtol(reinterpret_cast<char*>(stored.data), nullptr, 10) + 1 : 1;
  lichen_buffer_free(&stored);
  std::string text = std::to_string(next);
  if (lichen_state_save("statestore", "count", text.data(), text.size()) < 0) {
    return {0, lichen_error()};
  }
  return {next, {}};
}

}  // namespace

void lichen_on_invoke(const lichen_request* req, lichen_response* res) {
  std::string_view method = view(req->method);
  if (method == "hello") return answer(res, 200, "Hello from {{name}}, a Wasm app in C++!\n");
  if (method == "count") {
    Count count = increment();
    if (!count.error.empty()) return answer(res, 500, count.error);
    return answer(res, 200, std::to_string(count.value));
  }
  answer(res, 404, "no such method\n");
}
