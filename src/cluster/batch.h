#pragma once
// One StoryIndex::Add in progress (internal to src/cluster): what each step
// of State::Add (cluster.cc) hands to the next. The steps, in order:
//
//   ExtractFeatures  articles -> term counts (+ side keys)    cluster.cc
//   AssignTerms      term ids, document frequencies, per-article state
//   WeighVectors     TF-IDF vectors and index terms
//   IndexPostings    the inverted index                       candidates.cc
//   FindEdges        candidate search and scoring -> edges
//   PruneEdges       each article's strongest links           regroup.cc
//   Regroup          dissolve touched small stories, link, average link

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "cluster/article_features.h"
#include "cluster/index_state.h"
#include "core/parallel.h"

namespace parallax {
namespace cluster_internal {

struct Edge {
  float sim;
  std::uint32_t a, b;
};

struct Batch {
  const std::vector<const Article*>* articles = nullptr;
  std::size_t m = 0, base = 0, n = 0;  // batch size, articles before it, after it
  std::vector<TermCounts> tf_text;     // per batch article, by feature key
  std::vector<SparseVec> tfs;          // the same by term id
  std::vector<SideKeys> sides;         // with the model: per batch article
  // With the model: per batch article, its side terms (id, kTitleBit |
  // kLeadBit | kNumberBit), by id.
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> side_terms;
  std::vector<SparseVec> vecs;         // TF-IDF, max_terms strongest, L2-normalised
  std::vector<SparseVec> index_vecs;   // the index terms of each
  std::vector<Edge> edges;             // new links (a < b), found then pruned
};

// Runs fn(chunk, k) for k in [0, m) on up to `threads` threads: chunk c
// takes k = c, c + t, c + 2t ..., so each chunk can own scratch space (a
// stemmer, accumulators) while results go to per-k slots.
template <typename Fn>
void ForChunks(std::size_t m, unsigned threads, Fn&& fn) {
  const std::size_t t = std::min<std::size_t>(ResolveThreads(threads), std::max<std::size_t>(m, 1));
  ParallelFor(t, static_cast<unsigned>(t), [&](std::size_t c) {
    for (std::size_t k = c; k < m; k += t) fn(c, k);
  });
}

// PARALLAX_DEBUG_CLUSTER=1: the time of each step of an Add on stderr.
inline bool DebugCluster() {
  static const bool debug = std::getenv("PARALLAX_DEBUG_CLUSTER") != nullptr;
  return debug;
}
class StepTimer {
 public:
  explicit StepTimer(std::size_t m) : m_(m) {}
  void Done(const char* step) {
    if (!DebugCluster()) return;
    const auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "cluster: %zu articles: %s %.3f s\n", m_, step, std::chrono::duration<double>(now - start_).count());
    start_ = now;
  }

 private:
  std::size_t m_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace cluster_internal
}  // namespace parallax
