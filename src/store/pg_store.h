#pragma once
// PgStore: the PostgreSQL backend of Store (internal to src/store; use
// OpenStore("postgresql://user@host/dbname")). Same semantics as the SQLite
// store (docs/store.md); schema, search and concurrency: docs/store.md,
// "PostgreSQL".
//
// Many processes may ingest into one database at once: each batch takes a
// transaction-level advisory lock (kIngestLock) before it reads the stored
// state, so batches serialise (the CPU-heavy reading and cleaning run before
// the lock) and two workers never create two stories for one event. Readers
// never wait (MVCC snapshots).
//
// A batch commits in two steps (docs/store.md, "PostgreSQL"): under the lock
// its articles, duplicates, story memberships and the saved story index,
// with the stories it touched marked stale (stories.stale_batch); then,
// outside the lock, it re-analyses those stories and writes each report
// only if the story is still stale from this batch (compare-and-set), so a
// story's report may lag its membership by one batch but is never
// half-written. A batch holds a session advisory lock (kReportLockClass,
// batch) from before its commit until its reports are written; stale
// stories whose batch holds no such lock (its worker died) are re-analysed
// by the next batch of any worker, before its own.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/pg_db.h"
#include "store/store.h"

namespace parallax::store_internal {

// Version of the PostgreSQL schema this build writes (parallax_meta's
// schema_version); a database with a higher one is refused.
inline constexpr int kPgSchemaVersion = 4;
// Advisory lock keys: schema creation/migration, and one ingest batch.
inline constexpr std::int64_t kSchemaLock = 0x50524C5801;
inline constexpr std::int64_t kIngestLock = 0x50524C5802;
// Session advisory lock (kReportLockClass, batch) (the two-integer form): held
// by a batch while its stories are stale for it.
inline constexpr std::int32_t kReportLockClass = 0x50524C58;

// Test seam: when set, called after a batch's membership commit and before
// its reports (tests kill the process there). Never set outside tests.
inline void (*g_pg_after_membership_commit)() = nullptr;

// True for "postgresql://..." and "postgres://...".
bool IsPostgresUri(const std::string& path);

// "{1,2,3}" and {"a","b\"c"}: array parameters ($1::bigint[], $1::text[]).
std::string PgIntArray(const std::vector<std::int64_t>& v);
std::string PgTextArray(const std::vector<std::string>& v);
// Array parameters for set-based writes (one statement per batch instead of
// one per row): text with NULLs ($1::text[]) and bytes ($1::bytea[], each
// element in bytea's hex form).
std::string PgOptTextArray(const std::vector<std::optional<std::string>>& v);
std::string PgByteaArray(const std::vector<std::string>& v);

// Phase times of a batch on stderr when PARALLAX_PG_PROFILE is set (for
// bench/; one line per batch: "pg-profile phase=seconds ...").
class PhaseTimer {
 public:
  PhaseTimer() : on_(std::getenv("PARALLAX_PG_PROFILE") != nullptr), last_(std::chrono::steady_clock::now()) {}
  ~PhaseTimer() {
    if (on_ && !line_.empty()) std::fprintf(stderr, "pg-profile%s\n", line_.c_str());
  }
  void Mark(const char* phase) {
    if (!on_) return;
    const auto now = std::chrono::steady_clock::now();
    char buf[64];
    std::snprintf(buf, sizeof buf, " %s=%.3f", phase, std::chrono::duration<double>(now - last_).count());
    line_ += buf;
    last_ = now;
  }

 private:
  bool on_;
  std::chrono::steady_clock::time_point last_;
  std::string line_;
};

class PgStore : public Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const std::string& uri, const StoreOpenOptions& options);

  Result<StoreIngestSummary> Ingest(std::vector<Article> articles, std::vector<InputError> errors,
                                    const StoreIngestOptions& options) override;
  Result<std::vector<StoryListing>> ListStories(const StoryFilter& filter) override;
  Result<StoryView> GetStory(const std::string& id, const std::optional<std::string>& since) override;
  Result<std::vector<SearchHit>> Search(const SearchQuery& query) override;
  Result<Report> Export() override;
  // store_revision's counter: bumped by every batch's commit and every
  // write of reports.
  std::optional<std::int64_t> Revision() override;

 private:
  // A story to re-analyse: its id and canonical member rows in cluster order.
  struct ReportJob {
    std::int64_t story;
    std::vector<std::int64_t> member_rows;
  };
  PgStore(std::string uri, const StoreOpenOptions& options) : uri_(std::move(uri)), options_(options) {}
  Status Prepare();  // checks, creates or migrates the schema
  StoreIngestSummary IngestBatch(std::vector<Article> articles, std::vector<InputError> errors,
                                 const StoreIngestOptions& options);
  // Outside any transaction: loads and analyses the jobs' stories, then in
  // one transaction writes the report of each story still stale from
  // `batch`. Returns the number written.
  std::size_t WriteReports(std::int64_t batch, const std::string& at, const std::vector<ReportJob>& jobs,
                           const StoreIngestOptions& options);
  // Re-analyses the stories left stale by a batch whose worker died (its
  // report lock is free). Returns the number of reports written.
  std::size_t RepairStaleStories(const StoreIngestOptions& options);
  void ReleaseReportLock();
  // The stored articles with these ids, in that order (unknown ids are
  // skipped); per article also its row, and the row of its canonical copy
  // (0 when canonical) with the similarity to it.
  std::vector<Article> LoadArticles(const std::vector<std::string>& ids, std::vector<std::int64_t>* dup_of,
                                    std::vector<double>* similarity, std::vector<std::int64_t>* rowids);

  std::string uri_;
  StoreOpenOptions options_;
  PgDb db_;
  std::optional<std::int64_t> report_lock_;  // the batch whose report lock this session holds

 public:
  // Browse queries for the web server (pg_browse.cc).
  Result<StoryCardPage> ListStoryCards(const StoryCardQuery& query) override;
  Result<ArticleView> GetArticle(const std::string& id) override;
  Result<std::vector<EntityListing>> ListEntities(const std::string& prefix, std::size_t limit) override;
  Result<EntityView> GetEntity(const std::string& name) override;
  Result<std::vector<OutletListing>> ListOutlets() override;
  Result<OutletView> GetOutlet(const std::string& name) override;
  void SetDeadline(std::optional<std::chrono::steady_clock::time_point> deadline) override;
};

}  // namespace parallax::store_internal
