#pragma once
// SqliteDb: a thin RAII wrapper over the SQLite C API for the store
// (internal to src/store). Every value reaches SQL as a bound parameter.
//
//   SqliteDb db;  Status s = db.Open(path, /*read_only=*/false, /*busy_ms=*/10000);
//   Stmt st = db.Prepare("SELECT text FROM articles WHERE id = ?1");
//   st.Bind(1, id);
//   while (st.Step()) use(st.Text(0));
//
// Errors inside the store throw SqlError (code = SQLite's primary result
// code); the Store methods catch it and return a Status, so no exception
// leaves the module.

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"

namespace parallax::store_internal {

struct SqlError : std::runtime_error {
  SqlError(int c, const std::string& m) : std::runtime_error(m), code(c) {}
  int code;
};

class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql);
  ~Stmt();
  Stmt(Stmt&& o) noexcept : db_(o.db_), st_(o.st_), in_use_(o.in_use_) { o.st_ = nullptr; }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& Bind(int i, std::string_view v);
  Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, std::int64_t v);
  Stmt& Bind(int i, double v);
  Stmt& Bind(int i, const std::optional<std::string>& v);  // nullopt = NULL
  Stmt& BindNull(int i);
  Stmt& BindBlob(int i, std::string_view v);
  // True while a row is available; false when done. Throws on error.
  bool Step();
  void Reset();  // ready to bind and run again

  bool IsNull(int col) const;
  std::int64_t Int(int col) const;
  double Double(int col) const;
  std::string Text(int col) const;
  std::string Blob(int col) const;
  std::optional<std::string> OptText(int col) const;

 private:
  friend class SqliteDb;
  // A statement of SqliteDb::Cached: reset when this goes, not finalized.
  Stmt(sqlite3* db, sqlite3_stmt* st, bool* in_use) : db_(db), st_(st), in_use_(in_use) {}
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
  bool* in_use_ = nullptr;  // set for a cached statement
};

class SqliteDb {
 public:
  SqliteDb() = default;
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Opens without writing anything to the file.
  Status Open(const std::string& path, bool read_only, int busy_timeout_ms);
  void Exec(const char* sql);  // statements without parameters
  Stmt Prepare(std::string_view sql) { return Stmt(db_, sql); }
  // The same statement as Prepare, compiled once per connection and kept:
  // the Stmt returned resets it (and clears its bindings) when it goes.
  // For the statements a reader runs on every request (preparing a search's
  // four statements was a fifth of a search with few matches). Used again
  // while a first use is still alive, it prepares a fresh one.
  Stmt Cached(const std::string& sql);
  std::int64_t LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }
  sqlite3* handle() { return db_; }

 private:
  struct CachedStmt {
    sqlite3_stmt* st = nullptr;
    bool in_use = false;
  };
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, CachedStmt> cached_;
};

// The SQL functions the schema's views use (every connection to a store
// needs them; SqliteDb::Open registers them): parallax_text(x), an article
// text kept plain or zstd-compressed (codec.h, CompressText) as text; and
// parallax_story_body(report), a stored report's StorySearchBody; and
// parallax_pack_text(x), x as the store keeps a text (compressed when that
// is smaller), which parallax_text reads back. A damaged value is an SQL
// error, never a crash.
void RegisterStoreFunctions(sqlite3* db);

// A Status for a failed SQLite call, worded for the user: busy, disk full,
// I/O error, not a database, corrupt.
Status StatusFromSql(const SqlError& e, const std::string& path);

}  // namespace parallax::store_internal
