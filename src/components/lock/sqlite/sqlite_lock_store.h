// lock.sqlite: locks in a table of a SQLite file, shared by every Lichen process (and every
// store) that names the same file. Metadata: connectionString (file path, required), table
// (default "locks"), busyTimeout (Go duration, default 10s: how long a call waits for another
// process's write). A row holds the resource, its owner and the wall-clock time (ms since the
// epoch) the lock expires at; an expired row counts as no lock and is replaced by the next
// tryLock. Taking and releasing are each one IMMEDIATE transaction, so two processes racing
// for a resource never both get it. WAL journal mode, so readers never wait for a writer.
#pragma once

#include <mutex>

#include "components/state/sqlite/sqlite_db.h"
#include "runtime/lock/lock_store.h"
#include "runtime/registry.h"

namespace lichen::components {

class SqliteLockStore : public lock::LockStore {
 public:
  explicit SqliteLockStore(lock::Clock clock = lock::systemClockMs) : clock_(std::move(clock)) {}
  Expected<void, Status> init(const component::Properties& properties) override;
  StatusOr<bool> tryLock(const std::string& resource_id, const std::string& owner,
                         int32_t expiry_seconds) override;
  StatusOr<lock::UnlockStatus> unlock(const std::string& resource_id,
                                      const std::string& owner) override;

 private:
  lock::Clock clock_;
  std::string table_;
  std::mutex mutex_;  // guards db_: one statement or transaction at a time
  sqlite::Database db_;
};

void registerSqliteLockStore(runtime::Registry& registry);

}  // namespace lichen::components
