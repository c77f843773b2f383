#include "components/lock/sqlite/sqlite_lock_store.h"

namespace lichen::components {

using lock::UnlockStatus;

Expected<void, Status> SqliteLockStore::init(const component::Properties& properties) {
  LICHEN_ASSIGN_OR_RETURN(std::string target, properties.require("connectionString"));
  LICHEN_ASSIGN_OR_RETURN(table_, sqlite::tableName(properties, "table", "locks"));
  LICHEN_ASSIGN_OR_RETURN(int64_t busy_ms, properties.getDurationMs("busyTimeout", 10000));
  std::lock_guard lock(mutex_);
  LICHEN_TRY(db_.openShared(target, busy_ms));
  LICHEN_TRY(db_.exec("CREATE TABLE IF NOT EXISTS " + table_ +
                      " (resource_id TEXT NOT NULL PRIMARY KEY, owner TEXT NOT NULL,"
                      " expire_ms INTEGER NOT NULL)"));
  // Locks that expired while no process used them.
  LICHEN_ASSIGN_OR_RETURN(sqlite::Statement purge,
                          db_.prepare("DELETE FROM " + table_ + " WHERE expire_ms <= ?"));
  purge.bindInt(1, clock_());
  LICHEN_TRY(purge.run());
  return {};
}

StatusOr<bool> SqliteLockStore::tryLock(const std::string& resource_id, const std::string& owner,
                                        int32_t expiry_seconds) {
  std::lock_guard lock(mutex_);
  return db_.immediateTransaction([&]() -> StatusOr<bool> {
    int64_t now = clock_();
    // A new row, or an expired one taken over; a live lock is left alone (0 rows changed).
    LICHEN_ASSIGN_OR_RETURN(
        sqlite::Statement take,
        db_.prepare("INSERT INTO " + table_ +
                    " (resource_id, owner, expire_ms) VALUES (?1, ?2, ?3)"
                    " ON CONFLICT (resource_id) DO UPDATE SET owner = excluded.owner,"
                    " expire_ms = excluded.expire_ms WHERE " +
                    table_ + ".expire_ms <= ?4"));
    take.bindText(1, resource_id);
    take.bindText(2, owner);
    take.bindInt(3, now + int64_t{expiry_seconds} * 1000);
    take.bindInt(4, now);
    LICHEN_ASSIGN_OR_RETURN(int changed, take.run());
    return changed == 1;
  });
}

StatusOr<UnlockStatus> SqliteLockStore::unlock(const std::string& resource_id,
                                               const std::string& owner) {
  std::lock_guard lock(mutex_);
  return db_.immediateTransaction([&]() -> StatusOr<UnlockStatus> {
    bool expired = false;
    bool mine = false;
    {
      LICHEN_ASSIGN_OR_RETURN(
          sqlite::Statement find,
          db_.prepare("SELECT owner, expire_ms FROM " + table_ + " WHERE resource_id = ?"));
      find.bindText(1, resource_id);
      LICHEN_ASSIGN_OR_RETURN(bool row, find.step());
      if (!row) return UnlockStatus::kLockDoesNotExist;
      expired = find.columnInt(1) <= clock_();
      mine = find.columnText(0) == owner;
    }
    if (!expired && !mine) return UnlockStatus::kLockBelongsToOthers;
    LICHEN_ASSIGN_OR_RETURN(sqlite::Statement release,
                            db_.prepare("DELETE FROM " + table_ + " WHERE resource_id = ?"));
    release.bindText(1, resource_id);
    LICHEN_TRY(release.run());
    return expired ? UnlockStatus::kLockDoesNotExist : UnlockStatus::kSuccess;
  });
}

void registerSqliteLockStore(runtime::Registry& registry) {
  registry.add("lock.sqlite", [] { return std::make_unique<SqliteLockStore>(); });
}

}  // namespace lichen::components
