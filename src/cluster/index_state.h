#pragma once
// The state of a StoryIndex (internal to src/cluster): vocabulary and
// document frequencies, postings, vectors, the kept similarity graph and
// the current clusters. cluster.cc builds and agglomerates it; index_io.cc
// saves and loads it. Nothing outside src/cluster includes this header.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

#include "cluster/cluster.h"
#include "core/flat_map.h"

namespace parallax {

namespace cluster_internal {

using SparseVec = std::vector<std::pair<std::uint32_t, float>>;  // sorted by term id

// A candidate merge of two clusters (roots a < b, their sizes when scored).
struct Cand {
  double avg;
  std::uint32_t a, b, sa, sb;
  bool operator<(const Cand& o) const {
    if (avg != o.avg) return avg < o.avg;
    return std::tie(o.a, o.b) < std::tie(a, b);  // deterministic ties: lower ids first
  }
};

constexpr long kNoDay = std::numeric_limits<long>::min();
constexpr std::uint32_t kNameBit = 0x80000000u;

}  // namespace cluster_internal

struct StoryIndex::State {
  ClusterOptions options;
  unsigned threads = 1;
  // Set by ClusterArticles, whose one batch is the last: terms no other
  // article has can then be left out of the postings and the vectors.
  bool last_batch = false;

  // Vocabulary and document frequencies over every article added.
  FlatMap64<std::uint32_t> vocab;  // feature key -> term id
  std::vector<std::uint32_t> df;
  std::vector<std::uint8_t> is_name;  // bytes, not bits: read in the hot loops
  // Terms indexed by more than max_df articles: no longer indexed.
  std::vector<std::uint8_t> stopped;
  // Term -> (article, weight) for the articles that have it among their
  // index_terms strongest, in article order.
  std::vector<std::vector<std::pair<std::uint32_t, float>>> postings;
  // Per article: its full vector (max_terms terms), for exact cosines, in
  // one pool: article i's (term, weight) entries are [vec_start[i],
  // vec_start[i + 1]); a term id has kNameBit set when the term is a name.
  // Terms and weights side by side: a candidate's vector is one run of
  // memory, read at random, so one stream of cache lines rather than two.
  struct VecEntry {
    std::uint32_t term;
    float weight;
  };
  std::vector<VecEntry> vec_pool;
  std::vector<std::size_t> vec_start{0};

  // Per article.
  std::vector<long> days;  // kNoDay when unknown
  std::vector<std::uint32_t> degree;

  // Per cluster, indexed by its root article; meaningful while alive.
  std::vector<std::uint32_t> parent, size;
  std::vector<std::uint8_t> alive;
  std::vector<long> first_day, last_day;  // kNoDay when no member is dated
  // Cluster -> (cluster, sum of similarities) entries. Lazy: an entry may
  // name a cluster that has since merged into another (Find gives the
  // current one) and a cluster may appear in several entries; for any two
  // current clusters A and B, the entries of A's list that resolve to B sum
  // to the total similarity between them. A merge rewrites only the
  // merged cluster's list, so a merge costs the length of the two lists,
  // with no hashing and no update of the neighbours' lists.
  std::vector<std::vector<std::pair<std::uint32_t, double>>> links;
  // Scratch for Combine: per cluster, a running sum and whether seen.
  std::vector<double> link_sum;
  std::vector<std::uint32_t> link_seen;  // == link_stamp: seen by the current Combine
  std::uint32_t link_stamp = 0;
  std::vector<std::uint32_t> link_touched;
  std::vector<std::vector<std::uint32_t>> members;                 // cluster -> its articles
  // Per article: its kept edges (other article, similarity), to rebuild
  // the links of a story that is re-clustered.
  std::vector<std::vector<std::pair<std::uint32_t, float>>> adj;

  // Per chunk of ForChunks: similarity accumulators, all zero between uses.
  struct Scratch {
    std::vector<float> acc;    // per article: overlap on indexed terms
    std::vector<std::uint64_t> met;  // per article, one bit: in the candidate pool
    std::vector<float> dense;  // per term (its pool id): the current article's weight
    std::vector<std::uint32_t> touched;
    std::vector<std::uint64_t> ranked;  // (overlap bits, ~id), see the ranking
    std::vector<std::uint64_t> select;  // SelectLargest's scratch
    std::vector<float> weights;
    cluster_internal::SparseVec query;
  };
  std::vector<Scratch> scratch;

  std::uint32_t Find(std::uint32_t x) const {
    while (parent[x] != x) x = parent[x];
    return x;
  }
  // Find with path halving, for the merge loop.
  std::uint32_t FindCompress(std::uint32_t x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }
  // Rewrites `into` as the entries of lists a and b resolved to current
  // clusters, one entry per cluster (first-seen order), without entries
  // that resolve to `self`.
  void Combine(std::uint32_t self, std::vector<std::pair<std::uint32_t, double>>* a,
               std::vector<std::pair<std::uint32_t, double>>* b,
               std::vector<std::pair<std::uint32_t, double>>* into) {
    link_touched.clear();
    if (++link_stamp == 0) {  // wrapped: forget every old stamp
      std::fill(link_seen.begin(), link_seen.end(), 0);
      link_stamp = 1;
    }
    for (auto* list : {a, b}) {
      if (list == nullptr) continue;
      for (auto [other, sum] : *list) {
        const std::uint32_t r = FindCompress(other);
        if (r == self) continue;
        if (link_seen[r] != link_stamp) {
          link_seen[r] = link_stamp;
          link_sum[r] = 0;
          link_touched.push_back(r);
        }
        link_sum[r] += sum;
      }
    }
    into->clear();
    for (std::uint32_t r : link_touched) into->emplace_back(r, link_sum[r]);
  }

  bool TooFarApart(long a, long b) const {
    using cluster_internal::kNoDay;
    return options.window_days > 0 && a != kNoDay && b != kNoDay && std::labs(a - b) > options.window_days;
  }

  void Add(const std::vector<const Article*>& batch);
  void Agglomerate(std::vector<cluster_internal::Cand> initial);
};

}  // namespace parallax
