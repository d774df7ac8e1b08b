#pragma once
// Store: a persistent story store that grows batch by batch, with search.
//
//   auto store = OpenStore("news.db");              // created when missing
//   if (!store.ok()) { print store.status().message(); exit 2; }
//   IngestResult in = ReadInputs(paths, {});
//   auto sum = (*store)->Ingest(std::move(in.articles), std::move(in.errors), {});
//   auto stories = (*store)->ListStories({});       // most recently updated first
//   auto view = (*store)->GetStory("3", "2026-12-07T00:00:00Z");  // report + changes since
//   auto hits = (*store)->Search({.query = "\"dock strike\" brez*"});
//
// Contract:
// - Ingest cleans a batch, finds duplicates against everything stored,
//   assigns each new article to an existing story or a new one (the
//   clustering of src/cluster, its index kept from batch to batch: one
//   batch of everything gives analyze's stories, one batch per day those
//   of `analyze --incremental`),
//   re-analyses only the stories whose membership or text changed, and
//   commits the whole batch in one transaction: after a crash a batch is
//   either all there or not at all. (PostgreSQL, for workers that scale:
//   the reports of the touched stories are written just after that commit,
//   so a story's report may lag its membership by one batch, never
//   half-written; docs/store.md, "PostgreSQL".)
// - Idempotent: an article whose id is stored with the same title and text
//   adds nothing; one with a changed text replaces the stored version and
//   keeps its id; a different id with the same content is a duplicate.
// - Story ids are stable: a story that gains articles keeps its id; when
//   two stories merge the older id survives and the other is recorded as
//   merged into it (GetStory on it says so).
// - A file that is not a Parallax store, is corrupt, or was written by a
//   newer version is refused and never written to.
// - No exception leaves this module; errors are Status values.
//
// The interface holds no SQL: a second backend (PostgreSQL) implements
// Store; OpenStore picks SQLite for a file, PostgreSQL for a
// postgresql:// URI (docs/store.md).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "engine/engine.h"
#include "model/model.h"
#include "report/report.h"
#include "store/browse.h"

namespace parallax {

struct StoreIngestOptions {
  EngineOptions engine;  // clean, dedup, cluster, analyze options and threads
  // When the batch is recorded (ISO 8601 UTC, "2026-12-07T09:30:00Z");
  // empty = now. Revisions and `--since` compare these times.
  std::string at;
  // false: the batch's new articles join the story index together, in
  // input order (one batch of everything = analyze's stories). true: one
  // publication day at a time, undated last (one batch of a history =
  // analyze --incremental's stories; the same as ingesting day by day).
  bool by_day = false;
  // Hooks of the PostgreSQL backend (empty: none): `before_lock` runs once
  // the batch's work that needs no lock is done, just before it waits for
  // the store's ingest lock; `after_commit` right after its membership
  // commit, before its reports. `parallax worker` uses them to commit its
  // jobs in queue order (docs/store.md, "Work queue").
  std::function<void()> before_lock, after_commit;
};

struct StoreIngestSummary {
  std::int64_t batch = 0;          // the batch's number (0 when nothing was written)
  std::size_t new_articles = 0;    // stored and analysed
  std::size_t duplicates = 0;      // new ids whose text is a copy of a stored or batch article
  std::size_t updated = 0;         // stored ids whose text changed
  std::size_t unchanged = 0;       // stored ids seen again with the same text
  std::size_t stories_created = 0;
  std::size_t stories_updated = 0;  // re-analysed (gained, lost or changed articles)
  std::size_t stories_merged = 0;   // ids that now point to an older story
  std::vector<InputError> errors;   // inputs that could not be stored
};

struct StoryFilter {
  std::optional<std::string> since;   // last article published on or after (date or time)
  std::optional<std::string> outlet;  // has an article from this source
  std::size_t limit = 0;              // 0 = all
};

struct StoryListing {
  std::string id;
  std::string title;
  std::size_t articles = 0;  // including duplicates
  std::size_t outlets = 0;
  std::optional<std::string> first_published;
  std::optional<std::string> last_published;
  std::string updated_at;  // time of the batch that last changed it
};

// One entry of "what changed since": kind is "new_outlet", "new_fact",
// "fact_gained_support", "fact_lost_support", "new_conflict" or "new_quote".
struct StoryChange {
  std::string kind;
  std::string text;                   // the outlet, fact, conflict sides or quote
  std::string speaker;                // new_quote only
  std::size_t outlets_before = 0;     // facts
  std::size_t outlets_now = 0;        // facts
};

struct StoryView {
  std::string requested;               // the id asked for
  std::optional<std::string> merged_into;  // set when `requested` was merged into report.stories[0]
  Report report;                       // the story (stories[0]) and its articles, as analyze reports it
  std::optional<std::string> since;    // set when changes were asked for
  std::vector<StoryChange> changes;
};

struct SearchQuery {
  std::string query;  // words, "phrases", prefix*, AND OR NOT, ( )
  std::optional<std::string> outlet;
  std::optional<std::string> since;   // published on or after (date or time)
  std::optional<std::string> until;   // published on or before (a date includes that whole day)
  std::optional<std::string> entity;  // in a story naming this entity (case-insensitive)
  bool stories = false;               // search story titles, summaries, quotes and entity names
  std::size_t limit = 20;             // 0 = every match
  // The ranking scores at most this many matches: the most recently
  // stored ones that pass the filters (articles: order of arrival; stories:
  // order of creation), so its cost is bounded whatever the number of
  // matches. The hits are the best-scored of that window; exact when there
  // are no more matches than that. 0, or a limit of 0: every match is
  // scored; a limit above it widens it to the limit. The default's choice:
  // docs/store.md, "Search".
  static constexpr std::size_t kDefaultRankWindow = 2000;
  std::size_t rank_window = kDefaultRankWindow;
};

struct SearchHit {
  std::string id;       // article id, or story id with `stories`
  std::string title;
  std::string snippet;  // the best passage on one line, hits marked «like this»
  double score = 0;     // BM25 (SQLite's sign: lower is better)
  std::optional<std::string> story;      // article: its story
  std::optional<std::string> source;     // article: its outlet
  std::optional<std::string> published;  // article: date; story: last date
};

class Store {
 public:
  virtual ~Store() = default;
  // One batch, one transaction. Fails (nothing written) when the store is
  // busy past the timeout, the disk is full or an I/O error occurs.
  virtual Result<StoreIngestSummary> Ingest(std::vector<Article> articles, std::vector<InputError> errors,
                                            const StoreIngestOptions& options) = 0;
  virtual Result<std::vector<StoryListing>> ListStories(const StoryFilter& filter) = 0;
  // NotFound for an unknown id. `since` (date or time) fills changes.
  virtual Result<StoryView> GetStory(const std::string& id, const std::optional<std::string>& since) = 0;
  // InvalidArgument for a malformed query (message says what is wrong).
  virtual Result<std::vector<SearchHit>> Search(const SearchQuery& query) = 0;
  // Everything as one Report (articles in order of arrival, live stories).
  virtual Result<Report> Export() = 0;

  // Browse queries for the web server (store/browse.h; sqlite_browse.cc).
  // Read-only. The defaults say the backend does not have them.
  virtual Result<StoryCardPage> ListStoryCards(const StoryCardQuery& query);
  // NotFound for an unknown article id.
  virtual Result<ArticleView> GetArticle(const std::string& id);
  // Names starting with `prefix` (case-insensitive; "" = all), most stories first.
  virtual Result<std::vector<EntityListing>> ListEntities(const std::string& prefix, std::size_t limit);
  virtual Result<EntityView> GetEntity(const std::string& name);
  virtual Result<std::vector<OutletListing>> ListOutlets();
  virtual Result<OutletView> GetOutlet(const std::string& name);
  // Queries running past `deadline` stop and fail (a per-request time
  // limit); nullopt = no limit. Not thread-safe: one caller per Store.
  virtual void SetDeadline(std::optional<std::chrono::steady_clock::time_point> deadline) { (void)deadline; }
  // A number that grows with every committed batch: two reads that see the
  // same revision see the same data. nullopt when the backend cannot tell
  // (the web server then keeps no rendered answers).
  virtual std::optional<std::int64_t> Revision() { return std::nullopt; }
};

struct StoreOpenOptions {
  bool read_only = false;      // readers: never create or migrate
  int busy_timeout_ms = 10000;  // wait this long for another writer
  // SQLite, read_only only: map up to this many bytes of the file instead
  // of copying each page read out of the OS cache (PRAGMA mmap_size;
  // capped by SQLite's build limit, 2 GiB on Debian). A fifth less CPU
  // per search on 100,000 articles; but resident memory then counts every
  // mapped page once per connection that touched it (shared with the OS
  // cache, not heap): 48 server connections on a 270 MB store showed 5.3 GB
  // "resident". 0: no mapping.
  std::int64_t mmap_bytes = 0;
};

// The SQLite store at `path`, created when missing (not with read_only);
// for "postgresql://..." or "postgres://..." the PostgreSQL store in that
// database (an empty database becomes one; docs/store.md, "PostgreSQL").
// InvalidInput when the file is not a Parallax store, is corrupt or is
// from a newer version (the file is left untouched).
Result<std::unique_ptr<Store>> OpenStore(const std::string& path, const StoreOpenOptions& options = {});

// The current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string UtcNow();

}  // namespace parallax
