#include "components/middleware/wasm/guest_loader.h"

#include "net/http_request.h"
#include "wasm/engine/engine.h"

namespace lichen::components {

StatusOr<std::vector<uint8_t>> fetchGuest(const std::string& url) {
  if (url.starts_with("file://")) {
    auto bytes = wasm::readFileBytes(url.substr(7));
    if (!bytes) return fail(StatusCode::kInvalidConfig, "url: " + bytes.error().toString());
    return std::move(*bytes);
  }
  if (url.starts_with("http://") || url.starts_with("https://")) {
    net::HttpRequestSpec spec;
    spec.method = "GET";
    spec.url = url;
    spec.timeout_ms = 30000;
    spec.max_body_bytes = 256ull << 20;
    auto reply = net::sendHttpRequest(spec);
    if (!reply) return fail(StatusCode::kInvalidConfig, "url: " + reply.error().message);
    if (reply->status != 200) {
      return fail(StatusCode::kInvalidConfig,
                  "url: GET " + url + " answered " + std::to_string(reply->status));
    }
    return std::vector<uint8_t>(reply->body.begin(), reply->body.end());
  }
  return fail(StatusCode::kInvalidConfig,
              "url: " + url + ": only file://, http:// and https:// are supported");
}

std::string guestName(const std::string& url) {
  std::string path = url.substr(0, url.find_first_of("?#"));
  std::string base = path.substr(path.find_last_of('/') + 1);
  if (base.ends_with(".wasm")) base.resize(base.size() - 5);
  return base.empty() ? "wasm" : base;
}

}  // namespace lichen::components
