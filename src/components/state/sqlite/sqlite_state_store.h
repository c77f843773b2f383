// state.sqlite: a durable state store on SQLite (WAL journal), with ETags, TTLs and
// transactions. A write is acknowledged only after its commit, so it survives `kill -9`.
// Metadata as Dapr's state.sqlite: connectionString (required), tableName, busyTimeout,
// disableWAL, cleanupInterval (expired rows are always filtered on read, purged at start-up and,
// with an interval > 0, every interval).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "components/state/sqlite/sqlite_db.h"
#include "runtime/registry.h"
#include "runtime/state/state_store.h"

namespace lichen::components {

class SqliteStateStore : public state::StateStore {
 public:
  explicit SqliteStateStore(state::Clock clock = state::systemClockMs);
  ~SqliteStateStore() override;

  Expected<void, Status> init(const component::Properties& properties) override;
  state::Features features() const override;
  StatusOr<std::optional<state::GetResponse>> get(const state::GetRequest& request) override;
  Expected<void, Status> set(const state::SetRequest& request) override;
  Expected<void, Status> remove(const state::DeleteRequest& request) override;
  Expected<void, Status> multi(const std::vector<state::Operation>& operations,
                               const state::Metadata& metadata) override;

 private:
  // Callers hold mutex_.
  Expected<void, Status> setLocked(const state::SetRequest& request, int64_t now);
  Expected<void, Status> removeLocked(const state::DeleteRequest& request, int64_t now);
  int64_t newEtag();
  // Deletes expired rows; callers hold mutex_.
  Expected<void, Status> purgeExpired();
  void cleanupLoop(int64_t interval_ms);

  state::Clock clock_;
  std::mutex mutex_;
  sqlite::Database db_;
  std::string table_;
  std::mt19937_64 etag_rng_;
  std::condition_variable cleanup_wake_;
  bool closing_ = false;  // guarded by mutex_
  std::thread cleanup_;   // runs when cleanupInterval > 0
};

void registerSqliteState(runtime::Registry& registry);

}  // namespace lichen::components
