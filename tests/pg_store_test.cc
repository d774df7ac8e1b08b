// Tests of the PostgreSQL store beyond the behaviour tests it shares with
// SQLite (store_test.cc, Backends/StoreOn.*): the tsquery translation,
// refusal of foreign and newer databases, hostile search text, and two
// ingests racing on purpose on overlapping inputs; a worker killed between
// a batch's membership commit and its reports, repaired by the next batch;
// the store revision that keeps the web server's cache; the per-article
// analysis cache, and the migration of a version-2 store.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <barrier>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "ingest/reader.h"
#include "report/report.h"
#include "pg_test_util.h"
#include "store/codec.h"
#include "store/fts_query.h"
#include "store/pg_db.h"
#include "store/pg_store.h"
#include "store/store.h"
#include "store_test_util.h"

namespace parallax {
namespace {

namespace fs = std::filesystem;
using namespace store_testing;
using store_internal::PgDb;
using store_internal::ToTsQuery;

// One statement on a connection of its own, for a test's setup; Count
// reads one number back.
void Exec(const std::string& uri, const std::string& sql) {
  PgDb db;
  ASSERT_TRUE(db.Connect(uri).ok()) << uri;
  db.Exec(sql);
}

std::int64_t Count(const std::string& uri, const std::string& sql) {
  PgDb db;
  EXPECT_TRUE(db.Connect(uri).ok()) << uri;
  return db.Exec(sql).Int(0, 0);
}

TEST(PgSearchQuery, WordsPhrasesPrefixesAndOperatorsBecomeQuotedLexemes) {
  EXPECT_EQ(*ToTsQuery("\"dock strike\" brez* OR union"), "('dock' <-> 'strike') & 'brez':* | 'union'");
  EXPECT_EQ(*ToTsQuery("strike NOT football"), "'strike' & !'football'");
  EXPECT_EQ(*ToTsQuery("(a OR b) AND c"), "('a' | 'b') & 'c'");
  // tsquery syntax in user text stays inside quotes.
  EXPECT_EQ(*ToTsQuery("o'neil a&b !c:*"), "'o''neil' & 'a&b' & '!c:':*");
  EXPECT_EQ(*ToTsQuery("back\\slash"), "'back\\\\slash'");
  // The same errors as the FTS5 translation.
  for (const char* bad : {"", "\"open", "a OR", "NOT a", "(a", "a)", "*", "\"...\""}) {
    auto r = ToTsQuery(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
    }
  }
}

TEST(PgStore, RefusesForeignNewerAndEmptyReadOnlyDatabasesAndNeverWritesThem) {
  const std::string foreign = PG_TEST_DATABASE();
  PG_SKIP_IF_UNAVAILABLE(foreign);
  Exec(foreign, "CREATE TABLE customers(id integer)");
  auto s = OpenStore(foreign);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(s.status().message().find("not a Parallax store"), std::string::npos) << s.status().message();
  EXPECT_EQ(Count(foreign, "SELECT (to_regclass('articles') IS NOT NULL)::integer"), 0);  // untouched

  const std::string newer = PG_TEST_DATABASE();
  ASSERT_TRUE(MustOpen(newer));
  Exec(newer, "UPDATE parallax_meta SET value = '99' WHERE key = 'schema_version'");
  auto n = OpenStore(newer);
  ASSERT_FALSE(n.ok());
  EXPECT_NE(n.status().message().find("newer"), std::string::npos) << n.status().message();

  const std::string empty = PG_TEST_DATABASE();
  auto r = OpenStore(empty, ReadOnly());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not a Parallax store yet"), std::string::npos) << r.status().message();

  // The password of a URI never shows in a message.
  auto bad = OpenStore("postgresql://someone:s3cret@/nodb?host=/nonexistent-socket-dir");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().find("s3cret"), std::string::npos) << bad.status().message();
}

TEST(PgStore, HostileSearchTextIsSearchedForOrRefusedNeverRunAsSql) {
  const std::string uri = PG_TEST_DATABASE();
  PG_SKIP_IF_UNAVAILABLE(uri);
  auto store = MustOpen(uri);
  ASSERT_TRUE(store);
  MustIngest(*store, {ExamplesDir()});
  for (const char* q : {"x'; DROP TABLE articles; --", "a & b | !c", "strike:*", "'", "\\", "<->", "robot <-> cranes"}) {
    auto hits = store->Search(Q(q));
    if (!hits.ok()) {
      EXPECT_EQ(hits.status().code(), StatusCode::kInvalidArgument) << q << ": " << hits.status().message();
    }
  }
  auto still = store->Search(Q("robot cranes"));
  ASSERT_TRUE(still.ok()) << still.status().message();
  EXPECT_EQ(still->size(), 1u);
  auto list = store->ListStories({});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 5u);
}

// Two ingests started at the same moment on overlapping inputs (the
// examples in both, plus a different day of the merge scenario each),
// through two connections, three times over: both succeed, every article
// is stored exactly once, and the stories are those of one ingest of
// everything (no event split in two because the two raced).
TEST(PgStoreRace, TwoIngestsRacingOnOverlappingInputsStoreEachArticleOnceAndOneStoryPerEvent) {
  TempDir dir;
  WriteMergeInputs(dir);
  const std::string single = PG_TEST_DATABASE();
  PG_SKIP_IF_UNAVAILABLE(single);
  std::set<std::vector<std::string>> expected;
  {
    auto store = MustOpen(single);
    ASSERT_TRUE(store);
    MustIngest(*store, {ExamplesDir(), dir / "d1", dir / "d2"});
    auto all = store->Export();
    ASSERT_TRUE(all.ok());
    expected = Memberships(all->stories);
  }
  for (int round = 0; round < 3; ++round) {
    const std::string uri = PG_TEST_DATABASE();
    auto a = MustOpen(uri);
    auto b = MustOpen(uri);
    ASSERT_TRUE(a && b);
    IngestResult in_a = ReadInputs({ExamplesDir(), dir / "d1"}, IngestOptions{});
    IngestResult in_b = ReadInputs({dir / "d2", ExamplesDir()}, IngestOptions{});
    std::barrier start(2);
    Result<StoreIngestSummary> sa = Status{StatusCode::kInternal, "not run"}, sb = sa;
    auto run = [&](Store& s, IngestResult& in, Result<StoreIngestSummary>& out) {
      StoreIngestOptions opt;
      opt.engine.threads = 1;
      start.arrive_and_wait();
      out = s.Ingest(std::move(in.articles), std::move(in.errors), opt);
    };
    std::thread ta(run, std::ref(*a), std::ref(in_a), std::ref(sa));
    std::thread tb(run, std::ref(*b), std::ref(in_b), std::ref(sb));
    ta.join();
    tb.join();
    ASSERT_TRUE(sa.ok()) << sa.status().message();
    ASSERT_TRUE(sb.ok()) << sb.status().message();
    EXPECT_EQ(sa->new_articles + sa->duplicates + sb->new_articles + sb->duplicates, 12u) << "round " << round;
    EXPECT_EQ(sa->unchanged + sb->unchanged, 9u) << "round " << round;
    auto all = a->Export();
    ASSERT_TRUE(all.ok());
    std::set<std::string> ids;
    for (const Article& art : all->articles) ids.insert(art.id);
    EXPECT_EQ(all->articles.size(), 12u);
    EXPECT_EQ(ids.size(), 12u);
    EXPECT_EQ(Memberships(all->stories), expected) << "round " << round;
  }
}


std::string Cards(const std::vector<StoryCard>& cards) {
  std::string out;
  for (const StoryCard& c : cards) {
    out += c.id + "|" + c.title + "|" + std::to_string(c.articles) + "|" + std::to_string(c.outlets) + "|" +
           c.first_published.value_or("-") + "|" + c.last_published.value_or("-") + "|" + c.summary.value_or("-") + "|" +
           std::to_string(c.facts) + "|" + std::to_string(c.quotes) + "|";
    for (const OutletCount& o : c.outlet_counts) out += o.name + "=" + std::to_string(o.articles) + ",";
    out += "\n";
  }
  return out;
}

// The web server's browse queries give the same answers on both backends.
TEST(PgBrowse, TheSameAnswersAsTheSqliteStoreOnTheExamples) {
  TempDir dir;
  const std::string uri = PG_TEST_DATABASE();
  PG_SKIP_IF_UNAVAILABLE(uri);
  auto pg = MustOpen(uri);
  auto lite = MustOpen(dir / "news.db");
  ASSERT_TRUE(pg && lite);
  MustIngest(*pg, {ExamplesDir()}, "2025-03-05T00:00:00Z");
  MustIngest(*lite, {ExamplesDir()}, "2025-03-05T00:00:00Z");
  for (StorySort sort : {StorySort::kNewest, StorySort::kCoverage}) {
    StoryCardQuery q;
    q.sort = sort;
    q.limit = 2;
    std::string all_pg, all_lite;
    for (int page = 0; page < 5; ++page) {
      auto a = pg->ListStoryCards(q);
      auto b = lite->ListStoryCards(q);
      ASSERT_TRUE(a.ok()) << a.status().message();
      ASSERT_TRUE(b.ok()) << b.status().message();
      EXPECT_EQ(Cards(a->cards), Cards(b->cards));
      EXPECT_EQ(a->next_cursor, b->next_cursor);
      all_pg += Cards(a->cards);
      if (!a->next_cursor) break;
      q.cursor = *a->next_cursor;
    }
    EXPECT_FALSE(all_pg.empty());
  }
  StoryCardQuery f;
  f.query = "strike";
  f.outlet = std::string("The Northern Ledger");
  auto fa = pg->ListStoryCards(f);
  auto fb = lite->ListStoryCards(f);
  ASSERT_TRUE(fa.ok() && fb.ok());
  EXPECT_EQ(Cards(fa->cards), Cards(fb->cards));
  EXPECT_EQ(fa->cards.size(), 1u);
  f.cursor = "x.y";
  EXPECT_EQ(pg->ListStoryCards(f).status().code(), StatusCode::kInvalidArgument);

  auto art_a = pg->GetArticle("daily-flare-strike");
  auto art_b = lite->GetArticle("daily-flare-strike");
  ASSERT_TRUE(art_a.ok() && art_b.ok());
  EXPECT_EQ(art_a->article.text, art_b->article.text);
  EXPECT_EQ(art_a->story, art_b->story);
  EXPECT_EQ(art_a->story_title, art_b->story_title);
  EXPECT_EQ(pg->GetArticle("nope").status().code(), StatusCode::kNotFound);

  auto ea = pg->ListEntities("", 100);
  auto eb = lite->ListEntities("", 100);
  ASSERT_TRUE(ea.ok() && eb.ok());
  ASSERT_EQ(ea->size(), eb->size());
  for (std::size_t i = 0; i < ea->size(); ++i) {
    EXPECT_EQ((*ea)[i].name, (*eb)[i].name);
    EXPECT_EQ((*ea)[i].stories, (*eb)[i].stories);
  }
  auto pa = pg->ListEntities("tob", 10);
  auto pb = lite->ListEntities("tob", 10);
  ASSERT_TRUE(pa.ok() && pb.ok());
  EXPECT_EQ(pa->size(), pb->size());
  auto ga = pg->GetEntity("tobias renn");
  auto gb = lite->GetEntity("tobias renn");
  ASSERT_TRUE(ga.ok() && gb.ok()) << ga.status().message();
  EXPECT_EQ(ga->name, gb->name);
  EXPECT_EQ(Cards(ga->stories), Cards(gb->stories));
  EXPECT_EQ(ga->quotes.size(), gb->quotes.size());

  auto oa = pg->ListOutlets();
  auto ob = lite->ListOutlets();
  ASSERT_TRUE(oa.ok() && ob.ok());
  ASSERT_EQ(oa->size(), ob->size());
  for (std::size_t i = 0; i < oa->size(); ++i) EXPECT_EQ((*oa)[i].name, (*ob)[i].name);
  auto va = pg->GetOutlet("The Northern Ledger");
  auto vb = lite->GetOutlet("The Northern Ledger");
  ASSERT_TRUE(va.ok() && vb.ok());
  EXPECT_EQ(va->articles, vb->articles);
  EXPECT_EQ(Cards(va->stories), Cards(vb->stories));
  EXPECT_EQ(va->terms.size(), vb->terms.size());
  EXPECT_EQ(pg->GetOutlet("Nobody").status().code(), StatusCode::kNotFound);
}


// As Store.AWriterThatCannotGetTheLock... for SQLite: another process holds
// the ingest lock past the busy timeout.
TEST(PgStore, AWriterThatCannotGetTheLockSaysTheStoreIsBusyAndWritesNothing) {
  const std::string uri = PG_TEST_DATABASE();
  PG_SKIP_IF_UNAVAILABLE(uri);
  StoreOpenOptions quick;
  quick.busy_timeout_ms = 100;
  auto opened = OpenStore(uri, quick);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  auto& store = *opened;
  PgDb other;
  ASSERT_TRUE(other.Connect(uri).ok());
  other.Exec("BEGIN");
  other.Exec("SELECT pg_advisory_xact_lock($1)", {store_internal::kIngestLock});
  IngestResult in = ReadInputs({ExamplesDir()}, IngestOptions{});
  auto sum = store->Ingest(in.articles, {}, StoreIngestOptions{});
  ASSERT_FALSE(sum.ok());
  EXPECT_NE(sum.status().message().find("busy"), std::string::npos) << sum.status().message();
  other.Exec("ROLLBACK");
  auto list = store->ListStories({});
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
  auto again = store->Ingest(std::move(in.articles), {}, StoreIngestOptions{});
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->new_articles, 9u);
}


// A worker killed (SIGKILL) after a batch committed its articles and story
// memberships, before it wrote the stories' reports: the touched stories
// stay marked stale, readers still see complete reports (the old ones; a
// new story is hidden), and the next ingest of any worker, even one that
// adds nothing, re-analyses them first: the store is then exactly what an
// uninterrupted run stores.
TEST(PgStoreCrash, AWorkerKilledBeforeItsReportsLeavesStaleStoriesThatTheNextIngestRepairs) {
  TempDir dir;
  WriteMergeInputs(dir);
  const std::string ref = PG_TEST_DATABASE();
  PG_SKIP_IF_UNAVAILABLE(ref);
  const std::string uri = PG_TEST_DATABASE();
  std::string expected;
  std::size_t stories_before = 0;
  {
    auto store = MustOpen(ref);
    ASSERT_TRUE(store);
    MustIngest(*store, {ExamplesDir(), dir / "d1"}, "2026-12-07T09:00:00Z");
    MustIngest(*store, {dir / "d2"}, "2026-12-07T10:00:00Z");
    auto all = store->Export();
    ASSERT_TRUE(all.ok());
    expected = RenderJson(*all);
  }
  {
    auto store = MustOpen(uri);
    ASSERT_TRUE(store);
    MustIngest(*store, {ExamplesDir(), dir / "d1"}, "2026-12-07T09:00:00Z");
    auto all = store->Export();
    ASSERT_TRUE(all.ok());
    stories_before = all->stories.size();
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    store_internal::g_pg_after_membership_commit = [] { ::raise(SIGKILL); };
    auto store = OpenStore(uri);
    if (!store.ok()) ::_exit(3);
    IngestResult in = ReadInputs({dir / "d2"}, IngestOptions{});
    StoreIngestOptions opt;
    opt.at = "2026-12-07T10:00:00Z";
    opt.engine.threads = 1;
    (void)(*store)->Ingest(std::move(in.articles), std::move(in.errors), opt);
    ::_exit(4);  // not reached
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
  // The batch's articles and memberships are there; its stories are stale.
  EXPECT_EQ(Count(uri, "SELECT count(*) FROM batches"), 2);
  EXPECT_GT(Count(uri, "SELECT count(*) FROM stories WHERE stale_batch = 2"), 0);
  {
    auto store = MustOpen(uri);
    ASSERT_TRUE(store);
    auto all = store->Export();
    ASSERT_TRUE(all.ok()) << all.status().message();
    EXPECT_EQ(all->articles.size(), 12u);
    // The old reports, complete (the story merged into another by the
    // batch is no longer listed; the survivor's report follows).
    EXPECT_LE(all->stories.size(), stories_before);
    EXPECT_GT(all->stories.size(), 0u);
    EXPECT_NE(RenderJson(*all), expected);
  }
  // The next ingest (nothing new in it) repairs the stale stories.
  {
    auto store = MustOpen(uri);
    ASSERT_TRUE(store);
    const StoreIngestSummary again = MustIngest(*store, {dir / "d2"}, "2026-12-07T11:00:00Z");
    EXPECT_EQ(again.batch, 0);
    EXPECT_GT(again.unchanged, 0u);
    EXPECT_EQ(Count(uri, "SELECT count(*) FROM stories WHERE stale_batch IS NOT NULL"), 0);
    auto all = store->Export();
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(RenderJson(*all), expected);
  }
}

// The revision grows with every committed batch (and its reports), stays
// when an ingest changes nothing, and is the same for every reader.
TEST(PgStore, TheRevisionGrowsWithEveryBatchAndStaysWhenNothingChanges) {
  TempDir dir;
  WriteMergeInputs(dir);
  const std::string uri = PG_TEST_DATABASE();
  PG_SKIP_IF_UNAVAILABLE(uri);
  auto store = MustOpen(uri);
  ASSERT_TRUE(store);
  const std::optional<std::int64_t> empty = store->Revision();
  ASSERT_TRUE(empty.has_value());
  MustIngest(*store, {ExamplesDir()});
  const std::optional<std::int64_t> one = store->Revision();
  ASSERT_TRUE(one.has_value());
  EXPECT_GT(*one, *empty);
  MustIngest(*store, {ExamplesDir()});  // unchanged: no batch
  EXPECT_EQ(store->Revision(), one);
  auto opened = OpenStore(uri, ReadOnly());
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  auto& reader = *opened;
  EXPECT_EQ(reader->Revision(), one);
  MustIngest(*store, {dir / "d1"});
  const std::optional<std::int64_t> two = reader->Revision();
  ASSERT_TRUE(two.has_value());
  EXPECT_GT(*two, *one);
}


Store* g_later_writer = nullptr;
std::string g_later_input;

// A later batch that touches the same stories commits AND writes its
// reports between an earlier batch's membership commit and that batch's
// reports: the earlier batch's analysis (of an older membership) must not
// overwrite them (the compare-and-set on stale_batch), and the store ends as
// the two batches in order would leave it.
TEST(PgStoreRace, AnOlderAnalysisNeverOverwritesTheReportOfALaterBatch) {
  TempDir dir;
  WriteMergeInputs(dir);
  const std::string ref = PG_TEST_DATABASE();
  PG_SKIP_IF_UNAVAILABLE(ref);
  const std::string uri = PG_TEST_DATABASE();
  std::string expected;
  {
    auto store = MustOpen(ref);
    ASSERT_TRUE(store);
    MustIngest(*store, {ExamplesDir()}, "2026-12-07T09:00:00Z");
    MustIngest(*store, {dir / "d1"}, "2026-12-07T10:00:00Z");
    MustIngest(*store, {dir / "d2"}, "2026-12-07T11:00:00Z");
    auto all = store->Export();
    ASSERT_TRUE(all.ok());
    expected = RenderJson(*all);
  }
  auto early = MustOpen(uri);
  auto later = MustOpen(uri);
  ASSERT_TRUE(early && later);
  MustIngest(*early, {ExamplesDir()}, "2026-12-07T09:00:00Z");
  g_later_writer = later.get();
  g_later_input = dir / "d2";
  store_internal::g_pg_after_membership_commit = [] {
    store_internal::g_pg_after_membership_commit = nullptr;  // the later batch runs without the seam
    MustIngest(*g_later_writer, {g_later_input}, "2026-12-07T11:00:00Z");
  };
  const StoreIngestSummary sum = MustIngest(*early, {dir / "d1"}, "2026-12-07T10:00:00Z");
  store_internal::g_pg_after_membership_commit = nullptr;
  EXPECT_EQ(sum.batch, 2);
  EXPECT_EQ(Count(uri, "SELECT count(*) FROM batches"), 3);
  EXPECT_EQ(Count(uri, "SELECT count(*) FROM stories WHERE stale_batch IS NOT NULL"), 0);
  auto all = early->Export();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(RenderJson(*all), expected);
}


// A store of schema version 2 (no article_analysis, the band index with its
// GIN pending list) is refused read-only, upgraded by the next ingest's
// open, and then ingests exactly as a store created at the current version.
TEST(PgStore, AVersion2StoreIsMigratedAndIngestsAsANewOne) {
  TempDir dir;
  WriteMergeInputs(dir);
  const std::string ref = PG_TEST_DATABASE();
  PG_SKIP_IF_UNAVAILABLE(ref);
  const std::string uri = PG_TEST_DATABASE();
  for (const std::string& u : {ref, uri}) {
    auto store = MustOpen(u);
    ASSERT_TRUE(store);
    MustIngest(*store, {ExamplesDir()}, "2026-12-07T09:00:00Z");
  }
  Exec(uri, "DROP TABLE article_analysis");
  Exec(uri, "ALTER INDEX articles_by_band SET (fastupdate = on)");
  Exec(uri, "UPDATE parallax_meta SET value = '2' WHERE key = 'schema_version'");
  auto reader = OpenStore(uri, ReadOnly());
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.status().message().find("older store"), std::string::npos) << reader.status().message();
  EXPECT_EQ(Count(uri, "SELECT count(*) FROM pg_class WHERE relname = 'article_analysis'"), 0);
  std::string expected;
  {
    auto store = MustOpen(ref);
    ASSERT_TRUE(store);
    MustIngest(*store, {dir / "d1"}, "2026-12-07T10:00:00Z");
    auto all = store->Export();
    ASSERT_TRUE(all.ok());
    expected = RenderJson(*all);
  }
  auto store = MustOpen(uri);
  ASSERT_TRUE(store);
  EXPECT_EQ(Count(uri, "SELECT value::bigint FROM parallax_meta WHERE key = 'schema_version'"),
            store_internal::kPgSchemaVersion);
  EXPECT_EQ(Count(uri, "SELECT count(*) FROM pg_class WHERE relname = 'articles_by_band' "
                       "AND 'fastupdate=off' = ANY(reloptions)"),
            1);
  MustIngest(*store, {dir / "d1"}, "2026-12-07T10:00:00Z");
  EXPECT_GT(Count(uri, "SELECT count(*) FROM article_analysis"), 0);
  auto all = store->Export();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(RenderJson(*all), expected);
}

}  // namespace
}  // namespace parallax
