// Tests of the story store (src/store): the FTS query translation, the story
// codec, the SQLite store through its interface on examples/articles and on
// inputs written here, refusal of foreign, corrupt and newer files, the
// differential against analyze --incremental, and, through the built
// binary, crash safety (kill -9 during ingest), a file-size limit (disk
// full) and two ingests at once.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "eval/events.h"
#include "ingest/reader.h"
#include "shared_data.h"
#include "store/codec.h"
#include "store/fts_query.h"
#include "store/store.h"

namespace parallax {
namespace {

namespace fs = std::filesystem;
using store_internal::ToFtsQuery;

std::string ExamplesDir() { return std::string(PARALLAX_SOURCE_DIR) + "/examples/articles"; }
std::string Binary() { return std::string(PARALLAX_BINARY_DIR) + "/parallax"; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

// A fresh directory per test, removed at the end.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            ("parallax-store-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::unique_ptr<Store> MustOpen(const std::string& path) {
  auto s = OpenStore(path);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? std::move(*s) : nullptr;
}

StoreIngestSummary MustIngest(Store& store, const std::vector<std::string>& paths, const std::string& at = "") {
  IngestResult in = ReadInputs(paths, IngestOptions{});
  StoreIngestOptions opt;
  opt.engine.threads = 2;
  opt.at = at;
  auto sum = store.Ingest(std::move(in.articles), std::move(in.errors), opt);
  EXPECT_TRUE(sum.ok()) << sum.status().message();
  return sum.ok() ? *sum : StoreIngestSummary{};
}

SearchQuery Q(const std::string& query) {
  SearchQuery q;
  q.query = query;
  return q;
}

StoreOpenOptions ReadOnly() {
  StoreOpenOptions o;
  o.read_only = true;
  return o;
}

std::set<std::vector<std::string>> Memberships(const std::vector<Story>& stories) {
  std::set<std::vector<std::string>> out;
  for (const Story& s : stories) {
    std::vector<std::string> m = s.articles;
    std::sort(m.begin(), m.end());
    out.insert(m);
  }
  return out;
}

std::string ArticleFile(const std::string& title, const std::string& source, const std::string& date,
                    const std::string& body) {
  return "---\ntitle: " + title + "\nsource: " + source + "\npublished: " + date + "\n---\n" + body + "\n";
}

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

// --- The store on examples/articles -----------------------------------------

TEST(Store, IngestListStorySearchAndExportOnTheExamples) {
  TempDir dir;
  auto store = MustOpen(dir / "news.db");
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

TEST(Store, ReingestingTheSameFilesChangesNothing) {
  TempDir dir;
  auto store = MustOpen(dir / "news.db");
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

TEST(Store, StoryIdsStayPutAsAStoryGrowsAndChangesAreReportedSince) {
  TempDir dir;
  fs::create_directories(dir / "day1");
  fs::create_directories(dir / "day2");
  for (const auto& e : fs::directory_iterator(ExamplesDir())) {
    const std::string text = ReadFile(e.path().string());
    const bool later = text.find("2025-03-04") != std::string::npos;  // the strike's second day
    fs::copy_file(e.path(), (later ? dir / "day2" : dir / "day1") + "/" + e.path().filename().string());
  }
  auto store = MustOpen(dir / "news.db");
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

TEST(Store, AChangedArticleReplacesItsOldVersionAndACopyIsADuplicate) {
  TempDir dir;
  fs::create_directories(dir / "in");
  const std::string body =
      "The Harbin Lane bridge in Castermoor was closed on Tuesday after inspectors found cracks in two of its "
      "steel girders, the city council said.\n\nTraffic is being diverted through the old town. Engineers "
      "expect repairs to take at least three weeks.\n";
  WriteFile(dir / "in/bridge-a.txt", ArticleFile("Castermoor closes Harbin Lane bridge", "Castermoor Post", "2025-04-01", body));
  auto store = MustOpen(dir / "news.db");
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

// Two stories of day one, brought together by an article of day two.
void WriteMergeInputs(const TempDir& dir) {
  fs::create_directories(dir / "d1");
  fs::create_directories(dir / "d2");
  WriteFile(dir / "d1/bridge.txt",
            ArticleFile("Castermoor closes Harbin Lane bridge after inspectors find cracks", "Castermoor Post",
                        "2025-04-01",
                        "The Harbin Lane bridge in Castermoor was closed on Tuesday after inspectors found cracks in "
                        "two of its steel girders, the city council said.\n\nTraffic is being diverted through the old "
                        "town while engineers examine the damaged girders of the Harbin Lane bridge."));
  WriteFile(dir / "d1/ferry.txt",
            ArticleFile("Ferry operator Tolland Lines adds sailings across the Wendle estuary", "Estuary Courier",
                        "2025-04-01",
                        "Tolland Lines will run extra ferry sailings across the Wendle estuary from Thursday, the "
                        "operator announced, with boats every twenty minutes at peak hours.\n\nTolland Lines chief "
                        "executive Maren Oakes said the extra ferry sailings would carry commuters until further notice."));
  WriteFile(dir / "d2/both.txt",
            ArticleFile("Extra Tolland Lines ferries for commuters while Harbin Lane bridge stays shut", "Wendle Gazette",
                        "2025-04-02",
                        "With the Harbin Lane bridge in Castermoor closed over cracked steel girders, Tolland Lines is "
                        "adding ferry sailings across the Wendle estuary for commuters.\n\nMaren Oakes of Tolland Lines "
                        "said the extra ferry sailings would run every twenty minutes until engineers reopen the Harbin "
                        "Lane bridge."));
}

TEST(Store, WhenTwoStoriesMergeTheOlderIdSurvivesAndTheOtherPointsToIt) {
  TempDir dir;
  WriteMergeInputs(dir);
  auto store = MustOpen(dir / "news.db");
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

// --- Differential: the store fed day by day = analyze --incremental ---------

void ExpectDayByDayEqualsIncremental(std::vector<Article> articles, const std::string& db) {
  std::map<std::string, std::vector<Article>> days;
  for (auto& a : articles) days[a.published ? a.published->substr(0, 10) : "~"].push_back(a);
  auto store = MustOpen(db);
  ASSERT_TRUE(store);
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
  auto once = MustOpen(db + ".once");
  ASSERT_TRUE(once);
  opt.by_day = true;
  std::vector<Article> all;
  for (auto& [day, batch] : days) all.insert(all.end(), batch.begin(), batch.end());
  auto sum = once->Ingest(std::move(all), {}, opt);
  ASSERT_TRUE(sum.ok()) << sum.status().message();
  auto exported_once = once->Export();
  ASSERT_TRUE(exported_once.ok());
  EXPECT_EQ(Memberships(exported_once->stories), Memberships(direct.stories));
}

TEST(StoreDifferential, ExamplesDayByDayEqualAnalyzeIncremental) {
  TempDir dir;
  IngestResult in = ReadInputs({ExamplesDir()}, IngestOptions{});
  ExpectDayByDayEqualsIncremental(std::move(in.articles), dir / "news.db");
}

TEST(StoreDifferential, EventsDevSubsetDayByDayEqualsAnalyzeIncremental) {
  PARALLAX_REQUIRE_SHARED("clustering/events-dev.tsv");
  auto loaded = LoadEventsDev(testing::SharedDataDir(), nullptr);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  // The events of the first 40 rows (four events, a few dozen days).
  std::vector<Article> articles;
  for (std::size_t i = 0; i < loaded->size() && i < 40; ++i) articles.push_back((*loaded)[i].article);
  TempDir dir;
  ExpectDayByDayEqualsIncremental(std::move(articles), dir / "news.db");
}

// --- Through the binary: crashes, a full disk, two writers -----------------

struct Child {
  pid_t pid = -1;
};

// Starts `parallax ingest --db DB DIR --at AT` with stdout and stderr to
// `log`; `fsize_limit` > 0 sets RLIMIT_FSIZE in the child.
Child StartIngest(const std::string& db, const std::vector<std::string>& dirs, const std::string& at,
                  const std::string& log, rlim_t fsize_limit = 0) {
  Child c;
  c.pid = ::fork();
  if (c.pid == 0) {
    FILE* f = std::freopen(log.c_str(), "w", stderr);
    (void)f;
    // Names by rules rather than the tagger: its model takes most of a small
    // ingest's time to load, and the kills are meant to land in the store's work.
    ::setenv("PARALLAX_NER_MODEL", "/nonexistent/parallax-store-test.model", 1);
    if (fsize_limit > 0) {
      rlimit r{fsize_limit, fsize_limit};
      ::setrlimit(RLIMIT_FSIZE, &r);
    }
    std::vector<std::string> args = {"parallax", "ingest", "--db", db, "--at", at, "--threads", "1"};
    args.insert(args.end(), dirs.begin(), dirs.end());
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(Binary().c_str(), argv.data());
    ::_exit(127);
  }
  return c;
}

int Wait(const Child& c) {
  int status = 0;
  ::waitpid(c.pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// PRAGMA integrity_check is "ok", every recorded batch has all its
// articles, and every live story's articles point back at it.
void ExpectConsistent(const std::string& db_path) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
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
  if (one("SELECT count(*) FROM sqlite_master") != "0") {
    EXPECT_EQ(one("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(one("SELECT count(*) FROM batches b WHERE b.new_articles + b.duplicates != "
                  "(SELECT count(*) FROM articles a WHERE a.batch = b.id)"),
              "0");
    EXPECT_EQ(one("SELECT count(*) FROM articles WHERE batch NOT IN (SELECT id FROM batches)"), "0");
    EXPECT_EQ(one("SELECT count(*) FROM articles WHERE story IS NULL OR story NOT IN "
                  "(SELECT n FROM stories WHERE merged_into IS NULL AND report IS NOT NULL)"),
              "0");
    EXPECT_EQ(one("SELECT count(*) FROM stories WHERE merged_into IS NULL AND report IS NULL"), "0");
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, "INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)", nullptr,
                           nullptr, &err),
              SQLITE_OK)
        << (err ? err : "");
    sqlite3_free(err);
  }
  sqlite3_close(db);
}

// Three days of the examples, one directory each.
std::vector<std::string> DayDirs(const TempDir& dir) {
  std::map<std::string, std::vector<fs::path>> by_day;
  IngestResult in = ReadInputs({ExamplesDir()}, IngestOptions{});
  std::set<std::string> seen;
  for (const auto& a : in.articles) {
    fs::path file = a.path.substr(0, a.path.find(':'));
    if (!seen.insert(file.string()).second) continue;
    by_day[a.published.value_or("~").substr(0, 10)].push_back(file);
  }
  std::vector<std::string> out;
  for (const auto& [day, files] : by_day) {
    const std::string d = dir / ("day-" + day);
    fs::create_directories(d);
    for (const auto& f : files) fs::copy_file(f, d + "/" + f.filename().string(), fs::copy_options::skip_existing);
    out.push_back(d);
  }
  return out;
}

TEST(StoreCrash, KillNineDuringIngestLosesNoCommittedBatchAndTheNextIngestFinishes) {
  if (!fs::exists(Binary())) GTEST_SKIP() << "needs the built binary " << Binary();
  TempDir dir;
  const std::vector<std::string> days = DayDirs(dir);
  ASSERT_GE(days.size(), 3u);
  // How long each day's ingest takes, to aim the kills inside it.
  const std::string db = dir / "news.db";
  const std::string ref = dir / "ref.db";
  std::vector<long> span_us;
  for (std::size_t d = 0; d < days.size(); ++d) {
    auto t0 = std::chrono::steady_clock::now();
    ASSERT_EQ(Wait(StartIngest(ref, {days[d]}, "2025-03-0" + std::to_string(3 + d) + "T00:00:00Z", dir / "log")), 0)
        << ReadFile(dir / "log");
    span_us.push_back(static_cast<long>(
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count()));
  }
  std::mt19937 rng(20261207);
  constexpr int kKills = 50;
  std::size_t next_day = 0;
  int killed = 0;
  for (int k = 0; k < kKills; ++k) {
    const std::size_t d = next_day % days.size();
    Child c = StartIngest(db, {days[d]}, "2025-03-0" + std::to_string(3 + d) + "T00:00:00Z", dir / "log");
    std::this_thread::sleep_for(
        std::chrono::microseconds(std::uniform_int_distribution<long>(0, span_us[d] * 9 / 10)(rng)));
    ::kill(c.pid, SIGKILL);
    int rc = Wait(c);
    if (rc == 0) ++next_day;  // finished before the kill
    if (rc == 128 + SIGKILL) ++killed;
    ExpectConsistent(db);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(killed, kKills / 2);
  // The next ingests finish the job: the same stories as never killed.
  for (std::size_t d = 0; d < days.size(); ++d) {
    ASSERT_EQ(Wait(StartIngest(db, {days[d]}, "2025-03-0" + std::to_string(3 + d) + "T00:00:00Z", dir / "log")), 0)
        << ReadFile(dir / "log");
  }
  ExpectConsistent(db);
  auto a = OpenStore(db, ReadOnly());
  auto b = OpenStore(ref, ReadOnly());
  ASSERT_TRUE(a.ok() && b.ok());
  auto ea = (*a)->Export();
  auto eb = (*b)->Export();
  ASSERT_TRUE(ea.ok() && eb.ok());
  EXPECT_EQ(ea->articles.size(), eb->articles.size());
  EXPECT_EQ(Memberships(ea->stories), Memberships(eb->stories));
}

TEST(StoreCrash, AFileSizeLimitFailsTheBatchAndLeavesTheStoreIntact) {
  if (!fs::exists(Binary())) GTEST_SKIP() << "needs the built binary " << Binary();
  TempDir dir;
  const std::vector<std::string> days = DayDirs(dir);
  const std::string db = dir / "news.db";
  ASSERT_EQ(Wait(StartIngest(db, {days[0]}, "2025-03-03T00:00:00Z", dir / "log")), 0) << ReadFile(dir / "log");
  auto count = [&] {
    auto s = OpenStore(db, ReadOnly());
    EXPECT_TRUE(s.ok());
    auto e = (*s)->Export();
    return e.ok() ? e->articles.size() : 0;
  };
  const std::size_t before = count();
  // The other days do not fit in a file of 8 KiB more than the store now is.
  std::uintmax_t size = fs::file_size(db) + (fs::exists(db + "-wal") ? fs::file_size(db + "-wal") : 0);
  const std::vector<std::string> rest(days.begin() + 1, days.end());
  int rc = Wait(StartIngest(db, rest, "2025-03-05T00:00:00Z", dir / "log", size + 8192));
  EXPECT_EQ(rc, 2) << ReadFile(dir / "log");
  const std::string log = ReadFile(dir / "log");
  EXPECT_TRUE(log.find("I/O error") != std::string::npos || log.find("disk full") != std::string::npos) << log;
  ExpectConsistent(db);
  EXPECT_EQ(count(), before);
  // Without the limit the same ingest goes through.
  ASSERT_EQ(Wait(StartIngest(db, rest, "2025-03-05T00:00:00Z", dir / "log")), 0) << ReadFile(dir / "log");
  ExpectConsistent(db);
  EXPECT_GT(count(), before);
}

TEST(StoreCrash, ReadersDuringAnIngestSeeTheLastCommittedBatch) {
  if (!fs::exists(Binary())) GTEST_SKIP() << "needs the built binary " << Binary();
  TempDir dir;
  const std::vector<std::string> days = DayDirs(dir);
  const std::string db = dir / "news.db";
  ASSERT_EQ(Wait(StartIngest(db, {days[0]}, "2025-03-03T00:00:00Z", dir / "log")), 0) << ReadFile(dir / "log");
  auto count = [&](std::size_t* articles) {
    auto s = OpenStore(db, ReadOnly());
    if (!s.ok()) return false;
    auto e = (*s)->Export();
    if (!e.ok()) return false;
    *articles = e->articles.size();
    return true;
  };
  std::size_t before = 0;
  ASSERT_TRUE(count(&before));
  const std::vector<std::string> rest(days.begin() + 1, days.end());
  Child c = StartIngest(db, rest, "2025-03-05T00:00:00Z", dir / "log");
  std::set<std::size_t> seen;
  int reads = 0;
  for (int i = 0; i < 2000; ++i) {
    int status = 0;
    if (::waitpid(c.pid, &status, WNOHANG) == c.pid) {
      c.pid = -1;
      ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << ReadFile(dir / "log");
      break;
    }
    std::size_t n = 0;
    ASSERT_TRUE(count(&n)) << "a reader failed while the ingest wrote";
    seen.insert(n);
    ++reads;
  }
  if (c.pid > 0) {
    EXPECT_EQ(Wait(c), 0);
  }
  std::size_t after = 0;
  ASSERT_TRUE(count(&after));
  EXPECT_GT(after, before);
  EXPECT_GT(reads, 0);
  // Every read saw the store before the batch or after it, nothing between.
  for (std::size_t n : seen) EXPECT_TRUE(n == before || n == after) << n;
}

TEST(StoreCrash, TwoIngestsAtOnceBothLand) {
  if (!fs::exists(Binary())) GTEST_SKIP() << "needs the built binary " << Binary();
  TempDir dir;
  const std::vector<std::string> days = DayDirs(dir);
  const std::string db = dir / "news.db";
  Child a = StartIngest(db, {days[0]}, "2025-03-03T00:00:00Z", dir / "log-a");
  Child b = StartIngest(db, {days[1]}, "2025-03-04T00:00:00Z", dir / "log-b");
  EXPECT_EQ(Wait(a), 0) << ReadFile(dir / "log-a");
  EXPECT_EQ(Wait(b), 0) << ReadFile(dir / "log-b");
  ExpectConsistent(db);
  auto s = OpenStore(db, ReadOnly());
  ASSERT_TRUE(s.ok());
  auto e = (*s)->Export();
  ASSERT_TRUE(e.ok());
  IngestResult in = ReadInputs({days[0], days[1]}, IngestOptions{});
  EXPECT_EQ(e->articles.size(), in.articles.size());
}


// Runs the binary through the shell; returns the exit status, fills out/err.
int RunCli(const std::string& args, std::string* out, std::string* err, const TempDir& dir) {
  const std::string o = dir / "cli.out", e = dir / "cli.err";
  int status = std::system((Binary() + " " + args + " >" + o + " 2>" + e).c_str());
  *out = ReadFile(o);
  *err = ReadFile(e);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(StoreCli, IngestStoriesStorySearchExportAndTheirErrors) {
  if (!fs::exists(Binary())) GTEST_SKIP() << "needs the built binary " << Binary();
  TempDir dir;
  WriteMergeInputs(dir);
  const std::string db = dir / "news.db";
  std::string out, err;
  ASSERT_EQ(RunCli("ingest --db " + db + " " + (dir / "d1") + " --at 2025-04-01T12:00:00Z", &out, &err, dir), 0) << err;
  EXPECT_NE(err.find("2 new"), std::string::npos) << err;
  EXPECT_NE(err.find("2 stories created"), std::string::npos) << err;
  ASSERT_EQ(RunCli("ingest --db " + db + " - --at 2025-04-02T12:00:00Z <" + (dir / "d2/both.txt"), &out, &err, dir), 0)
      << err;
  EXPECT_NE(err.find("1 merged"), std::string::npos) << err;
  ASSERT_EQ(RunCli("stories --db " + db + " --format json", &out, &err, dir), 0) << err;
  auto list = nlohmann::json::parse(out);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], "1");
  EXPECT_EQ(list[0]["articles"], 3);
  // The merged id says so and shows the surviving story, with what is new.
  ASSERT_EQ(RunCli("story --db " + db + " 2 --format json --since 2025-04-01T18:00:00Z", &out, &err, dir), 0) << err;
  EXPECT_NE(err.find("merged into story 1"), std::string::npos) << err;
  auto story = nlohmann::json::parse(out);
  EXPECT_EQ(story["merged_into"], "1");
  EXPECT_EQ(story["stories"][0]["id"], "1");
  ASSERT_TRUE(story["changes"].is_array());
  bool new_outlet = false;
  for (const auto& c : story["changes"]) new_outlet = new_outlet || (c["kind"] == "new_outlet" && c["text"] == "Wendle Gazette");
  EXPECT_TRUE(new_outlet) << story["changes"].dump();
  ASSERT_EQ(RunCli("story --db " + db + " 1 --since 2025-04-01T18:00:00Z", &out, &err, dir), 0) << err;
  EXPECT_NE(out.find("### New since 2025-04-01T18:00:00Z"), std::string::npos) << out;
  ASSERT_EQ(RunCli("story --db " + db + " 1 --format html --since 2025-04-01T18:00:00Z", &out, &err, dir), 0) << err;
  EXPECT_NE(out.find("<h2>New since 2025-04-01T18:00:00Z</h2>"), std::string::npos);
  EXPECT_EQ(RunCli("story --db " + db + " 1 --since yesterday", &out, &err, dir), 2);
  EXPECT_NE(err.find("ISO 8601"), std::string::npos) << err;
  ASSERT_EQ(RunCli("story --db " + db + " 1 --format json --since '2025-04-01 18:00'", &out, &err, dir), 0) << err;
  EXPECT_EQ(nlohmann::json::parse(out)["since"], "2025-04-01T18:00");
  EXPECT_EQ(RunCli("story --db " + db + " 77", &out, &err, dir), 1);
  EXPECT_NE(err.find("no story '77'"), std::string::npos) << err;
  // Search: hits marked; a malformed query is exit 2 with a message, and
  // SQL in a query is only text.
  ASSERT_EQ(RunCli("search --db " + db + " '\"ferry sailings\" tolland' --format json", &out, &err, dir), 0) << err;
  auto hits = nlohmann::json::parse(out);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_NE(hits[0]["snippet"].get<std::string>().find("\u00ab"), std::string::npos);
  EXPECT_EQ(RunCli("search --db " + db + " '\"ferry sailings'", &out, &err, dir), 2);
  EXPECT_NE(err.find("unclosed quotation mark"), std::string::npos) << err;
  EXPECT_EQ(RunCli("search --db " + db + " \"x'); DROP TABLE articles; --\"", &out, &err, dir), 2);
  EXPECT_NE(err.find("')' without a matching '('"), std::string::npos) << err;
  EXPECT_EQ(RunCli("search --db " + db + " \"1; DROP TABLE articles; --\"", &out, &err, dir), 0) << err;
  ASSERT_EQ(RunCli("export --db " + db, &out, &err, dir), 0) << err;
  auto exported = nlohmann::json::parse(out);
  EXPECT_EQ(exported["articles"].size(), 3u);
  EXPECT_EQ(exported["stories"].size(), 1u);
  // A file that is not a store: exit 2, left as it was.
  WriteFile(dir / "notes.txt", "my notes\n");
  EXPECT_EQ(RunCli("ingest --db " + (dir / "notes.txt") + " " + (dir / "d1"), &out, &err, dir), 2);
  EXPECT_NE(err.find("not a Parallax store"), std::string::npos) << err;
  EXPECT_EQ(ReadFile(dir / "notes.txt"), "my notes\n");
  EXPECT_EQ(RunCli("stories --db " + (dir / "missing.db"), &out, &err, dir), 2);
}

}  // namespace
}  // namespace parallax
