#pragma once
// PgDb: a thin RAII wrapper over libpq for the PostgreSQL store (internal
// to src/store). Every value reaches SQL as a bound parameter ($1, $2 ...).
//
//   PgDb db;  Status s = db.Connect("postgresql://user@host/dbname");
//   PgResult r = db.Exec("SELECT text FROM articles WHERE id = $1", {id});
//   for (int i = 0; i < r.rows(); ++i) use(r.Text(i, 0));
//
// Errors inside the store throw PgError (with the server's SQLSTATE, empty
// for a lost connection); the Store methods catch it and return a Status,
// so no exception leaves the module. Messages never carry the password of
// the connection URI.

#include <libpq-fe.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace parallax::store_internal {

struct PgError : std::runtime_error {
  PgError(std::string state, const std::string& m) : std::runtime_error(m), sqlstate(std::move(state)) {}
  std::string sqlstate;  // "23505" unique violation, "40001" serialization failure ...
};

// One bound parameter: text (or NULL), or raw bytes for a bytea column.
struct PgParam {
  PgParam(std::string_view v) : value(std::string(v)) {}
  PgParam(const std::string& v) : value(v) {}
  PgParam(const char* v) : value(std::string(v)) {}
  PgParam(std::int64_t v) : value(std::to_string(v)) {}
  PgParam(int v) : value(std::to_string(v)) {}
  PgParam(std::size_t v) : value(std::to_string(v)) {}
  PgParam(double v);
  PgParam(const std::optional<std::string>& v) : value(v) {}
  PgParam(std::nullopt_t) {}
  static PgParam Bytes(std::string v) {
    PgParam p(std::nullopt);
    p.value = std::move(v);
    p.binary = true;
    return p;
  }
  std::optional<std::string> value;  // nullopt = NULL
  bool binary = false;
};

class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r) {}
  ~PgResult();
  PgResult(PgResult&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;

  int rows() const;
  bool IsNull(int row, int col) const;
  std::string Text(int row, int col) const;  // "" for NULL
  std::optional<std::string> OptText(int row, int col) const;
  std::int64_t Int(int row, int col) const;  // 0 for NULL
  double Double(int row, int col) const;
  bool Bool(int row, int col) const;         // 't'
  std::string Bytes(int row, int col) const;  // a bytea column, decoded
  std::int64_t affected() const;              // rows changed by INSERT/UPDATE/DELETE

 private:
  PGresult* r_;
};

class PgDb {
 public:
  PgDb() = default;
  ~PgDb();
  PgDb(const PgDb&) = delete;
  PgDb& operator=(const PgDb&) = delete;

  // Connects (libpq URI or key=value string). The Status names the server
  // by its URI without the password.
  Status Connect(const std::string& uri);
  PgResult Exec(std::string_view sql, std::initializer_list<PgParam> params = {});
  PgResult Exec(std::string_view sql, const std::vector<PgParam>& params);
  // Several statements without parameters (a schema script).
  void ExecScript(const std::string& sql);
  PGconn* handle() { return conn_; }

 private:
  PGconn* conn_ = nullptr;
};

// `uri` with any password replaced by "***", for messages.
std::string RedactUri(const std::string& uri);

// A Status for a failed call, worded for the user.
Status StatusFromPg(const PgError& e, const std::string& uri);

// Runs `body` in a transaction at the given isolation level ("SERIALIZABLE",
// "REPEATABLE READ", "READ COMMITTED"), retrying from the start when the
// server reports a serialization failure or deadlock (40001, 40P01), up to
// `attempts` times. Rolls back and rethrows any other error.
template <typename F>
void InTransaction(PgDb& db, const char* isolation, int attempts, F&& body) {
  for (int attempt = 1;; ++attempt) {
    db.Exec(std::string("BEGIN ISOLATION LEVEL ") + isolation);
    try {
      body();
      db.Exec("COMMIT");
      return;
    } catch (const PgError& e) {
      try { db.Exec("ROLLBACK"); } catch (const PgError&) {}
      const bool retry = e.sqlstate == "40001" || e.sqlstate == "40P01";
      if (!retry || attempt >= attempts) throw;
    } catch (...) {
      try { db.Exec("ROLLBACK"); } catch (const PgError&) {}
      throw;
    }
  }
}

}  // namespace parallax::store_internal
