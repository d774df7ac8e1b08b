// PgStore's read-only browse queries for the web server (store/browse.h),
// the same answers as the SQLite store's (sqlite_browse.cc): story cards
// with filters, sort and keyset cursors; one article with its story;
// entities and outlets with their stories. Names compare case-insensitively
// (lower()), orderings of text byte-wise (COLLATE "C"), as in SQLite.

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <unordered_map>

#include "store/browse_common.h"
#include "store/codec.h"
#include "store/fts_query.h"
#include "store/pg_store.h"
#include "store/store_common.h"

namespace parallax::store_internal {

namespace {

// The cards of rows (n, title, articles, outlets, first, last, updated_at, report);
// the decoded stories go to *stories when given.
std::vector<StoryCard> CardsOf(PgDb& db, const PgResult& rows, std::vector<Story>* stories) {
  std::vector<StoryCard> out;
  std::vector<std::int64_t> ns;
  for (int i = 0; i < rows.rows(); ++i) ns.push_back(rows.Int(i, 0));
  std::unordered_map<std::int64_t, std::vector<OutletCount>> counts;
  if (!ns.empty()) {
    PgResult o = db.Exec(
        "SELECT story, COALESCE(source, ''), count(*) FROM articles WHERE story = ANY($1::bigint[]) "
        "GROUP BY 1, 2 ORDER BY 1, 3 DESC, COALESCE(source, '') COLLATE \"C\"",
        {PgIntArray(ns)});
    for (int i = 0; i < o.rows(); ++i) {
      counts[o.Int(i, 0)].push_back({o.Text(i, 1), static_cast<std::size_t>(o.Int(i, 2))});
    }
  }
  for (int i = 0; i < rows.rows(); ++i) {
    StoryCard c;
    const std::int64_t n = rows.Int(i, 0);
    c.id = std::to_string(n);
    c.title = rows.Text(i, 1);
    c.articles = static_cast<std::size_t>(rows.Int(i, 2));
    c.outlets = static_cast<std::size_t>(rows.Int(i, 3));
    c.first_published = rows.OptText(i, 4);
    c.last_published = rows.OptText(i, 5);
    c.updated_at = rows.Text(i, 6);
    Result<Story> story = DecodeStory(rows.Bytes(i, 7));
    if (story.ok()) {
      if (!story->summary.empty()) c.summary = story->summary.front().text;
      c.facts = story->facts.size();
      c.single_source = story->single_source.size();
      c.conflicts = story->conflicts.size();
      c.quotes = story->quotes.size();
    }
    c.outlet_counts = std::move(counts[n]);
    if (stories) stories->push_back(story.ok() ? std::move(*story) : Story{});
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

void PgStore::SetDeadline(std::optional<std::chrono::steady_clock::time_point> deadline) {
  // Each statement after this gets the time left (a statement past it is
  // cancelled by the server: SQLSTATE 57014).
  try {
    std::string ms = "0";
    if (deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
      ms = std::to_string(std::max<std::int64_t>(1, left.count()));
    }
    db_.Exec("SELECT set_config('statement_timeout', $1, false)", {ms});
  } catch (const PgError&) {
    // A lost connection shows in the next query.
  }
}

Result<StoryCardPage> PgStore::ListStoryCards(const StoryCardQuery& q) {
  if (q.limit == 0 || q.limit > kMaxCardLimit) return InvalidArgument("limit must be 1 to 100");
  std::optional<std::string> match;
  if (q.query) {
    Result<std::string> m = ToTsQuery(*q.query);
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
                    "AND ($1::text IS NULL OR s.last_published >= $1::text) "
                    "AND ($2::text IS NULL OR s.first_published <= $2::text) "
                    "AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM articles a WHERE a.source = $3::text AND a.story = s.n)) "
                    "AND ($4::text IS NULL OR s.n IN (SELECT story FROM story_entities WHERE lower(name) = lower($4::text))) "
                    "AND ($5::text IS NULL OR s.tsv @@ to_tsquery('english', $5::text)) ";
  std::vector<PgParam> params = {q.since, UntilBound(q.until), q.outlet, q.entity, match};
  if (newest) {
    sql += "AND ($6::text IS NULL OR COALESCE(s.last_published, '') < $6::text OR "
           "(COALESCE(s.last_published, '') = $6::text AND s.n < $7::bigint)) "
           "ORDER BY COALESCE(s.last_published, '') DESC, s.n DESC LIMIT $8::bigint";
    params.push_back(key);
    params.push_back(after ? PgParam(*after) : PgParam(std::nullopt));
  } else {
    sql += "AND ($6::bigint IS NULL OR s.outlets < $6::bigint OR (s.outlets = $6::bigint AND "
           "(s.articles < $7::bigint OR (s.articles = $7::bigint AND s.n < $8::bigint)))) "
           "ORDER BY s.outlets DESC, s.articles DESC, s.n DESC LIMIT $9::bigint";
    params.push_back(outlets ? PgParam(*outlets) : PgParam(std::nullopt));
    params.push_back(articles ? PgParam(*articles) : PgParam(std::nullopt));
    params.push_back(after ? PgParam(*after) : PgParam(std::nullopt));
  }
  params.push_back(PgParam(q.limit + 1));  // one more says whether a next page exists
  try {
    PgResult rows = db_.Exec(sql, params);
    StoryCardPage page;
    page.cards = CardsOf(db_, rows, nullptr);
    if (page.cards.size() > q.limit) {
      page.cards.resize(q.limit);
      const StoryCard& last = page.cards.back();
      page.next_cursor = NextCardCursor(last, newest);
    }
    return page;
  } catch (const PgError& e) {
    if (match && (e.sqlstate.rfind("42", 0) == 0 || e.sqlstate.rfind("22", 0) == 0)) {
      return InvalidArgument("the search query could not be run: " + std::string(e.what()));
    }
    return StatusFromPg(e, uri_);
  }
}

Result<ArticleView> PgStore::GetArticle(const std::string& id) {
  try {
    std::vector<std::int64_t> dup, rowids;
    std::vector<double> sim;
    std::vector<Article> found = LoadArticles({id}, &dup, &sim, &rowids);
    if (found.empty()) return Status{StatusCode::kNotFound, "no article '" + id + "'"};
    ArticleView v;
    v.article = std::move(found[0]);
    if (dup[0] != 0) {
      PgResult d = db_.Exec("SELECT id FROM articles WHERE n = $1", {dup[0]});
      if (d.rows()) {
        v.duplicate_of = d.Text(0, 0);
        v.duplicate_similarity = sim[0];
      }
    }
    PgResult s = db_.Exec("SELECT story FROM articles WHERE n = $1", {rowids[0]});
    if (s.rows() && !s.IsNull(0, 0)) {
      std::int64_t n = s.Int(0, 0);
      for (int hops = 0; hops < 1000; ++hops) {
        PgResult t = db_.Exec("SELECT merged_into, title, report IS NOT NULL FROM stories WHERE n = $1", {n});
        if (!t.rows()) break;
        if (!t.IsNull(0, 0)) {
          n = t.Int(0, 0);
          continue;
        }
        if (t.Bool(0, 2)) {
          v.story = std::to_string(n);
          v.story_title = t.Text(0, 1);
        }
        break;
      }
    }
    return v;
  } catch (const PgError& e) {
    return StatusFromPg(e, uri_);
  }
}

Result<std::vector<EntityListing>> PgStore::ListEntities(const std::string& prefix, std::size_t limit) {
  if (limit == 0 || limit > kMaxCardLimit) return InvalidArgument("limit must be 1 to 100");
  try {
    PgResult q = db_.Exec(
        "SELECT min(e.name COLLATE \"C\"), count(*) FROM story_entities e JOIN stories s ON s.n = e.story "
        "WHERE s.merged_into IS NULL AND ($1 = '' OR left(lower(e.name), length($1)) = lower($1)) "
        "GROUP BY lower(e.name) ORDER BY 2 DESC, 1 LIMIT $2::bigint",
        {prefix, limit});
    std::vector<EntityListing> out;
    for (int i = 0; i < q.rows(); ++i) out.push_back({q.Text(i, 0), static_cast<std::size_t>(q.Int(i, 1))});
    return out;
  } catch (const PgError& e) {
    return StatusFromPg(e, uri_);
  }
}

Result<EntityView> PgStore::GetEntity(const std::string& name) {
  try {
    EntityView v;
    PgResult rows = db_.Exec(std::string(kCardColumns) +
                                 "WHERE s.merged_into IS NULL AND s.report IS NOT NULL "
                                 "AND s.n IN (SELECT story FROM story_entities WHERE lower(name) = lower($1)) "
                                 "ORDER BY COALESCE(s.last_published, '') DESC, s.n DESC LIMIT $2::bigint",
                             {name, kStoriesShown});
    std::vector<Story> stories;
    v.stories = CardsOf(db_, rows, &stories);
    if (v.stories.empty()) return Status{StatusCode::kNotFound, "no entity '" + name + "'"};
    v.name = name;
    AddEntityFacts(
        stories, v.stories, name,
        [&](const std::string& id) {
          PgResult source = db_.Exec("SELECT COALESCE(source, id) FROM articles WHERE id = $1", {id});
          return source.rows() ? source.Text(0, 0) : id;
        },
        &v);
    return v;
  } catch (const PgError& e) {
    return StatusFromPg(e, uri_);
  }
}

Result<std::vector<OutletListing>> PgStore::ListOutlets() {
  try {
    PgResult q = db_.Exec(
        "SELECT source, count(*), count(DISTINCT story) FROM articles WHERE source IS NOT NULL AND source <> '' "
        "GROUP BY source ORDER BY 2 DESC, source COLLATE \"C\"");
    std::vector<OutletListing> out;
    for (int i = 0; i < q.rows(); ++i) {
      out.push_back({q.Text(i, 0), static_cast<std::size_t>(q.Int(i, 1)), static_cast<std::size_t>(q.Int(i, 2))});
    }
    return out;
  } catch (const PgError& e) {
    return StatusFromPg(e, uri_);
  }
}

Result<OutletView> PgStore::GetOutlet(const std::string& name) {
  try {
    OutletView v;
    PgResult counts = db_.Exec("SELECT count(*), count(DISTINCT story) FROM articles WHERE source = $1", {name});
    v.articles = static_cast<std::size_t>(counts.Int(0, 0));
    v.story_count = static_cast<std::size_t>(counts.Int(0, 1));
    if (v.articles == 0) return Status{StatusCode::kNotFound, "no outlet '" + name + "'"};
    v.name = name;
    PgResult rows = db_.Exec(std::string(kCardColumns) +
                                 "WHERE s.merged_into IS NULL AND s.report IS NOT NULL "
                                 "AND s.n IN (SELECT story FROM articles WHERE source = $1) "
                                 "ORDER BY COALESCE(s.last_published, '') DESC, s.n DESC LIMIT $2::bigint",
                             {name, kStoriesShown});
    std::vector<Story> stories;
    v.stories = CardsOf(db_, rows, &stories);
    v.terms = OutletTerms(stories, name);
    return v;
  } catch (const PgError& e) {
    return StatusFromPg(e, uri_);
  }
}

}  // namespace parallax::store_internal
