// Tests of the story store (src/store) through its interface: the FTS query
// translation, the story codec, ingest/list/story/search/export on
// examples/articles and on inputs written here, ids across growth and
// merges, refusal of foreign, corrupt and newer files, and the differential
// against analyze and analyze --incremental. Crashes, a full disk and the
// CLI: store_crash_test.cc.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "ingest/reader.h"
#include "store/store.h"
#include "store_test_util.h"
#include "pg_test_util.h"
#include "eval/events.h"
#include "shared_data.h"
#include "analyze/analyze.h"
#include "store/article_cache.h"
#include "store/assign.h"
#include "store/codec.h"
#include "store/fts_query.h"
#include "store/sqlite_db.h"
#include "store/sqlite_store.h"

namespace parallax {
namespace {

namespace fs = std::filesystem;
using namespace store_testing;
using store_internal::ToFtsQuery;

// --- FTS query translation -------------------------------------------------

TEST(FtsQuery, WordsPhrasesPrefixesAndOperatorsBecomeQuotedStrings) {
  EXPECT_EQ(*ToFtsQuery("dock strike"), "\"dock\" \"strike\"");
  EXPECT_EQ(*ToFtsQuery("\"dock strike\" brez*"), "\"dock strike\" \"brez\"*");
  EXPECT_EQ(*ToFtsQuery("strike OR walkout NOT football"), "\"strike\" OR \"walkout\" NOT \"football\"");
  EXPECT_EQ(*ToFtsQuery("(port OR dock) crane"), "(\"port\" OR \"dock\") \"crane\"");
  // FTS5 syntax inside user words is only ever text.
  EXPECT_EQ(*ToFtsQuery("title:strike"), "\"title:strike\"");
  EXPECT_EQ(*ToFtsQuery("NEAR(a b)"), "\"NEAR\" (\"a\" \"b\")");
  EXPECT_EQ(*ToFtsQuery("^dock"), "\"^dock\"");
  EXPECT_EQ(*ToFtsQuery("O'Neill"), "\"O'Neill\"");
}

TEST(FtsQuery, MalformedQueriesAreClearErrors) {
  EXPECT_EQ(*ToFtsQuery("dock - strike ;"), "\"dock\" \"strike\"");
  for (const char* q : {"", "   ", "\"unclosed phrase", "NOT strike", "strike OR", "AND strike", "(strike",
                        "strike)", "()", "*", "st*rike", "\"dock strike\"*", "---", "\"  \""}) {
    auto r = ToFtsQuery(q);
    ASSERT_FALSE(r.ok()) << "accepted: " << q;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_FALSE(r.status().message().empty());
  }
}

// --- Codec -------------------------------------------------------------------

TEST(StoreCodec, StoryRoundTripRendersTheSameJson) {
  EngineOptions opt;
  opt.threads = 2;
  Report r = AnalyzePaths({ExamplesDir()}, opt);
  ASSERT_FALSE(r.stories.empty());
  Report back = r;
  for (Story& s : back.stories) {
    auto decoded = store_internal::DecodeStory(store_internal::EncodeStory(s));
    ASSERT_TRUE(decoded.ok()) << decoded.status().message();
    s = *decoded;
  }
  EXPECT_EQ(RenderJson(back), RenderJson(r));
  EXPECT_FALSE(store_internal::DecodeStory("{\"id\": 3").ok());
}

// The story search's body read straight from a stored report (the snippets'
// fast path) equals the body of the whole decoded story, for every story of
// the examples and for text that needs escaping; damaged or incomplete
// bytes give nullopt (the caller then decodes the whole story).
TEST(StoreCodec, SearchBodyFromTheStoredReportEqualsTheDecodedStorys) {
  EngineOptions opt;
  opt.threads = 2;
  Report r = AnalyzePaths({ExamplesDir()}, opt);
  ASSERT_FALSE(r.stories.empty());
  Story odd = r.stories[0];
  Quote q;
  q.speaker = "Ana \"Bo\" Ćirić";
  q.text = "Line one\nline two \\ tab\t\u00ab end \u00bb";
  odd.quotes.push_back(q);
  odd.summary.push_back(SummarySentence{});
  odd.summary.back().text = "{\"t\": \"not a key\"}";
  std::vector<Story> stories = r.stories;
  stories.push_back(odd);
  stories.push_back(Story{});  // empty lists
  std::size_t with_quotes = 0;
  for (const Story& s : stories) {
    const std::string blob = store_internal::EncodeStory(s);
    std::optional<std::string> fast = store_internal::StorySearchBodyOf(blob);
    ASSERT_TRUE(fast.has_value()) << s.id;
    EXPECT_EQ(*fast, store_internal::StorySearchBody(*store_internal::DecodeStory(blob))) << s.id;
    with_quotes += !s.quotes.empty();
  }
  EXPECT_GT(with_quotes, 1u);
  const std::string good = store_internal::EncodeStory(odd);
  EXPECT_FALSE(store_internal::StorySearchBodyOf(good.substr(0, good.size() / 2)).has_value());
  EXPECT_FALSE(store_internal::StorySearchBodyOf("{\"id\": 3").has_value());
  EXPECT_FALSE(store_internal::StorySearchBodyOf("{\"summary\": [], \"quotes\": [{\"t\": \"no speaker\"}], \"entities\": []}").has_value());
  EXPECT_FALSE(store_internal::StorySearchBodyOf("{\"summary\": [\"a\"], \"quotes\": [], \"entities\": []}").has_value());
  EXPECT_FALSE(store_internal::StorySearchBodyOf("{\"summary\": [], \"quotes\": []}").has_value());
  EXPECT_EQ(store_internal::StorySearchBodyOf("{\"summary\": [{\"t\": \"A.\", \"s\": [\"x\"]}], \"quotes\": [], "
                                              "\"entities\": [{\"n\": \"Tobias Renn\"}]}"),
            std::optional<std::string>("A.\nTobias Renn\n"));
}

TEST(StoreCodec, DiffReportsNewOutletsFactsSupportAndQuotes) {
  Story before;
  before.articles = {"a1", "b1"};
  before.facts.push_back(Fact{"Twelve people were hurt.", {"a1", "b1"}, {{"a1", {0, 10}}, {"b1", {5, 15}}}});
  Story now = before;
  now.articles.push_back("c1");
  now.facts[0].sources.push_back("c1");
  now.facts[0].text = "12 people were hurt.";  // reworded: matched by a shared citation
  now.facts.push_back(Fact{"Talks are set for Thursday.", {"a1", "c1"}, {{"a1", {20, 30}}, {"c1", {0, 9}}}});
  Quote q;
  q.speaker = "Anton Brezic";
  q.text = "We will not back down";
  now.quotes.push_back(q);
  auto outlet = [](const std::string& a) { return a.substr(0, 1); };
  auto changes = store_internal::DiffDigests(store_internal::StoryDigest(before, outlet),
                                             store_internal::StoryDigest(now, outlet));
  std::map<std::string, int> kinds;
  for (const StoryChange& c : changes) ++kinds[c.kind];
  EXPECT_EQ(kinds["new_outlet"], 1);
  EXPECT_EQ(kinds["fact_gained_support"], 1);
  EXPECT_EQ(kinds["new_fact"], 1);
  EXPECT_EQ(kinds["new_quote"], 1);
  EXPECT_EQ(changes.size(), 4u);
  // And the other way round: the fact lost an outlet.
  auto back = store_internal::DiffDigests(store_internal::StoryDigest(now, outlet),
                                          store_internal::StoryDigest(before, outlet));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].kind, "fact_lost_support");
  EXPECT_EQ(back[0].outlets_before, 3u);
  EXPECT_EQ(back[0].outlets_now, 2u);
}

// --- The store on examples/articles, on both backends ----------------------

// The behaviour tests below run on each backend: "sqlite" (a file in the
// test's folder) and "postgresql" (a fresh database on the run's throw-away
// server; skipped with a message when there is none).
class StoreOn : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") return;
    uri_ = PG_TEST_DATABASE();
    PG_SKIP_IF_UNAVAILABLE(uri_);
  }
  std::unique_ptr<Store> OpenBackend(const TempDir& dir) {
    return MustOpen(GetParam() == "sqlite" ? dir / "news.db" : uri_);
  }
  // A second, independent store on the same backend.
  std::unique_ptr<Store> OpenOther(const TempDir& dir) {
    if (GetParam() == "sqlite") return MustOpen(dir / "other.db");
    other_uri_ = PG_TEST_DATABASE();
    return MustOpen(other_uri_);
  }
  // Runs `sql` on the first (or the other) store's database behind its
  // back, to damage it or to look inside.
  void ExecRaw(const TempDir& dir, const std::string& sql, bool other = false) {
    if (GetParam() == "sqlite") {
      sqlite3* db = nullptr;
      ASSERT_EQ(sqlite3_open((dir / (other ? "other.db" : "news.db")).c_str(), &db), SQLITE_OK);
      EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
      sqlite3_close(db);
      return;
    }
    store_internal::PgDb db;
    ASSERT_TRUE(db.Connect(other ? other_uri_ : uri_).ok());
    db.Exec(sql);
  }
  // The integer `sql` selects from the first store's database.
  std::int64_t CountRaw(const TempDir& dir, const std::string& sql) {
    if (GetParam() == "sqlite") {
      sqlite3* db = nullptr;
      EXPECT_EQ(sqlite3_open((dir / "news.db").c_str(), &db), SQLITE_OK);
      sqlite3_stmt* st = nullptr;
      EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK);
      EXPECT_EQ(sqlite3_step(st), SQLITE_ROW);
      const std::int64_t v = sqlite3_column_int64(st, 0);
      sqlite3_finalize(st);
      sqlite3_close(db);
      return v;
    }
    store_internal::PgDb db;
    EXPECT_TRUE(db.Connect(uri_).ok());
    return db.Exec(sql).Int(0, 0);
  }
  // A two-byte blob literal (0x01 0x00) in the backend's SQL.
  std::string Blob0100() const { return GetParam() == "sqlite" ? "x'0100'" : "'\\x0100'::bytea"; }
  std::string uri_, other_uri_;
};
INSTANTIATE_TEST_SUITE_P(Backends, StoreOn, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST_P(StoreOn, IngestListStorySearchAndExportOnTheExamples) {
  TempDir dir;
  auto store = OpenBackend(dir);
  if (!store) return;  // skipped, or failed with a message
  ASSERT_TRUE(store);
  StoreIngestSummary sum = MustIngest(*store, {ExamplesDir()});
  EXPECT_EQ(sum.new_articles, 9u);
  EXPECT_EQ(sum.stories_created, 5u);
  EXPECT_TRUE(sum.errors.empty());

  auto list = store->ListStories({});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 5u);
  const StoryListing* strike = nullptr;
  for (const StoryListing& s : *list) {
    if (s.articles == 5) strike = &s;
  }
  ASSERT_NE(strike, nullptr);
  EXPECT_EQ(strike->outlets, 5u);
  EXPECT_EQ(strike->first_published.value_or(""), "2025-03-03");

  auto view = store->GetStory(strike->id, std::nullopt);
  ASSERT_TRUE(view.ok()) << view.status().message();
  EXPECT_EQ(view->report.stories[0].id, strike->id);
  EXPECT_EQ(view->report.articles.size(), 5u);
  EXPECT_FALSE(view->report.stories[0].facts.empty());

  // Export has analyze's stories.
  EngineOptions eo;
  eo.threads = 2;
  Report direct = AnalyzePaths({ExamplesDir()}, eo);
  auto exported = store->Export();
  ASSERT_TRUE(exported.ok());
  EXPECT_EQ(Memberships(exported->stories), Memberships(direct.stories));
  EXPECT_EQ(exported->articles.size(), direct.articles.size());

  // Search: words, a phrase, a prefix, filters, stories.
  auto hits = store->Search(Q("\"robot cranes\""));
  ASSERT_TRUE(hits.ok()) << hits.status().message();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].id, "daily-flare-strike");
  EXPECT_NE((*hits)[0].snippet.find("\u00ab"), std::string::npos);
  EXPECT_EQ((*hits)[0].story.value_or(""), strike->id);
  auto prefix = store->Search(Q("brezi*"));
  ASSERT_TRUE(prefix.ok());
  EXPECT_GE(prefix->size(), 4u);
  for (const SearchHit& h : *prefix) EXPECT_EQ(h.snippet.find('\n'), std::string::npos) << h.snippet;  // one line
  auto filtered = store->Search([&] { SearchQuery q = Q("brezi*"); q.outlet = std::string("The Northern Ledger"); return q; }());
  ASSERT_TRUE(filtered.ok());
  ASSERT_EQ(filtered->size(), 1u);
  EXPECT_EQ((*filtered)[0].source.value_or(""), "The Northern Ledger");
  auto until = store->Search([&] { SearchQuery q = Q("brezi*"); q.until = std::string("2025-03-03"); return q; }());
  ASSERT_TRUE(until.ok());
  for (const SearchHit& h : *until) EXPECT_LE(h.published.value_or("9"), std::string("2025-03-03~"));
  EXPECT_LT(until->size(), prefix->size());
  auto by_entity = store->Search([&] { SearchQuery q = Q("semi"); q.entity = std::string("tobias renn"); return q; }());
  ASSERT_TRUE(by_entity.ok());
  EXPECT_EQ(by_entity->size(), 1u);
  auto stories = store->Search([&] { SearchQuery q = Q("strike"); q.stories = true; return q; }());
  ASSERT_TRUE(stories.ok());
  ASSERT_FALSE(stories->empty());
  EXPECT_EQ((*stories)[0].id, strike->id);
  // A malformed query is an error, not an SQL failure.
  auto bad = store->Search(Q("\"robot"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

TEST_P(StoreOn, ReingestingTheSameFilesChangesNothing) {
  TempDir dir;
  auto store = OpenBackend(dir);
  if (!store) return;  // skipped, or failed with a message
  ASSERT_TRUE(store);
  MustIngest(*store, {ExamplesDir()});
  auto before = store->Export();
  ASSERT_TRUE(before.ok());
  StoreIngestSummary again = MustIngest(*store, {ExamplesDir()});
  EXPECT_EQ(again.batch, 0);
  EXPECT_EQ(again.new_articles, 0u);
  EXPECT_EQ(again.unchanged, 9u);
  EXPECT_EQ(again.stories_updated + again.stories_created, 0u);
  auto after = store->Export();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(RenderJson(*after), RenderJson(*before));
}

TEST_P(StoreOn, StoryIdsStayPutAsAStoryGrowsAndChangesAreReportedSince) {
  TempDir dir;
  fs::create_directories(dir / "day1");
  fs::create_directories(dir / "day2");
  for (const auto& e : fs::directory_iterator(ExamplesDir())) {
    const std::string text = ReadFile(e.path().string());
    const bool later = text.find("2025-03-04") != std::string::npos;  // the strike's second day
    fs::copy_file(e.path(), (later ? dir / "day2" : dir / "day1") + "/" + e.path().filename().string());
  }
  auto store = OpenBackend(dir);
  if (!store) return;  // skipped, or failed with a message
  ASSERT_TRUE(store);
  StoreIngestSummary d1 = MustIngest(*store, {dir / "day1"}, "2025-03-03T20:00:00Z");
  ASSERT_GT(d1.new_articles, 0u);
  auto hits = store->Search(Q("kessar"));
  ASSERT_TRUE(hits.ok());
  ASSERT_FALSE(hits->empty());
  const std::string strike = hits->front().story.value_or("");
  ASSERT_FALSE(strike.empty());
  auto first = store->GetStory(strike, std::nullopt);
  ASSERT_TRUE(first.ok());
  const std::size_t articles_day1 = first->report.articles.size();

  StoreIngestSummary d2 = MustIngest(*store, {dir / "day2"}, "2025-03-04T20:00:00Z");
  ASSERT_GT(d2.new_articles, 0u);
  EXPECT_GE(d2.stories_updated, 1u);
  auto grown = store->GetStory(strike, "2025-03-04T00:00:00Z");
  ASSERT_TRUE(grown.ok());
  EXPECT_FALSE(grown->merged_into.has_value());
  EXPECT_EQ(grown->report.stories[0].id, strike);
  EXPECT_GT(grown->report.articles.size(), articles_day1);
  // Day two brought outlets; what was there on day one is not "new".
  bool new_outlet = false;
  for (const StoryChange& c : grown->changes) new_outlet = new_outlet || c.kind == "new_outlet";
  EXPECT_TRUE(new_outlet);
  auto all = store->GetStory(strike, "2025-01-01");
  ASSERT_TRUE(all.ok());
  EXPECT_GT(all->changes.size(), grown->changes.size());
  auto none = store->GetStory(strike, "2025-03-05");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->changes.empty());
  // Day by day ends with the same stories as everything at once.
  EngineOptions eo;
  eo.threads = 2;
  eo.incremental = true;
  IngestResult in = ReadInputs({dir / "day1", dir / "day2"}, IngestOptions{});
  Report direct = AnalyzeArticles(std::move(in.articles), std::move(in.errors), eo);
  auto exported = store->Export();
  ASSERT_TRUE(exported.ok());
  EXPECT_EQ(Memberships(exported->stories), Memberships(direct.stories));
  EXPECT_FALSE(store->GetStory("424242", std::nullopt).ok());
  EXPECT_FALSE(store->GetStory("x'; DROP TABLE stories; --", std::nullopt).ok());
}

// The ranking scores only the rank_window most recently stored matches that
// pass the filters (its cost is bounded whatever the number of matches):
// a query with more matches gets the best-scored of that window, scored as
// over all matches; one with no more gets the exact ranking.
TEST_P(StoreOn, TheRankingScoresTheMostRecentMatchesOnly) {
  TempDir dir;
  fs::create_directories(dir / "in");
  // Eight articles on the harbour, stored in this order (path order); the
  // oldest says "harbour" most and in its title: the best score overall.
  const std::vector<std::pair<std::string, std::string>> articles = {
      {"Harbour dredging starts at the harbour mouth",
       "Dredgers began clearing the harbour mouth on Monday. The harbour master said the harbour channel had "
       "silted badly since the spring storms, and that the harbour would stay open throughout."},
      {"Councillors back a new ferry timetable",
       "The transport committee voted for more evening sailings from the harbour to the islands, starting in "
       "June, after commuters complained about crowded boats and long queues at the terminal."},
      {"Fishing quota talks stall over mackerel",
       "Negotiators from four fleets failed to agree mackerel catches for next season. Skippers tied up in the "
       "harbour said prices at the fish market had already fallen by a fifth since January."},
      {"Lifeboat crew rescues two kayakers near cliffs",
       "Volunteers launched the inshore lifeboat shortly after dawn when a walker saw two kayakers clinging to "
       "rocks below the lighthouse. Both were brought back to the harbour with mild hypothermia."},
      {"Museum opens a gallery of shipwreck finds",
       "Coins, cannon balls and a ship's bell recovered by divers over thirty years go on show from Saturday. "
       "The curator said most came from a merchant brig that sank outside the harbour in 1791."},
      {"Storm warning closes the coastal railway",
       "Engineers shut the line along the sea wall overnight as waves topped the parapet. Trains will turn back "
       "at the junction, and buses will carry passengers the last miles to the harbour station."},
      {"Boatyard wins an order for electric launches",
       "A family boatyard on the east quay will build six battery-powered launches for a water taxi firm, "
       "doubling its workforce. The owners said the harbour basin suited sea trials in any weather."},
      {"Swimmers race across the bay for charity",
       "More than two hundred swimmers crossed the bay from the lido to the harbour steps on Sunday, raising "
       "money for the hospice. The fastest finished in under forty minutes despite a cold northerly wind."},
  };
  for (std::size_t i = 0; i < articles.size(); ++i) {
    WriteFile(dir / ("in/a" + std::to_string(i) + ".txt"),
              ArticleFile(articles[i].first, i % 2 == 0 ? "Coast Herald" : "Bay Times",
                          "2025-05-0" + std::to_string(i + 1), articles[i].second));
  }
  auto store = OpenBackend(dir);
  if (!store) return;  // skipped, or failed with a message
  ASSERT_TRUE(store);
  ASSERT_EQ(MustIngest(*store, {dir / "in"}).new_articles, articles.size());
  auto search = [&](std::size_t window, std::size_t limit, std::optional<std::string> outlet = std::nullopt,
                    bool stories = false) {
    SearchQuery q = Q("harbour");
    q.rank_window = window;
    q.limit = limit;
    q.outlet = std::move(outlet);
    q.stories = stories;
    auto hits = store->Search(q);
    EXPECT_TRUE(hits.ok()) << hits.status().message();
    return hits.ok() ? *hits : std::vector<SearchHit>{};
  };
  // The exhaustive ranking, restricted to `keep` and cut at `limit`.
  auto expected = [](const std::vector<SearchHit>& all, const std::set<std::string>& keep, std::size_t limit) {
    std::vector<std::string> out;
    for (const SearchHit& h : all) {
      if (keep.count(h.id) && out.size() < limit) out.push_back(h.id);
    }
    return out;
  };
  auto ids = [](const std::vector<SearchHit>& hits) {
    std::vector<std::string> out;
    for (const SearchHit& h : hits) out.push_back(h.id);
    return out;
  };
  auto first = [](std::vector<std::string> v, std::size_t n) {
    v.resize(std::min(n, v.size()));
    return v;
  };
  const std::vector<SearchHit> all = search(0, 0);
  ASSERT_EQ(all.size(), articles.size());
  ASSERT_EQ(all.front().id, "a0");  // the best overall is the oldest
  std::map<std::string, double> score_of;
  for (const SearchHit& h : all) score_of[h.id] = h.score;

  // More matches than the window: the best two of the three most recent,
  // with the scores of the exhaustive ranking (IDF and lengths over the
  // whole index); the best overall is outside the window.
  const std::vector<SearchHit> recent = search(3, 2);
  EXPECT_EQ(ids(recent), expected(all, {"a5", "a6", "a7"}, 2));
  for (const SearchHit& h : recent) EXPECT_DOUBLE_EQ(h.score, score_of[h.id]) << h.id;
  // No more matches than the window: exact.
  EXPECT_EQ(ids(search(8, 3)), first(ids(all), 3));
  EXPECT_EQ(ids(search(SearchQuery::kDefaultRankWindow, 20)), ids(all));
  // A limit above the window widens it to the limit.
  EXPECT_EQ(ids(search(2, 5)), expected(all, {"a3", "a4", "a5", "a6", "a7"}, 5));
  // The window counts the matches that pass the filters: the two most
  // recent of the outlet's four.
  EXPECT_EQ(ids(search(2, 2, "Coast Herald")), expected(all, {"a4", "a6"}, 2));
  EXPECT_EQ(ids(search(0, 10, "Coast Herald")), expected(all, {"a0", "a2", "a4", "a6"}, 10));

  // Stories: the window is the most recently created matching stories
  // (highest ids).
  const std::vector<SearchHit> all_stories = search(0, 0, std::nullopt, true);
  ASSERT_FALSE(all_stories.empty());
  std::vector<long> story_ids;
  for (const SearchHit& h : all_stories) story_ids.push_back(std::stol(h.id));
  std::sort(story_ids.rbegin(), story_ids.rend());
  std::set<std::string> newest;
  for (std::size_t i = 0; i < std::min<std::size_t>(2, story_ids.size()); ++i) newest.insert(std::to_string(story_ids[i]));
  EXPECT_EQ(ids(search(2, 2, std::nullopt, true)), expected(all_stories, newest, 2));
  EXPECT_EQ(ids(search(all_stories.size(), 10, std::nullopt, true)), first(ids(all_stories), 10));
}

TEST_P(StoreOn, AChangedArticleReplacesItsOldVersionAndACopyIsADuplicate) {
  TempDir dir;
  fs::create_directories(dir / "in");
  const std::string body =
      "The Harbin Lane bridge in Castermoor was closed on Tuesday after inspectors found cracks in two of its "
      "steel girders, the city council said.\n\nTraffic is being diverted through the old town. Engineers "
      "expect repairs to take at least three weeks.\n";
  WriteFile(dir / "in/bridge-a.txt", ArticleFile("Castermoor closes Harbin Lane bridge", "Castermoor Post", "2025-04-01", body));
  auto store = OpenBackend(dir);
  if (!store) return;  // skipped, or failed with a message
  ASSERT_TRUE(store);
  EXPECT_EQ(MustIngest(*store, {dir / "in"}).new_articles, 1u);
  // The same text under another id: a duplicate, cited in the story.
  fs::create_directories(dir / "copy");
  WriteFile(dir / "copy/bridge-copy.txt",
            ArticleFile("Castermoor closes Harbin Lane bridge", "Moor Wire", "2025-04-01", body));
  StoreIngestSummary dup = MustIngest(*store, {dir / "copy"});
  EXPECT_EQ(dup.duplicates, 1u);
  EXPECT_EQ(dup.new_articles, 0u);
  auto list = store->ListStories({});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].articles, 2u);
  const std::string id = (*list)[0].id;
  // An update of bridge-a: same id, changed text.
  WriteFile(dir / "in/bridge-a.txt",
            ArticleFile("Castermoor closes Harbin Lane bridge", "Castermoor Post", "2025-04-01",
                    body + "\nUpdate: the council now says the bridge will reopen to pedestrians on Friday.\n"));
  StoreIngestSummary upd = MustIngest(*store, {dir / "in"});
  EXPECT_EQ(upd.updated, 1u);
  EXPECT_EQ(upd.new_articles, 0u);
  EXPECT_EQ(upd.stories_updated, 1u);
  auto after = store->ListStories({});
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].id, id);
  auto hits = store->Search(Q("pedestrians"));
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].id, "bridge-a");
  auto view = store->GetStory(id, std::nullopt);
  ASSERT_TRUE(view.ok());
  bool updated_text = false;
  for (const auto& a : view->report.articles) updated_text = updated_text || a.text.find("pedestrians") != std::string::npos;
  EXPECT_TRUE(updated_text);
}

// The entity names kept for `--entity` are exactly the live reports'
// (case-insensitively), and both searches' indexes are consistent.
void ExpectSearchTablesMatchReports(const std::string& path) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  store_internal::RegisterStoreFunctions(db);
  std::set<std::pair<std::string, std::int64_t>> rows, expected;
  auto lower = [](std::string x) {
    for (char& c : x) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return x;
  };
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT name, story FROM story_entities", -1, &st, nullptr), SQLITE_OK);
  while (sqlite3_step(st) == SQLITE_ROW) {
    rows.insert({lower(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))), sqlite3_column_int64(st, 1)});
  }
  sqlite3_finalize(st);
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT n, report FROM stories WHERE merged_into IS NULL AND report IS NOT NULL", -1,
                               &st, nullptr), SQLITE_OK);
  while (sqlite3_step(st) == SQLITE_ROW) {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(st, 1));
    auto story = store_internal::DecodeStory(std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st, 1))));
    ASSERT_TRUE(story.ok());
    for (const Entity& e : story->entities) expected.insert({lower(e.name), sqlite3_column_int64(st, 0)});
  }
  sqlite3_finalize(st);
  EXPECT_EQ(rows, expected);
  // Each live story has its search body kept (schema 8), equal to its
  // report's; no other story has one.
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "SELECT (SELECT count(*) FROM stories s WHERE merged_into IS NULL AND report IS NOT NULL "
                               "AND NOT EXISTS (SELECT 1 FROM story_bodies b WHERE b.n = s.n)), "
                               "(SELECT count(*) FROM story_bodies b LEFT JOIN stories s ON s.n = b.n "
                               "WHERE s.n IS NULL OR s.merged_into IS NOT NULL OR s.report IS NULL "
                               "OR parallax_text(b.body) IS NOT parallax_story_body(s.report)), "
                               "(SELECT count(*) FROM story_bodies)",
                               -1, &st, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 0) << "live stories without a search body";
  EXPECT_EQ(sqlite3_column_int(st, 1), 0) << "search bodies of no live story, or not its report's";
  EXPECT_GT(sqlite3_column_int(st, 2), 0);
  sqlite3_finalize(st);
  for (const char* check : {"INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)",
                            "INSERT INTO stories_fts(stories_fts, rank) VALUES('integrity-check', 1)"}) {
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, check, nullptr, nullptr, &err), SQLITE_OK) << check << ": " << (err ? err : "");
    sqlite3_free(err);
  }
  sqlite3_close(db);
}

TEST_P(StoreOn, WhenTwoStoriesMergeTheOlderIdSurvivesAndTheOtherPointsToIt) {
  TempDir dir;
  WriteMergeInputs(dir);
  auto store = OpenBackend(dir);
  if (!store) return;  // skipped, or failed with a message
  ASSERT_TRUE(store);
  EXPECT_EQ(MustIngest(*store, {dir / "d1"}).stories_created, 2u);
  auto day1 = store->ListStories({});
  ASSERT_TRUE(day1.ok());
  ASSERT_EQ(day1->size(), 2u);
  StoreIngestSummary d2 = MustIngest(*store, {dir / "d2"});
  EXPECT_EQ(d2.stories_merged, 1u);
  EXPECT_EQ(d2.stories_created, 0u);
  auto day2 = store->ListStories({});
  ASSERT_TRUE(day2.ok());
  ASSERT_EQ(day2->size(), 1u);
  const std::string older = std::min((*day1)[0].id, (*day1)[1].id, [](const std::string& a, const std::string& b) {
    return std::stoll(a) < std::stoll(b);
  });
  const std::string newer = older == (*day1)[0].id ? (*day1)[1].id : (*day1)[0].id;
  EXPECT_EQ((*day2)[0].id, older);
  EXPECT_EQ((*day2)[0].articles, 3u);
  auto view = store->GetStory(newer, std::nullopt);
  ASSERT_TRUE(view.ok()) << view.status().message();
  ASSERT_TRUE(view->merged_into.has_value());
  EXPECT_EQ(*view->merged_into, older);
  EXPECT_EQ(view->report.stories[0].id, older);
  // The merged id no longer turns up in story search.
  auto hits = store->Search([&] { SearchQuery q = Q("ferry"); q.stories = true; return q; }());
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].id, older);
  if (GetParam() == "sqlite") ExpectSearchTablesMatchReports(dir / "news.db");
}

TEST(Store, AWriterThatCannotGetTheLockSaysTheStoreIsBusyAndWritesNothing) {
  TempDir dir;
  const std::string db = dir / "news.db";
  StoreOpenOptions quick;
  quick.busy_timeout_ms = 100;
  auto opened = OpenStore(db, quick);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  auto& store = *opened;
  // Another process holds the write lock.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  IngestResult in = ReadInputs({ExamplesDir()}, IngestOptions{});
  auto sum = store->Ingest(in.articles, {}, StoreIngestOptions{});
  ASSERT_FALSE(sum.ok());
  EXPECT_NE(sum.status().message().find("busy"), std::string::npos) << sum.status().message();
  ASSERT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  // Nothing was half-written; once the lock is free the same batch lands whole.
  auto list = store->ListStories({});
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
  auto again = store->Ingest(std::move(in.articles), {}, StoreIngestOptions{});
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->new_articles, 9u);
}

// --- Files the store must refuse and leave alone ---------------------------

void ExpectRefusedAndUntouched(const std::string& path, const char* what) {
  const std::string before = ReadFile(path);
  auto s = OpenStore(path);
  ASSERT_FALSE(s.ok()) << what << " was opened";
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidInput) << s.status().message();
  EXPECT_NE(s.status().message().find(path), std::string::npos) << s.status().message();
  EXPECT_EQ(ReadFile(path), before) << what << " was changed";
  EXPECT_FALSE(fs::exists(path + "-wal") && fs::file_size(path + "-wal") > 0) << what;
}

TEST(Store, RefusesFilesThatAreNotParallaxStoresAndNeverWritesThem) {
  TempDir dir;
  WriteFile(dir / "notes.db", "These are my notes, not a database.\n");
  ExpectRefusedAndUntouched(dir / "notes.db", "a text file");

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "other.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES(1);", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  ExpectRefusedAndUntouched(dir / "other.db", "another application's database");

  {
    auto store = MustOpen(dir / "newer.db");
    ASSERT_TRUE(store);
  }
  ASSERT_EQ(sqlite3_open((dir / "newer.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA journal_mode=DELETE; PRAGMA user_version=99;", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  ExpectRefusedAndUntouched(dir / "newer.db", "a store from a newer version");
  auto newer = OpenStore(dir / "newer.db");
  EXPECT_NE(newer.status().message().find("newer"), std::string::npos);

  // A store whose header is damaged.
  {
    auto store = MustOpen(dir / "corrupt.db");
    ASSERT_TRUE(store);
  }
  ASSERT_EQ(sqlite3_open((dir / "corrupt.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA journal_mode=DELETE;", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  std::string bytes = ReadFile(dir / "corrupt.db");
  ASSERT_GT(bytes.size(), 100u);
  for (std::size_t i = 0; i < 16; ++i) bytes[i] = static_cast<char>(0xA5 ^ i);
  WriteFile(dir / "corrupt.db", bytes);
  ExpectRefusedAndUntouched(dir / "corrupt.db", "a store with a damaged header");
}

// A store of schema version 1 (before the story index was kept between
// batches): readers ask for one ingest, an ingest migrates it in place,
// replays the index once, and gives the stories of a store that was never
// downgraded; the batch after that loads the saved index.
TEST(Store, AVersionOneStoreIsMigratedAndGivesTheSameStories) {
  TempDir dir;
  IngestResult in = ReadInputs({ExamplesDir()}, IngestOptions{});
  std::map<std::string, std::vector<Article>> days;
  for (auto& a : in.articles) days[a.published ? a.published->substr(0, 10) : "~"].push_back(a);
  ASSERT_GE(days.size(), 3u);
  StoreIngestOptions opt;
  opt.engine.threads = 2;
  auto feed = [&](Store& store, std::size_t from, std::size_t to) {
    std::size_t d = 0;
    for (auto& [day, batch] : days) {
      if (d >= from && d < to) {
        ASSERT_TRUE(store.Ingest(batch, {}, opt).ok()) << day;
      }
      ++d;
    }
  };
  {
    auto current = MustOpen(dir / "current.db");
    auto old = MustOpen(dir / "old.db");
    ASSERT_TRUE(current && old);
    feed(*current, 0, 1);
    feed(*old, 0, 1);
  }
  // Version 1's layout: no saved index, no per-article analysis, plain
  // texts, both searches keeping their own copy of what they index.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "old.db").c_str(), &db), SQLITE_OK);
  store_internal::RegisterStoreFunctions(db);
  char* err = nullptr;
  ASSERT_EQ(sqlite3_exec(db, R"sql(
    DROP TABLE cluster_state; DROP TABLE article_analysis;
    CREATE INDEX story_entities_by_story ON story_entities(story);
    UPDATE articles SET text = parallax_text(text);
    DROP TABLE articles_fts; DROP VIEW articles_text;
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='n',
      tokenize='porter unicode61 remove_diacritics 2');
    INSERT INTO articles_fts(rowid, title, text) SELECT n, title, text FROM articles WHERE duplicate_of IS NULL;
    DROP TABLE stories_fts; DROP VIEW stories_text; DROP TABLE story_bodies;
    DROP INDEX articles_search_filter; DROP INDEX stories_search_filter;
    CREATE VIRTUAL TABLE stories_fts USING fts5(title, body, tokenize='porter unicode61 remove_diacritics 2');
    INSERT INTO stories_fts(rowid, title, body) SELECT n, title, parallax_story_body(report) FROM stories
      WHERE merged_into IS NULL AND report IS NOT NULL;
    PRAGMA user_version=1;)sql", nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_close(db);
  auto reader = OpenStore(dir / "old.db", ReadOnly());
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.status().message().find("run parallax ingest once"), std::string::npos) << reader.status().message();

  auto current = MustOpen(dir / "current.db");
  auto old = MustOpen(dir / "old.db");
  ASSERT_TRUE(current && old);
  feed(*current, 1, days.size());
  feed(*old, 1, days.size());
  ASSERT_EQ(sqlite3_open((dir / "old.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT (SELECT user_version FROM pragma_user_version), "
                                   "(SELECT count(*) FROM cluster_state WHERE batch = (SELECT max(id) FROM batches))",
                               -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), store_internal::kSchemaVersion);
  EXPECT_GE(sqlite3_column_int(st, 1), 2);  // the map and at least one piece of the index
  sqlite3_finalize(st);
  sqlite3_close(db);
  auto a = current->Export(), b = old->Export();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(Memberships(a->stories), Memberships(b->stories));
  ExpectSearchTablesMatchReports(dir / "old.db");
  auto la = current->ListStories({}), lb = old->ListStories({});
  ASSERT_TRUE(la.ok() && lb.ok());
  ASSERT_EQ(la->size(), lb->size());
  for (std::size_t i = 0; i < la->size(); ++i) EXPECT_EQ((*la)[i].id, (*lb)[i].id);
  // The searches, rebuilt by the migration over plain and compressed texts,
  // find and mark the same.
  for (bool stories : {false, true}) {
    for (const char* query : {"strike", "\"dock strike\"", "hail*"}) {
      SearchQuery q = Q(query);
      q.stories = stories;
      auto ha = current->Search(q), hb = old->Search(q);
      ASSERT_TRUE(ha.ok() && hb.ok()) << query;
      ASSERT_EQ(ha->size(), hb->size()) << query;
      for (std::size_t i = 0; i < ha->size(); ++i) {
        EXPECT_EQ((*ha)[i].id, (*hb)[i].id) << query;
        EXPECT_EQ((*ha)[i].snippet, (*hb)[i].snippet) << query;
      }
    }
  }
}

// Article texts are kept zstd-compressed when that is smaller, and read
// back whole everywhere (story reports, export, search snippets); the
// searches keep no copy of what they index, and their indexes stay
// consistent (FTS5 integrity-check) through growth, updates and merges.
TEST(Store, TextsAreKeptCompressedAndTheSearchesReadThem) {
  TempDir dir;
  IngestResult in = ReadInputs({ExamplesDir()}, IngestOptions{});
  std::map<std::string, std::vector<Article>> days;
  for (auto& a : in.articles) days[a.published ? a.published->substr(0, 10) : "~"].push_back(a);
  StoreIngestOptions opt;
  opt.engine.threads = 2;
  auto store = MustOpen(dir / "s.db");
  ASSERT_TRUE(store);
  for (auto& [date, batch] : days) {
    ASSERT_TRUE(store->Ingest(batch, {}, opt).ok()) << date;
    ExpectSearchTablesMatchReports(dir / "s.db");
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "s.db").c_str(), &db), SQLITE_OK);
  store_internal::RegisterStoreFunctions(db);
  auto one = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    std::string out;
    if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return out;
  };
  EXPECT_NE(one("SELECT count(*) FROM articles WHERE typeof(text) = 'blob'"), "0");
  EXPECT_EQ(one("SELECT count(*) FROM sqlite_master WHERE name IN ('stories_fts_content', 'articles_fts_content')"), "0");
  for (const char* check : {"INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)",
                            "INSERT INTO stories_fts(stories_fts, rank) VALUES('integrity-check', 1)"}) {
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, check, nullptr, nullptr, &err), SQLITE_OK) << check << ": " << (err ? err : "");
    sqlite3_free(err);
  }
  sqlite3_close(db);
  // Every stored text reads back as cleaned: export equals analyze's articles.
  EngineOptions eo;
  eo.threads = 2;
  Report r = AnalyzePaths({ExamplesDir()}, eo);
  auto ex = store->Export();
  ASSERT_TRUE(ex.ok());
  std::map<std::string, std::string> text_of;
  for (const Article& a : r.articles) text_of[a.id] = a.text;
  ASSERT_EQ(ex->articles.size(), r.articles.size());
  for (const Article& a : ex->articles) EXPECT_EQ(a.text, text_of[a.id]) << a.id;
  auto hits = store->Search(Q("\"the strike\" OR hail*"));
  ASSERT_TRUE(hits.ok());
  ASSERT_FALSE(hits->empty());
  for (const SearchHit& h : *hits) EXPECT_NE(h.snippet.find("\u00ab"), std::string::npos) << h.snippet;
  SearchQuery sq = Q("strike");
  sq.stories = true;
  auto story_hits = store->Search(sq);
  ASSERT_TRUE(story_hits.ok());
  ASSERT_FALSE(story_hits->empty());
  for (const SearchHit& h : *story_hits) EXPECT_NE(h.snippet.find("\u00ab"), std::string::npos) << h.snippet;
}

// A new store takes 16 KiB pages (smaller files: fewer, fuller overflow
// pages for article texts); a store an older build made with 4 KiB pages
// keeps them and gives the same stories and search hits.
TEST(Store, ANewStoreTakesSixteenKibPagesAndAnOldPageSizeIsKept) {
  TempDir dir;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "old.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA page_size=4096; PRAGMA journal_mode=WAL; CREATE TABLE t(x); DROP TABLE t;",
                         nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  IngestResult in = ReadInputs({ExamplesDir()}, IngestOptions{});
  ASSERT_FALSE(in.articles.empty());
  StoreIngestOptions opt;
  opt.engine.threads = 2;
  auto fresh = MustOpen(dir / "new.db");
  auto old = MustOpen(dir / "old.db");
  ASSERT_TRUE(fresh && old);
  ASSERT_TRUE(fresh->Ingest(in.articles, {}, opt).ok());
  ASSERT_TRUE(old->Ingest(in.articles, {}, opt).ok());
  auto page_size = [&](const char* name) {
    sqlite3* d = nullptr;
    EXPECT_EQ(sqlite3_open((dir / name).c_str(), &d), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(d, "PRAGMA page_size", -1, &st, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_step(st), SQLITE_ROW);
    const int v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(d);
    return v;
  };
  EXPECT_EQ(page_size("new.db"), 16384);
  EXPECT_EQ(page_size("old.db"), 4096);
  auto a = fresh->Export(), b = old->Export();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(Memberships(a->stories), Memberships(b->stories));
  SearchQuery q;
  q.query = "strike";
  auto ha = fresh->Search(q), hb = old->Search(q);
  ASSERT_TRUE(ha.ok() && hb.ok());
  ASSERT_FALSE(ha->empty());
  ASSERT_EQ(ha->size(), hb->size());
  for (std::size_t i = 0; i < ha->size(); ++i) EXPECT_EQ((*ha)[i].snippet, (*hb)[i].snippet);
}

// A saved story index that does not load (damaged bytes, or a piece
// missing) is rebuilt by replaying the stored articles: the batch lands and
// the stories are those of a store whose index was never damaged.
// The saved story index damaged (a part overwritten, then the map part
// gone) between batches: the next batch rebuilds it by replaying the stored
// order and gives the stories an undamaged store gives.
TEST_P(StoreOn, ADamagedSavedIndexIsRebuiltAndGivesTheSameStories) {
  TempDir dir;
  IngestResult in = ReadInputs({ExamplesDir()}, IngestOptions{});
  std::map<std::string, std::vector<Article>> days;
  for (auto& a : in.articles) days[a.published ? a.published->substr(0, 10) : "~"].push_back(a);
  ASSERT_GE(days.size(), 3u);
  StoreIngestOptions opt;
  opt.engine.threads = 2;
  auto damaged = OpenBackend(dir);
  if (!damaged) return;
  auto good = OpenOther(dir);
  ASSERT_TRUE(good);
  int day = 0;
  for (auto& [date, batch] : days) {
    if (day == 1) {
      ExecRaw(dir, GetParam() == "sqlite" ? "UPDATE cluster_state SET data = zeroblob(64) WHERE part = 1"
                                          : "UPDATE cluster_state SET data = decode(repeat('00', 64), 'hex') WHERE part = 1");
    } else if (day == 2) {
      ExecRaw(dir, "DELETE FROM cluster_state WHERE part = 0");
    }
    ASSERT_TRUE(good->Ingest(batch, {}, opt).ok()) << date;
    auto sum = damaged->Ingest(batch, {}, opt);
    ASSERT_TRUE(sum.ok()) << date << ": " << sum.status().message();
    auto a = good->Export(), b = damaged->Export();
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(Memberships(a->stories), Memberships(b->stories)) << "after " << date;
    ++day;
  }
}

// --- Per-article analysis cache (store/article_cache.h) ------------------

// AnalyzeStory given each article's AnalyzeArticle result (also through
// the cache's bytes) gives the story it gives without: the same report.
TEST(ArticleCache, PrecomputedArticleAnalysisGivesTheSameStory) {
  IngestResult in = ReadInputs({ExamplesDir()}, IngestOptions{});
  ASSERT_GE(in.articles.size(), 3u);
  std::vector<const Article*> group;
  for (const Article& a : in.articles) group.push_back(&a);
  AnalyzeOptions opt;
  std::vector<ArticleAnalysis> pre;
  for (const Article& a : in.articles) {
    ArticleAnalysis x = AnalyzeArticle(a, opt);
    auto back = store_internal::DecodeArticleAnalysis(store_internal::EncodeArticleAnalysis(x));
    ASSERT_TRUE(back);
    ASSERT_EQ(back->tagged, x.tagged);
    ASSERT_EQ(back->entities.size(), x.entities.size());
    for (std::size_t i = 0; i < x.entities.size(); ++i) {
      EXPECT_EQ(back->entities[i].begin, x.entities[i].begin);
      EXPECT_EQ(back->entities[i].end, x.entities[i].end);
      EXPECT_EQ(back->entities[i].type, x.entities[i].type);
    }
    pre.push_back(std::move(*back));
  }
  EXPECT_TRUE(pre.front().tagged) << "the shipped tagger did not load: the cache holds nothing to test";
  std::vector<const ArticleAnalysis*> kept;
  for (const ArticleAnalysis& x : pre) kept.push_back(&x);
  kept[1] = nullptr;  // a missing entry is computed
  EXPECT_EQ(store_internal::EncodeStory(AnalyzeStory(group, opt, kept)),
            store_internal::EncodeStory(AnalyzeStory(group, opt)));
  // The key names the tagger: rules only is another key.
  AnalyzeOptions rules = opt;
  rules.rule_names = true;
  EXPECT_NE(ArticleAnalysisKey(rules), ArticleAnalysisKey(opt));
  EXPECT_EQ(ArticleAnalysisKey(opt), ArticleAnalysisKey(opt));
  // Damaged bytes are refused, never read past.
  EXPECT_FALSE(store_internal::DecodeArticleAnalysis(""));
  EXPECT_FALSE(store_internal::DecodeArticleAnalysis(std::string("\x01\x05\x00", 3)));
  EXPECT_FALSE(store_internal::DecodeArticleAnalysis(std::string("\x02", 1)));
}

// A store fed day by day reuses each article's kept analysis when its
// story is re-analysed; its reports are byte-identical to those of a store
// whose cache is emptied or damaged before every batch (everything
// analysed from scratch). A kept entry under another key or for another
// text is not used; one under the current key and text is.
TEST_P(StoreOn, CachedArticleAnalysisGivesByteIdenticalStories) {
  TempDir dir;
  IngestResult in = ReadInputs({ExamplesDir()}, IngestOptions{});
  std::map<std::string, std::vector<Article>> days;
  for (auto& a : in.articles) days[a.published ? a.published->substr(0, 10) : "~"].push_back(a);
  ASSERT_GE(days.size(), 3u);
  StoreIngestOptions opt;
  opt.engine.threads = 2;
  auto cached = OpenBackend(dir);
  if (!cached) return;
  auto scratch = OpenOther(dir);
  ASSERT_TRUE(scratch);
  auto reports = [](Store& s) {
    std::vector<std::string> out;
    auto r = s.Export();
    EXPECT_TRUE(r.ok());
    if (r.ok()) {
      for (const Story& story : r->stories) out.push_back(store_internal::EncodeStory(story));
    }
    return out;
  };
  int day = 0;
  for (auto& [date, batch] : days) {
    switch (day++ % 3) {  // from scratch three ways: no entry, another key, another text
      case 0: ExecRaw(dir, "DELETE FROM article_analysis", true); break;
      case 1: ExecRaw(dir, "UPDATE article_analysis SET key = key + 1, data = " + Blob0100(), true); break;
      default: ExecRaw(dir, "UPDATE article_analysis SET text_hash = text_hash + 1, data = " + Blob0100(), true); break;
    }
    ASSERT_TRUE(cached->Ingest(batch, {}, opt).ok()) << date;
    ASSERT_TRUE(scratch->Ingest(batch, {}, opt).ok()) << date;
    EXPECT_EQ(reports(*cached), reports(*scratch)) << "after " << date;
    // Every canonical article in an analysed story has its entry.
    EXPECT_EQ(CountRaw(dir, "SELECT count(*) FROM article_analysis"),
              CountRaw(dir, "SELECT count(*) FROM articles WHERE duplicate_of IS NULL AND story IS NOT NULL"));
  }
  // A kept entry is what the re-analysis reads: entries emptied under the
  // current key and texts take the tagger's names away (rules only then).
  ExecRaw(dir, "UPDATE article_analysis SET data = " + Blob0100());
  ExecRaw(dir, "DELETE FROM article_analysis", true);
  auto all = cached->Export();
  ASSERT_TRUE(all.ok() && !all->stories.empty());
  const Story& largest = *std::max_element(all->stories.begin(), all->stories.end(), [](const Story& x, const Story& y) {
    return x.articles.size() < y.articles.size();
  });
  ASSERT_GE(largest.articles.size(), 2u);
  auto it = std::find_if(in.articles.begin(), in.articles.end(), [&](const Article& a) {
    return !a.from_html && std::find(largest.articles.begin(), largest.articles.end(), a.id) != largest.articles.end();
  });
  ASSERT_NE(it, in.articles.end());
  Article again = *it;
  again.title += " (updated)";
  auto sa = cached->Ingest({again}, {}, opt);
  ASSERT_TRUE(sa.ok());
  EXPECT_EQ(sa->updated, 1u);
  EXPECT_EQ(sa->stories_updated, 1u);
  ASSERT_TRUE(scratch->Ingest({again}, {}, opt).ok());
  EXPECT_NE(reports(*cached), reports(*scratch));
}

// Story ids without a database: the rules of docs/store.md ("Ids") on
// index positions whose rows and stored stories are written out here.
TEST(StoreAssign, GrowingKeepsItsIdMergesKeepTheOlderAndSplitsGiveANewId) {
  using store_internal::AssignStories;
  // Rows 10..15 at positions 0..5. Stored: story 1 = {10, 11}, story 2 =
  // {12}, story 3 = {13, 14}; row 15 is new.
  const std::vector<std::int64_t> rows = {10, 11, 12, 13, 14, 15};
  const std::vector<std::optional<std::int64_t>> old = {1, 1, 2, 3, 3, std::nullopt};
  // Story 1 absorbs story 2 and the new article; story 3 splits in two.
  const std::vector<std::vector<std::size_t>> groups = {{0, 1, 2, 5}, {3}, {4}};
  auto as = AssignStories(groups, rows, old, {}, {});
  ASSERT_EQ(as.kept.size(), 3u);
  EXPECT_EQ(as.kept[0], std::optional<std::int64_t>(1));  // the older id survives the merge
  EXPECT_EQ(as.kept[1], std::optional<std::int64_t>(3));  // the first part of a split keeps the id
  EXPECT_EQ(as.kept[2], std::nullopt);                    // the other part is a new story
  EXPECT_EQ(as.touched, (std::vector<std::uint8_t>{1, 1, 1}));
  ASSERT_EQ(as.merged.size(), 1u);
  EXPECT_EQ(as.merged[0], (std::pair<std::int64_t, std::size_t>{2, 0}));

  // Nothing changed: nothing to re-analyse, no merge; a changed text or a
  // dirty story (an updated duplicate) is re-analysed with the same id.
  const std::vector<std::vector<std::size_t>> same = {{0, 1}, {2}, {3, 4}};
  const std::vector<std::int64_t> rows5(rows.begin(), rows.begin() + 5);
  const std::vector<std::optional<std::int64_t>> old5(old.begin(), old.begin() + 5);
  as = AssignStories(same, rows5, old5, {}, {});
  EXPECT_EQ(as.kept, (std::vector<std::optional<std::int64_t>>{1, 2, 3}));
  EXPECT_EQ(as.touched, (std::vector<std::uint8_t>{0, 0, 0}));
  EXPECT_TRUE(as.merged.empty());
  as = AssignStories(same, rows5, old5, {14}, {2});
  EXPECT_EQ(as.touched, (std::vector<std::uint8_t>{0, 1, 1}));

  // A story whose articles went to two groups, none keeping its id
  // (both took an older one), merges into the group with most of them.
  const std::vector<std::int64_t> r2 = {20, 21, 22, 23, 24};
  const std::vector<std::optional<std::int64_t>> o2 = {1, 2, 5, 5, 5};
  as = AssignStories({{0, 2}, {1, 3, 4}}, r2, o2, {}, {});
  EXPECT_EQ(as.kept, (std::vector<std::optional<std::int64_t>>{1, 2}));
  ASSERT_EQ(as.merged.size(), 1u);
  EXPECT_EQ(as.merged[0], (std::pair<std::int64_t, std::size_t>{5, 1}));
}

// --- Differential: the store fed day by day = analyze --incremental ---------

// `store` fed one day per batch, and `once` fed everything in one by_day
// batch, both give analyze --incremental's stories.
void ExpectDayByDayEqualsIncremental(std::vector<Article> articles, Store* store, Store* once) {
  std::map<std::string, std::vector<Article>> days;
  for (auto& a : articles) days[a.published ? a.published->substr(0, 10) : "~"].push_back(a);
  StoreIngestOptions opt;
  opt.engine.threads = 2;
  for (auto& [day, batch] : days) {
    auto sum = store->Ingest(batch, {}, opt);
    ASSERT_TRUE(sum.ok()) << sum.status().message();
  }
  EngineOptions eo;
  eo.threads = 2;
  eo.incremental = true;
  Report direct = AnalyzeArticles(std::move(articles), {}, eo);
  auto exported = store->Export();
  ASSERT_TRUE(exported.ok());
  EXPECT_EQ(exported->stories.size(), direct.stories.size());
  EXPECT_EQ(Memberships(exported->stories), Memberships(direct.stories));
  // One batch of the whole history with by_day: the same stories.
  opt.by_day = true;
  std::vector<Article> all;
  for (auto& [day, batch] : days) all.insert(all.end(), batch.begin(), batch.end());
  auto sum = once->Ingest(std::move(all), {}, opt);
  ASSERT_TRUE(sum.ok()) << sum.status().message();
  auto exported_once = once->Export();
  ASSERT_TRUE(exported_once.ok());
  EXPECT_EQ(Memberships(exported_once->stories), Memberships(direct.stories));
}

TEST_P(StoreOn, DifferentialExamplesDayByDayEqualAnalyzeIncremental) {
  TempDir dir;
  auto store = OpenBackend(dir);
  if (!store) return;
  auto once = OpenOther(dir);
  ASSERT_TRUE(once);
  IngestResult in = ReadInputs({ExamplesDir()}, IngestOptions{});
  ExpectDayByDayEqualsIncremental(std::move(in.articles), store.get(), once.get());
}

TEST_P(StoreOn, DifferentialEventsDevSubsetDayByDayEqualsAnalyzeIncremental) {
  PARALLAX_REQUIRE_SHARED("clustering/events-dev.tsv");
  auto loaded = LoadEventsDev(testing::SharedDataDir(), nullptr);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  // The events of the first 40 rows (four events, a few dozen days).
  std::vector<Article> articles;
  for (std::size_t i = 0; i < loaded->size() && i < 40; ++i) articles.push_back((*loaded)[i].article);
  TempDir dir;
  auto store = OpenBackend(dir);
  if (!store) return;
  auto once = OpenOther(dir);
  ASSERT_TRUE(once);
  ExpectDayByDayEqualsIncremental(std::move(articles), store.get(), once.get());
}

}  // namespace
}  // namespace parallax
