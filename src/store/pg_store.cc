// PgStore: opening (schema checks, creation, migrations) and the read side
// (ListStories, GetStory, Search, Export). Ingest: pg_ingest.cc.

#include "store/pg_store.h"

#include <algorithm>
#include <array>
#include <unordered_map>

#include "store/codec.h"
#include "store/fts_query.h"
#include "store/store_common.h"

namespace parallax::store_internal {

namespace {

// Schema version 1 (docs/store.md, "PostgreSQL"): the SQLite store's
// tables, with tsvector columns and GIN indexes for search instead of FTS5,
// and a canonical article's LSH band keys as one integer[] in its row
// (a GIN index finds the rows sharing a key) instead of a bands table of
// 32 rows per article (2.42 KB an article measured, docs/scale.md).
// Only canonical articles have a search vector (duplicates are not
// searched, as in SQLite). Dates and times compare byte-wise (COLLATE "C"),
// whatever the database's collation.
constexpr const char* kPgSchemaV1 = R"sql(
CREATE TABLE parallax_meta(key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE batches(
  id bigint PRIMARY KEY, at text COLLATE "C" NOT NULL, new_articles bigint NOT NULL, duplicates bigint NOT NULL,
  updated bigint NOT NULL, stories_created bigint NOT NULL, stories_updated bigint NOT NULL);
CREATE TABLE articles(
  n bigserial PRIMARY KEY, id text NOT NULL UNIQUE, source text, url text NOT NULL, title text NOT NULL,
  published text COLLATE "C", path text NOT NULL, from_html integer NOT NULL, text text NOT NULL, removed text NOT NULL,
  text_hash bigint NOT NULL, duplicate_of bigint, similarity double precision, story bigint,
  batch bigint NOT NULL, updated_batch bigint NOT NULL, cluster_group bigint, cluster_seq bigint,
  bands integer[],
  tsv tsvector GENERATED ALWAYS AS (CASE WHEN duplicate_of IS NULL THEN
    setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', text), 'B') END) STORED);
CREATE INDEX articles_by_hash ON articles(text_hash);
CREATE INDEX articles_by_story ON articles(story);
CREATE INDEX articles_by_duplicate ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE INDEX articles_by_cluster_order ON articles(cluster_group, cluster_seq) WHERE duplicate_of IS NULL;
CREATE INDEX articles_by_source ON articles(source, story);
CREATE INDEX articles_search ON articles USING gin(tsv);
CREATE INDEX articles_by_band ON articles USING gin(bands) WHERE duplicate_of IS NULL;
CREATE TABLE stories(
  n bigint PRIMARY KEY, title text NOT NULL, articles bigint NOT NULL, outlets bigint NOT NULL,
  first_published text COLLATE "C", last_published text COLLATE "C", created_batch bigint NOT NULL,
  updated_batch bigint NOT NULL, updated_at text COLLATE "C" NOT NULL, merged_into bigint, report bytea,
  body text NOT NULL DEFAULT '',
  tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', body), 'B')) STORED);
CREATE INDEX stories_by_update ON stories(updated_batch);
CREATE INDEX stories_search ON stories USING gin(tsv);
CREATE TABLE story_entities(name text NOT NULL, story bigint NOT NULL);
CREATE UNIQUE INDEX story_entities_by_name ON story_entities(lower(name), story);
CREATE INDEX story_entities_by_story ON story_entities(story);
CREATE TABLE revisions(story bigint NOT NULL, batch bigint NOT NULL, at text COLLATE "C" NOT NULL,
  digest bytea NOT NULL, PRIMARY KEY(story, batch));
CREATE TABLE cluster_state(part integer PRIMARY KEY, batch bigint NOT NULL, data bytea NOT NULL);
)sql";

// Migration steps: kPgMigrations[v - 1] takes version v to v + 1, each in
// its own transaction under kSchemaLock. A new database runs them all
// after kPgSchemaV1.
// Version 2: reports written after the batch's commit (docs/store.md,
// "PostgreSQL"): a story's stale_batch is the batch whose membership
// change its report does not show yet (NULL: the report is current), and
// store_revision is one row counting the writes (Store::Revision).
constexpr std::array<const char*, kPgSchemaVersion - 1> kPgMigrations{
    R"sql(
ALTER TABLE stories ADD COLUMN stale_batch bigint;
CREATE INDEX stories_stale ON stories(stale_batch) WHERE stale_batch IS NOT NULL;
CREATE TABLE store_revision(one integer PRIMARY KEY CHECK (one = 1), rev bigint NOT NULL);
INSERT INTO store_revision(one, rev) SELECT 1, coalesce(max(id), 0) FROM batches;
)sql",
    // Version 3: the band keys' GIN index without its pending list
    // (fastupdate): every batch probes it once per key of its fresh articles
    // (thousands), and each probe read the whole unsorted pending list (150
    // pages at 5,000 articles; bench/results/2026-12-07-pg-2.md).
    R"sql(
ALTER INDEX articles_by_band SET (fastupdate = off);
SELECT gin_clean_pending_list('articles_by_band');
)sql",
    // Version 4: the per-article analysis cache (as the SQLite store's
    // article_analysis, src/store/article_cache.h): what AnalyzeStory
    // computes from one canonical article alone, kept under its key and the
    // hash of the text it was made from, so re-analysing a grown story does
    // not tag its old members again. Empty after the migration: each entry
    // is made the first time its article's story is analysed.
    R"sql(
CREATE TABLE article_analysis(article bigint PRIMARY KEY, key bigint NOT NULL, text_hash bigint NOT NULL,
  data bytea NOT NULL);
)sql",
};

constexpr const char* kArticleCols = "id, source, url, title, published, path, from_html, text, removed";

Article ReadPgArticle(const PgResult& r, int row, int first) {
  Article a;
  a.id = r.Text(row, first);
  a.source = r.OptText(row, first + 1);
  a.url = r.Text(row, first + 2);
  a.title = r.Text(row, first + 3);
  a.published = r.OptText(row, first + 4);
  a.path = r.Text(row, first + 5);
  a.from_html = r.Int(row, first + 6) != 0;
  a.text = r.Text(row, first + 7);
  a.removed = DecodeRemoved(r.Text(row, first + 8));
  return a;
}

// Releases a session advisory lock when it goes out of scope.
class SessionLock {
 public:
  SessionLock(PgDb& db, std::int64_t key) : db_(db), key_(key) { db_.Exec("SELECT pg_advisory_lock($1)", {key_}); }
  ~SessionLock() {
    try {
      db_.Exec("SELECT pg_advisory_unlock($1)", {key_});
    } catch (...) {
    }
  }

 private:
  PgDb& db_;
  std::int64_t key_;
};

}  // namespace

bool IsPostgresUri(const std::string& path) {
  return path.rfind("postgresql://", 0) == 0 || path.rfind("postgres://", 0) == 0;
}

std::string PgIntArray(const std::vector<std::int64_t>& v) {
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(v[i]);
  }
  return out + "}";
}

std::string PgTextArray(const std::vector<std::string>& v) {
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : v[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string PgOptTextArray(const std::vector<std::optional<std::string>>& v) {
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    if (!v[i]) {
      out += "NULL";
      continue;
    }
    out += '"';
    for (char c : *v[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string PgByteaArray(const std::vector<std::string>& v) {
  static const char* hex = "0123456789abcdef";
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += "\"\\\\x";
    for (unsigned char c : v[i]) {
      out += hex[c >> 4];
      out += hex[c & 15];
    }
    out += '"';
  }
  return out + "}";
}

Result<std::unique_ptr<Store>> PgStore::Open(const std::string& uri, const StoreOpenOptions& options) {
  std::unique_ptr<PgStore> s(new PgStore(uri, options));
  if (Status st = s->db_.Connect(uri); !st.ok()) return st;
  try {
    if (Status st = s->Prepare(); !st.ok()) return st;
  } catch (const PgError& e) {
    return StatusFromPg(e, uri);
  }
  return std::unique_ptr<Store>(std::move(s));
}

Status PgStore::Prepare() {
  const std::string where = RedactUri(uri_);
  // Readers and writers alike wait for a schema change in progress.
  SessionLock lock(db_, kSchemaLock);
  PgResult meta = db_.Exec("SELECT to_regclass('parallax_meta') IS NOT NULL");
  if (!meta.Bool(0, 0)) {
    // Tables of another application (the work queue's own table aside): refuse.
    PgResult others = db_.Exec(
        "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename <> 'ingest_jobs'");
    if (others.Int(0, 0) > 0) {
      return InvalidInput(where + ": not a Parallax store (the database holds tables of another application); left untouched");
    }
    if (options_.read_only) return InvalidInput(where + ": empty database, not a Parallax store yet (run parallax ingest)");
    InTransaction(db_, "READ COMMITTED", 1, [&] {
      db_.ExecScript(kPgSchemaV1);
      for (int v = 1; v < kPgSchemaVersion; ++v) db_.ExecScript(kPgMigrations[v - 1]);
      db_.Exec("INSERT INTO parallax_meta(key, value) VALUES('application', 'parallax-store'), ('schema_version', $1), "
               "('created_at', $2)",
               {kPgSchemaVersion, UtcNow()});
    });
    return Status::Ok();
  }
  PgResult r = db_.Exec(
      "SELECT (SELECT value FROM parallax_meta WHERE key = 'application'), "
      "(SELECT value FROM parallax_meta WHERE key = 'schema_version')");
  if (r.Text(0, 0) != "parallax-store") return InvalidInput(where + ": not a Parallax store (foreign parallax_meta); left untouched");
  const std::optional<std::int64_t> version = ParseStoryId(r.Text(0, 1));
  if (!version || *version < 1) return InvalidInput(where + ": damaged Parallax store (no schema version); left untouched");
  if (*version > kPgSchemaVersion) {
    return InvalidInput(where + ": written by a newer Parallax (schema version " + std::to_string(*version) +
                        ", this build reads up to " + std::to_string(kPgSchemaVersion) + "); left untouched");
  }
  if (*version < kPgSchemaVersion) {
    if (options_.read_only) {
      return InvalidInput(where + ": an older store (schema version " + std::to_string(*version) +
                          "): run parallax ingest once to upgrade it");
    }
    for (int v = static_cast<int>(*version); v < kPgSchemaVersion; ++v) {
      InTransaction(db_, "READ COMMITTED", 1, [&] {
        db_.ExecScript(kPgMigrations[v - 1]);
        db_.Exec("UPDATE parallax_meta SET value = $1 WHERE key = 'schema_version'", {v + 1});
      });
    }
  }
  return Status::Ok();
}

Result<std::vector<StoryListing>> PgStore::ListStories(const StoryFilter& f) {
  try {
    PgResult r = db_.Exec(
        "SELECT n, title, articles, outlets, first_published, last_published, updated_at FROM stories "
        "WHERE merged_into IS NULL AND report IS NOT NULL "
        "AND ($1::text IS NULL OR last_published >= $1::text) "
        "AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM articles a WHERE a.source = $2::text AND a.story = stories.n)) "
        "ORDER BY updated_batch DESC, n DESC LIMIT $3::bigint",
        {f.since, f.outlet, f.limit == 0 ? PgParam(std::nullopt) : PgParam(f.limit)});
    std::vector<StoryListing> out;
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back({r.Text(i, 0), r.Text(i, 1), static_cast<std::size_t>(r.Int(i, 2)),
                     static_cast<std::size_t>(r.Int(i, 3)), r.OptText(i, 4), r.OptText(i, 5), r.Text(i, 6)});
    }
    return out;
  } catch (const PgError& e) {
    return StatusFromPg(e, uri_);
  }
}

std::vector<Article> PgStore::LoadArticles(const std::vector<std::string>& ids, std::vector<std::int64_t>* dup_of,
                                           std::vector<double>* similarity, std::vector<std::int64_t>* rowids) {
  PgResult r = db_.Exec(std::string("SELECT n, ") + kArticleCols +
                            ", duplicate_of, similarity, k FROM articles JOIN unnest($1::text[]) WITH ORDINALITY AS "
                            "want(wid, k) ON articles.id = want.wid ORDER BY k",
                        {PgTextArray(ids)});
  std::vector<Article> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(ReadPgArticle(r, i, 1));
    if (rowids) rowids->push_back(r.Int(i, 0));
    if (dup_of) dup_of->push_back(r.IsNull(i, 10) ? 0 : r.Int(i, 10));
    if (similarity) similarity->push_back(r.IsNull(i, 11) ? 1.0 : r.Double(i, 11));
  }
  return out;
}

Result<StoryView> PgStore::GetStory(const std::string& id, const std::optional<std::string>& since) {
  try {
    StoryView view;
    view.requested = id;
    std::optional<std::int64_t> n = ParseStoryId(id);
    if (!n) return Status{StatusCode::kNotFound, "no story '" + id + "' (story ids are numbers; see parallax stories)"};
    // One snapshot for the story, its articles and its revisions.
    db_.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    struct End {
      PgDb& db;
      ~End() {
        try {
          db.Exec("COMMIT");
        } catch (...) {
        }
      }
    } end{db_};
    std::string blob;
    for (int hops = 0;; ++hops) {
      PgResult q = db_.Exec("SELECT merged_into, report FROM stories WHERE n = $1", {*n});
      if (q.rows() == 0 || hops > 1000) return Status{StatusCode::kNotFound, "no story '" + id + "' in " + RedactUri(uri_)};
      if (q.IsNull(0, 0)) {
        if (q.IsNull(0, 1)) {
          // A story created by a batch whose reports are still being written.
          return Status{StatusCode::kNotFound, "story '" + id + "' is new and not analysed yet; try again shortly"};
        }
        blob = q.Bytes(0, 1);
        break;
      }
      n = q.Int(0, 0);
      view.merged_into = std::to_string(*n);
    }
    Result<Story> story = DecodeStory(blob);
    if (!story.ok()) return story.status();
    std::vector<std::int64_t> dup, rowids;
    std::vector<double> sim;
    view.report.articles = LoadArticles(story->articles, &dup, &sim, &rowids);
    std::unordered_map<std::int64_t, std::size_t> index_of;
    for (std::size_t i = 0; i < rowids.size(); ++i) index_of[rowids[i]] = i;
    view.report.duplicate_of.resize(rowids.size());
    view.report.duplicate_similarity.assign(rowids.size(), 0.0);
    for (std::size_t i = 0; i < rowids.size(); ++i) {
      if (dup[i] == 0) continue;
      if (auto it = index_of.find(dup[i]); it != index_of.end()) {
        view.report.duplicate_of[i] = it->second;
        view.report.duplicate_similarity[i] = sim[i];
      }
    }
    view.report.stories.push_back(std::move(*story));
    if (since) {
      view.since = since;
      PgResult before = db_.Exec(
          "SELECT digest FROM revisions WHERE story = $1 AND at <= $2::text ORDER BY batch DESC LIMIT 1", {*n, *since});
      std::string old_digest = before.rows() ? before.Bytes(0, 0) : std::string();
      PgResult now = db_.Exec("SELECT digest FROM revisions WHERE story = $1 ORDER BY batch DESC LIMIT 1", {*n});
      if (now.rows()) view.changes = DiffDigests(old_digest, now.Bytes(0, 0));
    }
    return view;
  } catch (const PgError& e) {
    return StatusFromPg(e, uri_);
  }
}

std::optional<std::int64_t> PgStore::Revision() {
  try {
    PgResult r = db_.Exec("SELECT rev FROM store_revision");
    if (r.rows() == 1) return r.Int(0, 0);
  } catch (const PgError&) {
  }
  return std::nullopt;
}

Result<std::vector<SearchHit>> PgStore::Search(const SearchQuery& sq) {
  Result<std::string> match = ToTsQuery(sq.query);
  if (!match.ok()) return match.status();
  const PgParam limit = sq.limit == 0 ? PgParam(std::nullopt) : PgParam(sq.limit);
  // The ranking's window (SearchQuery::rank_window): the most recent
  // matches, newest row first; NULL = every match.
  const PgParam window =
      sq.rank_window == 0 || sq.limit == 0 ? PgParam(std::nullopt) : PgParam(std::max(sq.rank_window, sq.limit));
  // Weights as the SQLite store's bm25(2.0, 1.0): title (A) twice the text
  // (B); the score is the rank negated, so lower is better there too.
  const char* headline =
      "'StartSel=\u00ab, StopSel=\u00bb, MaxWords=24, MinWords=8, ShortWord=2, MaxFragments=1, FragmentDelimiter=\u2026'";
  try {
    std::vector<SearchHit> out;
    if (!sq.stories) {
      PgResult r = db_.Exec(
          std::string("WITH q AS (SELECT to_tsquery('english', $1) AS q), "
                      "c AS (SELECT a.n, a.tsv FROM articles a, q "
                      "WHERE a.tsv @@ q.q AND a.duplicate_of IS NULL "
                      "AND ($2::text IS NULL OR a.source = $2::text) AND ($3::text IS NULL OR a.published >= $3::text) "
                      "AND ($4::text IS NULL OR a.published <= $4::text) "
                      "AND ($5::text IS NULL OR a.story IN (SELECT story FROM story_entities WHERE lower(name) = lower($5::text))) "
                      "ORDER BY a.n DESC LIMIT $7::bigint), "
                      "t AS (SELECT c.n, -ts_rank('{0, 0, 0.5, 1.0}', c.tsv, q.q) AS score FROM c, q "
                      "ORDER BY score, c.n LIMIT $6::bigint) "
                      "SELECT a.id, a.title, ts_headline('english', a.title || E'\\n' || a.text, q.q, ") +
              headline +
              "), t.score, a.story, a.source, a.published FROM t JOIN articles a ON a.n = t.n, q "
              "ORDER BY t.score, t.n",
          {*match, sq.outlet, sq.since, UntilBound(sq.until), sq.entity, limit, window});
      for (int i = 0; i < r.rows(); ++i) {
        SearchHit h{r.Text(i, 0), r.Text(i, 1), OneLine(r.Text(i, 2)), r.Double(i, 3), std::nullopt, r.OptText(i, 5),
                    r.OptText(i, 6)};
        if (!r.IsNull(i, 4)) h.story = r.Text(i, 4);
        out.push_back(std::move(h));
      }
    } else {
      PgResult r = db_.Exec(
          std::string("WITH q AS (SELECT to_tsquery('english', $1) AS q), "
                      "c AS (SELECT s.n, s.tsv FROM stories s, q "
                      "WHERE s.tsv @@ q.q AND s.merged_into IS NULL AND s.report IS NOT NULL "
                      "AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM articles a WHERE a.source = $2::text AND a.story = s.n)) "
                      "AND ($3::text IS NULL OR s.last_published >= $3::text) AND ($4::text IS NULL OR s.first_published <= $4::text) "
                      "AND ($5::text IS NULL OR s.n IN (SELECT story FROM story_entities WHERE lower(name) = lower($5::text))) "
                      "ORDER BY s.n DESC LIMIT $7::bigint), "
                      "t AS (SELECT c.n, -ts_rank('{0, 0, 0.5, 1.0}', c.tsv, q.q) AS score FROM c, q "
                      "ORDER BY score, c.n LIMIT $6::bigint) "
                      "SELECT s.n, s.title, ts_headline('english', s.title || E'\\n' || s.body, q.q, ") +
              headline +
              "), t.score, s.last_published FROM t JOIN stories s ON s.n = t.n, q ORDER BY t.score, t.n",
          {*match, sq.outlet, sq.since, UntilBound(sq.until), sq.entity, limit, window});
      for (int i = 0; i < r.rows(); ++i) {
        std::string id = r.Text(i, 0);
        out.push_back({id, r.Text(i, 1), OneLine(r.Text(i, 2)), r.Double(i, 3), id, std::nullopt, r.OptText(i, 4)});
      }
    }
    return out;
  } catch (const PgError& e) {
    // The query is built from quoted lexemes only: a syntax error here means
    // a query tsquery still cannot take.
    if (e.sqlstate.rfind("42", 0) == 0 || e.sqlstate.rfind("22", 0) == 0) {
      return InvalidArgument("the search query could not be run: " + std::string(e.what()));
    }
    return StatusFromPg(e, uri_);
  }
}

Result<Report> PgStore::Export() {
  try {
    db_.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    struct End {
      PgDb& db;
      ~End() {
        try {
          db.Exec("COMMIT");
        } catch (...) {
        }
      }
    } end{db_};
    Report r;
    std::unordered_map<std::int64_t, std::size_t> index_of;
    std::vector<std::int64_t> dup;
    std::vector<double> sim;
    PgResult q = db_.Exec(std::string("SELECT n, ") + kArticleCols + ", duplicate_of, similarity FROM articles ORDER BY n");
    for (int i = 0; i < q.rows(); ++i) {
      index_of[q.Int(i, 0)] = r.articles.size();
      r.articles.push_back(ReadPgArticle(q, i, 1));
      dup.push_back(q.IsNull(i, 10) ? 0 : q.Int(i, 10));
      sim.push_back(q.IsNull(i, 11) ? 0.0 : q.Double(i, 11));
    }
    r.duplicate_of.resize(r.articles.size());
    r.duplicate_similarity.assign(r.articles.size(), 0.0);
    for (std::size_t i = 0; i < dup.size(); ++i) {
      if (dup[i] == 0) continue;
      if (auto it = index_of.find(dup[i]); it != index_of.end()) {
        r.duplicate_of[i] = it->second;
        r.duplicate_similarity[i] = sim[i];
      }
    }
    // Stories as analyze orders them: largest first, then by first article.
    PgResult s = db_.Exec(
        "SELECT report FROM stories WHERE merged_into IS NULL AND report IS NOT NULL "
        "ORDER BY articles DESC, (SELECT min(n) FROM articles WHERE story = stories.n), n");
    for (int i = 0; i < s.rows(); ++i) {
      Result<Story> story = DecodeStory(s.Bytes(i, 0));
      if (!story.ok()) return story.status();
      r.stories.push_back(std::move(*story));
    }
    return r;
  } catch (const PgError& e) {
    return StatusFromPg(e, uri_);
  }
}

}  // namespace parallax::store_internal
