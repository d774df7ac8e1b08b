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

Result<std::vector<SearchHit>> SqliteStore::Search(const SearchQuery& sq) {
  Result<std::string> match = ToFtsQuery(sq.query);
  if (!match.ok()) return match.status();
  const std::int64_t limit = sq.limit == 0 ? -1 : static_cast<std::int64_t>(sq.limit);
  try {
    std::vector<SearchHit> out;
    if (!sq.stories) {
      // Ranked first, then snippets for the hits kept only: SQLite would
      // compute every result column of every match before sorting, and a
      // snippet costs as much as the ranking (a frequent word on 100,000
      // articles: 133 ms -> 73 ms). Without filters the ranking reads the
      // index alone. Ties: lower row first. CROSS JOIN keeps the kept hits
      // the outer loop: SQLite otherwise ran the MATCH a second time over
      // every hit and read each one's article row (100,000 articles, 20
      // mixed queries: 230 -> 120 ms of CPU).
      const bool filtered = sq.outlet || sq.since || sq.until || sq.entity;
      const std::string ranked =
          filtered ? "SELECT articles_fts.rowid AS r, bm25(articles_fts, 2.0, 1.0) AS score "
                     "FROM articles_fts JOIN articles a ON a.n = articles_fts.rowid "
                     "WHERE articles_fts MATCH ?1 "
                     "AND (?2 IS NULL OR a.source = ?2) AND (?3 IS NULL OR a.published >= ?3) "
                     "AND (?4 IS NULL OR a.published <= ?4) "
                     "AND (?5 IS NULL OR a.story IN (SELECT story FROM story_entities WHERE name = ?5)) "
                     "ORDER BY score, r LIMIT ?6"
                   : "SELECT rowid AS r, bm25(articles_fts, 2.0, 1.0) AS score FROM articles_fts "
                     "WHERE articles_fts MATCH ?1 AND ?2 IS NULL AND ?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL "
                     "ORDER BY score, r LIMIT ?6";
      Stmt q = db_.Prepare(
          "SELECT a.id, a.title, snippet(articles_fts, -1, '\u00ab', '\u00bb', '\u2026', 16), t.score, a.story, "
          "a.source, a.published FROM (" + ranked + ") t "
          "CROSS JOIN articles_fts ON articles_fts.rowid = t.r CROSS JOIN articles a ON a.n = t.r "
          "WHERE articles_fts MATCH ?1 ORDER BY t.score, t.r");
      q.Bind(1, *match).Bind(2, sq.outlet).Bind(3, sq.since).Bind(4, UntilBound(sq.until)).Bind(5, sq.entity);
      q.Bind(6, limit);
      while (q.Step()) {
        SearchHit h{q.Text(0), q.Text(1), OneLine(q.Text(2)), q.Double(3), std::nullopt, q.OptText(5), q.OptText(6)};
        if (!q.IsNull(4)) h.story = std::to_string(q.Int(4));
        out.push_back(std::move(h));
      }
    } else {
      // As for articles: ranked first, snippets of the kept hits only (a
      // story's body is long: snippets were 4/5 of the query). A merged
      // story has left stories_fts, so without filters the ranking reads
      // the index alone.
      const bool filtered = sq.outlet || sq.since || sq.until || sq.entity;
      const std::string ranked =
          filtered ? "SELECT stories_fts.rowid AS r, bm25(stories_fts, 2.0, 1.0) AS score "
                     "FROM stories_fts JOIN stories s ON s.n = stories_fts.rowid "
                     "WHERE stories_fts MATCH ?1 AND s.merged_into IS NULL "
                     "AND (?2 IS NULL OR EXISTS (SELECT 1 FROM articles a WHERE a.source = ?2 AND a.story = s.n)) "
                     "AND (?3 IS NULL OR s.last_published >= ?3) AND (?4 IS NULL OR s.first_published <= ?4) "
                     "AND (?5 IS NULL OR s.n IN (SELECT story FROM story_entities WHERE name = ?5)) "
                     "ORDER BY score, r LIMIT ?6"
                   : "SELECT rowid AS r, bm25(stories_fts, 2.0, 1.0) AS score FROM stories_fts "
                     "WHERE stories_fts MATCH ?1 AND ?2 IS NULL AND ?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL "
                     "ORDER BY score, r LIMIT ?6";
      Stmt q = db_.Prepare(
          "SELECT s.n, s.title, snippet(stories_fts, -1, '\u00ab', '\u00bb', '\u2026', 16), t.score, "
          "s.last_published FROM (" + ranked + ") t "
          "CROSS JOIN stories_fts ON stories_fts.rowid = t.r CROSS JOIN stories s ON s.n = t.r "
          "WHERE stories_fts MATCH ?1 AND s.merged_into IS NULL ORDER BY t.score, t.r");
      q.Bind(1, *match).Bind(2, sq.outlet).Bind(3, sq.since).Bind(4, UntilBound(sq.until)).Bind(5, sq.entity);
      q.Bind(6, limit);
      while (q.Step()) {
        std::string id = std::to_string(q.Int(0));
        out.push_back({id, q.Text(1), OneLine(q.Text(2)), q.Double(3), id, std::nullopt, q.OptText(4)});
      }
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
