// The instance pool: every lease is a fresh instance in its own Store, refill stays within its
// bound, each Store gets the configured limits, link errors come back as errors, and leases
// taken from several threads at once are all distinct.
#include "host/instance_pool.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "tests/unit/wasm/module_builder.h"
#include "wasm/engine/engine.h"

namespace lichen::host {
namespace {

using namespace wasm::test;

// A mutable global counter: "inc" adds one and returns it; "spin" loops forever.
Bytes counterModule() {
  ModuleBuilder m;
  m.section(1, vec({funcType({}, {kI32}), funcType({}, {})}));
  m.section(3, vec({uleb(0), uleb(1)}));
  m.section(6, vec({{kI32, 0x01, 0x41, 0x00, 0x0B}}));
  m.section(7, vec({cat({str("inc"), {0x00}, uleb(0)}), cat({str("spin"), {0x00}, uleb(1)})}));
  m.section(10, vec({body({}, {0x23, 0, 0x41, 1, 0x6A, 0x24, 0, 0x23, 0, 0x0B}),
                     body({}, {0x03, 0x40, 0x0C, 0x00, 0x0B, 0x0B})}));
  return m.bytes();
}

class InstancePoolTest : public testing::Test {
 protected:
  void SetUp() override {
    auto compiled = engine_.load(counterModule());
    ASSERT_TRUE(compiled) << compiled.error().toString();
    module_ = *compiled;
  }
  static uint32_t inc(InstancePool::Lease& lease) {
    auto r = lease.store().invoke(lease.instance().findExport("inc")->func, {});
    return r ? (*r)[0].asU32() : 0;
  }

  wasm::Engine engine_;
  wasm::Linker linker_;
  std::shared_ptr<const wasm::CompiledModule> module_;
};

TEST_F(InstancePoolTest, EveryLeaseIsFresh) {
  InstancePool pool(engine_.executor(), module_, linker_, {});
  for (int i = 0; i < 3; ++i) {
    auto lease = pool.acquire();
    ASSERT_TRUE(lease) << lease.error().toString();
    EXPECT_EQ(inc(*lease), 1u);
    EXPECT_EQ(inc(*lease), 2u);
  }
  EXPECT_EQ(pool.made(), 3u);
  EXPECT_EQ(pool.idle(), 0u);
}

TEST_F(InstancePoolTest, RefillMakesInstancesAheadWithinItsBound) {
  InstancePool::Options options;
  options.max_idle = 2;
  InstancePool pool(engine_.executor(), module_, linker_, options);
  ASSERT_TRUE(pool.refill());
  ASSERT_TRUE(pool.refill());
  EXPECT_EQ(pool.idle(), 2u);
  EXPECT_EQ(pool.made(), 2u);
  auto a = pool.acquire();
  auto b = pool.acquire();
  ASSERT_TRUE(a && b);
  EXPECT_NE(&a->instance(), &b->instance());
  EXPECT_EQ(pool.made(), 2u);  // both came from the pool
  EXPECT_EQ(pool.idle(), 0u);
  EXPECT_TRUE(pool.acquire());
  EXPECT_EQ(pool.made(), 3u);
}

TEST_F(InstancePoolTest, EachStoreGetsTheConfiguredLimits) {
  InstancePool::Options options;
  options.configure = [](wasm::Store& store) { store.limits().fuel = 1000; };
  InstancePool pool(engine_.executor(), module_, linker_, options);
  auto lease = pool.acquire();
  ASSERT_TRUE(lease);
  auto r = lease->store().invoke(lease->instance().findExport("spin")->func, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, wasm::TrapKind::kOutOfFuel);
}

TEST_F(InstancePoolTest, LinkErrorsComeBack) {
  ModuleBuilder m;
  m.section(1, vec({funcType({}, {})}));
  m.section(2, vec({cat({str("env"), str("f"), {0x00}, uleb(0)})}));
  auto compiled = engine_.load(m.bytes());
  ASSERT_TRUE(compiled);
  InstancePool pool(engine_.executor(), *compiled, linker_, {});
  auto lease = pool.acquire();
  ASSERT_FALSE(lease);
  EXPECT_EQ(lease.error().phase, wasm::Phase::kLink);
  EXPECT_FALSE(pool.refill());
  EXPECT_EQ(pool.made(), 0u);
}

TEST_F(InstancePoolTest, ConcurrentLeasesAreDistinct) {
  InstancePool::Options options;
  options.max_idle = 8;
  InstancePool pool(engine_.executor(), module_, linker_, options);
  std::thread filler([&pool] {
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(pool.refill());
  });
  std::vector<std::vector<InstancePool::Lease>> held(4);
  std::vector<std::thread> takers;
  for (auto& mine : held) {
    takers.emplace_back([&pool, &mine] {
      for (int i = 0; i < 25; ++i) {
        auto lease = pool.acquire();
        if (!lease || inc(*lease) != 1) return;
        mine.push_back(std::move(*lease));
      }
    });
  }
  for (auto& t : takers) t.join();
  filler.join();
  std::set<const wasm::ModuleInstance*> seen;
  for (auto& mine : held) {
    EXPECT_EQ(mine.size(), 25u);
    for (auto& lease : mine) seen.insert(&lease.instance());
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_LE(pool.idle(), 8u);
}

}  // namespace
}  // namespace lichen::host
