#include "components/state/sqlite/sqlite_db.h"

#include <cctype>
#include <filesystem>

namespace lichen::components::sqlite {
namespace {

bool validIdentifier(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

}  // namespace

StatusOr<std::string> tableName(const component::Properties& properties, std::string_view field,
                                std::string_view fallback) {
  std::string table = properties.getOr(field, fallback);
  if (!validIdentifier(table)) {
    return fail(StatusCode::kInvalidConfig, "invalid " + std::string(field) + " '" + table + "'");
  }
  return table;
}

Statement::~Statement() {
  if (!stmt_) return;
  if (owner_) {
    owner_->recycle(std::move(sql_), stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
}

void Statement::bindText(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void Statement::bindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
}

void Statement::bindInt(int index, int64_t value) { sqlite3_bind_int64(stmt_, index, value); }

void Statement::bindNull(int index) { sqlite3_bind_null(stmt_, index); }

void Statement::bindOptionalInt(int index, std::optional<int64_t> value) {
  if (value) {
    bindInt(index, *value);
  } else {
    bindNull(index);
  }
}

StatusOr<bool> Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return fail(StatusCode::kInternal, std::string("sqlite: ") + sqlite3_errmsg(db_));
}

StatusOr<int> Statement::run() {
  for (;;) {
    LICHEN_ASSIGN_OR_RETURN(bool row, step());
    if (!row) break;
  }
  return sqlite3_changes(db_);
}

std::string Statement::columnText(int index) const {
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  int size = sqlite3_column_bytes(stmt_, index);
  return text ? std::string(reinterpret_cast<const char*>(text), size) : std::string();
}

std::string Statement::columnBlob(int index) const {
  const void* blob = sqlite3_column_blob(stmt_, index);
  int size = sqlite3_column_bytes(stmt_, index);
  return blob ? std::string(static_cast<const char*>(blob), size) : std::string();
}

int64_t Statement::columnInt(int index) const { return sqlite3_column_int64(stmt_, index); }

bool Statement::columnIsNull(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

Database::~Database() {
  for (auto& [sql, stmt] : idle_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

void Database::recycle(std::string sql, sqlite3_stmt* stmt) {
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  std::lock_guard lock(cache_mutex_);
  idle_.emplace(std::move(sql), stmt);
}

Expected<void, Status> Database::open(const std::string& target) {
  if (target != ":memory:" && target.rfind("file:", 0) != 0) {
    std::filesystem::path parent = std::filesystem::path(target).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) {
      return fail(StatusCode::kInvalidConfig,
                  "cannot create folder " + parent.string() + ": " + ec.message());
    }
  }
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(target.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close_v2(db_);
    db_ = nullptr;
    return fail(StatusCode::kInvalidConfig, "cannot open " + target + ": " + message);
  }
  return {};
}

Expected<void, Status> Database::openShared(const std::string& target, int64_t busy_timeout_ms) {
  LICHEN_TRY(open(target));
  LICHEN_TRY(exec("PRAGMA busy_timeout = " + std::to_string(busy_timeout_ms)));
  LICHEN_TRY(exec("PRAGMA journal_mode = WAL"));
  return exec("PRAGMA synchronous = NORMAL");
}

Expected<void, Status> Database::exec(const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errmsg(db_);
    sqlite3_free(error);
    return fail(StatusCode::kInternal, "sqlite: " + message);
  }
  return {};
}

StatusOr<Statement> Database::prepare(const std::string& sql) {
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = idle_.find(sql); it != idle_.end()) {
      sqlite3_stmt* stmt = it->second;
      idle_.erase(it);
      return Statement(this, db_, stmt, sql);
    }
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) !=
      SQLITE_OK) {
    return fail(StatusCode::kInternal, "sqlite: " + std::string(sqlite3_errmsg(db_)));
  }
  return Statement(this, db_, stmt, sql);
}

std::string Database::errorMessage() const { return db_ ? sqlite3_errmsg(db_) : "not open"; }

}  // namespace lichen::components::sqlite
