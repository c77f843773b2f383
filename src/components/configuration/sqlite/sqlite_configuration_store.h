// configuration.sqlite: configuration items in a table of a SQLite file that other processes
// (the sqlite3 CLI, a tool, another Lichen) write. Metadata: connectionString (the file path,
// required), table (default "configuration"), pollInterval (Go duration, default 1s),
// busyTimeout (default 2s). The table is created when missing:
//   key TEXT PRIMARY KEY, value TEXT, version TEXT, metadata TEXT (a JSON object of strings)
// Changes are found by polling: each interval the store asks SQLite whether any other
// connection committed (PRAGMA data_version) and, if so, compares the table with what it saw
// last (value, version and metadata). A changed or new key is pushed to its subscribers; a
// deleted key is pushed as an empty item (no value, no version), as Dapr's redis store does.
// The file is switched to WAL journal mode, so the poller's reads never block a writer.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "components/state/sqlite/sqlite_db.h"
#include "runtime/configuration/subscriptions.h"
#include "runtime/registry.h"

namespace lichen::components {

class SqliteConfigurationStore : public configuration::SubscribingStore {
 public:
  ~SqliteConfigurationStore() override;
  Expected<void, Status> init(const component::Properties& properties) override;
  StatusOr<configuration::Items> get(const std::vector<std::string>& keys,
                                     const configuration::Metadata& metadata) override;
  void close() override;

 private:
  // Every row, or those of `keys`. Needs mutex_.
  StatusOr<configuration::Items> readLocked(const std::vector<std::string>& keys);
  // SQLite's data_version: changes when another connection commits. Needs mutex_.
  StatusOr<int64_t> dataVersionLocked();
  void pollLoop(int64_t interval_ms);
  // One poll: pushes what changed since `seen` and updates it.
  void poll(configuration::Items& seen, int64_t& version);

  std::string table_;
  std::mutex mutex_;  // guards db_ and closing_
  sqlite::Database db_;
  bool closing_ = false;
  std::condition_variable wake_;
  std::thread poller_;
};

void registerSqliteConfigurationStore(runtime::Registry& registry);

}  // namespace lichen::components
