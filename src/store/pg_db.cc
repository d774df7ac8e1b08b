#include "store/pg_db.h"

#include <cstdio>
#include <cstdlib>

namespace parallax::store_internal {
namespace {

[[noreturn]] void Fail(PGconn* conn, const PGresult* r) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = r ? PQresultErrorMessage(r) : "";
  if (message.empty() && conn) message = PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  throw PgError(state ? state : "", message.empty() ? "PostgreSQL call failed" : message);
}

}  // namespace

PgParam::PgParam(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  value = buf;
}

PgResult::~PgResult() {
  if (r_) PQclear(r_);
}

int PgResult::rows() const { return PQntuples(r_); }
bool PgResult::IsNull(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
std::string PgResult::Text(int row, int col) const {
  return IsNull(row, col) ? std::string() : std::string(PQgetvalue(r_, row, col), PQgetlength(r_, row, col));
}
std::optional<std::string> PgResult::OptText(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Text(row, col);
}
std::int64_t PgResult::Int(int row, int col) const {
  return IsNull(row, col) ? 0 : std::strtoll(PQgetvalue(r_, row, col), nullptr, 10);
}
double PgResult::Double(int row, int col) const {
  return IsNull(row, col) ? 0.0 : std::strtod(PQgetvalue(r_, row, col), nullptr);
}
bool PgResult::Bool(int row, int col) const { return !IsNull(row, col) && PQgetvalue(r_, row, col)[0] == 't'; }
std::string PgResult::Bytes(int row, int col) const {
  if (IsNull(row, col)) return {};
  if (PQfformat(r_, col) == 1) return Text(row, col);
  std::size_t n = 0;
  unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(r_, row, col)), &n);
  if (!raw) throw PgError("", "could not decode a bytea value");
  std::string out(reinterpret_cast<const char*>(raw), n);
  PQfreemem(raw);
  return out;
}
std::int64_t PgResult::affected() const {
  const char* n = PQcmdTuples(r_);
  return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}

PgDb::~PgDb() {
  if (conn_) PQfinish(conn_);
}

Status PgDb::Connect(const std::string& uri) {
  if (conn_) PQfinish(conn_);
  conn_ = PQconnectdb(uri.c_str());
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    std::string why = conn_ ? PQerrorMessage(conn_) : "out of memory";
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
    return InvalidInput(RedactUri(uri) + ": cannot connect to PostgreSQL: " + why);
  }
  // Notices (e.g. "relation already exists, skipping") are not for the user.
  PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  return Status::Ok();
}

PgResult PgDb::Exec(std::string_view sql, std::initializer_list<PgParam> params) {
  return Exec(sql, std::vector<PgParam>(params));
}

PgResult PgDb::Exec(std::string_view sql, const std::vector<PgParam>& params) {
  if (!conn_) throw PgError("08003", "not connected");
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  values.reserve(params.size());
  for (const PgParam& p : params) {
    values.push_back(p.value ? p.value->data() : nullptr);
    lengths.push_back(p.value ? static_cast<int>(p.value->size()) : 0);
    formats.push_back(p.binary ? 1 : 0);
  }
  const std::string text(sql);
  PGresult* r = PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), nullptr, values.data(),
                             lengths.data(), formats.data(), /*resultFormat=*/0);
  const ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    PgResult guard(r);
    Fail(conn_, r);
  }
  return PgResult(r);
}

void PgDb::ExecScript(const std::string& sql) {
  if (!conn_) throw PgError("08003", "not connected");
  PGresult* r = PQexec(conn_, sql.c_str());
  const ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  PgResult guard(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) Fail(conn_, r);
}

std::string RedactUri(const std::string& uri) {
  // postgresql://user:secret@host/db -> postgresql://user:***@host/db
  const std::size_t scheme = uri.find("://");
  if (scheme != std::string::npos) {
    const std::size_t at = uri.find('@', scheme + 3);
    const std::size_t slash = uri.find('/', scheme + 3);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const std::size_t colon = uri.find(':', scheme + 3);
      if (colon != std::string::npos && colon < at) return uri.substr(0, colon + 1) + "***" + uri.substr(at);
    }
  }
  // key=value form: password=... up to the next space.
  const std::size_t pw = uri.find("password=");
  if (pw != std::string::npos) {
    const std::size_t end = uri.find(' ', pw);
    return uri.substr(0, pw) + "password=***" + (end == std::string::npos ? "" : uri.substr(end));
  }
  return uri;
}

Status StatusFromPg(const PgError& e, const std::string& uri) {
  const std::string where = RedactUri(uri) + ": ";
  const std::string& s = e.sqlstate;
  if (s == "53100") return {StatusCode::kInternal, where + "the PostgreSQL server is out of disk space: " + e.what()};
  if (s.rfind("08", 0) == 0 || s.empty()) return {StatusCode::kInternal, where + "lost the connection to PostgreSQL: " + e.what()};
  if (s == "57014") return {StatusCode::kInternal, where + "a statement took too long and was cancelled: " + e.what()};
  return {StatusCode::kInternal, where + e.what()};
}

}  // namespace parallax::store_internal
