// A thin RAII layer over the SQLite C API: a connection and prepared statements whose errors
// come back as Status values.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace lichen::components::sqlite {

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

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
  sqlite3* db_;
  sqlite3_stmt* stmt_;
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
  sqlite3* db_ = nullptr;
};

}  // namespace lichen::components::sqlite
