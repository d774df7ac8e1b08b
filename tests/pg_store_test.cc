// Tests of the PostgreSQL store beyond the behaviour tests it shares with
// SQLite (store_test.cc, Backends/StoreOn.*): the tsquery translation,
// refusal of foreign and newer databases, hostile search text, and two
// ingests racing on purpose on overlapping inputs.

#include <gtest/gtest.h>

#include <algorithm>
#include <barrier>
#include <filesystem>
#include <set>
#include <thread>

#include "ingest/reader.h"
#include "pg_test_util.h"
#include "store/fts_query.h"
#include "store/pg_db.h"
#include "store/store.h"
#include "store_test_util.h"

namespace parallax {
namespace {

namespace fs = std::filesystem;
using namespace store_testing;
using store_internal::PgDb;
using store_internal::ToTsQuery;

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
  {
    PgDb db;
    ASSERT_TRUE(db.Connect(foreign).ok());
    db.Exec("CREATE TABLE customers(id integer)");
  }
  auto s = OpenStore(foreign);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(s.status().message().find("not a Parallax store"), std::string::npos) << s.status().message();
  {
    PgDb db;
    ASSERT_TRUE(db.Connect(foreign).ok());
    EXPECT_FALSE(db.Exec("SELECT to_regclass('articles') IS NOT NULL").Bool(0, 0));  // untouched
  }

  const std::string newer = PG_TEST_DATABASE();
  ASSERT_TRUE(MustOpen(newer));
  {
    PgDb db;
    ASSERT_TRUE(db.Connect(newer).ok());
    db.Exec("UPDATE parallax_meta SET value = '99' WHERE key = 'schema_version'");
  }
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

}  // namespace
}  // namespace parallax
