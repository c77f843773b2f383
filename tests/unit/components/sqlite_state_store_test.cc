// state.sqlite specifics beyond the conformance suite: durability across reopen, metadata.
#include "components/state/sqlite/sqlite_state_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

namespace lichen::components {
namespace {

class SqliteStateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("lichen-sqlite-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  component::Properties properties() const {
    component::Properties p;
    p.set("connectionString", (dir_ / "nested" / "state.db").string());
    return p;
  }
  std::filesystem::path dir_;
};

TEST_F(SqliteStateStoreTest, RequiresConnectionString) {
  SqliteStateStore store;
  auto result = store.init({});
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("connectionString"), std::string::npos);
}

TEST_F(SqliteStateStoreTest, RejectsBadTableName) {
  SqliteStateStore store;
  component::Properties p = properties();
  p.set("tableName", "state; DROP TABLE x");
  EXPECT_FALSE(store.init(p));
}

TEST_F(SqliteStateStoreTest, DataSurvivesReopenWithEtag) {
  std::string etag;
  {
    SqliteStateStore store;
    ASSERT_TRUE(store.init(properties()));
    ASSERT_TRUE(store.set(state::SetRequest{
        "k", "\"v\"", std::nullopt, {}, {}, {}, std::nullopt, "application/json"}));
    etag = (*store.get(state::GetRequest{"k", {}, {}}))->etag.value();
  }
  SqliteStateStore reopened;
  ASSERT_TRUE(reopened.init(properties()));
  auto item = reopened.get(state::GetRequest{"k", {}, {}});
  ASSERT_TRUE(item && item->has_value());
  EXPECT_EQ((*item)->data, "\"v\"");
  EXPECT_EQ((*item)->etag, etag);
  EXPECT_EQ((*item)->content_type, "application/json");
  EXPECT_TRUE(std::filesystem::exists(dir_ / "nested" / "state.db"));
}

int64_t countRows(const std::string& file) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM state", -1, &stmt, nullptr);
  int64_t count = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return count;
}

TEST_F(SqliteStateStoreTest, CleanupIntervalPurgesExpiredRows) {
  std::atomic<int64_t> now{1'000'000};
  SqliteStateStore store([&now] { return now.load(); });
  component::Properties p = properties();
  p.set("cleanupInterval", "5ms");
  ASSERT_TRUE(store.init(p));
  ASSERT_TRUE(store.set(state::SetRequest{"short", "1", std::nullopt, {}, {}, {}, 1, ""}));
  ASSERT_TRUE(
      store.set(state::SetRequest{"kept", "1", std::nullopt, {}, {}, {}, std::nullopt, ""}));
  std::string file = (dir_ / "nested" / "state.db").string();
  EXPECT_EQ(countRows(file), 2);
  now += 2'000;  // "short" has expired; the cleanup thread deletes its row
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (countRows(file) != 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(countRows(file), 1);
  EXPECT_TRUE((*store.get(state::GetRequest{"kept", {}, {}})).has_value());
}

TEST_F(SqliteStateStoreTest, CustomTableAndWalOff) {
  SqliteStateStore store;
  component::Properties p = properties();
  p.set("tableName", "custom_state");
  p.set("disableWAL", "true");
  ASSERT_TRUE(store.init(p));
  EXPECT_TRUE(store.set(state::SetRequest{"k", "1", std::nullopt, {}, {}, {}, std::nullopt, ""}));
}

}  // namespace
}  // namespace lichen::components
