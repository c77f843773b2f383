#include "components/state/sqlite/sqlite_state_store.h"

#include <chrono>

namespace lichen::components {

using state::Concurrency;

namespace {

// Turns "no row changed" into the ETag error Dapr reports for it.
Expected<void, Status> checkChanged(StatusOr<int> changes, bool has_etag) {
  if (!changes) return fail(changes.error());
  if (*changes > 0) return {};
  if (has_etag)
    return fail(StatusCode::kEtagMismatch, "possible etag mismatch. error from state store");
  return fail(StatusCode::kEtagMismatch, "item already exists and no etag was passed");
}

}  // namespace

SqliteStateStore::SqliteStateStore(state::Clock clock)
    : clock_(std::move(clock)), etag_rng_(std::random_device{}()) {}

Expected<void, Status> SqliteStateStore::init(const component::Properties& properties) {
  LICHEN_ASSIGN_OR_RETURN(std::string target, properties.require("connectionString"));
  LICHEN_ASSIGN_OR_RETURN(table_, sqlite::tableName(properties, "tableName", "state"));
  LICHEN_ASSIGN_OR_RETURN(int64_t busy_ms, properties.getDurationMs("busyTimeout", 2000));
  LICHEN_ASSIGN_OR_RETURN(bool disable_wal, properties.getBool("disableWAL", false));
  LICHEN_ASSIGN_OR_RETURN(int64_t cleanup_ms, properties.getDurationMs("cleanupInterval", 0));
  LICHEN_TRY(properties.getDurationMs("timeout", 20000));

  std::lock_guard lock(mutex_);
  LICHEN_TRY(db_.open(target));
  LICHEN_TRY(db_.exec("PRAGMA busy_timeout = " + std::to_string(busy_ms)));
  // WAL with synchronous=NORMAL: a committed transaction is in the WAL file before commit
  // returns, so it survives the process being killed (only an OS crash may lose the tail).
  if (!disable_wal) LICHEN_TRY(db_.exec("PRAGMA journal_mode = WAL"));
  LICHEN_TRY(db_.exec(disable_wal ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL"));
  LICHEN_TRY(db_.exec("CREATE TABLE IF NOT EXISTS " + table_ +
                      " (key TEXT NOT NULL PRIMARY KEY, value BLOB NOT NULL,"
                      " etag INTEGER NOT NULL, expire_ms INTEGER,"
                      " content_type TEXT NOT NULL DEFAULT '', update_ms INTEGER NOT NULL)"));
  LICHEN_TRY(purgeExpired());
  if (cleanup_ms > 0) cleanup_ = std::thread([this, cleanup_ms] { cleanupLoop(cleanup_ms); });
  return {};
}

SqliteStateStore::~SqliteStateStore() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  cleanup_wake_.notify_all();
  if (cleanup_.joinable()) cleanup_.join();
}

Expected<void, Status> SqliteStateStore::purgeExpired() {
  LICHEN_ASSIGN_OR_RETURN(sqlite::Statement purge,
                          db_.prepare("DELETE FROM " + table_ + " WHERE expire_ms <= ?"));
  purge.bindInt(1, clock_());
  LICHEN_TRY(purge.run());
  return {};
}

void SqliteStateStore::cleanupLoop(int64_t interval_ms) {
  std::unique_lock lock(mutex_);
  while (!cleanup_wake_.wait_for(lock, std::chrono::milliseconds(interval_ms),
                                 [this] { return closing_; })) {
    (void)purgeExpired();  // a failed purge is retried at the next interval
  }
}

state::Features SqliteStateStore::features() const {
  return {state::Feature::kEtag, state::Feature::kTransactional, state::Feature::kTtl};
}

int64_t SqliteStateStore::newEtag() {
  // Random 62-bit versions: unique without a persisted counter, decimal like our other stores.
  return static_cast<int64_t>(etag_rng_() >> 2);
}

StatusOr<std::optional<state::GetResponse>> SqliteStateStore::get(
    const state::GetRequest& request) {
  std::lock_guard lock(mutex_);
  LICHEN_ASSIGN_OR_RETURN(sqlite::Statement stmt,
                          db_.prepare("SELECT value, etag, expire_ms, content_type FROM " + table_ +
                                      " WHERE key = ? AND (expire_ms IS NULL OR expire_ms > ?)"));
  stmt.bindText(1, request.key);
  stmt.bindInt(2, clock_());
  LICHEN_ASSIGN_OR_RETURN(bool row, stmt.step());
  if (!row) return std::optional<state::GetResponse>();
  state::GetResponse response;
  response.data = stmt.columnBlob(0);
  response.etag = std::to_string(stmt.columnInt(1));
  if (!stmt.columnIsNull(2)) {
    response.metadata["ttlExpireTime"] = state::formatRfc3339(stmt.columnInt(2));
  }
  response.content_type = stmt.columnText(3);
  return std::optional<state::GetResponse>(std::move(response));
}

Expected<void, Status> SqliteStateStore::setLocked(const state::SetRequest& request, int64_t now) {
  std::optional<int64_t> expire;
  if (request.ttl_seconds && *request.ttl_seconds > 0) expire = now + *request.ttl_seconds * 1000;
  int64_t etag = newEtag();
  bool has_etag = request.etag && !request.etag->empty();
  if (has_etag) {
    auto version = state::parseVersionEtag(*request.etag);
    if (!version) return fail(StatusCode::kEtagInvalid, "invalid etag value: " + *request.etag);
    LICHEN_ASSIGN_OR_RETURN(
        sqlite::Statement stmt,
        db_.prepare("UPDATE " + table_ +
                    " SET value = ?, etag = ?, expire_ms = ?, content_type = ?, update_ms = ?"
                    " WHERE key = ? AND etag = ? AND (expire_ms IS NULL OR expire_ms > ?)"));
    stmt.bindBlob(1, request.value);
    stmt.bindInt(2, etag);
    stmt.bindOptionalInt(3, expire);
    stmt.bindText(4, request.content_type);
    stmt.bindInt(5, now);
    stmt.bindText(6, request.key);
    stmt.bindInt(7, static_cast<int64_t>(*version));
    stmt.bindInt(8, now);
    return checkChanged(stmt.run(), true);
  }
  // First-write without an ETag: insert, or replace only a row that has already expired.
  std::string on_conflict =
      request.concurrency == Concurrency::kFirstWrite
          ? " WHERE " + table_ + ".expire_ms IS NOT NULL AND " + table_ + ".expire_ms <= ?7"
          : "";
  LICHEN_ASSIGN_OR_RETURN(
      sqlite::Statement stmt,
      db_.prepare("INSERT INTO " + table_ +
                  " (key, value, etag, expire_ms, content_type, update_ms)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(key) DO UPDATE SET"
                  " value = excluded.value, etag = excluded.etag, expire_ms = excluded.expire_ms,"
                  " content_type = excluded.content_type, update_ms = excluded.update_ms" +
                  on_conflict));
  stmt.bindText(1, request.key);
  stmt.bindBlob(2, request.value);
  stmt.bindInt(3, etag);
  stmt.bindOptionalInt(4, expire);
  stmt.bindText(5, request.content_type);
  stmt.bindInt(6, now);
  if (!on_conflict.empty()) stmt.bindInt(7, now);
  return checkChanged(stmt.run(), false);
}

Expected<void, Status> SqliteStateStore::removeLocked(const state::DeleteRequest& request,
                                                      int64_t now) {
  bool has_etag = request.etag && !request.etag->empty();
  if (!has_etag) {
    LICHEN_ASSIGN_OR_RETURN(sqlite::Statement stmt,
                            db_.prepare("DELETE FROM " + table_ + " WHERE key = ?"));
    stmt.bindText(1, request.key);
    LICHEN_TRY(stmt.run());
    return {};
  }
  auto version = state::parseVersionEtag(*request.etag);
  if (!version) return fail(StatusCode::kEtagInvalid, "invalid etag value: " + *request.etag);
  LICHEN_ASSIGN_OR_RETURN(
      sqlite::Statement stmt,
      db_.prepare("DELETE FROM " + table_ +
                  " WHERE key = ? AND etag = ? AND (expire_ms IS NULL OR expire_ms > ?)"));
  stmt.bindText(1, request.key);
  stmt.bindInt(2, static_cast<int64_t>(*version));
  stmt.bindInt(3, now);
  return checkChanged(stmt.run(), true);
}

Expected<void, Status> SqliteStateStore::set(const state::SetRequest& request) {
  std::lock_guard lock(mutex_);
  return setLocked(request, clock_());
}

Expected<void, Status> SqliteStateStore::remove(const state::DeleteRequest& request) {
  std::lock_guard lock(mutex_);
  return removeLocked(request, clock_());
}

Expected<void, Status> SqliteStateStore::multi(const std::vector<state::Operation>& operations,
                                               const state::Metadata&) {
  std::lock_guard lock(mutex_);
  int64_t now = clock_();
  LICHEN_TRY(db_.exec("BEGIN IMMEDIATE"));
  for (const state::Operation& operation : operations) {
    Expected<void, Status> result =
        std::holds_alternative<state::SetRequest>(operation)
            ? setLocked(std::get<state::SetRequest>(operation), now)
            : removeLocked(std::get<state::DeleteRequest>(operation), now);
    if (!result) {
      (void)db_.exec("ROLLBACK");
      return result;
    }
  }
  auto committed = db_.exec("COMMIT");
  if (!committed) {
    (void)db_.exec("ROLLBACK");
    return committed;
  }
  return {};
}

void registerSqliteState(runtime::Registry& registry) {
  registry.add("state.sqlite", [] { return std::make_unique<SqliteStateStore>(); });
}

}  // namespace lichen::components
