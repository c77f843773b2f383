// middleware.http.wasm under load and limits: concurrent requests never share an instance; a
// guest that loops or exhausts its memory fails its own request (500) within the deadline; and
// the component loads from Dapr metadata (url, guestConfig, strictSandbox).
#include <chrono>
#include <thread>
#include <vector>

#include "wasm_middleware_fixture.h"

namespace lichen::components {
namespace {

TEST_F(WasmMiddlewareTest, ConcurrentRequestsKeepTheirOwnState) {
  // /status keeps its case in a guest global between handle_request and handle_response: an
  // instance shared by two requests at once would mix them up.
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        auto response = send(get(t % 2 ? "/status" : "/config"));
        bool ok = t % 2 ? response.status == 299 : response.body == "the config";
        if (!ok) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(WasmMiddlewareLimitsTest, LoopAndMemoryExhaustionFailTheRequestWithinTheDeadline) {
  WasmMiddleware middleware;
  component::Properties properties = props({{"url", std::string("file://") + LICHEN_HTTP_ABI_GUEST},
                                            {"timeout", "300ms"},
                                            {"maxMemoryMiB", "16"}});
  auto ready = middleware.init(properties);
  ASSERT_TRUE(ready) << ready.error().message();
  auto started = std::chrono::steady_clock::now();
  auto looped = middleware.handle(get("/loop"), echo);
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(looped.status, 500);
  EXPECT_NE(looped.body.find("handle_request"), std::string::npos) << looped.body;
  EXPECT_LT(took, std::chrono::seconds(10));  // a bound on the deadline, not a timing claim
  auto exhausted = middleware.handle(get("/oom"), echo);
  EXPECT_EQ(exhausted.status, 500);
  EXPECT_EQ(middleware.handle(get("/anything"), echo).status, 200);
}

TEST(WasmMiddlewareLimitsTest, MetadataErrors) {
  WasmMiddleware missing;
  EXPECT_FALSE(missing.init(props({})));
  WasmMiddleware bad_scheme;
  auto oci = bad_scheme.init(props({{"url", "oci://x/y"}}));
  ASSERT_FALSE(oci);
  EXPECT_NE(oci.error().message().find("only file://"), std::string::npos);
  WasmMiddleware not_there;
  EXPECT_FALSE(not_there.init(props({{"url", "file:///nonexistent.wasm"}})));
  // The guest config reaches get_config.
  WasmMiddleware configured;
  ASSERT_TRUE(configured.init(
      props({{"url", std::string("file://") + LICHEN_HTTP_ABI_GUEST}, {"guestConfig", "cfg"}})));
  EXPECT_EQ(configured.handle(get("/config"), echo).body, "cfg");
}

TEST(WasmMiddlewareLimitsTest, AModuleWithoutTheExportsIsRefused) {
  WasmMiddleware middleware;
  // (module (memory (export "memory") 1))
  std::vector<uint8_t> bytes = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05,
                                0x03, 0x01, 0x00, 0x01, 0x07, 0x0a, 0x01, 0x06, 0x6d,
                                0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00};
  auto loaded = middleware.load(bytes, "empty", "");
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message().find("handle_request"), std::string::npos);
}

}  // namespace
}  // namespace lichen::components
