// Every pair of sentences of different articles that shares a term, in
// one pass per sentence over the later sentences: what a story needs of
// them (each sentence's centrality and its matches above a bar), without a
// merge per pair or an ns x na matrix. A story of 5,000 Reuters articles
// has some 28,000 sentences and 157 million postings entries to visit from
// both sides of each pair, half from one side
// (bench/results/2026-12-08-big-story-3.md).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "analyze/context.h"

namespace parallax::analyze_internal {

namespace {

// Each sentence's numbers, packed: ids in one array, and a 64-bit
// signature (bit id % 64 per number) that rules most pairs out without
// reading the ids. Reuters' sentences are full of figures: reading each
// pair's number lists from the sentences took a third of the pass.
struct PackedNumbers {
  std::vector<std::uint32_t> begin;  // sentence i's ids: ids[begin[i] .. begin[i + 1])
  std::vector<int> ids;
  std::vector<std::uint64_t> signature;

  explicit PackedNumbers(const StoryContext& ctx) {
    const std::size_t n = ctx.sentences.size();
    begin.reserve(n + 1);
    signature.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      begin.push_back(static_cast<std::uint32_t>(ids.size()));
      for (int x : ctx.sentences[i].numbers) {
        ids.push_back(x);
        signature[i] |= std::uint64_t{1} << (static_cast<unsigned>(x) % 64);
      }
    }
    begin.push_back(static_cast<std::uint32_t>(ids.size()));
  }
  bool Any(std::size_t i) const { return begin[i + 1] > begin[i]; }
  // Whether sentences i and j, both with numbers, share one (Similarity).
  bool Share(std::size_t i, std::size_t j) const {
    if ((signature[i] & signature[j]) == 0) return false;
    const int* b = ids.data() + begin[j];
    const int* e = ids.data() + begin[j + 1];
    for (std::uint32_t k = begin[i]; k < begin[i + 1]; ++k) {
      if (std::binary_search(b, e, ids[k])) return true;
    }
    return false;
  }
};

}  // namespace

SentencePairs FindSentencePairs(const StoryContext& ctx, double bar) {
  // Every similarity of sentence i with the later sentences j at once, by
  // accumulation over the postings of i's terms (one addition per posting,
  // no merge per pair). Similarity is symmetric to the bit: the dot
  // product of i and j adds the squared idf of their shared terms in
  // increasing term order from either side, and the product of the two
  // weights is the same either way. So each pair is visited once, from its
  // earlier sentence, and serves both: i's best in j's article, and j's
  // best in i's article, which is complete once every sentence of i's
  // article has been visited. Articles' sentences are contiguous and in
  // article order, so j receives the maxima of the articles before its
  // own, in increasing order, before its own pass adds those after it: the
  // centrality is the same sum, added in the same order, as over every
  // pair.
  const std::size_t n = ctx.sentences.size();
  const std::size_t na = ctx.articles.size();
  SentencePairs out;
  out.centrality.assign(n, 0.0);
  out.near.resize(n);
  // Compact copies of what the inner loops read.
  std::vector<std::uint32_t> article(n);
  std::vector<double> weight(n);
  const PackedNumbers numbers(ctx);
  std::vector<std::vector<std::uint32_t>> postings(ctx.idf.size());
  for (std::size_t i = 0; i < n; ++i) {
    const SentenceInfo& s = ctx.sentences[i];
    article[i] = static_cast<std::uint32_t>(s.article);
    weight[i] = s.weight;
    if (s.weight <= 0) continue;
    for (int t : s.terms) postings[static_cast<std::size_t>(t)].push_back(static_cast<std::uint32_t>(i));
  }
  // The first sentence after each sentence's article.
  std::vector<std::uint32_t> article_end(n);
  for (std::size_t i = n; i-- > 0;) {
    article_end[i] = i + 1 < n && article[i + 1] == article[i] ? article_end[i + 1] : static_cast<std::uint32_t>(i + 1);
  }
  std::vector<std::uint32_t> cursor(ctx.idf.size(), 0);  // per term: where the current sentence is in its postings
  std::vector<double> dot(n, 0.0);
  std::vector<std::uint32_t> touched;        // later sentences with dot > 0
  std::vector<double> top(na, 0.0);          // i's best similarity in each later article
  std::vector<std::uint32_t> top_articles;   // the articles where it is above 0
  std::vector<double> from_article(n, 0.0);  // each later sentence's best in the current article
  std::vector<std::uint32_t> from_touched;   // the sentences where it is above 0
  auto flush = [&] {  // the current article is done: its maxima go to the later sentences
    for (std::uint32_t j : from_touched) {
      out.centrality[j] += from_article[j];
      from_article[j] = 0;
    }
    from_touched.clear();
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && article[i] != article[i - 1]) flush();
    const SentenceInfo& si = ctx.sentences[i];
    if (si.weight <= 0) continue;
    const std::uint32_t end = article_end[i];
    const bool i_numbers = numbers.Any(i);
    for (int t : si.terms) {
      const double w = ctx.idf[static_cast<std::size_t>(t)] * ctx.idf[static_cast<std::size_t>(t)];
      const std::vector<std::uint32_t>& list = postings[static_cast<std::size_t>(t)];
      std::size_t k = ++cursor[static_cast<std::size_t>(t)];  // list[k - 1] == i
      while (k < list.size() && list[k] < end) ++k;          // i's own article
      for (; k < list.size(); ++k) {
        const std::uint32_t j = list[k];
        if (dot[j] == 0) touched.push_back(j);
        dot[j] += w;
      }
    }
    for (std::uint32_t j : touched) {
      const double d = dot[j];
      dot[j] = 0;
      double s = d / std::sqrt(si.weight * weight[j]);
      if (i_numbers && numbers.Any(j) && !numbers.Share(i, j)) s *= 0.5;
      if (s <= 0) continue;
      const std::uint32_t a = article[j];
      if (top[a] == 0) top_articles.push_back(a);
      top[a] = std::max(top[a], s);
      if (from_article[j] == 0) from_touched.push_back(j);
      from_article[j] = std::max(from_article[j], s);
      if (s >= bar) {
        out.near[i].push_back({j, s});
        out.near[j].push_back({static_cast<std::uint32_t>(i), s});
      }
    }
    touched.clear();
    // near[i] now holds every pair: the earlier sentences' passes put
    // theirs in before.
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
