#include "store/sqlite_db.h"

#include "store/codec.h"

#include <signal.h>

#include <cstdlib>

namespace parallax::store_internal {

namespace {

// Fault injection for the crash tests, off unless the environment asks:
// PARALLAX_STORE_CRASH_AFTER=N kills the process (SIGKILL, as kill -9 does)
// just before its N-th SQL step, so a test can stop an ingest at a chosen
// point of its transaction rather than at a chosen time.
void MaybeCrash() {
  static const long limit = [] {
    const char* v = std::getenv("PARALLAX_STORE_CRASH_AFTER");
    return v ? std::atol(v) : 0L;
  }();
  static long steps = 0;
  if (limit > 0 && ++steps >= limit) ::raise(SIGKILL);
}

[[noreturn]] void Fail(sqlite3* db, int rc) {
  throw SqlError(rc & 0xff, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

}  // namespace

Stmt::Stmt(sqlite3* db, std::string_view sql) : db_(db) {
  int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &st_, nullptr);
  if (rc != SQLITE_OK) Fail(db, rc);
}

Stmt::~Stmt() {
  if (!st_) return;
  if (!in_use_) {
    sqlite3_finalize(st_);
    return;
  }
  sqlite3_reset(st_);
  sqlite3_clear_bindings(st_);
  *in_use_ = false;
}

Stmt& Stmt::Bind(int i, std::string_view v) {
  int rc = sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) Fail(db_, rc);
  return *this;
}

Stmt& Stmt::Bind(int i, std::int64_t v) {
  int rc = sqlite3_bind_int64(st_, i, v);
  if (rc != SQLITE_OK) Fail(db_, rc);
  return *this;
}

Stmt& Stmt::Bind(int i, double v) {
  int rc = sqlite3_bind_double(st_, i, v);
  if (rc != SQLITE_OK) Fail(db_, rc);
  return *this;
}

Stmt& Stmt::Bind(int i, const std::optional<std::string>& v) { return v ? Bind(i, std::string_view(*v)) : BindNull(i); }

Stmt& Stmt::BindBlob(int i, std::string_view v) {
  int rc = sqlite3_bind_blob(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) Fail(db_, rc);
  return *this;
}

Stmt& Stmt::BindNull(int i) {
  int rc = sqlite3_bind_null(st_, i);
  if (rc != SQLITE_OK) Fail(db_, rc);
  return *this;
}

bool Stmt::Step() {
  MaybeCrash();
  int rc = sqlite3_step(st_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Fail(db_, rc);
}

void Stmt::Reset() {
  sqlite3_reset(st_);
  sqlite3_clear_bindings(st_);
}

bool Stmt::IsNull(int col) const { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
std::int64_t Stmt::Int(int col) const { return sqlite3_column_int64(st_, col); }
double Stmt::Double(int col) const { return sqlite3_column_double(st_, col); }

std::string Stmt::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(st_, col);
  int n = sqlite3_column_bytes(st_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

std::string Stmt::Blob(int col) const {
  const void* p = sqlite3_column_blob(st_, col);
  int n = sqlite3_column_bytes(st_, col);
  return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

std::optional<std::string> Stmt::OptText(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Text(col);
}

namespace {

void TextFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
  sqlite3_value* v = argv[0];
  if (sqlite3_value_type(v) == SQLITE_BLOB) {
    const auto* p = static_cast<const char*>(sqlite3_value_blob(v));
    const std::string_view bytes(p ? p : "", static_cast<std::size_t>(sqlite3_value_bytes(v)));
    if (IsCompressedText(bytes)) {
      std::optional<std::string> text = DecompressText(bytes);
      if (!text) return sqlite3_result_error(ctx, "damaged article text", -1);
      return sqlite3_result_text64(ctx, text->data(), text->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
  }
  if (sqlite3_value_type(v) == SQLITE_NULL) return sqlite3_result_null(ctx);
  const auto* t = reinterpret_cast<const char*>(sqlite3_value_text(v));
  sqlite3_result_text64(ctx, t ? t : "", static_cast<sqlite3_uint64>(sqlite3_value_bytes(v)), SQLITE_TRANSIENT,
                        SQLITE_UTF8);
}

void StoryBodyFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
  sqlite3_value* v = argv[0];
  if (sqlite3_value_type(v) == SQLITE_NULL) return sqlite3_result_null(ctx);
  const auto* p = static_cast<const char*>(sqlite3_value_blob(v));
  const std::string blob(p ? p : "", static_cast<std::size_t>(sqlite3_value_bytes(v)));
  // The streaming read first (a story snippet reads one per hit); the
  // whole decode decides when it cannot.
  std::optional<std::string> body = StorySearchBodyOf(blob);
  if (!body) {
    Result<Story> story = DecodeStory(blob);
    if (!story.ok()) return sqlite3_result_error(ctx, "damaged story report", -1);
    body = StorySearchBody(*story);
  }
  sqlite3_result_text64(ctx, body->data(), body->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

// The store's form of a text (codec.h): a zstd frame when that is smaller,
// else the text itself.
void PackTextFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
  sqlite3_value* v = argv[0];
  if (sqlite3_value_type(v) == SQLITE_NULL) return sqlite3_result_null(ctx);
  const auto* t = reinterpret_cast<const char*>(sqlite3_value_text(v));
  const std::string_view text(t ? t : "", static_cast<std::size_t>(sqlite3_value_bytes(v)));
  if (std::optional<std::string> packed = CompressText(text)) {
    return sqlite3_result_blob64(ctx, packed->data(), packed->size(), SQLITE_TRANSIENT);
  }
  sqlite3_result_text64(ctx, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

}  // namespace

void RegisterStoreFunctions(sqlite3* db) {
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  sqlite3_create_function_v2(db, "parallax_text", 1, flags, nullptr, TextFunction, nullptr, nullptr, nullptr);
  sqlite3_create_function_v2(db, "parallax_story_body", 1, flags, nullptr, StoryBodyFunction, nullptr, nullptr, nullptr);
  sqlite3_create_function_v2(db, "parallax_pack_text", 1, flags, nullptr, PackTextFunction, nullptr, nullptr, nullptr);
}

SqliteDb::~SqliteDb() {
  for (auto& [sql, c] : cached_) sqlite3_finalize(c.st);
  if (db_) sqlite3_close_v2(db_);
}

Stmt SqliteDb::Cached(const std::string& sql) {
  auto it = cached_.find(sql);
  if (it == cached_.end()) {
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &st, nullptr);
    if (rc != SQLITE_OK) Fail(db_, rc);
    it = cached_.emplace(sql, CachedStmt{st, false}).first;
  }
  if (it->second.in_use) return Prepare(sql);
  it->second.in_use = true;
  return Stmt(db_, it->second.st, &it->second.in_use);
}

Status SqliteDb::Open(const std::string& path, bool read_only, int busy_timeout_ms) {
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    return {StatusCode::kNotFound, path + ": cannot open the store (" + msg + ")"};
  }
  sqlite3_busy_timeout(db_, busy_timeout_ms);
  RegisterStoreFunctions(db_);
  sqlite3_extended_result_codes(db_, 0);
  return Status::Ok();
}

void SqliteDb::Exec(const char* sql) {
  MaybeCrash();
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw SqlError(rc & 0xff, msg);
  }
}

Status StatusFromSql(const SqlError& e, const std::string& path) {
  switch (e.code) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {StatusCode::kInternal, path + ": the store is busy (another ingest is writing); try again"};
    case SQLITE_FULL:
      return {StatusCode::kInternal, path + ": disk full; the batch was not stored (the store is unchanged)"};
    case SQLITE_IOERR:
      return {StatusCode::kInternal,
              path + ": I/O error (" + e.what() + "; disk full or file size limit?); the batch was not stored"};
    case SQLITE_NOTADB:
      return InvalidInput(path + ": not a Parallax store (not an SQLite database); left untouched");
    case SQLITE_CORRUPT:
      return InvalidInput(path + ": the store is corrupt (" + e.what() + "); left untouched");
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return {StatusCode::kPermissionDenied, path + ": cannot write the store (" + e.what() + ")"};
    default:
      return {StatusCode::kInternal, path + ": store error: " + e.what()};
  }
}

}  // namespace parallax::store_internal
