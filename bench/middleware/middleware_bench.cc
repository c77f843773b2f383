// middleware.http.wasm on the request path, in process: the cost of one pass-through call
// (handle_request returns next = 1, handle_response does nothing) against peers in the same
// run: the same pipeline with a native C++ pass-through, and the API's chain with no pipeline.
// The http-wasm Go host reports ~0.6 us per pass-through call; this is the number to compare.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>

#include "api/http/pipeline.h"
#include "components/middleware/wasm/wasm_middleware.h"
#include "runtime/middleware/middleware_manager.h"
#include "wasm/engine/engine.h"

namespace lichen {
namespace {

middleware::HttpResponse answer(const middleware::HttpRequest&) {
  return middleware::HttpResponse{204, {}, {}};
}

std::shared_ptr<components::WasmMiddleware> passthrough() {
  static auto loaded = [] {
    auto bytes = wasm::readFileBytes(LICHEN_HTTP_PASSTHROUGH_GUEST);
    auto m = std::make_shared<components::WasmMiddleware>();
    if (!bytes || !m->load(std::move(*bytes), "passthrough", "")) {
      std::fprintf(stderr, "cannot load %s\n", LICHEN_HTTP_PASSTHROUGH_GUEST);
      std::exit(1);
    }
    return m;
  }();
  return loaded;
}

class NativePassthrough : public middleware::HttpMiddleware {
 public:
  Expected<void, Status> init(const component::Properties&) override { return {}; }
  middleware::HttpResponse handle(middleware::HttpRequest request,
                                  const middleware::HttpNext& next) const override {
    return next(request);
  }
};

middleware::HttpRequest sample() {
  middleware::HttpRequest request;
  request.method = "GET";
  request.uri = "/v1.0/state/statestore/key";
  request.headers = {{"user-agent", "bench"}, {"accept", "*/*"}};
  return request;
}

// One call of the Wasm guest: pooled instance, handle_request, next, handle_response.
void BM_WasmPassthrough(benchmark::State& state) {
  auto m = passthrough();
  middleware::HttpNext next = answer;
  middleware::HttpRequest request = sample();
  for (auto _ : state) benchmark::DoNotOptimize(m->handle(request, next));
}
BENCHMARK(BM_WasmPassthrough)->Threads(1)->Threads(2)->UseRealTime();

// The peer: the same call shape through a native middleware.
void BM_NativePassthrough(benchmark::State& state) {
  NativePassthrough m;
  middleware::HttpNext next = answer;
  middleware::HttpRequest request = sample();
  for (auto _ : state) benchmark::DoNotOptimize(m.handle(request, next));
}
BENCHMARK(BM_NativePassthrough);

// The API's pipeline link around a router stand-in: conversions from and to ApiRequest included.
void BM_ApiPipelineLink(benchmark::State& state) {
  bool wasm = state.range(0) != 0;
  http::Pipeline pipeline;
  if (wasm) pipeline.push_back(passthrough());
  auto link = http::makePipelineLink(pipeline);
  http::ApiRequest request;
  request.method = "GET";
  request.segments = {"v1.0", "state", "statestore", "key"};
  request.headers = {{"user-agent", "bench"}};
  http::NextHandler next = [](const http::ApiRequest&) {
    return http::ApiResponse{204, "", "", {}};
  };
  for (auto _ : state) {
    if (wasm) {
      benchmark::DoNotOptimize(link->handle(request, next));
    } else {
      benchmark::DoNotOptimize(next(request));
    }
  }
}
BENCHMARK(BM_ApiPipelineLink)->Arg(0)->Arg(1);

}  // namespace
}  // namespace lichen

BENCHMARK_MAIN();
