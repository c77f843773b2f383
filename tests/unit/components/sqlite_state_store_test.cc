// state.sqlite specifics beyond the conformance suite: durability across reopen, metadata.
#include "components/state/sqlite/sqlite_state_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

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
