// The engine's guest-memory accessor: every access is checked against the current size, edge
// cases included, and ptr+len arithmetic cannot wrap around to a valid range.
#include "wasm/runtime/guest_memory.h"

#include <gtest/gtest.h>

namespace lichen::wasm {
namespace {

class GuestMemoryTest : public testing::Test {
 protected:
  void SetUp() override {
    auto mem = Memory::create(MemoryType{Limits{1, 2}}, 2);
    ASSERT_TRUE(mem);
    memory_ = std::move(*mem);
  }
  std::unique_ptr<Memory> memory_;
};

TEST_F(GuestMemoryTest, AtChecksEveryByte) {
  GuestMemory mem(memory_.get());
  EXPECT_EQ(mem.size(), kPageSize);
  EXPECT_EQ(mem.at(0, kPageSize), memory_->data());
  EXPECT_EQ(mem.at(kPageSize, 0), memory_->data() + kPageSize);  // empty range at the end
  EXPECT_EQ(mem.at(kPageSize - 1, 2), nullptr);
  EXPECT_EQ(mem.at(kPageSize + 1, 0), nullptr);
  EXPECT_EQ(mem.at(1, UINT64_MAX), nullptr);  // 1 + len would wrap to 0
  EXPECT_EQ(mem.at(UINT64_MAX, 1), nullptr);
  EXPECT_EQ(mem.at(UINT32_MAX, UINT32_MAX), nullptr);
}

TEST_F(GuestMemoryTest, NoMemoryRefusesEverything) {
  GuestMemory mem(nullptr);
  EXPECT_EQ(mem.size(), 0u);
  EXPECT_EQ(mem.at(0, 0), nullptr);
  EXPECT_FALSE(mem.load<uint32_t>(0));
  EXPECT_FALSE(mem.store<uint8_t>(0, 1));
}

TEST_F(GuestMemoryTest, ScalarsAreLittleEndian) {
  GuestMemory mem(memory_.get());
  ASSERT_TRUE(mem.store<uint32_t>(8, 0x04030201));
  EXPECT_EQ(memory_->data()[8], 1);
  EXPECT_EQ(memory_->data()[11], 4);
  EXPECT_EQ(mem.load<uint16_t>(9), uint16_t{0x0302});
  ASSERT_TRUE(mem.store<double>(kPageSize - 8, 2.5));
  EXPECT_EQ(mem.load<double>(kPageSize - 8), 2.5);
  EXPECT_FALSE(mem.store<uint64_t>(kPageSize - 7, ~uint64_t{0}));
  EXPECT_EQ(memory_->data()[kPageSize - 7], 0);  // a refused store writes nothing
  EXPECT_FALSE(mem.load<uint64_t>(kPageSize - 7));
}

TEST_F(GuestMemoryTest, BytesAndStringsCopyInAndOut) {
  GuestMemory mem(memory_.get());
  ASSERT_TRUE(mem.write(100, "hello", 5));
  EXPECT_EQ(mem.readString(100, 5), "hello");
  EXPECT_EQ(mem.readString(kPageSize, 0), "");
  EXPECT_FALSE(mem.readString(kPageSize - 2, 3));
  char out[5] = {};
  ASSERT_TRUE(mem.read(101, out, 4));
  EXPECT_EQ(std::string(out, 4), "ello");
  EXPECT_FALSE(mem.read(kPageSize - 1, out, 2));
  EXPECT_FALSE(mem.write(kPageSize - 1, "ab", 2));
  EXPECT_EQ(memory_->data()[kPageSize - 1], 0);
}

TEST_F(GuestMemoryTest, FollowsGrowth) {
  GuestMemory mem(memory_.get());
  EXPECT_FALSE(mem.store<uint8_t>(kPageSize, 7));
  ASSERT_EQ(memory_->grow(1), 1);
  EXPECT_EQ(mem.size(), 2 * kPageSize);
  EXPECT_TRUE(mem.store<uint8_t>(kPageSize, 7));
  EXPECT_EQ(mem.load<uint8_t>(kPageSize), uint8_t{7});
}

}  // namespace
}  // namespace lichen::wasm
