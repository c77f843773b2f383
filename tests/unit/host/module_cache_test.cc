// The module cache: one compilation per module, by content or by file identity; a changed
// file compiles again; failures are not kept; concurrent loads share one compilation.
#include "host/module_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/unit/wasm/module_builder.h"

namespace lichen::host {
namespace {

using wasm::test::Bytes;

// A valid module with `n` function types, so different n give different modules.
Bytes module(uint32_t n) {
  wasm::test::ModuleBuilder m;
  Bytes types = wasm::test::uleb(n);
  for (uint32_t i = 0; i < n; ++i) {
    Bytes t = wasm::test::funcType({}, {});
    types.insert(types.end(), t.begin(), t.end());
  }
  m.section(1, types);
  return m.bytes();
}

class ModuleCacheTest : public testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove(path_); }
  void writeFile(const Bytes& bytes) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
  }

  wasm::Engine engine_;
  ModuleCache cache_{engine_};
  std::string path_ = (std::filesystem::temp_directory_path() /
                       ("lichen_module_cache_" + std::to_string(::getpid()) + ".wasm"))
                          .string();
};

TEST_F(ModuleCacheTest, SameBytesCompileOnce) {
  auto a = cache_.load(module(1));
  auto b = cache_.load(module(1));
  auto c = cache_.load(module(2));
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, *c);
  EXPECT_EQ(cache_.compilations(), 2u);
  EXPECT_EQ(cache_.size(), 2u);
  cache_.clear();
  EXPECT_EQ(cache_.size(), 0u);
}

TEST_F(ModuleCacheTest, FilesCompileOnceUntilTheyChange) {
  writeFile(module(1));
  auto a = cache_.loadFile(path_);
  auto b = cache_.loadFile(path_);
  ASSERT_TRUE(a && b) << (a ? b : a).error().toString();
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(cache_.compilations(), 1u);

  writeFile(module(3));  // another size: another identity
  auto c = cache_.loadFile(path_);
  ASSERT_TRUE(c);
  EXPECT_NE(*a, *c);
  EXPECT_EQ((*c)->module.types.size(), 3u);
  EXPECT_EQ(cache_.size(), 1u);  // the changed file replaced its entry
}

TEST_F(ModuleCacheTest, FailuresAreReportedAsTheEngineDoesAndNotKept) {
  auto missing = cache_.loadFile(path_ + ".missing");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().toString(), engine_.loadFile(path_ + ".missing").error().toString());

  writeFile({0x00, 0x61, 0x73, 0x6d, 0x02});
  auto bad = cache_.loadFile(path_);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().phase, wasm::Phase::kDecode);
  EXPECT_FALSE(cache_.load(Bytes{1, 2, 3}));
  EXPECT_EQ(cache_.size(), 0u);

  writeFile(module(1));  // fixed: loads now
  EXPECT_TRUE(cache_.loadFile(path_));
}

TEST_F(ModuleCacheTest, ConcurrentLoadsShareOneCompilation) {
  const Bytes bytes = module(50);
  std::vector<ModuleCache::ModulePtr> got(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] {
      auto m = cache_.load(bytes);
      if (m) got[i] = *m;
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& m : got) EXPECT_EQ(m, got[0]);
  EXPECT_NE(got[0], nullptr);
  EXPECT_EQ(cache_.compilations(), 1u);
}

}  // namespace
}  // namespace lichen::host
