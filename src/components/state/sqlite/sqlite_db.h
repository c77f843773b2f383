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

namespace lichen::components::sqlite {

class Database;

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
  Expected<void, Status> exec(const std::string& sql);
  StatusOr<Statement> prepare(const std::string& sql);
  std::string errorMessage() const;

 private:
  friend class Statement;
  // Takes back a statement done with (reset, bindings cleared) for the next prepare().
  void recycle(std::string sql, sqlite3_stmt* stmt);

  sqlite3* db_ = nullptr;
  std::mutex cache_mutex_;
  std::unordered_multimap<std::string, sqlite3_stmt*> idle_;
};

}  // namespace lichen::components::sqlite
