// A hostile guest against the whole `lichen` host module: 100,000 calls of random imports with
// arguments drawn from the values that break bounds checks (0, the last byte, one past the end,
// 2^31, 2^32-1, values whose sum wraps in 32 bits, random ones). Every call must return an
// answer, never trap or touch host memory: memory keeps its size, answers are handles/counts or
// the documented error codes, and the bytes past the guest's one page stay unmapped to it.
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstring>
#include <random>
#include <set>
#include <vector>

#include "app/host_abi.h"
#include "app/host_abi_detail.h"
#include "tests/unit/app/app_test_runtime.h"

namespace lichen::app {
namespace {

class HostAbiHostileTest : public test::AppRuntimeTest {};

uint32_t hostileValue(std::mt19937& rng) {
  static const uint32_t kEdges[] = {0,          1,          2,          3,          4,
                                    100,        4095,       4096,       65532,      65535,
                                    65536,      65537,      0x7fffffff, 0x80000000, 0xfffffff0,
                                    0xfffffffc, 0xffffffff, 0x10000,    0xffff0000};
  switch (rng() % 3) {
    case 0:
      return kEdges[rng() % (sizeof kEdges / sizeof kEdges[0])];
    case 1:
      return rng() % 70000;  // mostly inside the page, sometimes just past it
    default:
      return rng();
  }
}

TEST_F(HostAbiHostileTest, RandomArgumentsToEveryImportAreAnsweredNeverObeyed) {
  const wasm::HostModule module = lichenHostModule(*runtime_, outbound_);
  const std::vector<std::string_view> names = module.fieldNames();
  ASSERT_FALSE(names.empty());
  // Some imports need an invocation or an event in progress; give them one to read and write.
  component::AppRequest request;
  request.verb = "POST";
  request.method = "m";
  request.body = "body";
  component::AppResponse response;
  instance_->request = &request;
  instance_->response = &response;
  // Strings the guest may name: a real store and pub/sub now and then, so calls get past the
  // lookup and into the building blocks with hostile lengths.
  const std::string store = "statestore";
  std::memcpy(memory_->data() + 60000, store.data(), store.size());
  const auto level = spdlog::get_level();
  spdlog::set_level(spdlog::level::off);  // `log` with random bytes would flood the test output

  std::mt19937 rng(20261201);
  std::set<int32_t> answers_seen;
  int answered_ok = 0;
  constexpr int kCalls = 100000;
  for (int i = 0; i < kCalls; ++i) {
    const std::string_view name = names[rng() % names.size()];
    const wasm::HostFuncDef* def = module.find(std::string(name));
    ASSERT_NE(def, nullptr);
    std::vector<uint64_t> io(std::max<size_t>(def->type.params.size(), 1));
    for (size_t k = 0; k < def->type.params.size(); ++k) {
      io[k] = hostileValue(rng);
      if (k % 2 == 0 && rng() % 4 == 0) io[k] = 60000;  // now and then a real "statestore"
      if (k % 2 == 1 && io[k - 1] == 60000 && rng() % 2) io[k] = store.size();
    }
    wasm::HostCall host{*store_, nullptr, memory_};
    auto result = def->fn(host, io.data());
    ASSERT_TRUE(result) << name << " trapped on call " << i;
    ASSERT_EQ(memory_->size(), 65536u) << name;
    if (!def->type.results.empty()) {
      const auto answer = static_cast<int32_t>(io[0]);
      // Non-negative: a handle, a length, a status; negative: one of the ABI's error codes.
      ASSERT_GE(answer, kUnavailable) << name << " answered " << answer;
      if (answer < 0) answers_seen.insert(answer);
      if (answer >= 0) ++answered_ok;
    }
    if (i % 512 == 0) {
      for (uint32_t h = 1; h <= AppInstance::kMaxHandles; ++h)
        instance_->drop(static_cast<int32_t>(h));
    }
  }
  spdlog::set_level(level);
  // The run reached the checks, not just one early refusal.
  EXPECT_TRUE(answers_seen.count(kBadPointer));
  EXPECT_GE(answers_seen.size(), 3u);
  EXPECT_GT(answered_ok, kCalls / 100) << "few calls got past the checks";
  std::printf("%d calls, %d answered without an error, error codes seen: %zu\n", kCalls,
              answered_ok, answers_seen.size());
}

TEST(PrintableLogLine, GuestBytesCannotForgeOrFloodTheLog) {
  EXPECT_EQ(printableLogLine("plain text"), "plain text");
  EXPECT_EQ(printableLogLine("a\nfake: line\x1b[31m"), "a\\x0afake: line\\x1b[31m");
  EXPECT_EQ(printableLogLine(std::string("\0\x7f", 2)), "\\x00\\x7f");
  const std::string flood(100000, 'x');
  const std::string line = printableLogLine(flood);
  EXPECT_EQ(line, std::string(4096, 'x') + " ... (95904 more bytes)");
}

}  // namespace
}  // namespace lichen::app
