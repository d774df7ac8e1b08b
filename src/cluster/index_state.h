#pragma once
// The state of a StoryIndex (internal to src/cluster): vocabulary and
// document frequencies, postings, vectors, the kept similarity graph and
// the current clusters. cluster.cc builds and agglomerates it; index_io.cc
// saves and loads it. Nothing outside src/cluster includes this header.

#include <algorithm>
#include <cmath>
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

struct Batch;  // batch.h
struct Edge;
class StepTimer;

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
  // With the same-event model (or for CandidatePairs): each article's
  // title stems, lead stems and numbers (cluster.cc's SideKeys) in one
  // pool: article i's title is [side_start[3i], side_start[3i+1]), its
  // lead up to side_start[3i+2], its numbers up to side_start[3i+3].
  // Without the model: empty, side_start {0}.
  std::vector<std::uint32_t> side_pool;
  std::vector<std::size_t> side_start{0};
  std::vector<std::uint32_t> side_words;  // per article: stems and numbers of its text

  // Set by CandidatePairs: every candidate pair and its features go here
  // (not saved).
  std::vector<CandidatePair>* pair_sink = nullptr;
  bool Side() const { return options.same_event != nullptr || pair_sink != nullptr; }
  // The average link needed to merge.
  double MergeThreshold() const { return options.same_event ? options.same_event->threshold : options.threshold; }

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
    // With the same-event model: the candidates scored so far.
    struct Scored {
      std::uint32_t j;
      float cosine, names, damped;
    };
    std::vector<Scored> scored;
    float best = 0.0f;  // the largest cosine among them (and those below the floor)
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

  // Shared entries of part `part` (0 title, 1 lead, 2 numbers) of two
  // articles' side keys, and the smaller part's size.
  std::pair<std::size_t, std::size_t> Shared(std::uint32_t i, std::uint32_t j, int part) const {
    const std::uint32_t* a = side_pool.data() + side_start[3 * i + part];
    const std::uint32_t* a_end = side_pool.data() + side_start[3 * i + part + 1];
    const std::uint32_t* b = side_pool.data() + side_start[3 * j + part];
    const std::uint32_t* b_end = side_pool.data() + side_start[3 * j + part + 1];
    const std::size_t smaller = static_cast<std::size_t>(std::min(a_end - a, b_end - b));
    std::size_t shared = 0;
    while (a != a_end && b != b_end) {
      if (*a < *b) {
        ++a;
      } else if (*b < *a) {
        ++b;
      } else {
        ++shared;
        ++a;
        ++b;
      }
    }
    return {shared, smaller};
  }
  // The same-event model's features of articles i and j
  // (kPairFeatureNames); `best`: the largest cosine of i with any of its
  // candidates.
  void PairFeatures(std::uint32_t i, std::uint32_t j, float cosine, float names, float damped, float best,
                    float* f) const {
    using cluster_internal::kNoDay;
    f[0] = cosine;
    f[1] = std::log(cosine + 0.01f);
    f[2] = names;
    auto [title_shared, title_min] = Shared(i, j, 0);
    f[3] = title_min == 0 ? 0.0f : static_cast<float>(title_shared) / static_cast<float>(title_min);
    f[4] = best > 0.0f ? cosine / best : 0.0f;
    auto [lead_shared, lead_min] = Shared(i, j, 1);
    f[5] = lead_min == 0 ? 0.0f : static_cast<float>(lead_shared) / static_cast<float>(lead_min);
    f[6] = static_cast<float>(std::min<std::size_t>(Shared(i, j, 2).first, 5)) / 5.0f;
    const bool dated = days[i] != kNoDay && days[j] != kNoDay;
    f[7] = dated ? 1.0f : 0.0f;
    f[8] = dated ? std::log1p(static_cast<float>(std::labs(days[i] - days[j]))) : 0.0f;
    f[9] = damped;
    f[10] = std::log1p(static_cast<float>(std::min(side_words[i], side_words[j])));
  }

  // One batch, in the steps of batch.h.
  void Add(const std::vector<const Article*>& batch);
  void ExtractFeatures(cluster_internal::Batch* b);
  void AssignTerms(cluster_internal::Batch* b);
  void WeighVectors(cluster_internal::Batch* b);
  void IndexPostings(cluster_internal::Batch* b);
  void FindEdges(cluster_internal::Batch* b);
  // Fills sc.touched with article i's candidates: earlier articles sharing
  // one of its query terms, the max_candidates with the largest overlap.
  void FindCandidates(Scratch& sc, std::uint32_t i, const cluster_internal::SparseVec& index_vec);
  // Scores sc.touched against article i (the cosine, or with the model
  // its probability): the links strong enough go to *edges, and with a
  // pair_sink every pair with its features to *pairs.
  void ScoreCandidates(Scratch& sc, std::uint32_t i, std::vector<cluster_internal::Edge>* edges,
                       std::vector<CandidatePair>* pairs);
  void PruneEdges(cluster_internal::Batch* b);
  void Regroup(cluster_internal::Batch* b, cluster_internal::StepTimer* timer);
  void Agglomerate(std::vector<cluster_internal::Cand> initial);
};

}  // namespace parallax
