// The candidate index behind big stories (src/analyze/similar_pairs.cc):
// the pairs of sentences it finds are exactly the pairs a pass over every
// pair finds, and the exact centrality is the sum of each sentence's best
// match per article over every pair.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "analyze/analyze.h"
#include "analyze/context.h"
#include "clean/cleaner.h"
#include "shared_data.h"

namespace parallax {
namespace {

// The examples and the seeds pooled as one story (different stories:
// many weak pairs, a few strong ones).
std::vector<Article> Pooled() {
  std::vector<Article> arts;
  for (const std::string& dir : {std::string(PARALLAX_SOURCE_DIR) + "/examples/articles",
                                parallax::testing::SharedDataDir() + "/seeds"}) {
    if (!std::filesystem::is_directory(dir)) continue;
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) paths.push_back(entry.path());
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      Article a;
      a.id = p.filename().string();
      a.source = a.id;
      a.raw = parallax::testing::ReadAll(p.string());
      CleanArticle(&a, nullptr);
      arts.push_back(std::move(a));
    }
  }
  return arts;
}

using Pairs = std::vector<std::vector<analyze_internal::Neighbour>>;

std::vector<std::vector<std::pair<std::uint32_t, double>>> Plain(const Pairs& p) {
  std::vector<std::vector<std::pair<std::uint32_t, double>>> out(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    for (const auto& n : p[i]) out[i].emplace_back(n.sentence, n.similarity);
  }
  return out;
}

TEST(SimilarSentences, IndexFindsEveryPairAllPairsFind) {
  const std::vector<Article> arts = Pooled();
  ASSERT_GE(arts.size(), 8u);
  std::vector<const Article*> ptrs;
  for (const Article& a : arts) ptrs.push_back(&a);
  const analyze_internal::StoryContext ctx = analyze_internal::BuildContext(ptrs);
  // Half of same_information (what AnalyzeStory asks for), and around it.
  for (double bar : {0.1, 0.165, 0.33, 0.5}) {
    const auto all = Plain(analyze_internal::SimilarSentences(ctx, bar, true));
    const auto indexed = Plain(analyze_internal::SimilarSentences(ctx, bar, false));
    EXPECT_EQ(indexed, all) << "bar " << bar;
    std::size_t pairs = 0;
    for (const auto& list : all) pairs += list.size();
    EXPECT_GT(pairs, 0u) << "bar " << bar;
    // Sorted, other articles only, at the bar.
    for (std::size_t i = 0; i < all.size(); ++i) {
      for (std::size_t k = 0; k < all[i].size(); ++k) {
        EXPECT_NE(ctx.sentences[all[i][k].first].article, ctx.sentences[i].article);
        EXPECT_GE(all[i][k].second, bar);
        if (k > 0) {
          EXPECT_LT(all[i][k - 1].first, all[i][k].first);
        }
      }
    }
  }
}

TEST(SimilarSentences, ExactCentralitySumsTheBestMatchOfEveryOtherArticle) {
  const std::vector<Article> arts = Pooled();
  std::vector<const Article*> ptrs;
  for (const Article& a : arts) ptrs.push_back(&a);
  const analyze_internal::StoryContext ctx = analyze_internal::BuildContext(ptrs);
  const Pairs all = analyze_internal::SimilarSentences(ctx, 0.0, true);
  const std::vector<double> exact = analyze_internal::ExactCentrality(ctx);
  ASSERT_EQ(exact.size(), ctx.sentences.size());
  std::size_t positive = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    std::vector<double> top(ctx.articles.size(), 0.0);
    for (const auto& n : all[i]) {
      double& t = top[ctx.sentences[n.sentence].article];
      t = std::max(t, n.similarity);
    }
    double sum = 0;
    for (double t : top) sum += t;
    EXPECT_EQ(exact[i], sum) << "sentence " << i;
    positive += sum > 0;
  }
  EXPECT_GT(positive, ctx.sentences.size() / 2);
}

}  // namespace
}  // namespace parallax
