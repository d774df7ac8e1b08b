#include "store/sqlite_store.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <unordered_map>

#include "store/codec.h"
#include "store/fts_query.h"
#include "store/store_common.h"

namespace parallax::store_internal {

namespace {

// Schema version 1 (docs/store.md). Articles are rows `n`; a duplicate
// points at its canonical copy; only canonical articles are clustered,
// searched and banded. cluster_group/cluster_seq record the order in which
// articles were added to the story index, so a later batch replays it.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE batches(
  id INTEGER PRIMARY KEY, at TEXT NOT NULL, new_articles INTEGER NOT NULL, duplicates INTEGER NOT NULL,
  updated INTEGER NOT NULL, stories_created INTEGER NOT NULL, stories_updated INTEGER NOT NULL);
CREATE TABLE articles(
  n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source TEXT, url TEXT NOT NULL, title TEXT NOT NULL,
  published TEXT, path TEXT NOT NULL, from_html INTEGER NOT NULL, text TEXT NOT NULL, removed TEXT NOT NULL,
  text_hash INTEGER NOT NULL, duplicate_of INTEGER, similarity REAL, story INTEGER,
  batch INTEGER NOT NULL, updated_batch INTEGER NOT NULL, cluster_group INTEGER, cluster_seq INTEGER);
CREATE INDEX articles_by_hash ON articles(text_hash);
CREATE INDEX articles_by_story ON articles(story);
CREATE INDEX articles_by_duplicate ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE INDEX articles_by_cluster_order ON articles(cluster_group, cluster_seq) WHERE duplicate_of IS NULL;
CREATE INDEX articles_by_source ON articles(source, story);
CREATE TABLE bands(key INTEGER NOT NULL, article INTEGER NOT NULL, PRIMARY KEY(key, article)) WITHOUT ROWID;
CREATE TABLE stories(
  n INTEGER PRIMARY KEY, title TEXT NOT NULL, articles INTEGER NOT NULL, outlets INTEGER NOT NULL,
  first_published TEXT, last_published TEXT, created_batch INTEGER NOT NULL, updated_batch INTEGER NOT NULL,
  updated_at TEXT NOT NULL, merged_into INTEGER, report BLOB);
CREATE INDEX stories_by_update ON stories(updated_batch);
CREATE TABLE story_entities(name TEXT NOT NULL COLLATE NOCASE, story INTEGER NOT NULL, PRIMARY KEY(name, story)) WITHOUT ROWID;
CREATE INDEX story_entities_by_story ON story_entities(story);
CREATE TABLE revisions(story INTEGER NOT NULL, batch INTEGER NOT NULL, at TEXT NOT NULL, digest BLOB NOT NULL,
  PRIMARY KEY(story, batch)) WITHOUT ROWID;
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='n',
  tokenize='porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE stories_fts USING fts5(title, body, tokenize='porter unicode61 remove_diacritics 2');
)sql";

// Migration steps: kMigrations[v - 1] takes version v to v + 1. A new
// store runs them all after kSchemaV1.
constexpr const char* kMigrations[] = {
    // 1 -> 2: the story index's state after the last batch (part 0: the
    // store's map from index position to article row and story; parts
    // 1...: StoryIndex::Save's bytes in pieces), so that a batch loads it
    // instead of replaying every stored article.
    "CREATE TABLE cluster_state(part INTEGER PRIMARY KEY, batch INTEGER NOT NULL, data BLOB NOT NULL);",
    // 2 -> 3: the web server's story lists (sqlite_browse.cc) in both sorts
    // read the first page off an index instead of sorting every live story
    // (home page on 100,000 articles: 70-110 ms -> 3-8 ms).
    "CREATE INDEX IF NOT EXISTS stories_by_last ON stories(COALESCE(last_published, ''), n) "
    "WHERE merged_into IS NULL AND report IS NOT NULL;"
    "CREATE INDEX IF NOT EXISTS stories_by_coverage ON stories(outlets, articles, n) "
    "WHERE merged_into IS NULL AND report IS NOT NULL;",
    // 3 -> 4: per canonical article, what AnalyzeStory computes from it
    // alone (store/article_cache.h), under the key it was made with and the
    // hash of the text it was made from; reused by every re-analysis of
    // its story.
    "CREATE TABLE article_analysis(article INTEGER PRIMARY KEY, key INTEGER NOT NULL, text_hash INTEGER NOT NULL, "
    "data BLOB NOT NULL);",
    // 4 -> 5: article texts may be kept zstd-compressed (a blob; codec.h,
    // CompressText), so the article search reads them through a view that
    // decompresses (parallax_text, sqlite_db.h); the index is rebuilt from
    // it once. Older rows stay plain text.
    "DROP TABLE articles_fts;"
    "CREATE VIEW articles_text AS SELECT n, title, parallax_text(text) AS text FROM articles "
    "WHERE duplicate_of IS NULL;"
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles_text', content_rowid='n', "
    "tokenize='porter unicode61 remove_diacritics 2');"
    "INSERT INTO articles_fts(articles_fts) VALUES('rebuild');",
    // 5 -> 6: the story search keeps no copy of what it indexes: its
    // content is a view rendering each live report's title and search body
    // (parallax_story_body); the index is rebuilt from it once.
    "DROP TABLE stories_fts;"
    "CREATE VIEW stories_text AS SELECT n, title, parallax_story_body(report) AS body FROM stories "
    "WHERE merged_into IS NULL AND report IS NOT NULL;"
    "CREATE VIRTUAL TABLE stories_fts USING fts5(title, body, content='stories_text', content_rowid='n', "
    "tokenize='porter unicode61 remove_diacritics 2');"
    "INSERT INTO stories_fts(stories_fts) VALUES('rebuild');",
    // 6 -> 7: entity names are kept once, by (name, story): a story's rows
    // are removed by the names of its old report (sqlite_ingest.cc).
    "DROP INDEX story_entities_by_story;",
    // 7 -> 8 (docs/store.md, "Search"): a story's search body is kept,
    // compressed, in story_bodies, so that a story snippet reads ~600 bytes
    // instead of inflating and parsing the whole report (a fifth of a
    // search's CPU on 100,000 articles); the index is unchanged (same
    // text). A filtered search checks each walked match's outlet, date and
    // story in a small covering index instead of its whole article or story
    // row (thousands of 16 KiB pages for a rare outlet).
    "CREATE TABLE story_bodies(n INTEGER PRIMARY KEY, body BLOB NOT NULL);"
    "INSERT INTO story_bodies(n, body) SELECT n, parallax_pack_text(parallax_story_body(report)) FROM stories "
    "WHERE merged_into IS NULL AND report IS NOT NULL;"
    "DROP VIEW stories_text;"
    "CREATE VIEW stories_text AS SELECT s.n AS n, s.title AS title, parallax_text(b.body) AS body FROM stories s "
    "LEFT JOIN story_bodies b ON b.n = s.n WHERE s.merged_into IS NULL AND s.report IS NOT NULL;"
    "CREATE INDEX articles_search_filter ON articles(n, source, published, story);"
    "CREATE INDEX stories_search_filter ON stories(n, merged_into, first_published, last_published);",
};
static_assert(std::size(kMigrations) == kSchemaVersion - 1);

}  // namespace

Article ReadArticle(const Stmt& row, int first) {
  Article a;
  a.id = row.Text(first);
  a.source = row.OptText(first + 1);
  a.url = row.Text(first + 2);
  a.title = row.Text(first + 3);
  a.published = row.OptText(first + 4);
  a.path = row.Text(first + 5);
  a.from_html = row.Int(first + 6) != 0;
  a.text = row.Text(first + 7);
  a.removed = DecodeRemoved(row.Text(first + 8));
  return a;
}

Result<std::unique_ptr<Store>> SqliteStore::Open(const std::string& path, const StoreOpenOptions& options) {
  std::unique_ptr<SqliteStore> s(new SqliteStore(path, options.read_only));
  if (Status st = s->db_.Open(path, options.read_only, options.busy_timeout_ms); !st.ok()) return st;
  try {
    // Reads only: a file that is not an SQLite database fails here, before
    // anything could be written to it.
    Stmt q = s->db_.Prepare(
        "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version), "
        "(SELECT count(*) FROM sqlite_master)");
    q.Step();
    const std::int64_t app = q.Int(0), version = q.Int(1), objects = q.Int(2);
    q.Reset();  // ends the read transaction
    const bool empty = app == 0 && version == 0 && objects == 0;
    if (!empty && app != kApplicationId) {
      return InvalidInput(path + ": not a Parallax store (an SQLite database of another application); left untouched");
    }
    if (version > kSchemaVersion) {
      return InvalidInput(path + ": written by a newer Parallax (schema version " + std::to_string(version) +
                          ", this build reads up to " + std::to_string(kSchemaVersion) + "); left untouched");
    }
    if (options.read_only) {
      if (empty) return InvalidInput(path + ": empty file, not a Parallax store yet (run parallax ingest)");
      if (version < kSchemaVersion) {
        return InvalidInput(path + ": an older store (schema version " + std::to_string(version) +
                            "): run parallax ingest once to upgrade it");
      }
      // StoreOpenOptions::mmap_bytes (docs/store.md, "Search").
      if (options.mmap_bytes > 0) {
        s->db_.Exec(("PRAGMA mmap_size=" + std::to_string(options.mmap_bytes)).c_str());
      }
      return std::unique_ptr<Store>(std::move(s));
    }
    if (empty) {
      // A new store takes 16 KiB pages: an article's text spills into
      // fewer, fuller overflow pages; 3.1% smaller than 4 KiB pages on the
      // scale-10000 corpus (docs/store.md). The page size only holds when
      // set before the first page is written, and WAL mode writes one, so
      // the schema is created first (under BEGIN IMMEDIATE, which a second
      // writer waits for) and WAL is set after. An existing store keeps its
      // page size.
      s->db_.Exec("PRAGMA page_size=16384");
      s->db_.Exec("PRAGMA synchronous=FULL");
      s->Initialise();
    }
    s->db_.Exec("PRAGMA journal_mode=WAL");
    s->db_.Exec("PRAGMA synchronous=FULL");
    if (!empty && version < kSchemaVersion) s->Migrate(static_cast<int>(version));
  } catch (const SqlError& e) {
    return StatusFromSql(e, path);
  }
  return std::unique_ptr<Store>(std::move(s));
}

void SqliteStore::Initialise() {
  db_.Exec("BEGIN IMMEDIATE");
  try {
    // Another process may have initialised it while we waited for the lock.
    Stmt q = db_.Prepare("SELECT count(*) FROM sqlite_master");
    q.Step();
    const bool still_empty = q.Int(0) == 0;
    q.Reset();
    if (still_empty) {
      db_.Exec(kSchemaV1);
      for (int v = 1; v < kSchemaVersion; ++v) db_.Exec(kMigrations[v - 1]);
      db_.Exec(("PRAGMA application_id=" + std::to_string(kApplicationId)).c_str());
      db_.Exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
      db_.Prepare("INSERT INTO meta(key, value) VALUES('created_at', ?1)").Bind(1, UtcNow()).Step();
    }
    db_.Exec("COMMIT");
  } catch (...) {
    try {
      db_.Exec("ROLLBACK");
    } catch (...) {
    }
    throw;
  }
}

void SqliteStore::Migrate(int from) {
  // Each step takes version v to v + 1 inside one transaction, so a crash
  // between steps leaves a store of some whole version.
  if (from < 1) throw SqlError(SQLITE_CORRUPT, "schema version " + std::to_string(from) + " is not a known Parallax schema");
  for (int v = from; v < kSchemaVersion; ++v) {
    db_.Exec("BEGIN IMMEDIATE");
    try {
      Stmt q = db_.Prepare("SELECT user_version FROM pragma_user_version");
      q.Step();
      const std::int64_t now = q.Int(0);
      q.Reset();
      if (now == v) {  // another process may have migrated it while we waited
        db_.Exec(kMigrations[v - 1]);
        db_.Exec(("PRAGMA user_version=" + std::to_string(v + 1)).c_str());
      }
      db_.Exec("COMMIT");
    } catch (...) {
      try {
        db_.Exec("ROLLBACK");
      } catch (...) {
      }
      throw;
    }
  }
}

Result<std::vector<StoryListing>> SqliteStore::ListStories(const StoryFilter& f) {
  try {
    Stmt q = db_.Prepare(
        "SELECT n, title, articles, outlets, first_published, last_published, updated_at FROM stories "
        "WHERE merged_into IS NULL AND report IS NOT NULL "
        "AND (?1 IS NULL OR last_published >= ?1) "
        "AND (?2 IS NULL OR EXISTS (SELECT 1 FROM articles a WHERE a.source = ?2 AND a.story = stories.n)) "
        "ORDER BY updated_batch DESC, n DESC LIMIT ?3");
    q.Bind(1, f.since).Bind(2, f.outlet).Bind(3, f.limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(f.limit));
    std::vector<StoryListing> out;
    while (q.Step()) {
      out.push_back({std::to_string(q.Int(0)), q.Text(1), static_cast<std::size_t>(q.Int(2)),
                     static_cast<std::size_t>(q.Int(3)), q.OptText(4), q.OptText(5), q.Text(6)});
    }
    return out;
  } catch (const SqlError& e) {
    return StatusFromSql(e, path_);
  }
}

std::vector<Article> SqliteStore::LoadArticles(const std::vector<std::string>& ids, std::vector<std::int64_t>* dup_of,
                                               std::vector<double>* similarity, std::vector<std::int64_t>* rowids) {
  Stmt q = db_.Prepare(std::string("SELECT n, ") + kArticleColumns +
                       ", duplicate_of, similarity FROM articles WHERE id = ?1");
  std::vector<Article> out;
  for (const std::string& id : ids) {
    q.Reset();
    q.Bind(1, id);
    if (!q.Step()) continue;
    Article a = ReadArticle(q, 1);
    if (rowids) rowids->push_back(q.Int(0));
    if (dup_of) dup_of->push_back(q.IsNull(10) ? 0 : q.Int(10));
    if (similarity) similarity->push_back(q.IsNull(11) ? 1.0 : q.Double(11));
    out.push_back(std::move(a));
  }
  return out;
}

Result<StoryView> SqliteStore::GetStory(const std::string& id, const std::optional<std::string>& since) {
  try {
    StoryView view;
    view.requested = id;
    std::optional<std::int64_t> n = ParseStoryId(id);
    if (!n) return Status{StatusCode::kNotFound, "no story '" + id + "' (story ids are numbers; see parallax stories)"};
    Stmt q = db_.Prepare("SELECT merged_into, report FROM stories WHERE n = ?1");
    std::string blob;
    for (int hops = 0;; ++hops) {
      q.Reset();
      q.Bind(1, *n);
      if (!q.Step() || hops > 1000) return Status{StatusCode::kNotFound, "no story '" + id + "' in " + path_};
      if (q.IsNull(0)) {
        blob = q.Blob(1);
        break;
      }
      n = q.Int(0);
      view.merged_into = std::to_string(*n);
    }
    Result<Story> story = DecodeStory(blob);
    if (!story.ok()) return story.status();
    // The story's articles, canonical copies and duplicates, as analyze lists them.
    std::vector<std::int64_t> dup, rowids;
    std::vector<double> sim;
    view.report.articles = LoadArticles(story->articles, &dup, &sim, &rowids);
    std::unordered_map<std::int64_t, std::size_t> index_of;
    for (std::size_t i = 0; i < rowids.size(); ++i) index_of[rowids[i]] = i;
    view.report.duplicate_of.resize(rowids.size());
    view.report.duplicate_similarity.assign(rowids.size(), 0.0);
    for (std::size_t i = 0; i < rowids.size(); ++i) {
      if (dup[i] == 0) continue;
      auto it = index_of.find(dup[i]);
      if (it != index_of.end()) {
        view.report.duplicate_of[i] = it->second;
        view.report.duplicate_similarity[i] = sim[i];
      }
    }
    view.report.stories.push_back(std::move(*story));
    if (since) {
      view.since = since;
      Stmt before = db_.Prepare(
          "SELECT digest FROM revisions WHERE story = ?1 AND at <= ?2 ORDER BY batch DESC LIMIT 1");
      before.Bind(1, *n).Bind(2, *since);
      std::string old_digest = before.Step() ? before.Blob(0) : std::string();
      Stmt now = db_.Prepare("SELECT digest FROM revisions WHERE story = ?1 ORDER BY batch DESC LIMIT 1");
      now.Bind(1, *n);
      if (now.Step()) view.changes = DiffDigests(old_digest, now.Blob(0));
    }
    return view;
  } catch (const SqlError& e) {
    return StatusFromSql(e, path_);
  }
}

namespace {

// The matches of one search: FROM and WHERE over an FTS5 table, with the
// filters when there are any (?1 the MATCH text, ?2 outlet, ?3 since, ?4
// until, ?5 entity), read from the covering indexes of schema 8 (one
// compact entry per walked match, not its row). Without filters the
// ranking reads the index alone.
std::string MatchesSql(bool stories, bool filtered) {
  if (!stories) {
    return filtered ? "FROM articles_fts JOIN articles a INDEXED BY articles_search_filter ON a.n = articles_fts.rowid "
                      "WHERE articles_fts MATCH ?1 "
                      "AND (?2 IS NULL OR a.source = ?2) AND (?3 IS NULL OR a.published >= ?3) "
                      "AND (?4 IS NULL OR a.published <= ?4) "
                      "AND (?5 IS NULL OR a.story IN (SELECT story FROM story_entities WHERE name = ?5))"
                    : "FROM articles_fts "
                      "WHERE articles_fts MATCH ?1 AND ?2 IS NULL AND ?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL";
  }
  // A merged story has left stories_fts.
  return filtered ? "FROM stories_fts JOIN stories s INDEXED BY stories_search_filter ON s.n = stories_fts.rowid "
                    "WHERE stories_fts MATCH ?1 AND s.merged_into IS NULL "
                    "AND (?2 IS NULL OR EXISTS (SELECT 1 FROM articles a WHERE a.source = ?2 AND a.story = s.n)) "
                    "AND (?3 IS NULL OR s.last_published >= ?3) AND (?4 IS NULL OR s.first_published <= ?4) "
                    "AND (?5 IS NULL OR s.n IN (SELECT story FROM story_entities WHERE name = ?5))"
                  : "FROM stories_fts "
                    "WHERE stories_fts MATCH ?1 AND ?2 IS NULL AND ?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL";
}

// A read transaction over the statements of one call (ended when it goes).
class ReadSnapshot {
 public:
  explicit ReadSnapshot(SqliteDb& db) : db_(db) { db_.Cached("BEGIN").Step(); }
  ~ReadSnapshot() {
    try {
      db_.Cached("COMMIT").Step();
    } catch (const SqlError&) {
      // Already ended (an interrupted statement rolls it back): nothing to do.
    }
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  SqliteDb& db_;
};

}  // namespace

Result<std::vector<SearchHit>> SqliteStore::Search(const SearchQuery& sq) {
  Result<std::string> match = ToFtsQuery(sq.query);
  if (!match.ok()) return match.status();
  const std::int64_t limit = sq.limit == 0 ? -1 : static_cast<std::int64_t>(sq.limit);
  const bool filtered = sq.outlet || sq.since || sq.until || sq.entity;
  const char* fts = sq.stories ? "stories_fts" : "articles_fts";
  const std::string matches = MatchesSql(sq.stories, filtered);
  auto bind_filters = [&](Stmt& q) {
    q.Bind(1, *match).Bind(2, sq.outlet).Bind(3, sq.since).Bind(4, UntilBound(sq.until)).Bind(5, sq.entity);
  };
  try {
    ReadSnapshot snapshot(db_);  // the ranking and the snippets see one state of the store
    // The ranking's window: the matches in descending row order (rowids
    // grow with arrival; FTS5 walks a match list in either order), scored
    // as they come, until `window` have passed the filters; then the best
    // of those. bm25 costs ~1-2 us per scored match, and FTS5 scores every
    // match before an ORDER BY score LIMIT k: a frequent word scored tens
    // of thousands (docs/store.md, "Search"). Ranked first, then snippets
    // for the hits kept only: SQLite would compute every result column of
    // every match before sorting. Ties: lower row first.
    const std::int64_t window =
        sq.rank_window == 0 || sq.limit == 0 ? -1 : static_cast<std::int64_t>(std::max(sq.rank_window, sq.limit));
    Stmt rank = db_.Cached(std::string("SELECT r, score FROM (SELECT ") + fts + ".rowid AS r, bm25(" + fts +
                            ", 2.0, 1.0) AS score " + matches + " ORDER BY " + fts +
                            ".rowid DESC LIMIT ?7) ORDER BY score, r LIMIT ?6");
    bind_filters(rank);
    rank.Bind(6, limit).Bind(7, window);
    std::vector<std::pair<std::int64_t, double>> ranked;
    std::unordered_map<std::int64_t, std::size_t> index_of;
    std::string kept = "[";
    std::int64_t first = 0, last = 0;
    while (rank.Step()) {
      const std::int64_t r = rank.Int(0);
      index_of[r] = ranked.size();
      if (!ranked.empty()) kept += ',';
      kept += std::to_string(r);
      first = ranked.empty() ? r : std::min(first, r);
      last = std::max(last, r);
      ranked.emplace_back(r, rank.Double(1));
    }
    kept += "]";
    if (ranked.empty()) return std::vector<SearchHit>{};
    // The snippets in one pass over the kept hits' rowid range: snippet()
    // needs its row to be a match of the query, and matching row by row
    // (one MATCH per hit) set the whole query up again for each (a prefix
    // on 100,000 articles: 3 ms each, 60 ms for 20 hits). `+` keeps the
    // list a filter, not 20 lookups.
    const std::string in_kept = std::string(" AND ") + fts + ".rowid BETWEEN ?2 AND ?3 AND +" + fts +
                                ".rowid IN (SELECT value FROM json_each(?4))";
    Stmt q = db_.Cached(
        sq.stories
            ? "SELECT stories_fts.rowid, snippet(stories_fts, -1, '\u00ab', '\u00bb', '\u2026', 16), s.title, "
              "s.last_published FROM stories_fts CROSS JOIN stories s ON s.n = stories_fts.rowid "
              "WHERE stories_fts MATCH ?1" + in_kept
            : "SELECT articles_fts.rowid, snippet(articles_fts, -1, '\u00ab', '\u00bb', '\u2026', 16), a.title, "
              "a.published, a.id, a.story, a.source FROM articles_fts CROSS JOIN articles a ON a.n = articles_fts.rowid "
              "WHERE articles_fts MATCH ?1" + in_kept);
    q.Bind(1, *match).Bind(2, first).Bind(3, last).Bind(4, kept);
    std::vector<SearchHit> out(ranked.size());
    std::vector<bool> found(ranked.size(), false);
    while (q.Step()) {
      auto it = index_of.find(q.Int(0));
      if (it == index_of.end()) continue;
      SearchHit& h = out[it->second];
      found[it->second] = true;
      h.score = ranked[it->second].second;
      h.snippet = OneLine(q.Text(1));
      h.title = q.Text(2);
      h.published = q.OptText(3);
      if (sq.stories) {
        h.id = std::to_string(q.Int(0));
        h.story = h.id;
      } else {
        h.id = q.Text(4);
        if (!q.IsNull(5)) h.story = std::to_string(q.Int(5));
        h.source = q.OptText(6);
      }
    }
    // One snapshot: every kept hit is found (were one not, it would be
    // left out, not shown empty).
    for (std::size_t i = out.size(); i-- > 0;) {
      if (!found[i]) out.erase(out.begin() + static_cast<std::ptrdiff_t>(i));
    }
    return out;
  } catch (const SqlError& e) {
    // The query is built from quoted strings only, so a MATCH error means a
    // query FTS5 still cannot take (say, too deeply nested).
    if (e.code == SQLITE_ERROR) return InvalidArgument("the search query could not be run: " + std::string(e.what()));
    return StatusFromSql(e, path_);
  }
}

Result<Report> SqliteStore::Export() {
  try {
    Report r;
    std::unordered_map<std::int64_t, std::size_t> index_of;
    std::vector<std::int64_t> dup;
    std::vector<double> sim;
    Stmt q = db_.Prepare(std::string("SELECT n, ") + kArticleColumns +
                         ", duplicate_of, similarity FROM articles ORDER BY n");
    while (q.Step()) {
      Article a = ReadArticle(q, 1);
      index_of[q.Int(0)] = r.articles.size();
      dup.push_back(q.IsNull(10) ? 0 : q.Int(10));
      sim.push_back(q.IsNull(11) ? 0.0 : q.Double(11));
      r.articles.push_back(std::move(a));
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
    Stmt s = db_.Prepare(
        "SELECT report FROM stories WHERE merged_into IS NULL AND report IS NOT NULL "
        "ORDER BY articles DESC, (SELECT min(n) FROM articles WHERE story = stories.n), n");
    while (s.Step()) {
      Result<Story> story = DecodeStory(s.Blob(0));
      if (!story.ok()) return story.status();
      r.stories.push_back(std::move(*story));
    }
    return r;
  } catch (const SqlError& e) {
    return StatusFromSql(e, path_);
  }
}

}  // namespace parallax::store_internal
