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
// A term in the vector pool: its id in the low 28 bits, and above it
// whether it is a name (cosine's name part) and, for the same-event model,
// whether it is in the article's title, its lead or its numbers.
constexpr std::uint32_t kNameBit = 0x80000000u;
constexpr std::uint32_t kTitleBit = 0x40000000u;
constexpr std::uint32_t kLeadBit = 0x20000000u;
constexpr std::uint32_t kNumberBit = 0x10000000u;
constexpr std::uint32_t kTermMask = 0x0FFFFFFFu;
constexpr int kSideShift = 28;  // (term >> kSideShift) & 7: title 4, lead 2, number 1
// Per article, for the same-event model: the sizes of its side key sets
// (distinct title stems, lead stems, numbers) and its text's words.
struct SideCounts {
  std::uint16_t title = 0, lead = 0, numbers = 0, unused = 0;
  std::uint32_t words = 0;
  float log_words = 0;  // log1p(words), not saved (Load computes it)
};
// log1p(days) for a day gap, read from a table below 4096 days (the same
// values as std::log1p, without its cost per pair).
inline float LogDayGap(long days) {
  static const std::vector<float> table = [] {
    std::vector<float> t(4096);
    for (std::size_t d = 0; d < t.size(); ++d) t[d] = std::log1p(static_cast<float>(d));
    return t;
  }();
  return days >= 0 && days < 4096 ? table[static_cast<std::size_t>(days)] : std::log1p(static_cast<float>(days));
}

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
  // What the background table adds to each term's df (BackgroundDf::Prior),
  // looked up once when the term is first met; all 0 without a table. Not
  // saved: Load looks the vocabulary up again.
  std::vector<float> prior;
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
  // With the same-event model (or for CandidatePairs): per article, the
  // sizes of its side key sets (the keys themselves are the kTitleBit,
  // kLeadBit and kNumberBit of its vector's terms). Without the model:
  // empty.
  std::vector<cluster_internal::SideCounts> side_counts;

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

  // What two articles' side keys share: per part, the shared entries and
  // the smaller part's size, and the smaller text's words.
  struct Overlap {
    std::uint32_t title_shared, title_min, lead_shared, lead_min, numbers_shared, numbers_min;
    float log_words;  // of the smaller text
  };
  // Per chunk of ForChunks: similarity accumulators, all zero between uses.
  struct Scratch {
    std::vector<float> acc;    // per article: overlap on indexed terms
    std::vector<std::uint64_t> met;  // per article, one bit: in the candidate pool
    std::vector<float> dense;  // per term (its pool id): the current article's weight
    std::vector<std::uint8_t> marks;  // with the model, per term: its side bits (kSideShift) in the current article
    std::vector<std::uint32_t> touched;
    std::vector<std::uint64_t> ranked;  // (overlap bits, ~id), see the ranking
    std::vector<std::uint64_t> select;  // SelectLargest's scratch
    std::vector<float> weights;
    cluster_internal::SparseVec query;
    // With the same-event model: the candidates scored so far.
    struct Scored {
      std::uint32_t j;
      float cosine, names, damped;
      Overlap overlap;
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

  // The side key overlap of articles i and j from the shared entries
  // counted over j's vector (ScoreCandidates).
  Overlap SideOverlap(std::uint32_t i, std::uint32_t j, std::uint32_t title_shared, std::uint32_t lead_shared,
                      std::uint32_t numbers_shared) const {
    const cluster_internal::SideCounts& a = side_counts[i];
    const cluster_internal::SideCounts& b = side_counts[j];
    Overlap o;
    o.title_shared = title_shared;
    o.title_min = std::min(a.title, b.title);
    o.lead_shared = lead_shared;
    o.lead_min = std::min(a.lead, b.lead);
    o.numbers_shared = numbers_shared;
    o.numbers_min = std::min(a.numbers, b.numbers);
    o.log_words = std::min(a.log_words, b.log_words);  // log1p is increasing: the same value
    return o;
  }
  // The same-event model's features of articles i and j
  // (kPairFeatureNames); `best`: the largest cosine of i with any of its
  // candidates.
  void PairFeatures(std::uint32_t i, std::uint32_t j, float cosine, float names, float damped, float best,
                    const Overlap& o, float* f) const {
    using cluster_internal::kNoDay;
    f[0] = cosine;
    f[1] = std::log(cosine + 0.01f);
    f[2] = names;
    f[3] = o.title_min == 0 ? 0.0f : static_cast<float>(o.title_shared) / static_cast<float>(o.title_min);
    f[4] = best > 0.0f ? cosine / best : 0.0f;
    f[5] = o.lead_min == 0 ? 0.0f : static_cast<float>(o.lead_shared) / static_cast<float>(o.lead_min);
    f[6] = static_cast<float>(std::min<std::uint32_t>(o.numbers_shared, 5)) / 5.0f;
    const bool dated = days[i] != kNoDay && days[j] != kNoDay;
    f[7] = dated ? 1.0f : 0.0f;
    f[8] = dated ? cluster_internal::LogDayGap(std::labs(days[i] - days[j])) : 0.0f;
    f[9] = damped;
    f[10] = o.log_words;
    // How many numbers both could share (the smaller count, at most 5):
    // beside `numbers`, it tells one shared number of one from one of five
    // (two reports of one recurring kind of event, this week's jobless
    // claims and last week's, give numbers and share few).
    f[11] = static_cast<float>(std::min<std::uint32_t>(o.numbers_min, 5)) / 5.0f;
  }

  // One batch, in the steps of batch.h.
  void Add(const std::vector<const Article*>& batch);
  void EvictOutgrownLinks(const std::vector<std::uint32_t>& region, const std::vector<bool>& in_region);
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
