// The store's read-only browse queries for the web server (store/browse.h):
// story cards with filters, sort and keyset cursors; one article with its
// story; entities and outlets with their stories.

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>

#include "store/browse_common.h"
#include "store/codec.h"
#include "store/fts_query.h"
#include "store/sqlite_store.h"
#include "store/store_common.h"

namespace parallax {

namespace {
Status NoBrowse() { return {StatusCode::kInternal, "this store backend has no browse queries"}; }
}  // namespace

Result<StoryCardPage> Store::ListStoryCards(const StoryCardQuery&) { return NoBrowse(); }
Result<ArticleView> Store::GetArticle(const std::string&) { return NoBrowse(); }
Result<std::vector<EntityListing>> Store::ListEntities(const std::string&, std::size_t) { return NoBrowse(); }
Result<EntityView> Store::GetEntity(const std::string&) { return NoBrowse(); }
Result<std::vector<OutletListing>> Store::ListOutlets() { return NoBrowse(); }
Result<OutletView> Store::GetOutlet(const std::string&) { return NoBrowse(); }

}  // namespace parallax

namespace parallax::store_internal {

namespace {

// The live story a stored story number now is (following merges).
std::optional<std::int64_t> LiveStory(SqliteDb& db, std::int64_t n) {
  Stmt q = db.Prepare("SELECT merged_into FROM stories WHERE n = ?1");
  for (int hops = 0; hops < 1000; ++hops) {
    q.Reset();
    q.Bind(1, n);
    if (!q.Step()) return std::nullopt;
    if (q.IsNull(0)) return n;
    n = q.Int(0);
  }
  return std::nullopt;
}

int ProgressCheck(void* self) {
  const auto* deadline = static_cast<const std::optional<std::chrono::steady_clock::time_point>*>(self);
  return *deadline && std::chrono::steady_clock::now() > **deadline ? 1 : 0;
}

}  // namespace

void SqliteStore::SetDeadline(std::optional<std::chrono::steady_clock::time_point> deadline) {
  deadline_ = deadline;
  // Checked every 500 virtual machine steps (one clock read per 500 steps,
  // about 1%; FTS5's own work inside a step counts none); a query past the
  // deadline fails with SQLITE_INTERRUPT.
  if (deadline_) sqlite3_progress_handler(db_.handle(), 500, &ProgressCheck, &deadline_);
  else sqlite3_progress_handler(db_.handle(), 0, nullptr, nullptr);
}

std::optional<std::int64_t> SqliteStore::Revision() {
  // Every write is one batch, and its row in `batches` commits with it.
  try {
    Stmt q = db_.Prepare("SELECT coalesce(max(id), 0) FROM batches");
    if (q.Step()) return q.Int(0);
  } catch (const SqlError&) {
  }
  return std::nullopt;
}

std::vector<StoryCard> SqliteStore::CardsOf(Stmt& rows, std::vector<Story>* stories) {
  std::vector<StoryCard> out;
  Stmt outlets = db_.Prepare(
      "SELECT COALESCE(source, ''), count(*) FROM articles WHERE story = ?1 GROUP BY 1 ORDER BY 2 DESC, 1");
  while (rows.Step()) {
    StoryCard c;
    const std::int64_t n = rows.Int(0);
    c.id = std::to_string(n);
    c.title = rows.Text(1);
    c.articles = static_cast<std::size_t>(rows.Int(2));
    c.outlets = static_cast<std::size_t>(rows.Int(3));
    c.first_published = rows.OptText(4);
    c.last_published = rows.OptText(5);
    c.updated_at = rows.Text(6);
    Result<Story> story = DecodeStory(rows.Blob(7));
    if (story.ok()) {
      if (!story->summary.empty()) c.summary = story->summary.front().text;
      c.facts = story->facts.size();
      c.single_source = story->single_source.size();
      c.conflicts = story->conflicts.size();
      c.quotes = story->quotes.size();
    }
    outlets.Reset();
    outlets.Bind(1, n);
    while (outlets.Step()) c.outlet_counts.push_back({outlets.Text(0), static_cast<std::size_t>(outlets.Int(1))});
    if (stories) stories->push_back(story.ok() ? std::move(*story) : Story{});
    out.push_back(std::move(c));
  }
  return out;
}

Result<StoryCardPage> SqliteStore::ListStoryCards(const StoryCardQuery& q) {
  if (q.limit == 0 || q.limit > kMaxCardLimit) return InvalidArgument("limit must be 1 to 100");
  std::optional<std::string> match;
  if (q.query) {
    Result<std::string> m = ToFtsQuery(*q.query);
    if (!m.ok()) return m.status();
    match = *m;
  }
  // Keyset cursors: "n.<hex of last_published>.<id>" (newest) or
  // "c.<outlets>.<articles>.<id>" (coverage); the page after that story.
  const bool newest = q.sort == StorySort::kNewest;
  Result<CardCursor> cursor = ParseCardCursor(q.cursor, newest);
  if (!cursor.ok()) return cursor.status();
  const std::optional<std::string>& key = cursor->key;
  const std::optional<std::int64_t>&outlets = cursor->outlets, &articles = cursor->articles, &after = cursor->after;
  std::string sql = std::string(kCardColumns) +
                    "WHERE s.merged_into IS NULL AND s.report IS NOT NULL "
                    "AND (?1 IS NULL OR s.last_published >= ?1) AND (?2 IS NULL OR s.first_published <= ?2) "
                    "AND (?3 IS NULL OR EXISTS (SELECT 1 FROM articles a WHERE a.source = ?3 AND a.story = s.n)) "
                    "AND (?4 IS NULL OR s.n IN (SELECT story FROM story_entities WHERE name = ?4)) "
                    "AND (?5 IS NULL OR s.n IN (SELECT rowid FROM stories_fts WHERE stories_fts MATCH ?5)) ";
  if (newest) {
    sql += "AND (?6 IS NULL OR COALESCE(s.last_published, '') < ?6 OR (COALESCE(s.last_published, '') = ?6 AND s.n < ?7)) "
           "ORDER BY COALESCE(s.last_published, '') DESC, s.n DESC LIMIT ?9";
  } else {
    sql += "AND (?6 IS NULL OR s.outlets < ?6 OR (s.outlets = ?6 AND (s.articles < ?8 OR (s.articles = ?8 AND s.n < ?7)))) "
           "ORDER BY s.outlets DESC, s.articles DESC, s.n DESC LIMIT ?9";
  }
  try {
    Stmt rows = db_.Prepare(sql);
    rows.Bind(1, q.since).Bind(2, UntilBound(q.until)).Bind(3, q.outlet).Bind(4, q.entity).Bind(5, match);
    if (newest) {
      rows.Bind(6, key);
    } else if (outlets) {
      rows.Bind(6, *outlets).Bind(8, *articles);
    } else {
      rows.BindNull(6);
    }
    if (after) rows.Bind(7, *after);
    rows.Bind(9, static_cast<std::int64_t>(q.limit + 1));  // one more says whether a next page exists
    StoryCardPage page;
    page.cards = CardsOf(rows);
    if (page.cards.size() > q.limit) {
      page.cards.resize(q.limit);
      const StoryCard& last = page.cards.back();
      page.next_cursor = NextCardCursor(last, newest);
    }
    return page;
  } catch (const SqlError& e) {
    if (e.code == SQLITE_ERROR && match) return InvalidArgument("the search query could not be run: " + std::string(e.what()));
    return StatusFromSql(e, path_);
  }
}

Result<ArticleView> SqliteStore::GetArticle(const std::string& id) {
  try {
    std::vector<std::int64_t> dup, rowids;
    std::vector<double> sim;
    std::vector<Article> found = LoadArticles({id}, &dup, &sim, &rowids);
    if (found.empty()) return Status{StatusCode::kNotFound, "no article '" + id + "'"};
    ArticleView v;
    v.article = std::move(found[0]);
    if (dup[0] != 0) {
      Stmt d = db_.Prepare("SELECT id FROM articles WHERE n = ?1");
      d.Bind(1, dup[0]);
      if (d.Step()) {
        v.duplicate_of = d.Text(0);
        v.duplicate_similarity = sim[0];
      }
    }
    Stmt s = db_.Prepare("SELECT story FROM articles WHERE n = ?1");
    s.Bind(1, rowids[0]);
    if (s.Step() && !s.IsNull(0)) {
      if (std::optional<std::int64_t> live = LiveStory(db_, s.Int(0))) {
        Stmt t = db_.Prepare("SELECT title FROM stories WHERE n = ?1 AND report IS NOT NULL");
        t.Bind(1, *live);
        if (t.Step()) {
          v.story = std::to_string(*live);
          v.story_title = t.Text(0);
        }
      }
    }
    return v;
  } catch (const SqlError& e) {
    return StatusFromSql(e, path_);
  }
}

Result<std::vector<EntityListing>> SqliteStore::ListEntities(const std::string& prefix, std::size_t limit) {
  if (limit == 0 || limit > kMaxCardLimit) return InvalidArgument("limit must be 1 to 100");
  try {
    Stmt q = db_.Prepare(
        "SELECT min(e.name), count(*) FROM story_entities e JOIN stories s ON s.n = e.story "
        "WHERE s.merged_into IS NULL AND (?1 = '' OR (e.name >= ?1 AND e.name < ?2)) "
        "GROUP BY e.name ORDER BY 2 DESC, 1 LIMIT ?3");
    q.Bind(1, prefix).Bind(2, prefix + "\xF4\x8F\xBF\xBF").Bind(3, static_cast<std::int64_t>(limit));
    std::vector<EntityListing> out;
    while (q.Step()) out.push_back({q.Text(0), static_cast<std::size_t>(q.Int(1))});
    return out;
  } catch (const SqlError& e) {
    return StatusFromSql(e, path_);
  }
}

Result<EntityView> SqliteStore::GetEntity(const std::string& name) {
  try {
    EntityView v;
    Stmt rows = db_.Prepare(std::string(kCardColumns) +
                            "WHERE s.merged_into IS NULL AND s.report IS NOT NULL "
                            "AND s.n IN (SELECT story FROM story_entities WHERE name = ?1) "
                            "ORDER BY COALESCE(s.last_published, '') DESC, s.n DESC LIMIT ?2");
    rows.Bind(1, name).Bind(2, kStoriesShown);
    std::vector<Story> stories;
    v.stories = CardsOf(rows, &stories);
    if (v.stories.empty()) return Status{StatusCode::kNotFound, "no entity '" + name + "'"};
    v.name = name;
    Stmt source = db_.Prepare("SELECT COALESCE(source, id) FROM articles WHERE id = ?1");
    AddEntityFacts(
        stories, v.stories, name,
        [&](const std::string& id) {
          source.Reset();
          source.Bind(1, id);
          return source.Step() ? source.Text(0) : id;
        },
        &v);
    return v;
  } catch (const SqlError& e) {
    return StatusFromSql(e, path_);
  }
}

Result<std::vector<OutletListing>> SqliteStore::ListOutlets() {
  try {
    Stmt q = db_.Prepare(
        "SELECT source, count(*), count(DISTINCT story) FROM articles WHERE source IS NOT NULL AND source <> '' "
        "GROUP BY source ORDER BY 2 DESC, 1");
    std::vector<OutletListing> out;
    while (q.Step()) out.push_back({q.Text(0), static_cast<std::size_t>(q.Int(1)), static_cast<std::size_t>(q.Int(2))});
    return out;
  } catch (const SqlError& e) {
    return StatusFromSql(e, path_);
  }
}

Result<OutletView> SqliteStore::GetOutlet(const std::string& name) {
  try {
    OutletView v;
    Stmt counts = db_.Prepare("SELECT count(*), count(DISTINCT story) FROM articles WHERE source = ?1");
    counts.Bind(1, name);
    counts.Step();
    v.articles = static_cast<std::size_t>(counts.Int(0));
    v.story_count = static_cast<std::size_t>(counts.Int(1));
    if (v.articles == 0) return Status{StatusCode::kNotFound, "no outlet '" + name + "'"};
    v.name = name;
    Stmt rows = db_.Prepare(std::string(kCardColumns) +
                            "WHERE s.merged_into IS NULL AND s.report IS NOT NULL "
                            "AND s.n IN (SELECT story FROM articles WHERE source = ?1) "
                            "ORDER BY COALESCE(s.last_published, '') DESC, s.n DESC LIMIT ?2");
    rows.Bind(1, name).Bind(2, kStoriesShown);
    std::vector<Story> stories;
    v.stories = CardsOf(rows, &stories);
    v.terms = OutletTerms(stories, name);
    return v;
  } catch (const SqlError& e) {
    return StatusFromSql(e, path_);
  }
}

}  // namespace parallax::store_internal
