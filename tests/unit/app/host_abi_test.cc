// The `lichen` host functions called as a guest calls them, on one page of guest memory: state
// through handles, bad pointers and handles answered with error codes (never a host access),
// the bounds on what an instance may hold, and header validation.
#include "app/host_abi.h"

#include <cstring>
#include <vector>

#include "tests/unit/app/app_test_runtime.h"

namespace lichen::app {
namespace {

class HostAbiTest : public test::AppRuntimeTest {
 protected:
  void SetUp() override {
    AppRuntimeTest::SetUp();
    module_ = std::make_unique<wasm::HostModule>(lichenHostModule(*runtime_, outbound_));
  }
  // Calls `name` with i32 arguments; returns its i32 result.
  int32_t call(const std::string& name, std::vector<uint32_t> args) {
    const wasm::HostFuncDef* def = module_->find(name);
    EXPECT_NE(def, nullptr) << name;
    if (!def) return 0;
    EXPECT_EQ(def->type.params.size(), args.size()) << name;
    std::vector<uint64_t> io(std::max<size_t>(args.size(), 1));
    for (size_t i = 0; i < args.size(); ++i) io[i] = args[i];
    wasm::HostCall host{*store_, nullptr, memory_};
    auto r = def->fn(host, io.data());
    EXPECT_TRUE(r) << name << " trapped";
    return static_cast<int32_t>(io[0]);
  }
  // Puts `text` in guest memory at `at`; returns {ptr, len}.
  std::pair<uint32_t, uint32_t> put(uint32_t at, const std::string& text) {
    std::memcpy(memory_->data() + at, text.data(), text.size());
    return {at, static_cast<uint32_t>(text.size())};
  }
  std::string read(int32_t handle) {
    int32_t len = call("buffer_len", {static_cast<uint32_t>(handle)});
    if (len < 0) return "<error>";
    EXPECT_EQ(call("buffer_read", {static_cast<uint32_t>(handle), 0, 4096, 1024}), len);
    return std::string(reinterpret_cast<const char*>(memory_->data() + 4096), len);
  }

  std::unique_ptr<wasm::HostModule> module_;
};

TEST_F(HostAbiTest, StateRoundTripsThroughHandles) {
  auto [sp, sl] = put(0, "statestore");
  auto [kp, kl] = put(100, "k");
  auto [vp, vl] = put(200, "42");
  EXPECT_EQ(call("state_get", {sp, sl, kp, kl}), 0);  // absent
  EXPECT_EQ(call("state_save", {sp, sl, kp, kl, vp, vl, 0, 0}), 0);
  int32_t handle = call("state_get", {sp, sl, kp, kl});
  ASSERT_GT(handle, 0);
  EXPECT_EQ(read(handle), "42");
  EXPECT_EQ(call("buffer_drop", {static_cast<uint32_t>(handle)}), 0);
  EXPECT_EQ(call("buffer_len", {static_cast<uint32_t>(handle)}), kBadHandle);

  // ETags: the one read back is current; a stale one is a mismatch.
  int32_t value = call("state_get_etag", {sp, sl, kp, kl, 300});
  ASSERT_GT(value, 0);
  int32_t etag_handle = 0;
  std::memcpy(&etag_handle, memory_->data() + 300, 4);
  ASSERT_GT(etag_handle, 0);
  std::string etag = read(etag_handle);
  auto [ep, el] = put(400, "12345");
  EXPECT_EQ(call("state_save", {sp, sl, kp, kl, vp, vl, ep, el}), kEtagMismatch);
  auto [gp, gl] = put(400, etag);
  EXPECT_EQ(call("state_delete", {sp, sl, kp, kl, gp, gl}), 0);
  EXPECT_EQ(call("state_get", {sp, sl, kp, kl}), 0);
}

TEST_F(HostAbiTest, OutOfBoundsPointersAreErrorCodes) {
  auto [sp, sl] = put(0, "statestore");
  constexpr uint32_t kEnd = 65536;
  EXPECT_EQ(call("state_get", {sp, sl, kEnd - 2, 3}), kBadPointer);
  EXPECT_EQ(call("state_get", {0xfffffff0u, 0x20, 0, 1}), kBadPointer);  // wraps in 32 bits
  EXPECT_EQ(call("state_save", {sp, sl, 0, 1, 0, 0xffffffffu, 0, 0}), kBadPointer);
  EXPECT_EQ(call("log", {1, kEnd, 1}), kBadPointer);
  EXPECT_EQ(call("log", {1, kEnd, 0}), 0);  // an empty range at the kEnd is inside
  EXPECT_EQ(call("state_get_etag", {sp, sl, 100, 1, kEnd - 3}), kBadPointer);
  EXPECT_EQ(call("publish", {sp, sl, 0, 1, 0x7fffffff, 2, 0, 0}), kBadPointer);
  // The message says which call and why.
  int32_t message = call("error_message", {});
  ASSERT_GT(message, 0);
  EXPECT_EQ(read(message), "publish: a pointer or length is out of bounds");
  // A buffer copied to a destination out of bounds copies nothing.
  int32_t handle = call("error_message", {});
  EXPECT_EQ(call("buffer_read", {static_cast<uint32_t>(handle), 0, kEnd - 4, 100}), kBadPointer);
  EXPECT_EQ(call("buffer_read", {static_cast<uint32_t>(handle), 1000, 0, 1}), kInvalidArgument);
}

TEST_F(HostAbiTest, AnInstanceHoldsBoundedHandles) {
  for (size_t i = 0; i < AppInstance::kMaxHandles; ++i) ASSERT_GT(call("error_message", {}), 0);
  EXPECT_EQ(call("error_message", {}), kLimit);
  EXPECT_EQ(call("buffer_drop", {7}), 0);
  EXPECT_EQ(call("error_message", {}), 7);  // the freed slot is reused
  EXPECT_EQ(call("buffer_drop", {0}), kBadHandle);
  EXPECT_EQ(call("buffer_drop", {static_cast<uint32_t>(-5)}), kBadHandle);
}

TEST_F(HostAbiTest, RequestAndResponseNeedAnInvocation) {
  EXPECT_EQ(call("request_get", {0}), kUnavailable);
  EXPECT_EQ(call("response_status", {200}), kUnavailable);
  component::AppRequest request;
  request.verb = "PUT";
  request.headers["x-test"] = "yes";
  request.headers["dapr-api-token"] = "secret";
  request.headers["lichen-internal-token"] = "secret";
  component::AppResponse response;
  instance_->request = &request;
  instance_->response = &response;
  EXPECT_EQ(read(call("request_get", {0})), "PUT");
  EXPECT_EQ(call("request_get", {99}), kInvalidArgument);
  auto [np, nl] = put(0, "X-TEST");
  EXPECT_EQ(read(call("request_header", {np, nl})), "yes");
  for (const char* token : {"Dapr-Api-Token", "lichen-internal-token"}) {
    auto [tp, tl] = put(500, token);
    EXPECT_EQ(call("request_header", {tp, tl}), 0) << token;  // withheld from the guest
  }
  auto [bad, badl] = put(100, "a\r\nb");
  EXPECT_EQ(call("response_header", {np, nl, bad, badl}), kInvalidArgument);
  auto [cp, cl] = put(200, "Content-Type");
  auto [tp, tl] = put(300, "text/plain");
  EXPECT_EQ(call("response_header", {cp, cl, tp, tl}), 0);
  EXPECT_EQ(call("response_status", {99}), kInvalidArgument);
  EXPECT_EQ(call("response_status", {201}), 0);
  EXPECT_EQ(call("response_write", {tp, tl}), 0);
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.content_type, "text/plain");
  EXPECT_EQ(response.body, "text/plain");
  EXPECT_EQ(call("event_get", {0}), kUnavailable);
}

TEST_F(HostAbiTest, UnknownComponentsAreNotFound) {
  auto [sp, sl] = put(0, "nostore");
  EXPECT_EQ(call("state_get", {sp, sl, 0, 1}), kNotFound);
  EXPECT_EQ(call("secret_get", {sp, sl, 0, 1}), kNotFound);
  auto [tp, tl] = put(100, "topic");
  EXPECT_EQ(call("publish", {sp, sl, tp, tl, 0, 0, 0, 0}), kNotFound);
}

// Version 3: without configuration or lock stores the calls answer NOT_FOUND with daprd's
// message; malformed lists are INVALID_ARGUMENT before any lookup.
TEST_F(HostAbiTest, ConfigurationAndLocksWithoutStores) {
  auto [sp, sl] = put(0, "nostore");
  auto [rp, rl] = put(100, "resource");
  auto [op, ol] = put(200, "owner");
  EXPECT_EQ(call("config_get", {sp, sl, 0, 0, 0, 0}), kNotFound);
  EXPECT_EQ(read(call("error_message", {})), "configuration stores not configured");
  EXPECT_EQ(call("lock_try", {sp, sl, rp, rl, op, ol, 10}), kNotFound);
  EXPECT_EQ(read(call("error_message", {})), "lock store is not configured");
  EXPECT_EQ(call("unlock", {sp, sl, rp, rl, op, ol}), kNotFound);
  auto [bp, bl] = put(300, std::string("\x05\0\0\0ab", 6));  // an entry cut short
  EXPECT_EQ(call("config_get", {sp, sl, bp, bl, 0, 0}), kInvalidArgument);
  EXPECT_EQ(call("config_get", {sp, sl, 0, 0, bp, bl}), kInvalidArgument);
  EXPECT_EQ(call("config_get", {sp, sl, 65530, 100, 0, 0}), kBadPointer);
  EXPECT_EQ(call("lock_try", {sp, sl, rp, rl, 65535, 2, 10}), kBadPointer);
  EXPECT_EQ(call("unlock", {0xffffffff, 2, rp, rl, op, ol}), kBadPointer);
}

}  // namespace
}  // namespace lichen::app
