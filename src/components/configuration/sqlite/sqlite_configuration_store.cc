#include "components/configuration/sqlite/sqlite_configuration_store.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "runtime/configuration/configuration_json.h"

namespace lichen::components {

using configuration::Item;
using configuration::Items;

Expected<void, Status> SqliteConfigurationStore::init(const component::Properties& properties) {
  LICHEN_ASSIGN_OR_RETURN(std::string target, properties.require("connectionString"));
  LICHEN_ASSIGN_OR_RETURN(table_, sqlite::tableName(properties, "table", "configuration"));
  LICHEN_ASSIGN_OR_RETURN(int64_t poll_ms, properties.getDurationMs("pollInterval", 1000));
  if (poll_ms <= 0) return fail(StatusCode::kInvalidConfig, "pollInterval must be positive");
  LICHEN_ASSIGN_OR_RETURN(int64_t busy_ms, properties.getDurationMs("busyTimeout", 2000));
  Items seen;
  int64_t version = 0;
  {
    std::lock_guard lock(mutex_);
    LICHEN_TRY(db_.openShared(target, busy_ms));
    LICHEN_TRY(db_.exec("CREATE TABLE IF NOT EXISTS " + table_ +
                        " (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL DEFAULT '',"
                        " version TEXT NOT NULL DEFAULT '', metadata TEXT NOT NULL DEFAULT '{}')"));
    // Read once now: a table of another shape fails here, not in the poller.
    LICHEN_ASSIGN_OR_RETURN(version, dataVersionLocked());
    LICHEN_ASSIGN_OR_RETURN(seen, readLocked({}));
  }
  poller_ = std::thread([this, poll_ms, seen = std::move(seen), version]() mutable {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(poll_ms), [this] { return closing_; })) {
      lock.unlock();
      poll(seen, version);
      lock.lock();
    }
  });
  return {};
}

SqliteConfigurationStore::~SqliteConfigurationStore() { close(); }

void SqliteConfigurationStore::close() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  wake_.notify_all();
  if (poller_.joinable()) poller_.join();
  subscriptions_.clear();
}

StatusOr<int64_t> SqliteConfigurationStore::dataVersionLocked() {
  LICHEN_ASSIGN_OR_RETURN(sqlite::Statement stmt, db_.prepare("PRAGMA data_version"));
  LICHEN_ASSIGN_OR_RETURN(bool row, stmt.step());
  return row ? stmt.columnInt(0) : 0;
}

StatusOr<Items> SqliteConfigurationStore::readLocked(const std::vector<std::string>& keys) {
  std::string sql = "SELECT key, value, version, metadata FROM " + table_;
  Items items;
  auto read = [&items](sqlite::Statement& stmt) -> Expected<void, Status> {
    for (;;) {
      LICHEN_ASSIGN_OR_RETURN(bool row, stmt.step());
      if (!row) return {};
      Item item{stmt.columnText(1), stmt.columnText(2), {}};
      std::string metadata = stmt.columnText(3);
      if (!metadata.empty()) {
        auto parsed = configuration::parseStringMap(metadata);
        if (!parsed) {
          return fail(StatusCode::kInternal,
                      "key " + stmt.columnText(0) + ": " + parsed.error().message());
        }
        item.metadata = std::move(*parsed);
      }
      items.insert_or_assign(stmt.columnText(0), std::move(item));
    }
  };
  if (keys.empty()) {
    LICHEN_ASSIGN_OR_RETURN(sqlite::Statement stmt, db_.prepare(sql));
    LICHEN_TRY(read(stmt));
  }
  for (const std::string& key : keys) {
    LICHEN_ASSIGN_OR_RETURN(sqlite::Statement stmt, db_.prepare(sql + " WHERE key = ?"));
    stmt.bindText(1, key);
    LICHEN_TRY(read(stmt));
  }
  return items;
}

void SqliteConfigurationStore::poll(Items& seen, int64_t& version) {
  StatusOr<Items> now = Items{};
  {
    std::lock_guard lock(mutex_);
    auto current = dataVersionLocked();
    if (!current) {
      now = fail(current.error());
    } else {
      if (*current == version) return;
      now = readLocked({});
      if (now) version = *current;  // a failed read is retried at the next interval
    }
  }
  if (!now) {
    spdlog::warn("configuration.sqlite {}: {}", table_, now.error().message());
    return;
  }
  for (const auto& [key, item] : *now) {
    auto it = seen.find(key);
    if (it == seen.end() || !(it->second == item)) subscriptions_.notify(key, item);
  }
  for (const auto& [key, item] : seen) {
    if (!now->contains(key)) subscriptions_.notify(key, Item{});
  }
  seen = std::move(*now);
}

StatusOr<Items> SqliteConfigurationStore::get(const std::vector<std::string>& keys,
                                              const configuration::Metadata&) {
  std::lock_guard lock(mutex_);
  return readLocked(keys);
}

void registerSqliteConfigurationStore(runtime::Registry& registry) {
  registry.add("configuration.sqlite", [] { return std::make_unique<SqliteConfigurationStore>(); });
}

}  // namespace lichen::components
