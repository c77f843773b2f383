#include "components/bindings/wasm/guest_source.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "net/http_request.h"

namespace lichen::components {
namespace {

// A guest is code: a few MiB typically; refuse what is surely not one rather than fill memory.
constexpr uint64_t kMaxGuestBytes = 256ull << 20;

Unexpected<Status> invalid(std::string message) {
  return fail(StatusCode::kInvalidConfig, "wasm: " + std::move(message));
}

// path.Base then the ".wasm" suffix cut, as Dapr names the guest.
std::string guestName(std::string path) {
  const size_t query = path.find_first_of("?#");
  if (query != std::string::npos) path.resize(query);
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  const size_t slash = path.rfind('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  if (base.ends_with(".wasm")) base.resize(base.size() - 5);
  return base;
}

}  // namespace

StatusOr<GuestSource> loadGuest(const std::string& url, int64_t fetch_timeout_ms) {
  if (url.empty()) return invalid("missing url");
  const size_t colon = url.find(':');
  if (colon == std::string::npos) return invalid("invalid URL: " + url);
  const std::string scheme = url.substr(0, colon);
  GuestSource guest;
  if (scheme == "file") {
    if (!url.starts_with("file://")) return invalid("invalid URL: " + url);
    const std::string path = url.substr(7);
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) return invalid("open " + path + ": " + std::strerror(errno ? errno : ENOENT));
    guest.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    guest.name = guestName(path);
    return guest;
  }
  if (scheme == "http" || scheme == "https") {
    net::HttpRequestSpec spec;
    spec.method = "GET";
    spec.url = url;
    spec.timeout_ms = fetch_timeout_ms;
    spec.max_body_bytes = kMaxGuestBytes;
    auto reply = net::sendHttpRequest(spec);
    if (!reply) return invalid(reply.error().message);
    if (reply->status != 200) {
      return invalid("GET " + url + ": unexpected status code " + std::to_string(reply->status));
    }
    guest.bytes.assign(reply->body.begin(), reply->body.end());
    auto target = net::parseTarget(url);
    guest.name = guestName(target ? target->path : std::string());
    return guest;
  }
  return invalid("unsupported URL scheme: " + scheme);
}

}  // namespace lichen::components
