// The pairs of sentences (of different articles) whose Similarity reaches a
// bar, from an index of the sentences' terms rather than every pair: what
// makes a story of thousands of articles cost about its size, not its
// square (bench/results/2026-12-07-big-story-2.md).
//
// Prefix filtering (Chaudhuri et al. 2006; Bayardo et al. 2007, "Scaling
// up all pairs similarity search"), for the idf-weighted cosine: order
// every sentence's terms by one global order (weight idf^2 descending, then
// term id), and let a sentence's prefix be its shortest leading run whose
// remaining terms weigh less than bar^2 of its weight. If two sentences
// reach the bar, the first term they share (in that order) is in both
// prefixes: were it outside i's prefix, every shared term would be, so
// dot <= rest_i < bar^2 * w_i, and dot <= w_j, hence dot^2 < bar^2 * w_i *
// w_j and the cosine stays below the bar. So only the prefixes are indexed
// and probed. Similarity is the cosine or half of it (numbers that differ),
// never more, so its pairs at the bar are among the cosine's.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "analyze/context.h"

namespace parallax::analyze_internal {

std::vector<std::vector<Neighbour>> SimilarSentences(const StoryContext& ctx, double bar, bool all_pairs) {
  const std::size_t n = ctx.sentences.size();
  std::vector<std::vector<Neighbour>> out(n);
  auto consider = [&](std::size_t i, std::size_t j) {
    const double s = Similarity(ctx, ctx.sentences[i], ctx.sentences[j]);
    if (s <= 0 || s < bar) return;
    out[i].push_back({static_cast<std::uint32_t>(j), s});
    out[j].push_back({static_cast<std::uint32_t>(i), s});
  };
  // Sentences are stored article by article: the first sentence after i's
  // article.
  std::vector<std::size_t> next_article(n);
  for (std::size_t i = n; i-- > 0;) {
    next_article[i] = i + 1 < n && ctx.sentences[i + 1].article == ctx.sentences[i].article ? next_article[i + 1] : i + 1;
  }
  if (all_pairs) {
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = next_article[i]; j < n; ++j) consider(i, j);
    }
    return out;
  }
  auto w = [&](int t) { return ctx.idf[static_cast<std::size_t>(t)] * ctx.idf[static_cast<std::size_t>(t)]; };
  std::vector<std::vector<int>> prefix(n);
  std::vector<std::vector<std::uint32_t>> postings(ctx.idf.size());
  for (std::size_t i = 0; i < n; ++i) {
    const SentenceInfo& s = ctx.sentences[i];
    if (s.weight <= 0) continue;
    std::vector<int> terms = s.terms;
    std::sort(terms.begin(), terms.end(), [&](int x, int y) { return w(x) != w(y) ? w(x) > w(y) : x < y; });
    // A little below bar^2, so that rounding never drops a pair at the bar.
    const double stop = bar * bar * s.weight * 0.999;
    double rest = s.weight;
    for (int t : terms) {
      if (rest < stop) break;
      rest -= w(t);
      prefix[i].push_back(t);
      postings[static_cast<std::size_t>(t)].push_back(static_cast<std::uint32_t>(i));  // increasing i
    }
  }
  std::vector<std::size_t> seen(n, n);  // == i: already a candidate of i
  std::vector<std::uint32_t> cands;
  for (std::size_t i = 0; i < n; ++i) {
    cands.clear();
    const auto first = static_cast<std::uint32_t>(next_article[i]);
    for (int t : prefix[i]) {
      const std::vector<std::uint32_t>& list = postings[static_cast<std::size_t>(t)];
      for (auto it = std::lower_bound(list.begin(), list.end(), first); it != list.end(); ++it) {
        if (seen[*it] == i) continue;
        seen[*it] = i;
        cands.push_back(*it);
      }
    }
    // Ascending, so that every list in `out` is ascending too.
    std::sort(cands.begin(), cands.end());
    for (std::uint32_t j : cands) consider(i, j);
  }
  return out;
}

std::vector<double> ExactCentrality(const StoryContext& ctx) {
  // Every similarity with sentence i at once, by accumulation over the
  // postings of i's terms (each posting one addition, no merge per pair).
  // i's terms are visited in increasing order, so each dot product is the
  // same sum, added in the same order, as Similarity's: the same doubles.
  const std::size_t n = ctx.sentences.size();
  const std::size_t na = ctx.articles.size();
  std::vector<double> out(n, 0.0);
  std::vector<std::vector<std::uint32_t>> postings(ctx.idf.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (ctx.sentences[i].weight <= 0) continue;
    for (int t : ctx.sentences[i].terms) postings[static_cast<std::size_t>(t)].push_back(static_cast<std::uint32_t>(i));
  }
  std::vector<double> dot(n, 0.0);
  std::vector<std::uint32_t> touched;      // sentences with dot > 0
  std::vector<double> top(na, 0.0);         // i's best similarity in each article
  std::vector<std::size_t> top_articles;    // the articles where it is above 0
  for (std::size_t i = 0; i < n; ++i) {
    const SentenceInfo& si = ctx.sentences[i];
    if (si.weight <= 0) continue;
    for (int t : si.terms) {
      const double w = ctx.idf[static_cast<std::size_t>(t)] * ctx.idf[static_cast<std::size_t>(t)];
      for (std::uint32_t j : postings[static_cast<std::size_t>(t)]) {
        if (ctx.sentences[j].article == si.article) continue;
        if (dot[j] == 0) touched.push_back(j);
        dot[j] += w;
      }
    }
    for (std::uint32_t j : touched) {
      const SentenceInfo& sj = ctx.sentences[j];
      double s = dot[j] / std::sqrt(si.weight * sj.weight);
      dot[j] = 0;
      if (!si.numbers.empty() && !sj.numbers.empty()) {
        bool shared = false;
        for (int x : si.numbers) shared = shared || std::binary_search(sj.numbers.begin(), sj.numbers.end(), x);
        if (!shared) s *= 0.5;
      }
      if (s <= 0) continue;
      if (top[sj.article] == 0) top_articles.push_back(sj.article);
      top[sj.article] = std::max(top[sj.article], s);
    }
    touched.clear();
    // Summed by increasing article, as AnalyzeStory always has.
    std::sort(top_articles.begin(), top_articles.end());
    for (std::size_t a : top_articles) {
      out[i] += top[a];
      top[a] = 0;
    }
    top_articles.clear();
  }
  return out;
}

}  // namespace parallax::analyze_internal
