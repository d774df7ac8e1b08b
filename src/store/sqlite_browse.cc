// The store's read-only browse queries for the web server (store/browse.h):
// story cards with filters, sort and keyset cursors; one article with its
// story; entities and outlets with their stories.

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>

#include "store/codec.h"
#include "store/fts_query.h"
#include "store/sqlite_store.h"

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

constexpr std::size_t kMaxLimit = 100;
constexpr std::int64_t kStoriesShown = 50;  // on an entity's or outlet's page
constexpr std::size_t kTermsShown = 30;

const char* kCardColumns =
    "SELECT s.n, s.title, s.articles, s.outlets, s.first_published, s.last_published, s.updated_at, s.report "
    "FROM stories s ";

std::string Hex(std::string_view s) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::optional<std::string> Unhex(std::string_view s) {
  if (s.size() % 2 != 0) return std::nullopt;
  std::string out;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < s.size(); i += 2) {
    const int hi = digit(s[i]), lo = digit(s[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::optional<std::int64_t> Int(std::string_view s) {
  std::int64_t v = 0;
  if (s.empty() || s.size() > 18) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<std::string> UntilBound(const std::optional<std::string>& until) {
  if (!until) return std::nullopt;
  return *until + "\x7f";
}

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
  if (q.limit == 0 || q.limit > kMaxLimit) return InvalidArgument("limit must be 1 to 100");
  std::optional<std::string> match;
  if (q.query) {
    Result<std::string> m = ToFtsQuery(*q.query);
    if (!m.ok()) return m.status();
    match = *m;
  }
  // Keyset cursors: "n.<hex of last_published>.<id>" (newest) or
  // "c.<outlets>.<articles>.<id>" (coverage); the page after that story.
  const bool newest = q.sort == StorySort::kNewest;
  std::optional<std::string> key;
  std::optional<std::int64_t> outlets, articles, after;
  if (!q.cursor.empty()) {
    const auto parts = Split(q.cursor, '.');
    bool ok = false;
    if (newest && parts.size() == 3 && parts[0] == "n") {
      key = Unhex(parts[1]);
      after = Int(parts[2]);
      ok = key && after;
    } else if (!newest && parts.size() == 4 && parts[0] == "c") {
      outlets = Int(parts[1]);
      articles = Int(parts[2]);
      after = Int(parts[3]);
      ok = outlets && articles && after;
    }
    if (!ok) return InvalidArgument("malformed cursor (pass next_cursor from the previous page, with the same sort)");
  }
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
      page.next_cursor = newest ? "n." + Hex(last.last_published.value_or("")) + "." + last.id
                                : "c." + std::to_string(last.outlets) + "." + std::to_string(last.articles) + "." + last.id;
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
  if (limit == 0 || limit > kMaxLimit) return InvalidArgument("limit must be 1 to 100");
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
    for (std::size_t i = 0; i < stories.size(); ++i) {
      for (const Entity& e : stories[i].entities) {
        if (!SameName(e.name, name)) continue;
        if (!v.type) v.type = EntityTypeName(e.type);
        v.name = e.name;
      }
      for (const Quote& q : stories[i].quotes) {
        if (!SameName(q.speaker, name)) continue;
        SpeakerQuote sq{v.stories[i].id, v.stories[i].title, q, {}};
        for (const std::string& id : q.sources) {
          source.Reset();
          source.Bind(1, id);
          std::string outlet = source.Step() ? source.Text(0) : id;
          if (std::find(sq.outlets.begin(), sq.outlets.end(), outlet) == sq.outlets.end()) sq.outlets.push_back(outlet);
        }
        v.quotes.push_back(std::move(sq));
      }
    }
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
    std::map<std::string, OutletTerm> terms;
    for (const Story& s : stories) {
      for (const OutletFraming& f : s.framing) {
        if (f.outlet != name) continue;
        for (const FramingTerm& t : f.terms) {
          if (!t.significant) continue;
          OutletTerm& o = terms[t.term];
          o.term = t.term;
          ++o.stories;
          o.count += t.count;
          o.max_z = std::max(o.max_z, t.z);
        }
      }
    }
    for (auto& [term, t] : terms) v.terms.push_back(std::move(t));
    std::sort(v.terms.begin(), v.terms.end(), [](const OutletTerm& a, const OutletTerm& b) {
      if (a.stories != b.stories) return a.stories > b.stories;
      if (a.count != b.count) return a.count > b.count;
      return a.term < b.term;
    });
    if (v.terms.size() > kTermsShown) v.terms.resize(kTermsShown);
    return v;
  } catch (const SqlError& e) {
    return StatusFromSql(e, path_);
  }
}

}  // namespace parallax::store_internal
