// The pass over a story's pairs of sentences (src/analyze/similar_pairs.cc):
// from an index of the sentences by term, it finds exactly what Similarity
// over every pair finds: the same matches and the same centrality, to the
// bit.
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

TEST(SentencePairs, IndexFindsWhatEveryPairFinds) {
  const std::vector<Article> arts = Pooled();
  ASSERT_GE(arts.size(), 8u);
  std::vector<const Article*> ptrs;
  for (const Article& a : arts) ptrs.push_back(&a);
  const analyze_internal::StoryContext ctx = analyze_internal::BuildContext(ptrs);
  // Half of same_information (what AnalyzeStory asks for), and around it.
  for (double bar : {0.0, 0.1, 0.165, 0.33, 0.5}) {
    const analyze_internal::SentencePairs all = analyze_internal::FindSentencePairsAllPairs(ctx, bar);
    const analyze_internal::SentencePairs indexed = analyze_internal::FindSentencePairs(ctx, bar);
    // The same doubles, not nearly the same: reports must not move.
    EXPECT_EQ(indexed.centrality, all.centrality) << "bar " << bar;
    EXPECT_EQ(indexed.near, all.near) << "bar " << bar;
    std::size_t pairs = 0, central = 0;
    for (double c : all.centrality) central += c > 0;
    EXPECT_GT(central, ctx.sentences.size() / 2) << "bar " << bar;
    // Sorted, other articles only, at the bar, each pair both ways.
    for (std::size_t i = 0; i < all.near.size(); ++i) {
      const auto& list = all.near[i];
      pairs += list.size();
      for (std::size_t k = 0; k < list.size(); ++k) {
        const auto& n = list[k];
        EXPECT_NE(ctx.sentences[n.sentence].article, ctx.sentences[i].article);
        EXPECT_GE(n.similarity, bar);
        EXPECT_EQ(n.similarity, analyze_internal::Similarity(ctx, ctx.sentences[n.sentence], ctx.sentences[i]));
        if (k > 0) {
          EXPECT_LT(list[k - 1].sentence, n.sentence);
        }
      }
    }
    EXPECT_GT(pairs, 0u) << "bar " << bar;
  }
}

}  // namespace
}  // namespace parallax
