// heartbeat: a C++ Wasm app with no requests to wait for. The input binding `tick`
// (bindings.cron, resources/components.yaml) calls it every second; each tick counts itself
// in the state store and writes a line to heartbeat.txt through the output binding `reports`
// (bindings.localstorage). GET .../method/status answers how many ticks it has seen.
#include <cstdlib>
#include <string>
#include <string_view>

#include "lichen.h"

namespace {

constexpr const char* kStore = "statestore";

std::string_view view(lichen_bytes bytes) {
  return {reinterpret_cast<const char*>(bytes.data), bytes.len};
}

// The value of one entry of a binding event's metadata (a list of name/value pairs).
std::string metadataValue(lichen_bytes list, std::string_view wanted) {
  lichen_bytes name, value;
  while (lichen_list_next(&list, &name) && lichen_list_next(&list, &value)) {
    if (view(name) == wanted) return std::string(view(value));
  }
  return {};
}

long readTicks() {
  lichen_buffer stored;
  if (lichen_state_get(kStore, "ticks", &stored) <= 0) return 0;
  long ticks = std::strtol(reinterpret_cast<const char*>(stored.data), nullptr, 10);
  lichen_buffer_free(&stored);
  return ticks;
}

void logError(std::string_view what) {
  std::string line = std::string(what) + ": " + lichen_error();
  lichen_log(LICHEN_LOG_ERROR, line.c_str());
}

}  // namespace

int lichen_on_binding(const lichen_binding_event* ev) {
  if (view(ev->name) != "tick") return 1;  // not a binding this app knows
  const long ticks = readTicks() + 1;
  const std::string count = std::to_string(ticks);
  if (lichen_state_save(kStore, "ticks", count.data(), count.size()) < 0) {
    logError("saving the count");
    return 1;  // the binding logs the failure; the next tick tries again
  }
  const std::string line =
      "tick " + count + " at " + metadataValue(lichen_binding_metadata(ev), "readTimeUTC") + "\n";
  const lichen_pair file[] = {{"fileName", "heartbeat.txt"}};
  if (lichen_binding_invoke("reports", "create", line.data(), line.size(), file, 1, nullptr,
                            nullptr) < 0) {
    logError("writing heartbeat.txt");
    return 1;
  }
  lichen_log(LICHEN_LOG_INFO, line.substr(0, line.size() - 1).c_str());
  return 0;
}

void lichen_on_invoke(const lichen_request* req, lichen_response* res) {
  if (view(req->method) != "status") {
    lichen_response_status(res, 404);
    return;
  }
  const std::string body = "ticks: " + std::to_string(readTicks()) + "\n";
  lichen_response_header(res, "Content-Type", "text/plain");
  lichen_response_write(res, body.data(), body.size());
}
