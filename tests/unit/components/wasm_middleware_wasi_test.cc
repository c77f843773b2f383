// middleware.http.wasm with a guest that imports WASI (tests/guests/http_wasm/wasi_probe.c): with
// strictSandbox its random bytes are the fixed sequence, its monotonic clock starts at 0 and both
// clocks advance 1 ms per read, and a sleep returns at once; without it, the host's own.
#include <chrono>
#include <cstdint>
#include <string>

#include "wasi/posix_os.h"
#include "wasi/strict_sandbox_os.h"
#include "wasm_middleware_fixture.h"

namespace lichen::components {
namespace {

uint64_t wallNowNs() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

// The first `n` bytes of the strict sandbox's random sequence, in hex.
std::string sandboxRandomHex(size_t n) {
  wasi::StrictSandboxOs os(std::make_shared<wasi::PosixOs>(), 0);
  std::vector<uint8_t> bytes(n);
  EXPECT_TRUE(os.random(bytes));
  std::string hex;
  for (uint8_t b : bytes) {
    const char* digits = "0123456789abcdef";
    hex += digits[b >> 4];
    hex += digits[b & 15];
  }
  return hex;
}

std::unique_ptr<WasmMiddleware> probe(bool strict, const std::string& timeout = "5s") {
  auto middleware = std::make_unique<WasmMiddleware>();
  auto ready = middleware->init(props({{"url", std::string("file://") + LICHEN_HTTP_WASI_PROBE},
                                       {"strictSandbox", strict ? "true" : "false"},
                                       {"timeout", timeout}}));
  EXPECT_TRUE(ready) << ready.error().message();
  return middleware;
}

TEST(WasmMiddlewareWasiTest, StrictSandboxFakesRandomAndClocks) {
  const uint64_t before = wallNowNs();
  auto middleware = probe(true);
  auto first = middleware->handle(get("/"), echo);
  const uint64_t after = wallNowNs();
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(header(first, "x-random"), sandboxRandomHex(8));
  EXPECT_EQ(header(first, "x-monotonic"), "0,1000000");  // from 0, 1 ms per read
  const uint64_t wall = std::stoull(header(first, "x-wall"));
  EXPECT_GE(wall, before);  // the wall clock starts at the instance's start...
  EXPECT_LE(wall, after);   // ...and has advanced by ticks, not by the host's time
  // The same instance serves the next request: its sequence and clocks go on.
  auto second = middleware->handle(get("/"), echo);
  EXPECT_EQ(header(second, "x-random"), sandboxRandomHex(16).substr(16));
  EXPECT_EQ(header(second, "x-monotonic"), "2000000,3000000");
  EXPECT_EQ(std::stoull(header(second, "x-wall")), wall + 1'000'000);
  // Another component starts from the same seed.
  EXPECT_EQ(header(probe(true)->handle(get("/"), echo), "x-random"), sandboxRandomHex(8));
}

TEST(WasmMiddlewareWasiTest, StrictSandboxSleepReturnsAtOnce) {
  // The guest sleeps a minute; under a 2s timeout only a no-op sleep lets it answer.
  auto response = probe(true, "2s")->handle(get("/sleep"), echo);
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(header(response, "x-monotonic"), "0,1000000");
}

TEST(WasmMiddlewareWasiTest, WithoutStrictSandboxTheGuestSeesTheHost) {
  auto middleware = probe(false, "2s");
  auto response = middleware->handle(get("/"), echo);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_NE(header(response, "x-random"), sandboxRandomHex(8));
  EXPECT_NE(header(response, "x-monotonic"), "0,1000000");
  // A real sleep runs into the timeout: the request fails, the component stays usable.
  EXPECT_EQ(middleware->handle(get("/sleep"), echo).status, 500);
  EXPECT_EQ(middleware->handle(get("/"), echo).status, 200);
}

}  // namespace
}  // namespace lichen::components
