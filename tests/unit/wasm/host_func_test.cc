// Typed host functions: the wasm type comes from the C++ signature, and every value type
// crosses the boundary intact, signed and unsigned, integer and float, with traps passed on.
#include "wasm/runtime/host_func.h"

#include <gtest/gtest.h>

#include <cmath>

#include "wasm/engine/engine.h"

namespace lichen::wasm {
namespace {

class HostFuncTest : public testing::Test {
 protected:
  Expected<void, Trap> call(const HostFuncDef& def, uint64_t* io) {
    HostCall host{store_, nullptr, nullptr};
    return def.fn(host, io);
  }
  Engine engine_;
  Store store_{engine_.executor()};
};

uint32_t addWide(HostCall&, uint32_t a, uint64_t b) { return static_cast<uint32_t>(a + b); }

TEST_F(HostFuncTest, TypesComeFromTheSignature) {
  EXPECT_EQ(hostFunc(addWide).type, (FuncType{{ValType::kI32, ValType::kI64}, {ValType::kI32}}));
  EXPECT_EQ(hostFunc([](HostCall&) {}).type, (FuncType{{}, {}}));
  EXPECT_EQ(hostFunc([](HostCall&, float, double) -> Expected<double, Trap> { return 0.0; }).type,
            (FuncType{{ValType::kF32, ValType::kF64}, {ValType::kF64}}));
  EXPECT_EQ(hostFunc([](HostCall&, int32_t, int64_t) -> Expected<void, Trap> { return {}; }).type,
            (FuncType{{ValType::kI32, ValType::kI64}, {}}));
}

TEST_F(HostFuncTest, ValuesCrossIntact) {
  uint64_t io[2] = {0xFFFFFFFFu, 0x1'0000'0000ull};
  ASSERT_TRUE(call(hostFunc(addWide), io));
  EXPECT_EQ(io[0], 0xFFFFFFFFu);  // i32 results are zero-extended in their slot

  auto negate =
      hostFunc([](HostCall&, int32_t a, int64_t b) { return static_cast<int64_t>(a) - b; });
  io[0] = static_cast<uint32_t>(-5);
  io[1] = static_cast<uint64_t>(int64_t{-7});
  ASSERT_TRUE(call(negate, io));
  EXPECT_EQ(static_cast<int64_t>(io[0]), 2);

  auto scale = hostFunc([](HostCall&, float f, double d) { return static_cast<float>(f * d); });
  io[0] = std::bit_cast<uint32_t>(1.5f);
  io[1] = std::bit_cast<uint64_t>(-2.0);
  ASSERT_TRUE(call(scale, io));
  EXPECT_EQ(std::bit_cast<float>(static_cast<uint32_t>(io[0])), -3.0f);
  EXPECT_EQ(io[0] >> 32, 0u);
}

TEST_F(HostFuncTest, TrapsPassThroughAndStatePersists) {
  int calls = 0;
  auto counted = hostFunc([&calls](HostCall&, uint32_t limit) -> Expected<uint32_t, Trap> {
    if (++calls > static_cast<int>(limit))
      return Unexpected(Trap{TrapKind::kHost, "too many", {}, 0});
    return static_cast<uint32_t>(calls);
  });
  uint64_t io[1] = {2};
  ASSERT_TRUE(call(counted, io));
  EXPECT_EQ(io[0], 1u);
  io[0] = 2;
  ASSERT_TRUE(call(counted, io));
  io[0] = 2;
  auto third = call(counted, io);
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().kind, TrapKind::kHost);
  EXPECT_EQ(third.error().message, "too many");

  auto mutating = hostFunc([n = 0](HostCall&) mutable { return static_cast<uint32_t>(++n); });
  ASSERT_TRUE(call(mutating, io));
  ASSERT_TRUE(call(mutating, io));
  EXPECT_EQ(io[0], 2u);
}

}  // namespace
}  // namespace lichen::wasm
