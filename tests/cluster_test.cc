#include <gtest/gtest.h>

#include <map>

#include "clean/cleaner.h"
#include "cluster/cluster.h"
#include "dedup/dedup.h"
#include "eval/clustering_metrics.h"
#include "eval/events.h"
#include "shared_data.h"

namespace parallax {
namespace {

Article Make(const std::string& id, const std::string& title, const std::string& text,
             std::optional<std::string> date = std::nullopt) {
  Article a;
  a.id = id;
  a.title = title;
  a.raw = text;
  a.published = date;
  CleanArticle(&a, nullptr);
  return a;
}

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

TEST(Cluster, FarApartDatesWeighLess) {
  auto a = TwoEvents();
  ClusterOptions opt;
  opt.date_floor = 0.0;  // make the date effect decisive for this test
  a[0].published = "2020-01-01";
  a[2].published = "2024-01-01";
  auto stories = ClusterArticles(a, opt);
  EXPECT_EQ(stories.size(), 3u);
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
TEST(ClusterEventsDev, BCubedOnGoldEvents) {
  PARALLAX_REQUIRE_SHARED("clustering/events-dev.tsv");
  std::vector<InputError> errors;
  auto loaded = LoadEventsDev(testing::SharedDataDir(), &errors);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  std::vector<Article> articles;
  std::vector<int> gold;
  std::map<std::string, int> keys;
  for (auto& la : *loaded) {
    gold.push_back(keys.emplace(la.event_key, static_cast<int>(keys.size())).first->second);
    articles.push_back(std::move(la.article));
  }
  CleanCorpus(&articles);
  auto stories = ClusterArticles(articles);
  std::vector<int> predicted(articles.size(), -1);
  for (std::size_t s = 0; s < stories.size(); ++s) {
    for (std::size_t i : stories[s]) predicted[i] = static_cast<int>(s);
  }
  ClusteringScores sc = ScoreClustering(gold, predicted);
  std::cout << "events-dev B-cubed P/R/F1 " << sc.bcubed_precision << " " << sc.bcubed_recall << " " << sc.bcubed_f1
            << ", ARI " << sc.ari << ", NMI " << sc.nmi << ", " << sc.predicted_clusters << " stories for "
            << sc.gold_clusters << " events\n";
  EXPECT_GE(sc.bcubed_precision, 0.90);
  EXPECT_GE(sc.bcubed_f1, 0.82);
}

}  // namespace
}  // namespace parallax
