#include <gtest/gtest.h>

#include <map>
#include <numeric>
#include <random>

#include "cluster_test_util.h"
#include "clean/cleaner.h"
#include "cluster/cluster.h"
#include "cluster/select_largest.h"
#include "dedup/dedup.h"
#include "eval/clustering_metrics.h"
#include "eval/events.h"
#include "shared_data.h"

namespace parallax {
namespace {

using cluster_testing::Make;

std::vector<Article> TwoEvents() {
  return {
      Make("q1", "Earthquake hits Varro",
           "A strong earthquake struck the city of Varro on Tuesday, toppling buildings. Rescue teams in Varro searched "
           "the rubble for survivors. Officials in Varro said the earthquake had a magnitude of 6.8."),
      Make("f1", "Lumatek unveils folding reader",
           "Lumatek unveiled a folding e-reader on Tuesday. The Lumatek device folds in half and costs 299 euros. "
           "Lumatek said the reader ships in May."),
      Make("q2", "Varro quake death toll rises",
           "The death toll from the Varro earthquake rose on Wednesday as rescue teams pulled more survivors from "
           "collapsed buildings. The magnitude 6.8 earthquake struck Varro on Tuesday."),
      Make("f2", "Hands on with the Lumatek folding reader",
           "We tried the folding e-reader Lumatek unveiled this week. The Lumatek reader folds in half; at 299 euros "
           "it is not cheap."),
  };
}

// SelectLargest (the candidate search's top-k) against std::nth_element,
// on key sets shaped like the ranking's (the overlap's float bits above,
// the complemented article id below: many equal overlaps, ids apart) and on
// sorted, reversed and random ones, for sizes around every branch.
TEST(SelectLargest, SameSetAsNthElement) {
  std::mt19937_64 rng(7);
  std::vector<std::uint64_t> scratch;
  int cases = 0;
  for (std::size_t n : {0, 1, 2, 9, 24, 25, 26, 61, 100, 480, 526, 1500}) {
    for (int shape = 0; shape < 4; ++shape) {
      std::vector<std::uint64_t> keys(n);
      for (std::size_t x = 0; x < n; ++x) {
        const std::uint64_t high = shape == 0   ? rng() >> 33          // random overlaps
                                   : shape == 1 ? rng() % 3            // few distinct overlaps
                                   : shape == 2 ? x / 7                // ascending
                                                : (n - x) / 5;         // descending
        keys[x] = high << 32 | (0xFFFFFFFFu - static_cast<std::uint32_t>(x));
      }
      for (std::size_t k : {std::size_t{0}, std::size_t{1}, std::size_t{5}, std::size_t{60}, n / 2, n > 0 ? n - 1 : 0, n, n + 3}) {
        std::vector<std::uint64_t> expected = keys;
        std::nth_element(expected.begin(), expected.begin() + static_cast<std::ptrdiff_t>(std::min(k, n)), expected.end(),
                         std::greater<std::uint64_t>());
        expected.resize(std::min(k, n));
        std::sort(expected.begin(), expected.end());
        std::vector<std::uint64_t> work = keys, got;
        SelectLargest(work.data(), work.size(), k, &scratch, [&](std::uint64_t key) { got.push_back(key); });
        std::sort(got.begin(), got.end());
        ASSERT_EQ(got, expected) << "n " << n << " k " << k << " shape " << shape;
        ++cases;
      }
    }
  }
  EXPECT_EQ(cases, 12 * 4 * 8);
}

TEST(Cluster, SameEventTogetherDifferentEventsApart) {
  auto stories = ClusterArticles(TwoEvents());
  ASSERT_EQ(stories.size(), 2u);
  std::vector<std::vector<std::size_t>> expect = {{0, 2}, {1, 3}};
  EXPECT_EQ(stories, expect);
}

TEST(Cluster, DeterministicAndHandlesEdgeCases) {
  EXPECT_TRUE(ClusterArticles(std::vector<Article>{}).empty());
  auto a = TwoEvents();
  EXPECT_EQ(ClusterArticles(a), ClusterArticles(a));
  std::vector<Article> one = {Make("x", "", "")};
  EXPECT_EQ(ClusterArticles(one).size(), 1u);
}

// The cosine's date damping (the same-event model, the default, has its
// own date features: same_event_test.cc): run with the cosine.
TEST(Cluster, FarApartDatesWeighLess) {
  auto a = TwoEvents();
  ClusterOptions opt;
  opt.same_event = nullptr;
  opt.date_floor = 0.0;  // make the date effect decisive for this test
  a[0].published = "2020-01-01";
  a[2].published = "2024-01-01";
  auto stories = ClusterArticles(a, opt);
  EXPECT_EQ(stories.size(), 3u);
}

std::vector<const Article*> Ptrs(const std::vector<Article>& articles) {
  std::vector<const Article*> p;
  for (const Article& a : articles) p.push_back(&a);
  return p;
}

TEST(StoryIndex, OneBatchIsTheBatchClustering) {
  auto a = TwoEvents();
  StoryIndex index;
  index.Add(Ptrs(a));
  EXPECT_EQ(index.size(), 4u);
  EXPECT_EQ(index.Stories(), ClusterArticles(a));
}

TEST(StoryIndex, ArticlesOneByOneJoinTheirStories) {
  auto a = TwoEvents();
  StoryIndex index;
  EXPECT_TRUE(index.Stories().empty());
  index.Add(a[0]);
  index.Add(a[1]);
  EXPECT_EQ(index.Stories().size(), 2u);
  index.Add(a[2]);
  index.Add(a[3]);
  std::vector<std::vector<std::size_t>> expect = {{0, 2}, {1, 3}};
  EXPECT_EQ(index.Stories(), expect);
  index.Add(std::vector<const Article*>{});  // an empty batch changes nothing
  EXPECT_EQ(index.Stories(), expect);
}

// Run with the cosine (not the default same-event model): its date
// damping is what is checked here.
TEST(StoryIndex, WindowBoundsTheSpanOfAStory) {
  auto a = TwoEvents();
  a[0].published = "2020-01-01";
  a[2].published = "2020-03-01";  // 60 days later: damped, but still one story
  ClusterOptions cosine;
  cosine.same_event = nullptr;
  EXPECT_EQ(ClusterArticles(a, cosine).size(), 2u);
  ClusterOptions opt = cosine;
  opt.window_days = 30;
  EXPECT_EQ(ClusterArticles(a, opt).size(), 3u);
  StoryIndex index(opt);
  index.Add(a[0]);
  index.Add(a[2]);
  EXPECT_EQ(index.Stories().size(), 2u);
  // Undated articles are not held to the window.
  a[2].published.reset();
  EXPECT_EQ(ClusterArticles(a, opt).size(), 2u);
}

// Save and Load: an index loaded from another's bytes goes on exactly as
// the saved one (same stories after the next batch), and bytes that are
// damaged or were saved under other options are refused.
TEST(StoryIndex, SavedStateLoadsAndGoesOnAsTheOriginal) {
  auto a = TwoEvents();
  StoryIndex original;
  original.Add(a[0]);
  original.Add(a[1]);
  const std::string bytes = original.Save();
  StoryIndex loaded;
  ASSERT_TRUE(loaded.Load(bytes));
  EXPECT_EQ(loaded.size(), 2u);
  EXPECT_EQ(loaded.Stories(), original.Stories());
  EXPECT_EQ(loaded.Save(), bytes);
  original.Add(std::vector<const Article*>{&a[2], &a[3]});
  loaded.Add(std::vector<const Article*>{&a[2], &a[3]});
  std::vector<std::vector<std::size_t>> expect = {{0, 2}, {1, 3}};
  EXPECT_EQ(loaded.Stories(), expect);
  EXPECT_EQ(loaded.Save(), original.Save());

  StoryIndex other;
  EXPECT_FALSE(other.Load(""));
  EXPECT_FALSE(other.Load("not a saved index"));
  EXPECT_FALSE(other.Load(bytes.substr(0, bytes.size() / 2)));
  // A damaged byte anywhere: refused, or loaded as some state whose
  // stories can still be listed (lengths, ranges and union-find cycles are
  // checked; a damaged weight or date is not detectable).
  std::size_t refused = 0;
  for (std::size_t at = 0; at < bytes.size(); at += 3) {
    std::string damaged = bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x55);
    StoryIndex some;
    if (!some.Load(damaged)) {
      ++refused;
      continue;
    }
    std::size_t listed = 0;
    for (const auto& story : some.Stories()) listed += story.size();
    EXPECT_EQ(listed, some.size()) << "byte " << at;
  }
  EXPECT_GT(refused, 0u);
  ClusterOptions looser;
  looser.threshold = 0.05;
  StoryIndex different(looser);
  EXPECT_FALSE(different.Load(bytes));
  EXPECT_EQ(different.size(), 0u);
}

// Format 4 (before the compact layout): the bytes a build of 2026-12-07
// (5d45d40) saved for these three articles, added as one article and then a
// batch of two. They load, and the loaded index is the one this build
// makes from the same articles (Save writes every member, in format 5).
TEST(StoryIndex, LoadsTheStateAnOlderBuildSaved) {
  const std::string hex =
      "50524c58534958346d000000000000007b14ae47e17ab43f0c000000c80000000000000028000000"
      "000000001400000000000000e0010000000000003c00000000000000e8030000000000000000f03f"
      "7b14ae47e17a843f000000000000e03f030000000000000000003e40000000000000e03f00000000"
      "14000000000023000000000000009660967938866b9c0b0000004aa2601a680487970a00000054f1"
      "8938517bc92d05000000ccce4bb7aa34d1e91b0000006cc381a84888d6851f0000001aa4df47a605"
      "858e09000000f0e42c963792147e1e00000088fdafa5e9f87e8c08000000b08b6114d3b0a52c1500"
      "00002c249ea2a88713b40c000000feff4a4b689df9ed21000000169968fe54943a631c000000225f"
      "31c85e92da140200000052cad393dbd10317120000008eef6860d0ed7cd30e000000003f30a59be5"
      "e6d20d000000b428e11c5072733816000000d6f5f48b3744476c1d000000934902599e8aed0a0100"
      "000016a81e6755021c1b140000003c8404e45e84ed460600000058c857273e1230ff220000005600"
      "c7eb0275c01211000000ae4f490ad9359d9a19000000f482e9d8d773bedb0f00000090311630508f"
      "9b5a07000000980b0bc62c84807f180000001a4ef1bea894bce61a0000005eba25053fb1461e0300"
      "0000a23c6c78c8ddfb2504000000bef06e25c7f3d4f310000000924902599e8aed0a000000004c29"
      "7dc544ff58952000000053cad393dbd10317130000002490d8246ac99d7317000000230000000000"
      "00000200000002000000020000000200000001000000010000000100000002000000020000000100"
      "00000200000001000000010000000200000002000000020000000100000001000000010000000100"
      "00000100000001000000010000000100000001000000010000000100000001000000010000000100"
      "00000100000001000000010000000100000001000000230000000000000000010000000000000000"
      "00000000000000000001000000000000000000000000000000230000000000000000000000000000"
      "00000000000000000000000000000000000000000000000000000000230000000000000002020202"
      "0101010202010201010202020101010101010101010101010101010101010100435fe93e042c65a7"
      "3e00e0afbb3e04368b6d3e0024de323e04154c0c3e0024de323e04154c0c3e0024de323e00b96c97"
      "3e0024de323e0024de323e04154c0c3e0024de323e04154c0c3e0024de323e0024de323e04154c0c"
      "3e0024de323e0024de323e0024de323e04154c0c3e00606ad53e04368b6d3e0024de323e04154c0c"
      "3e0024de323e0248353c3e02098ff53e0248353c3e0248353c3e025c8fe03e0248353c3e02eb7cc5"
      "3e0248353c3e0248353c3e0248353c3e025c8fe03e04677bcf3e042c65a73e048cbb453e048cbb45"
      "3e048cbb453e04677bcf3e042c65a73e03000000000000001100435fe93e28e0afbb3e2024de323e"
      "2024de323e2024de323e20b96c973e2024de323e2024de323e2024de323e2024de323e2024de323e"
      "2024de323e2024de323e2024de323e20606ad53e2024de323e2024de323e0ba00448353c3e20098f"
      "f53e2848353c3e2048353c3e205c8fe03e2048353c3e20eb7cc53e2048353c3e2048353c3e204835"
      "3c3e205c8fe03e11002c65a73e28368b6d3e20154c0c3e20154c0c3e8001154c0c3e20154c0c3e40"
      "154c0c3e60154c0c3e20368b6d3e20154c0c3ea003677bcf3e202c65a73e208cbb453e208cbb453e"
      "208cbb453e20677bcf3e202c65a73e00000000000000000300000000000000564700000000000000"
      "00000000000080574700000000000003000000000000000100000000000000010000000300000000"
      "00000000000000010000000000000003000000000000000200000001000000010000000300000000"
      "00000001010003000000000000005647000000000000000000000000008057470000000000000300"
      "00000000000057470000000000000000000000000080574700000000000003000000000000000000"
      "0003000000000000000201000000000002000000010000000300000000000000010001020000005d"
      "1eff3e000000005d1eff3e50524c5853495834";
  std::string v4;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) v4.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  ASSERT_EQ(v4.size(), 1539u);
  ASSERT_EQ(v4.substr(0, 8), "PRLXSIX4");
  auto a = TwoEvents();
  a[0].published = "2020-01-01";
  a[2].published = "2020-01-02";
  // That build's default options: the cosine and no background idf (the
  // same-event model and the background table became the defaults later);
  // the saved options fingerprint must match.
  ClusterOptions cosine;
  cosine.same_event = nullptr;
  cosine.background = nullptr;
  StoryIndex made(cosine);
  made.Add(a[0]);
  made.Add(std::vector<const Article*>{&a[1], &a[2]});
  StoryIndex loaded(cosine);
  ASSERT_TRUE(loaded.Load(v4));
  // Under today's default options (the model) the same bytes are refused,
  // so a store saved by that build replays its articles instead.
  EXPECT_FALSE(StoryIndex().Load(v4));
  EXPECT_EQ(loaded.Stories(), made.Stories());
  EXPECT_EQ(loaded.Save(), made.Save());
  EXPECT_EQ(made.Save().substr(0, 8), "PRLXSIX5");
  EXPECT_LT(made.Save().size(), v4.size());
  loaded.Add(a[3]);
  made.Add(a[3]);
  EXPECT_EQ(loaded.Save(), made.Save());
  EXPECT_FALSE(StoryIndex(cosine).Load(v4.substr(0, v4.size() - 1)));
}

TEST(StoryIndex, InDateOrderReturnsInputIndices) {
  auto a = TwoEvents();
  a[0].published = "2020-01-02";
  a[1].published = "2020-01-01";
  a[2].published = "2020-01-03";
  // a[3] undated: fed last.
  std::vector<std::size_t> fed;
  auto stories = ClusterArticlesInDateOrder(Ptrs(a), {}, 1, 0, [&](std::size_t done) { fed.push_back(done); });
  std::vector<std::vector<std::size_t>> expect = {{0, 2}, {1, 3}};
  EXPECT_EQ(stories, expect);
  EXPECT_EQ(fed, (std::vector<std::size_t>{1, 2, 3, 4}));  // one batch per day, undated last
}

TEST(Cluster, SameStoriesForAnyThreadCount) {
  auto a = TwoEvents();
  EXPECT_EQ(ClusterArticles(a, {}, 1), ClusterArticles(a, {}, 2));
  EXPECT_EQ(ClusterArticles(a, {}, 1), ClusterArticles(a, {}, 7));
}

TEST(Dedup, ExactDuplicatesPointAtTheFirstCopy) {
  auto a = TwoEvents();
  Article copy = a[1];
  copy.id = "f1-copy";
  a.push_back(copy);
  auto dup = FindExactDuplicates(a);
  ASSERT_EQ(dup.size(), 5u);
  EXPECT_FALSE(dup[1].has_value());
  ASSERT_TRUE(dup[4].has_value());
  EXPECT_EQ(*dup[4], 1u);
}

// B-cubed against the gold events of events-dev (724 DUC 2003 and TAC 2011
// articles, 70 events). Prints the figures; fails if quality regresses
// below the level measured when the clustering was tuned.
struct EventsDev {
  std::vector<Article> articles;  // cleaned
  std::vector<int> gold;
};

// Loaded and cleaned once for all the tests below.
const EventsDev& LoadedEventsDev() {
  static const EventsDev* data = [] {
    auto* d = new EventsDev;
    std::vector<InputError> errors;
    auto loaded = LoadEventsDev(testing::SharedDataDir(), &errors);
    if (!loaded.ok()) return d;
    std::map<std::string, int> keys;
    for (auto& la : *loaded) {
      d->gold.push_back(keys.emplace(la.event_key, static_cast<int>(keys.size())).first->second);
      d->articles.push_back(std::move(la.article));
    }
    CleanCorpus(&d->articles);
    return d;
  }();
  return *data;
}

std::vector<int> Labels(const std::vector<std::vector<std::size_t>>& stories, std::size_t n) {
  std::vector<int> labels(n, -1);
  for (std::size_t s = 0; s < stories.size(); ++s) {
    for (std::size_t i : stories[s]) labels[i] = static_cast<int>(s);
  }
  return labels;
}

ClusteringScores ScoreAgainstGold(const char* what, const std::vector<std::vector<std::size_t>>& stories) {
  const EventsDev& d = LoadedEventsDev();
  ClusteringScores sc = ScoreClustering(d.gold, Labels(stories, d.articles.size()));
  std::cout << what << ": events-dev B-cubed P/R/F1 " << sc.bcubed_precision << " " << sc.bcubed_recall << " "
            << sc.bcubed_f1 << ", ARI " << sc.ari << ", NMI " << sc.nmi << ", " << sc.predicted_clusters
            << " stories for " << sc.gold_clusters << " events\n";
  return sc;
}

TEST(ClusterEventsDev, BCubedOnGoldEvents) {
  PARALLAX_REQUIRE_SHARED("clustering/events-dev.tsv");
  ASSERT_FALSE(LoadedEventsDev().articles.empty());
  ClusteringScores sc = ScoreAgainstGold("batch", ClusterArticles(LoadedEventsDev().articles));
  EXPECT_GE(sc.bcubed_precision, 0.90);
  EXPECT_GE(sc.bcubed_f1, 0.82);
}

// Differential: the incremental index, fed in date order, against the batch
// clustering. Both must reach the quality floor on gold, and agree with each
// other (B-cubed F1 of one scored against the other). Measured when this was
// written (bench/results/2026-11-23-clustering-scale.md), with the default
// re-clustering of touched stories of up to 20 articles: 4 batches 0.981,
// one batch per day 0.980 (without re-clustering 0.965 and 0.936). What
// still differs is the early batches' IDF (weighted by a smaller corpus) and
// merges into stories too large to re-cluster; the bars sit about 0.02 below
// the measured figures.
void ExpectAgreement(std::size_t batch_size, double min_agreement) {
  const EventsDev& d = LoadedEventsDev();
  ASSERT_FALSE(d.articles.empty());
  auto batch = ClusterArticles(d.articles);
  auto incremental = ClusterArticlesInDateOrder(Ptrs(d.articles), {}, 2, batch_size);
  ClusteringScores sc = ScoreAgainstGold("incremental", incremental);
  EXPECT_GE(sc.bcubed_precision, 0.90);
  EXPECT_GE(sc.bcubed_f1, 0.82);
  ClusteringScores agree =
      ScoreClustering(Labels(batch, d.articles.size()), Labels(incremental, d.articles.size()));
  std::cout << "incremental vs batch B-cubed P/R/F1 " << agree.bcubed_precision << " " << agree.bcubed_recall << " "
            << agree.bcubed_f1 << "\n";
  EXPECT_GE(agree.bcubed_f1, min_agreement);
}

TEST(ClusterEventsDev, IncrementalInFourBatchesAgreesWithBatch) {
  PARALLAX_REQUIRE_SHARED("clustering/events-dev.tsv");
  ExpectAgreement((LoadedEventsDev().articles.size() + 3) / 4, 0.96);
}

// Day by day with the same-event model: 0.975 since links that later
// articles outgrew are dropped before re-clustering (regroup.cc,
// EvictOutgrownLinks); 0.961 without, when the first articles of a story
// kept their links to an earlier, related story for good.
TEST(ClusterEventsDev, IncrementalDayByDayAgreesWithBatch) {
  PARALLAX_REQUIRE_SHARED("clustering/events-dev.tsv");
  ExpectAgreement(0, 0.97);
}

// ClusterArticles knows its batch is the last and leaves the terms only one
// article has out of the postings and vectors; StoryIndex cannot (another
// batch may bring them). The stories must be the same.
TEST(ClusterEventsDev, LastBatchShortcutsKeepTheStories) {
  PARALLAX_REQUIRE_SHARED("clustering/events-dev.tsv");
  const EventsDev& d = LoadedEventsDev();
  ASSERT_FALSE(d.articles.empty());
  StoryIndex index({}, 2);
  index.Add(Ptrs(d.articles));
  EXPECT_EQ(index.Stories(), ClusterArticles(d.articles, {}, 2));
}

TEST(ClusterEventsDev, SameStoriesOnOneAndTwoThreads) {
  PARALLAX_REQUIRE_SHARED("clustering/events-dev.tsv");
  const EventsDev& d = LoadedEventsDev();
  ASSERT_FALSE(d.articles.empty());
  EXPECT_EQ(ClusterArticles(d.articles, {}, 1), ClusterArticles(d.articles, {}, 2));
  EXPECT_EQ(ClusterArticlesInDateOrder(Ptrs(d.articles), {}, 1, 50),
            ClusterArticlesInDateOrder(Ptrs(d.articles), {}, 2, 50));
}

// A store saves the index after each batch and loads it before the next:
// day by day through Save/Load must give the same stories as one index
// that lived through every day.
TEST(ClusterEventsDev, SaveAndLoadBetweenDaysKeepTheStories) {
  PARALLAX_REQUIRE_SHARED("clustering/events-dev.tsv");
  const EventsDev& d = LoadedEventsDev();
  ASSERT_FALSE(d.articles.empty());
  // Four batches of the corpus in input order.
  const std::size_t n = d.articles.size(), step = (n + 3) / 4;
  StoryIndex lived({}, 2);
  std::string saved;
  for (std::size_t p = 0; p < n; p += step) {
    std::vector<const Article*> batch;
    for (std::size_t i = p; i < std::min(n, p + step); ++i) batch.push_back(&d.articles[i]);
    lived.Add(batch);
    StoryIndex reloaded({}, 2);
    if (!saved.empty()) {
      ASSERT_TRUE(reloaded.Load(saved));
    }
    reloaded.Add(batch);
    saved = reloaded.Save();
    ASSERT_EQ(reloaded.Stories(), lived.Stories()) << "after the batch at " << p;
  }
  EXPECT_EQ(saved, lived.Save());
}

}  // namespace
}  // namespace parallax
