// Conflicts: two outlets stating the same fact with different numbers
// ("12 people were injured" / "14 people were injured").
//
// Two sentences from different articles conflict when, with their numbers
// left out, they say nearly the same thing (idf-weighted cosine of their
// other terms at least kConflictSimilarity, and at least three such terms
// shared), both give numbers, and neither's numbers contain the other's.
// Each side is cited; sentences that give the same numbers as one side join
// it, so a side lists every outlet that backs its figure.

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "analyze/context.h"

namespace parallax::analyze_internal {
namespace {

constexpr double kConflictSimilarity = 0.5;

// Cosine of the non-number terms, and how many of them are shared.
std::pair<double, int> WordsOnlySimilarity(const StoryContext& ctx, const SentenceInfo& a, const SentenceInfo& b) {
  auto weight = [&](const SentenceInfo& s) {
    double w = 0;
    for (int t : s.terms) {
      if (std::binary_search(s.numbers.begin(), s.numbers.end(), t)) continue;
      w += ctx.idf[static_cast<std::size_t>(t)] * ctx.idf[static_cast<std::size_t>(t)];
    }
    return w;
  };
  const double wa = weight(a), wb = weight(b);
  if (wa <= 0 || wb <= 0) return {0.0, 0};
  double dot = 0;
  int shared = 0;
  std::size_t i = 0, j = 0;
  while (i < a.terms.size() && j < b.terms.size()) {
    if (a.terms[i] < b.terms[j]) {
      ++i;
    } else if (a.terms[i] > b.terms[j]) {
      ++j;
    } else {
      const int t = a.terms[i];
      if (!std::binary_search(a.numbers.begin(), a.numbers.end(), t)) {
        dot += ctx.idf[static_cast<std::size_t>(t)] * ctx.idf[static_cast<std::size_t>(t)];
        ++shared;
      }
      ++i;
      ++j;
    }
  }
  return {dot / std::sqrt(wa * wb), shared};
}

bool Includes(const std::vector<int>& a, const std::vector<int>& b) {  // b is a subset of a (both sorted)
  return std::includes(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace

std::vector<Conflict> FindConflicts(const StoryContext& ctx, std::size_t max_conflicts) {
  struct Candidate {
    double similarity;
    std::size_t i, j;
  };
  std::vector<Candidate> found;
  const std::size_t n = ctx.sentences.size();
  for (std::size_t i = 0; i < n; ++i) {
    const SentenceInfo& a = ctx.sentences[i];
    if (a.numbers.empty()) continue;
    for (std::size_t j = i + 1; j < n; ++j) {
      const SentenceInfo& b = ctx.sentences[j];
      if (b.article == a.article || b.numbers.empty()) continue;
      // One outlet's later figure is its update, not a disagreement
      // between outlets.
      const Article& art_a = *ctx.articles[a.article];
      const Article& art_b = *ctx.articles[b.article];
      if (art_a.source && art_b.source && *art_a.source == *art_b.source) continue;
      if (Includes(a.numbers, b.numbers) || Includes(b.numbers, a.numbers)) continue;
      const auto [sim, shared] = WordsOnlySimilarity(ctx, a, b);
      if (sim >= kConflictSimilarity && shared >= 3) found.push_back({sim, i, j});
    }
  }
  std::sort(found.begin(), found.end(), [](const Candidate& x, const Candidate& y) {
    return x.similarity != y.similarity ? x.similarity > y.similarity : (x.i != y.i ? x.i < y.i : x.j < y.j);
  });
  std::vector<Conflict> out;
  std::set<std::size_t> used;
  auto text_of = [&](const SentenceInfo& s) {
    return std::string(std::string_view(ctx.articles[s.article]->text).substr(s.span.begin, s.span.size()));
  };
  for (const Candidate& c : found) {
    if (out.size() >= max_conflicts) break;
    if (used.count(c.i) || used.count(c.j)) continue;
    Conflict conflict;
    for (std::size_t k : {c.i, c.j}) {
      const SentenceInfo& s = ctx.sentences[k];
      Fact side;
      side.text = text_of(s);
      side.sources = {ctx.articles[s.article]->id};
      side.citations.push_back({ctx.articles[s.article]->id, s.span});
      used.insert(k);
      // Other outlets that give this side's numbers in a sentence saying the same.
      for (std::size_t m = 0; m < n; ++m) {
        const SentenceInfo& o = ctx.sentences[m];
        if (used.count(m) || o.numbers != s.numbers) continue;
        const std::string& id = ctx.articles[o.article]->id;
        if (std::find(side.sources.begin(), side.sources.end(), id) != side.sources.end()) continue;
        const auto [sim, shared] = WordsOnlySimilarity(ctx, s, o);
        if (sim < kConflictSimilarity || shared < 3) continue;
        side.sources.push_back(id);
        side.citations.push_back({id, o.span});
        used.insert(m);
      }
      conflict.sides.push_back(std::move(side));
    }
    out.push_back(std::move(conflict));
  }
  return out;
}

}  // namespace parallax::analyze_internal
