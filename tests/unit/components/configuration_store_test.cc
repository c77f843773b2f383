// configuration.in-memory and configuration.sqlite: items, subscriptions, and changes made
// through another SQLite connection (as the sqlite3 CLI or another process would) reaching
// subscribers.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "components/configuration/memory/memory_configuration_store.h"
#include "components/configuration/sqlite/sqlite_configuration_store.h"
#include "components/state/sqlite/sqlite_db.h"
#include "unit/runtime/scratch_dir.h"

namespace lichen::components {
namespace {

using configuration::Item;
using configuration::Items;
using configuration::UpdateEvent;

// Collects the events a store hands to a subscription; waits have a deadline.
class EventSink {
 public:
  configuration::UpdateHandler handler() {
    return [this](const UpdateEvent& event) {
      std::lock_guard lock(mutex_);
      events_.push_back(event);
      changed_.notify_all();
    };
  }
  // The first `count` events, or fewer after 10 s.
  std::vector<UpdateEvent> waitFor(size_t count) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(10), [&] { return events_.size() >= count; });
    return events_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<UpdateEvent> events_;
};

component::Properties itemsProperty(const std::string& json) {
  component::Properties properties;
  properties.set("items", json);
  return properties;
}

TEST(MemoryConfigurationStoreTest, ItemsComeFromMetadata) {
  MemoryConfigurationStore store;
  auto init = store.init(itemsProperty(
      R"({"Greeting":"hello","limit":{"value":"10","version":"3","metadata":{"unit":"rps"}}})"));
  ASSERT_TRUE(init) << init.error().message();
  auto all = store.get({}, {});
  ASSERT_TRUE(all);
  EXPECT_EQ(*all, (Items{{"Greeting", Item{"hello", "", {}}},
                         {"limit", Item{"10", "3", {{"unit", "rps"}}}}}));
  auto some = store.get({"limit", "missing"}, {});
  ASSERT_TRUE(some);
  EXPECT_EQ(some->size(), 1u);
  EXPECT_EQ(some->at("limit").version, "3");
  EXPECT_TRUE(store.get({"greeting"}, {})->empty()) << "keys keep their case";
}

TEST(MemoryConfigurationStoreTest, BadItemsAreAnError) {
  for (const char* bad : {"not json", "[1]", R"({"a":1})", R"({"a":{"value":2}})",
                          R"({"a":{"metadata":{"x":1}}})", R"({"a":{"colour":"red"}})"}) {
    MemoryConfigurationStore store;
    auto init = store.init(itemsProperty(bad));
    ASSERT_FALSE(init) << bad;
    EXPECT_NE(init.error().message().find("items"), std::string::npos) << init.error().message();
  }
}

TEST(MemoryConfigurationStoreTest, SubscribersGetChangesOfTheirKeys) {
  MemoryConfigurationStore store;
  ASSERT_TRUE(store.init({}));
  EventSink some, all;
  auto some_id = store.subscribe({"a"}, {}, some.handler());
  auto all_id = store.subscribe({}, {}, all.handler());
  ASSERT_TRUE(some_id && all_id);
  EXPECT_NE(*some_id, *all_id);
  store.set("b", Item{"2", "1", {}});
  store.set("a", Item{"1", "1", {}});
  store.remove("a");
  store.remove("never-there");
  auto events = some.waitFor(2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].id, *some_id);
  EXPECT_EQ(events[0].items, (Items{{"a", Item{"1", "1", {}}}}));
  EXPECT_EQ(events[1].items, (Items{{"a", Item{}}})) << "a deleted key is an empty item";
  EXPECT_EQ(all.waitFor(3).size(), 3u);

  ASSERT_TRUE(store.unsubscribe(*some_id));
  EXPECT_FALSE(store.unsubscribe(*some_id)) << "an unknown id is an error";
  store.set("a", Item{"again", "", {}});
  EXPECT_EQ(all.waitFor(4).size(), 4u);
  EXPECT_EQ(some.waitFor(2).size(), 2u) << "no event after unsubscribe";
}

class SqliteConfigurationStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    component::Properties properties;
    properties.set("connectionString", file());
    properties.set("pollInterval", "20ms");
    auto init = store_.init(properties);
    ASSERT_TRUE(init) << init.error().message();
    // Another connection, as the sqlite3 CLI or another process writing the file.
    ASSERT_TRUE(writer_.open(file()));
    ASSERT_TRUE(writer_.exec("PRAGMA busy_timeout = 5000"));
  }
  std::string file() const { return (dir_.path() / "config.db").string(); }
  void write(const std::string& sql) {
    auto done = writer_.exec(sql);
    ASSERT_TRUE(done) << done.error().message();
  }

  testing::ScratchDir dir_{"lichen-config-sqlite"};
  SqliteConfigurationStore store_;
  sqlite::Database writer_;
};

TEST_F(SqliteConfigurationStoreTest, GetReadsTheTable) {
  write(
      "INSERT INTO configuration (key, value, version, metadata) VALUES"
      " ('a', 'one', '1', '{\"owner\":\"ops\"}'), ('b', 'two', '7', '')");
  auto all = store_.get({}, {});
  ASSERT_TRUE(all) << all.error().message();
  EXPECT_EQ(*all,
            (Items{{"a", Item{"one", "1", {{"owner", "ops"}}}}, {"b", Item{"two", "7", {}}}}));
  auto some = store_.get({"b", "zzz"}, {});
  ASSERT_TRUE(some);
  EXPECT_EQ(*some, (Items{{"b", Item{"two", "7", {}}}}));
  write("UPDATE configuration SET metadata = 'not json' WHERE key = 'a'");
  auto bad = store_.get({"a"}, {});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("key a"), std::string::npos) << bad.error().message();
}

TEST_F(SqliteConfigurationStoreTest, ChangesFromAnotherConnectionReachSubscribers) {
  EventSink sink;
  auto id = store_.subscribe({"a", "same"}, {}, sink.handler());
  ASSERT_TRUE(id) << id.error().message();
  EventSink other;
  ASSERT_TRUE(store_.subscribe({"unrelated"}, {}, other.handler()));

  write("INSERT INTO configuration (key, value, version) VALUES ('same', 's', '1')");
  auto events = sink.waitFor(1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].id, *id);
  EXPECT_EQ(events[0].items, (Items{{"same", Item{"s", "1", {}}}}));

  write("INSERT INTO configuration (key, value, version) VALUES ('a', 'first', '1')");
  events = sink.waitFor(2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].items, (Items{{"a", Item{"first", "1", {}}}}));

  // Rewriting a row with the same content is no change; the next real change comes next.
  write("UPDATE configuration SET value = 's' WHERE key = 'same'");
  write("UPDATE configuration SET value = 'second', version = '2' WHERE key = 'a'");
  events = sink.waitFor(3);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[2].items, (Items{{"a", Item{"second", "2", {}}}}));

  write("DELETE FROM configuration WHERE key = 'a'");
  events = sink.waitFor(4);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[3].items, (Items{{"a", Item{}}})) << "a deleted key is an empty item";
  EXPECT_TRUE(other.waitFor(0).empty());

  ASSERT_TRUE(store_.unsubscribe(*id));
  EXPECT_FALSE(store_.unsubscribe(*id));
}

TEST(SqliteConfigurationStoreConfigTest, BadMetadataIsAnError) {
  testing::ScratchDir dir("lichen-config-bad");
  std::string file = (dir.path() / "c.db").string();
  auto init = [&](std::map<std::string, std::string> values) {
    component::Properties properties;
    for (auto& [name, value] : values) properties.set(name, value);
    SqliteConfigurationStore store;
    return store.init(properties);
  };
  EXPECT_FALSE(init({}));
  EXPECT_FALSE(init({{"connectionString", file}, {"table", "x y"}}));
  EXPECT_FALSE(init({{"connectionString", file}, {"pollInterval", "0s"}}));
  EXPECT_TRUE(init({{"connectionString", file}, {"table", "settings"}}));
}

}  // namespace
}  // namespace lichen::components
