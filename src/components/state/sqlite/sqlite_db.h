// A thin RAII layer over the SQLite C API: a connection and prepared statements whose errors
// come back as Status values. A statement goes back to its connection when done with and is
// reused by the next prepare() of the same SQL: preparing costs more than most queries run.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/status.h"
#include "runtime/component/properties.h"

namespace lichen::components::sqlite {

class Database;

// The table a component's metadata `field` names (else `fallback`); an error unless it is
// usable as is in SQL (letters, digits and '_' only).
StatusOr<std::string> tableName(const component::Properties& properties, std::string_view field,
                                std::string_view fallback);

class Statement {
 public:
  Statement(Database* owner, sqlite3* db, sqlite3_stmt* stmt, std::string sql)
      : owner_(owner), db_(db), stmt_(stmt), sql_(std::move(sql)) {}
  Statement(Statement&& other) noexcept
      : owner_(other.owner_), db_(other.db_), stmt_(other.stmt_), sql_(std::move(other.sql_)) {
    other.stmt_ = nullptr;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds by 1-based index. Text and blobs are copied by SQLite.
  void bindText(int index, std::string_view text);
  void bindBlob(int index, std::string_view bytes);
  void bindInt(int index, int64_t value);
  void bindNull(int index);
  void bindOptionalInt(int index, std::optional<int64_t> value);

  // true while a row is available; false when done.
  StatusOr<bool> step();
  // Runs to completion; returns sqlite3_changes().
  StatusOr<int> run();

  std::string columnText(int index) const;
  std::string columnBlob(int index) const;
  int64_t columnInt(int index) const;
  bool columnIsNull(int index) const;

 private:
  Database* owner_;
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  std::string sql_;
};

class Database {
 public:
  Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // `target` is a file path (parent folders are created), a "file:" URI or ":memory:".
  Expected<void, Status> open(const std::string& target);
  // open(), for a file several processes share: waits up to `busy_timeout_ms` for another
  // writer, WAL journal (readers never block a writer; the sqlite3 CLI has no busy timeout),
  // synchronous=NORMAL (a commit survives the process being killed).
  Expected<void, Status> openShared(const std::string& target, int64_t busy_timeout_ms);
  Expected<void, Status> exec(const std::string& sql);
  StatusOr<Statement> prepare(const std::string& sql);
  std::string errorMessage() const;
  // Runs `body` (returning an Expected) inside BEGIN IMMEDIATE ... COMMIT: the write lock is
  // taken first (waiting up to busy_timeout), so two connections never interleave. Rolls back
  // when the body or the commit fails.
  template <typename Body>
  auto immediateTransaction(Body body) -> decltype(body()) {
    LICHEN_TRY(exec("BEGIN IMMEDIATE"));
    auto result = body();
    if (!result) {
      (void)exec("ROLLBACK");
      return result;
    }
    if (auto committed = exec("COMMIT"); !committed) {
      (void)exec("ROLLBACK");
      return fail(committed.error());
    }
    return result;
  }

 private:
  friend class Statement;
  // Takes back a statement done with (reset, bindings cleared) for the next prepare().
  void recycle(std::string sql, sqlite3_stmt* stmt);

  sqlite3* db_ = nullptr;
  std::mutex cache_mutex_;
  std::unordered_multimap<std::string, sqlite3_stmt*> idle_;
};

}  // namespace lichen::components::sqlite
