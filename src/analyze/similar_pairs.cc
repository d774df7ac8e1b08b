// Every pair of sentences of different articles that shares a term, in
// one pass per sentence: what a story needs of them (each sentence's
// centrality and its matches above a bar), without a merge per pair or an
// ns x na matrix. A story of 5,000 Reuters articles has some 28,000
// sentences and 157 million postings visits; the pass takes a few seconds
// (bench/results/2026-12-07-big-story-2.md).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "analyze/context.h"

namespace parallax::analyze_internal {

namespace {

// Whether two sentences that both give numbers share one (Similarity).
bool ShareANumber(const SentenceInfo& a, const SentenceInfo& b) {
  for (int x : a.numbers) {
    if (std::binary_search(b.numbers.begin(), b.numbers.end(), x)) return true;
  }
  return false;
}

}  // namespace

SentencePairs FindSentencePairs(const StoryContext& ctx, double bar) {
  // Every similarity of sentence i at once, by accumulation over the
  // postings of i's terms (one addition per posting, no merge per pair).
  // i's terms are visited in increasing order, so each dot product is the
  // same sum, added in the same order, as Similarity's: the same doubles.
  const std::size_t n = ctx.sentences.size();
  const std::size_t na = ctx.articles.size();
  SentencePairs out;
  out.centrality.assign(n, 0.0);
  out.near.resize(n);
  // Compact copies of what the inner loops read.
  std::vector<std::uint32_t> article(n);
  std::vector<double> weight(n);
  std::vector<char> numbers(n);
  std::vector<std::vector<std::uint32_t>> postings(ctx.idf.size());
  for (std::size_t i = 0; i < n; ++i) {
    const SentenceInfo& s = ctx.sentences[i];
    article[i] = static_cast<std::uint32_t>(s.article);
    weight[i] = s.weight;
    numbers[i] = !s.numbers.empty();
    if (s.weight <= 0) continue;
    for (int t : s.terms) postings[static_cast<std::size_t>(t)].push_back(static_cast<std::uint32_t>(i));
  }
  std::vector<double> dot(n, 0.0);
  std::vector<std::uint32_t> touched;    // sentences with dot > 0
  std::vector<double> top(na, 0.0);       // i's best similarity in each article
  std::vector<std::uint32_t> top_articles;  // the articles where it is above 0
  for (std::size_t i = 0; i < n; ++i) {
    const SentenceInfo& si = ctx.sentences[i];
    if (si.weight <= 0) continue;
    for (int t : si.terms) {
      const double w = ctx.idf[static_cast<std::size_t>(t)] * ctx.idf[static_cast<std::size_t>(t)];
      for (std::uint32_t j : postings[static_cast<std::size_t>(t)]) {
        if (dot[j] == 0) touched.push_back(j);
        dot[j] += w;
      }
    }
    for (std::uint32_t j : touched) {
      const double d = dot[j];
      dot[j] = 0;
      const std::uint32_t a = article[j];
      if (a == si.article) continue;
      double s = d / std::sqrt(si.weight * weight[j]);
      if (numbers[i] && numbers[j] && !ShareANumber(si, ctx.sentences[j])) s *= 0.5;
      if (s <= 0) continue;
      if (top[a] == 0) top_articles.push_back(a);
      top[a] = std::max(top[a], s);
      if (s >= bar) out.near[i].push_back({j, s});
    }
    touched.clear();
    std::sort(out.near[i].begin(), out.near[i].end(),
              [](const Neighbour& x, const Neighbour& y) { return x.sentence < y.sentence; });
    // Summed by increasing article, as AnalyzeStory always has.
    std::sort(top_articles.begin(), top_articles.end());
    for (std::uint32_t a : top_articles) {
      out.centrality[i] += top[a];
      top[a] = 0;
    }
    top_articles.clear();
  }
  return out;
}

SentencePairs FindSentencePairsAllPairs(const StoryContext& ctx, double bar) {
  const std::size_t n = ctx.sentences.size();
  SentencePairs out;
  out.centrality.assign(n, 0.0);
  out.near.resize(n);
  std::vector<double> top(ctx.articles.size());
  for (std::size_t i = 0; i < n; ++i) {
    std::fill(top.begin(), top.end(), 0.0);
    for (std::size_t j = 0; j < n; ++j) {
      if (ctx.sentences[j].article == ctx.sentences[i].article) continue;
      const double s = Similarity(ctx, ctx.sentences[i], ctx.sentences[j]);
      if (s <= 0) continue;
      double& t = top[ctx.sentences[j].article];
      t = std::max(t, s);
      if (s >= bar) out.near[i].push_back({static_cast<std::uint32_t>(j), s});
    }
    for (double t : top) out.centrality[i] += t;
  }
  return out;
}

}  // namespace parallax::analyze_internal
