// One conformance suite for every state store, driven by the features each store declares
// (like components-contrib's tests/conformance/state). Add a store: add one factory below.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "components/state/memory/memory_state_store.h"
#include "components/state/sqlite/sqlite_state_store.h"

namespace lichen::components {
namespace {

using state::Concurrency;
using state::DeleteRequest;
using state::Feature;
using state::GetRequest;
using state::SetRequest;

struct StoreFactory {
  std::string name;
  std::function<std::unique_ptr<state::StateStore>(state::Clock)> make;
  std::function<component::Properties(const std::string& dir)> properties;
};

class StateConformanceTest : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("lichen-conformance-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = GetParam().make([this] { return now_.load(); });
    auto init = store_->init(GetParam().properties(dir_.string()));
    ASSERT_TRUE(init) << init.error().message();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  bool has(Feature f) const { return store_->features().has(f); }
  void put(const std::string& key, const std::string& value) {
    auto result = store_->set(SetRequest{key, value, std::nullopt, {}, {}, {}, std::nullopt, ""});
    ASSERT_TRUE(result) << result.error().message();
  }
  std::optional<state::GetResponse> get(const std::string& key) {
    auto result = store_->get(GetRequest{key, {}, {}});
    EXPECT_TRUE(result) << result.error().message();
    return result ? *result : std::nullopt;
  }

  std::atomic<int64_t> now_{1'700'000'000'000};
  std::filesystem::path dir_;
  std::unique_ptr<state::StateStore> store_;
};

TEST_P(StateConformanceTest, GetMissingKeyIsAbsent) { EXPECT_FALSE(get("missing").has_value()); }

TEST_P(StateConformanceTest, SetThenGetReturnsBytes) {
  put("k1", R"({"a":1})");
  auto item = get("k1");
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->data, R"({"a":1})");
  put("bin", std::string("\0\x01\xff", 3));
  EXPECT_EQ(get("bin")->data, std::string("\0\x01\xff", 3));
}

TEST_P(StateConformanceTest, OverwriteAndDelete) {
  put("k", "\"one\"");
  put("k", "\"two\"");
  EXPECT_EQ(get("k")->data, "\"two\"");
  ASSERT_TRUE(store_->remove(DeleteRequest{"k", std::nullopt, {}, {}, {}}));
  EXPECT_FALSE(get("k").has_value());
  // Deleting a missing key is not an error.
  EXPECT_TRUE(store_->remove(DeleteRequest{"k", std::nullopt, {}, {}, {}}));
}

TEST_P(StateConformanceTest, BulkGetMixesPresentAndMissing) {
  put("a", "1");
  auto items = store_->bulkGet({GetRequest{"a", {}, {}}, GetRequest{"nope", {}, {}}});
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0].key, "a");
  ASSERT_TRUE((*items)[0].response.has_value());
  EXPECT_EQ((*items)[0].response->data, "1");
  EXPECT_FALSE((*items)[1].response.has_value());
}

TEST_P(StateConformanceTest, EtagChangesOnEveryWriteAndGuardsUpdates) {
  if (!has(Feature::kEtag)) GTEST_SKIP() << "store has no ETags";
  put("k", "1");
  std::string first = get("k")->etag.value();
  put("k", "2");
  std::string second = get("k")->etag.value();
  EXPECT_NE(first, second);

  SetRequest stale{"k", "3", first, {}, {}, {}, std::nullopt, ""};
  auto result = store_->set(stale);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), StatusCode::kEtagMismatch);
  EXPECT_EQ(get("k")->data, "2");

  SetRequest fresh{"k", "3", second, {}, {}, {}, std::nullopt, ""};
  EXPECT_TRUE(store_->set(fresh));
  EXPECT_EQ(get("k")->data, "3");
}

TEST_P(StateConformanceTest, EtagOnMissingKeyIsMismatch) {
  if (!has(Feature::kEtag)) GTEST_SKIP() << "store has no ETags";
  put("other", "1");
  std::string etag = get("other")->etag.value();
  auto result = store_->set(SetRequest{"absent", "1", etag, {}, {}, {}, std::nullopt, ""});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), StatusCode::kEtagMismatch);
}

TEST_P(StateConformanceTest, MalformedEtagIsAnEtagError) {
  if (!has(Feature::kEtag)) GTEST_SKIP() << "store has no ETags";
  put("k", "1");
  auto result = store_->set(SetRequest{"k", "2", "not-an-etag", {}, {}, {}, std::nullopt, ""});
  ASSERT_FALSE(result);
  EXPECT_TRUE(result.error().code() == StatusCode::kEtagInvalid ||
              result.error().code() == StatusCode::kEtagMismatch);
}

TEST_P(StateConformanceTest, FirstWriteWithoutEtagOnlyInserts) {
  if (!has(Feature::kEtag)) GTEST_SKIP() << "store has no ETags";
  SetRequest first{"fw", "1", std::nullopt, {}, Concurrency::kFirstWrite, {}, std::nullopt, ""};
  EXPECT_TRUE(store_->set(first));
  auto again = store_->set(first);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), StatusCode::kEtagMismatch);
  // Last-write (the default) overwrites.
  SetRequest last{"fw", "2", std::nullopt, {}, Concurrency::kLastWrite, {}, std::nullopt, ""};
  EXPECT_TRUE(store_->set(last));
  EXPECT_EQ(get("fw")->data, "2");
}

TEST_P(StateConformanceTest, DeleteWithEtag) {
  if (!has(Feature::kEtag)) GTEST_SKIP() << "store has no ETags";
  put("k", "1");
  std::string etag = get("k")->etag.value();
  put("k", "2");
  auto stale = store_->remove(DeleteRequest{"k", etag, {}, {}, {}});
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), StatusCode::kEtagMismatch);
  EXPECT_TRUE(get("k").has_value());
  EXPECT_TRUE(store_->remove(DeleteRequest{"k", get("k")->etag, {}, {}, {}}));
  EXPECT_FALSE(get("k").has_value());
}

TEST_P(StateConformanceTest, TtlExpiresAndMinusOneNeverDoes) {
  if (!has(Feature::kTtl)) GTEST_SKIP() << "store has no TTL";
  ASSERT_TRUE(store_->set(SetRequest{"ttl", "1", std::nullopt, {}, {}, {}, 10, ""}));
  ASSERT_TRUE(store_->set(SetRequest{"forever", "1", std::nullopt, {}, {}, {}, -1, ""}));
  auto item = get("ttl");
  ASSERT_TRUE(item.has_value());
  EXPECT_TRUE(item->metadata.contains("ttlExpireTime"));
  EXPECT_FALSE(get("forever")->metadata.contains("ttlExpireTime"));
  now_ += 9'000;
  EXPECT_TRUE(get("ttl").has_value());
  now_ += 2'000;
  EXPECT_FALSE(get("ttl").has_value());
  EXPECT_TRUE(get("forever").has_value());
  // An expired key may be written again with first-write.
  EXPECT_TRUE(store_->set(
      SetRequest{"ttl", "2", std::nullopt, {}, Concurrency::kFirstWrite, {}, std::nullopt, ""}));
  EXPECT_EQ(get("ttl")->data, "2");
}

TEST_P(StateConformanceTest, TransactionAppliesAll) {
  if (!has(Feature::kTransactional)) GTEST_SKIP() << "store has no transactions";
  put("gone", "1");
  std::vector<state::Operation> ops;
  ops.emplace_back(SetRequest{"t1", "1", std::nullopt, {}, {}, {}, std::nullopt, ""});
  ops.emplace_back(SetRequest{"t2", "2", std::nullopt, {}, {}, {}, std::nullopt, ""});
  ops.emplace_back(DeleteRequest{"gone", std::nullopt, {}, {}, {}});
  auto result = store_->multi(ops, {});
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(get("t1")->data, "1");
  EXPECT_EQ(get("t2")->data, "2");
  EXPECT_FALSE(get("gone").has_value());
}

TEST_P(StateConformanceTest, TransactionIsAllOrNothing) {
  if (!has(Feature::kTransactional) || !has(Feature::kEtag)) GTEST_SKIP();
  put("keep", "\"original\"");
  put("guarded", "1");
  std::string stale = get("guarded")->etag.value();
  put("guarded", "2");
  std::vector<state::Operation> ops;
  ops.emplace_back(SetRequest{"keep", "\"changed\"", std::nullopt, {}, {}, {}, std::nullopt, ""});
  ops.emplace_back(DeleteRequest{"keep2", std::nullopt, {}, {}, {}});
  ops.emplace_back(SetRequest{"new", "1", std::nullopt, {}, {}, {}, std::nullopt, ""});
  ops.emplace_back(SetRequest{"guarded", "3", stale, {}, {}, {}, std::nullopt, ""});
  auto result = store_->multi(ops, {});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), StatusCode::kEtagMismatch);
  EXPECT_EQ(get("keep")->data, "\"original\"");
  EXPECT_FALSE(get("new").has_value());
  EXPECT_EQ(get("guarded")->data, "2");
}

TEST_P(StateConformanceTest, KeysAreOpaqueStrings) {
  for (const std::string& key : std::vector<std::string>{"app||key", "with space", "ünïcødé",
                                                         "a/b/c", std::string(300, 'x')}) {
    put(key, "\"v\"");
    auto item = get(key);
    ASSERT_TRUE(item.has_value()) << key;
    EXPECT_EQ(item->data, "\"v\"");
  }
}

component::Properties noProperties(const std::string&) { return {}; }

component::Properties sqliteProperties(const std::string& dir) {
  component::Properties properties;
  properties.set("connectionString", dir + "/state.db");
  return properties;
}

INSTANTIATE_TEST_SUITE_P(
    Stores, StateConformanceTest,
    ::testing::Values(
        StoreFactory{"memory",
                     [](state::Clock clock) { return std::make_unique<MemoryStateStore>(clock); },
                     noProperties},
        StoreFactory{"sqlite",
                     [](state::Clock clock) { return std::make_unique<SqliteStateStore>(clock); },
                     sqliteProperties}),
    [](const ::testing::TestParamInfo<StoreFactory>& info) { return info.param.name; });

}  // namespace
}  // namespace lichen::components
