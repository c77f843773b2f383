// Fuzz target for the sidecar's HTTP request path: the bytes are one HTTP/1.1 request, parsed
// by the same Beast parser settings as the server, then routed through the Dapr API over an
// in-memory state store. Invariants: no crash, every response has a valid status, and every
// error body is JSON with an errorCode (or daprd's plain-text 401/404/405).
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "api/http/dapr_api.h"
#include "api/http/server.h"
#include "components/register_components.h"

namespace {

namespace bhttp = boost::beast::http;
using lichen::http::ApiRequest;
using lichen::http::ApiResponse;

struct Sidecar {
  Sidecar() {
    lichen::runtime::Registry registry;
    lichen::components::registerBuiltinComponents(registry);
    lichen::component::ComponentSpec store;
    store.name = "statestore";
    store.type = "state.in-memory";
    store.version = "v1";
    lichen::component::ComponentSpec env;
    env.name = "env";
    env.type = "secretstores.local.env";
    env.version = "v1";
    env.metadata.push_back({"prefix", "LICHEN_FUZZ_", std::nullopt, "", 0});
    lichen::component::ComponentSpec broker;
    broker.name = "pubsub";
    broker.type = "pubsub.in-memory";
    broker.version = "v1";
    lichen::runtime::RuntimeOptions options;
    options.app_id = "fuzz";
    runtime = std::move(*lichen::runtime::Runtime::create(options, registry, {store, env, broker}));
    api = std::make_unique<lichen::http::DaprHttpApi>(*runtime, lichen::http::ApiOptions{});
  }
  std::unique_ptr<lichen::runtime::Runtime> runtime;
  std::unique_ptr<lichen::http::DaprHttpApi> api;
};

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Sidecar sidecar;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024);
  parser.header_limit(16 * 1024);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec || !parser.is_done()) return 0;

  const auto& message = parser.get();
  ApiRequest request;
  request.method = std::string(message.method_string());
  auto target = message.target();
  if (!lichen::http::parseTarget(std::string_view(target.data(), target.size()), request)) {
    return 0;
  }
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers[name] = std::string(field.value());
  }
  request.body = message.body();
  ApiResponse response = sidecar.api->handle(request);
  check(response.status >= 200 && response.status <= 599);
  if (response.status >= 400 && response.content_type == "application/json") {
    boost::system::error_code json_ec;
    boost::json::value body = boost::json::parse(response.body, json_ec);
    check(!json_ec && body.is_object() && body.as_object().contains("errorCode"));
  }
  return 0;
}
