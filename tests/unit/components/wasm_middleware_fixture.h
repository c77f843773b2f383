// Shared by the middleware.http.wasm tests: the ABI test guest loaded into a WasmMiddleware,
// and a next handler that echoes the request it receives.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "components/middleware/wasm/wasm_middleware.h"
#include "runtime/component/properties.h"
#include "wasm/engine/engine.h"

namespace lichen::components {

// "METHOD URI|name=value;...|body", headers sorted, for the echo.
inline middleware::HttpResponse echo(const middleware::HttpRequest& request) {
  middleware::HttpHeaders headers = request.headers;
  std::sort(headers.begin(), headers.end());
  std::string text = request.method + " " + request.uri + "|";
  for (const auto& [name, value] : headers) text += name + "=" + value + ";";
  middleware::HttpResponse response;
  response.status = 200;
  response.headers.emplace_back("x-echo", "1");
  response.body = text + "|" + request.body;
  return response;
}

inline component::Properties props(
    std::initializer_list<std::pair<std::string, std::string>> values) {
  component::Properties out;
  for (const auto& [name, value] : values) out.set(name, value);
  return out;
}

inline middleware::HttpRequest get(std::string uri) {
  middleware::HttpRequest request;
  request.method = "GET";
  request.uri = std::move(uri);
  request.source_addr = "127.0.0.1:4321";
  return request;
}

inline std::string header(const middleware::HttpResponse& response, const std::string& name) {
  std::string out;
  for (const auto& [n, v] : response.headers) {
    if (n == name) out += (out.empty() ? "" : ",") + v;
  }
  return out;
}

class WasmMiddlewareTest : public ::testing::Test {
 protected:
  void load(const char* path, std::string config = "the config") {
    auto bytes = wasm::readFileBytes(path);
    ASSERT_TRUE(bytes) << bytes.error().toString();
    auto loaded = middleware_.load(std::move(*bytes), "abi", std::move(config));
    ASSERT_TRUE(loaded) << loaded.error().message();
  }
  void SetUp() override { load(LICHEN_HTTP_ABI_GUEST); }

  middleware::HttpResponse send(middleware::HttpRequest request) {
    return middleware_.handle(std::move(request), echo);
  }

  WasmMiddleware middleware_;
};

}  // namespace lichen::components
