// The candidate search (cluster.h, "Candidate search"): the inverted
// index, each new article's candidates through it, and their scores (the
// damped cosine, or the same-event model's probability) as edges.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>

#include "cluster/batch.h"
#include "cluster/index_state.h"
#include "cluster/select_largest.h"
#include "core/parallel.h"

namespace parallax {
namespace {

using cluster_internal::Batch;
using cluster_internal::DebugCluster;
using cluster_internal::Cand;
using cluster_internal::Edge;
using cluster_internal::ForChunks;
using cluster_internal::kNameBit;
using cluster_internal::kSideShift;
using cluster_internal::kTermMask;
using cluster_internal::kNoDay;
using cluster_internal::SparseVec;
using cluster_internal::StepTimer;

}  // namespace

  // Postings in article order, so that article i can read the entries of
  // every j < i (earlier batches and earlier articles of this one) while
  // the batch is scored in parallel. Words that many articles count among
  // their strongest ("pct", "market" in a big corpus) give the longest
  // lists and do not decide which event an article belongs to: once a list
  // passes max_df the term stays out of the index (it still counts in the
  // cosine).
  // Counted first, so that each list is allocated once at its size: a term
  // whose list would pass max_df is stopped before any entry is written
  // (as if its entries had been appended until then and dropped).
void StoryIndex::State::IndexPostings(Batch* work) {
  const std::size_t m = work->m, base = work->base;
  const std::vector<SparseVec>& index_vecs = work->index_vecs;
  {
    std::vector<std::uint32_t> count(postings.size(), 0);
    for (std::size_t k = 0; k < m; ++k) {
      for (auto [term, w] : index_vecs[k]) ++count[term];
    }
    for (std::size_t t = 0; t < postings.size(); ++t) {
      if (count[t] == 0 || stopped[t]) continue;
      // A term only this article has, in the last batch: no other article
      // will ever look it up.
      if (last_batch && df[t] < 2) continue;
      if (postings[t].size() + count[t] > options.max_df) {
        stopped[t] = 1;
        postings[t] = {};
        continue;
      }
      postings[t].reserve(postings[t].size() + count[t]);
    }
  }
  for (std::size_t k = 0; k < m; ++k) {
    for (auto [term, w] : index_vecs[k]) {
      if (stopped[term] || (last_batch && df[term] < 2)) continue;
      postings[term].emplace_back(static_cast<std::uint32_t>(base + k), w);
    }
  }
}

  // Candidate pairs through the inverted index, scored in parallel; each
  // article's edges go to its own slot.
void StoryIndex::State::FindEdges(Batch* work) {
  const std::size_t m = work->m, base = work->base, n = work->n;
  std::vector<SparseVec>& vecs = work->vecs;
  std::vector<SparseVec>& index_vecs = work->index_vecs;
  std::vector<std::vector<CandidatePair>> new_pairs(pair_sink != nullptr ? m : 0);
  const std::size_t chunks = std::min<std::size_t>(ResolveThreads(threads), m);
  if (scratch.size() < chunks) scratch.resize(chunks);
  // The pool names a term by its index into the dense per-thread array of
  // the cosines. A corpus clustered in one batch (the pool then holds only
  // terms that two articles have) numbers those terms 0, 1, 2 ... in term
  // order, so the array is a fraction of the vocabulary and stays near the
  // core; the order of every vector, and so every sum, is unchanged.
  std::vector<std::uint32_t> dense_id;  // empty: the term id itself
  std::size_t dense_size = df.size();
  if (last_batch && base == 0) {
    dense_id.assign(df.size(), 0);
    std::uint32_t next = 0;
    for (std::size_t t = 0; t < df.size(); ++t) {
      if (df[t] >= 2) dense_id[t] = next++;
    }
    dense_size = next;
  }
  for (std::size_t c = 0; c < chunks; ++c) {
    scratch[c].acc.resize(n, 0.0f);
    scratch[c].met.resize(n / 64 + 1, 0);
    scratch[c].dense.resize(std::max(scratch[c].dense.size(), dense_size), 0.0f);
    if (Side()) scratch[c].marks.resize(std::max(scratch[c].marks.size(), dense_size), 0);
  }
  // Term ids stay below kTermMask (2^28 distinct terms); the bits above
  // carry the name flag and, with the model, the side bits.
  for (std::size_t k = 0; k < m; ++k) {
    // With the model, the article's side terms are merged in (both lists
    // ascend by term): a side term among the vector's terms gets its bits,
    // one outside them (a long article's weak title or lead word, a common
    // number) comes in with weight 0, which adds exactly 0 to every cosine
    // but counts in the side overlap as it would in a list of its own.
    static const std::vector<std::pair<std::uint32_t, std::uint32_t>> kNone;
    const auto& sides = work->side_terms.empty() ? kNone : work->side_terms[k];
    std::size_t st = 0;
    auto push = [&](std::uint32_t term, std::uint32_t bits, float w) {
      // In the last batch a term only this article has adds exactly 0 to
      // every cosine (no other vector has it): it counted in the norm and
      // is left out of the pool, which is read at random for every
      // candidate and is most of the candidate search's memory traffic.
      if (last_batch && df[term] < 2) return;
      std::uint32_t id = dense_id.empty() ? term : dense_id[term];
      if (is_name[term]) id |= kNameBit;
      vec_pool.push_back({id | bits, w});
    };
    for (auto [term, w] : vecs[k]) {
      for (; st < sides.size() && sides[st].first < term; ++st) push(sides[st].first, sides[st].second, 0.0f);
      std::uint32_t bits = 0;
      if (st < sides.size() && sides[st].first == term) bits = sides[st++].second;
      push(term, bits, w);
    }
    for (; st < sides.size(); ++st) push(sides[st].first, sides[st].second, 0.0f);
    vec_start.push_back(vec_pool.size());
  }
  vecs.clear();
  work->side_terms.clear();
  std::vector<std::vector<Edge>> new_edges(m);
  ForChunks(m, threads, [&](std::size_t c, std::size_t k) {
    Scratch& sc = scratch[c];
    const std::uint32_t i = static_cast<std::uint32_t>(base + k);
    FindCandidates(sc, i, index_vecs[k]);
    ScoreCandidates(sc, i, &new_edges[k], pair_sink != nullptr ? &new_pairs[k] : nullptr);
  });
  index_vecs.clear();
  for (auto& p : new_pairs) pair_sink->insert(pair_sink->end(), p.begin(), p.end());
  new_pairs.clear();
  std::vector<Edge>& edges = work->edges;
  {
    std::size_t total = 0;
    for (const auto& e : new_edges) total += e.size();
    edges.reserve(total);
  }
  for (auto& e : new_edges) edges.insert(edges.end(), e.begin(), e.end());
  new_edges.clear();
  if (DebugCluster()) {
    std::fprintf(stderr, "cluster: %zu terms in the vector pool (%.1f per article), %zu edges\n", vec_pool.size(),
                 static_cast<double>(vec_pool.size()) / static_cast<double>(n), edges.size());
  }
}

void StoryIndex::State::FindCandidates(Scratch& sc, std::uint32_t i, const SparseVec& index_vec) {
  const bool check_window = options.window_days > 0;
  // Candidates: earlier articles sharing an index term, ranked by their
  // overlap on index terms (ties: lower id).
  sc.touched.clear();
  // Only the query_terms strongest index terms look for candidates.
  float wmin = 0.0f;
  sc.weights.clear();
  for (auto [term, w] : index_vec) {
    if (!stopped[term]) sc.weights.push_back(w);
  }
  const std::size_t q = options.query_terms;
  if (q > 0 && sc.weights.size() > q) {
    std::nth_element(sc.weights.begin(), sc.weights.begin() + static_cast<std::ptrdiff_t>(q - 1), sc.weights.end(),
                     std::greater<float>());
    wmin = sc.weights[q - 1];
  }
  sc.query.clear();
  for (auto [term, w] : index_vec) {
    if (!stopped[term] && w >= wmin) sc.query.emplace_back(term, w);
  }
  // Rarest terms first; once candidate_pool articles have been met, the
  // longer lists only add to their overlap.
  const std::size_t cap = options.candidate_pool;
  if (cap > 0) {
    std::sort(sc.query.begin(), sc.query.end(), [&](const auto& x, const auto& y) {
      const std::size_t a = postings[x.first].size(), b = postings[y.first].size();
      return a < b || (a == b && x.first < y.first);
    });
  }
  // Membership of the pool is one bit per article (small enough to stay
  // in the nearest cache), so the entries of articles outside a full
  // pool, most of those on the long lists read last, cost no read of acc.
  // Every list's first entries are fetched ahead, so that the cache
  // misses of the lists overlap instead of coming one after another.
  for (auto [term, w] : sc.query) __builtin_prefetch(postings[term].data());
  std::uint64_t* met = sc.met.data();
  for (auto [term, w] : sc.query) {
    const auto& list = postings[term];
    if (cap == 0 || sc.touched.size() < cap) {
      for (auto [j, wj] : list) {
        if (j >= i) break;
        if (check_window && TooFarApart(days[i], days[j])) continue;
        const std::uint64_t bit = std::uint64_t{1} << (j & 63);
        if (!(met[j >> 6] & bit)) {
          met[j >> 6] |= bit;
          sc.touched.push_back(j);
        }
        sc.acc[j] += w * wj;
      }
    } else {
      // The pool is full: only its articles gain overlap (they passed
      // the window check when they joined it).
      for (auto [j, wj] : list) {
        if (j >= i) break;
        if (met[j >> 6] & (std::uint64_t{1} << (j & 63))) sc.acc[j] += w * wj;
      }
    }
  }
  for (std::uint32_t j : sc.touched) met[j >> 6] = 0;
  if (sc.touched.size() > options.max_candidates) {
    // The max_candidates strongest (largest overlap; ties: lower id),
    // selected on one integer key per article: the overlap's bits above
    // (a float >= 0 orders as its bit pattern) and the complement of the
    // id below, so the larger key is the better candidate and no two
    // keys are equal.
    auto& ranked = sc.ranked;
    ranked.clear();
    for (std::uint32_t j : sc.touched) {
      std::uint32_t bits;
      std::memcpy(&bits, &sc.acc[j], sizeof bits);
      ranked.push_back(std::uint64_t{bits} << 32 | (0xFFFFFFFFu - j));
      sc.acc[j] = 0.0f;
    }
    sc.touched.clear();
    // In selection order: an article's edges are put in a total order
    // later, so the order here changes nothing.
    SelectLargest(ranked.data(), ranked.size(), options.max_candidates, &sc.select,
                  [&](std::uint64_t key) { sc.touched.push_back(0xFFFFFFFFu - static_cast<std::uint32_t>(key)); });
  }
}

namespace {

// The shared side bits of a term (i's & j's, kSideShift bits) spread into
// three counters of ten bits: title, lead, numbers.
constexpr std::uint32_t kSpread[8] = {0, 1u << 20, 1u << 10, 1u << 10 | 1u << 20, 1, 1 | 1u << 20, 1 | 1u << 10,
                                      1 | 1u << 10 | 1u << 20};

}  // namespace

void StoryIndex::State::ScoreCandidates(Scratch& sc, std::uint32_t i, std::vector<Edge>* edges,
                                        std::vector<CandidatePair>* pairs) {
  const float min_edge = static_cast<float>(MergeThreshold() * 0.5);
  const SameEventModel* model = options.same_event.get();
  const bool side = Side();
  // Exact cosine over the full vectors, and the part of it that shared
  // capitalised names give; with the model, i's side bits per term too, so
  // that the side keys two articles share are counted while j's vector is
  // read for the cosine (no other memory of j's is read).
  const std::size_t i_begin = vec_start[i], i_end = vec_start[i + 1];
  for (std::size_t x = i_begin; x < i_end; ++x) sc.dense[vec_pool[x].term & kTermMask] = vec_pool[x].weight;
  if (side) {
    for (std::size_t x = i_begin; x < i_end; ++x)
      sc.marks[vec_pool[x].term & kTermMask] = static_cast<std::uint8_t>((vec_pool[x].term >> kSideShift) & 7);
  }
  const std::size_t cands = sc.touched.size();
  for (std::size_t t = 0; t < cands; ++t) {
    // The candidates' vectors are scattered over the pool: fetch ahead.
    // Two stages: where a vector starts (and its article's date) eight
    // candidates ahead, the vector itself four ahead.
    if (t + 8 < cands) {
      const std::uint32_t far = sc.touched[t + 8];
      __builtin_prefetch(&vec_start[far]);
      __builtin_prefetch(&days[far]);
      if (side) __builtin_prefetch(&side_counts[far]);
    }
    if (t + 4 < cands) {
      const std::uint32_t ahead = sc.touched[t + 4];
      const VecEntry* first = vec_pool.data() + vec_start[ahead];
      const VecEntry* last = vec_pool.data() + vec_start[ahead + 1];
      for (const char* line = reinterpret_cast<const char*>(first); line < reinterpret_cast<const char*>(last); line += 64)
        __builtin_prefetch(line);
      if (last > first) __builtin_prefetch(last - 1);
    }
    const std::uint32_t j = sc.touched[t];
    sc.acc[j] = 0.0f;
    float s = 0.0f, names = 0.0f;
    std::uint32_t shared = 0;  // kSpread counters
    if (side) {
      for (std::size_t x = vec_start[j], end = vec_start[j + 1]; x < end; ++x) {
        const std::uint32_t term = vec_pool[x].term;
        const std::uint32_t id = term & kTermMask;
        const float p = sc.dense[id] * vec_pool[x].weight;
        s += p;
        names += p * static_cast<float>(term >> 31);
        shared += kSpread[sc.marks[id] & (term >> kSideShift) & 7];
      }
    } else {
      for (std::size_t x = vec_start[j], end = vec_start[j + 1]; x < end; ++x) {
        const std::uint32_t term = vec_pool[x].term;
        const float p = sc.dense[term & kTermMask] * vec_pool[x].weight;
        s += p;
        // Times 1 or 0 rather than a branch on the name bit, which comes
        // and goes from one term to the next (p >= 0: the same sum).
        names += p * static_cast<float>(term >> 31);
      }
    }
    // The same event shares its people, places and organisations; two
    // articles that share only common words are at most on one topic.
    const float cosine = s;
    if (names < options.min_name_overlap) s *= static_cast<float>(options.no_shared_name_factor);
    if (days[i] != kNoDay && days[j] != kNoDay) {
      long gap = std::labs(days[i] - days[j]) - options.date_window_days;
      if (gap > 0) s *= static_cast<float>(std::max(options.date_floor, 1.0 - gap / options.date_scale_days));
    }
    if (side) {
      // Only pairs whose cosine passes the floor get the model's
      // features (and a link); the best cosine counts them all.
      sc.best = std::max(sc.best, cosine);
      if (cosine >= options.same_event_min_cosine) {
        sc.scored.push_back(
            {j, cosine, names, s, SideOverlap(i, j, shared & 1023, (shared >> 10) & 1023, shared >> 20)});
      }
      continue;
    }
    if (s >= min_edge) edges->push_back({s, j, i});
  }
  if (side) {
    // The model's features need the best cosine among i's candidates.
    const float best = sc.best;
    sc.best = 0.0f;
    for (const Scratch::Scored& cand : sc.scored) {
      CandidatePair pair{cand.j, i, {}};
      PairFeatures(i, cand.j, cand.cosine, cand.names, cand.damped, best, cand.overlap, pair.features);
      float p = cand.damped;
      if (model != nullptr) p = static_cast<float>(model->Probability(pair.features));
      if (pairs != nullptr) pairs->push_back(pair);
      if (p >= min_edge) edges->push_back({p, cand.j, i});
    }
    sc.scored.clear();
    for (std::size_t x = i_begin; x < i_end; ++x) sc.marks[vec_pool[x].term & kTermMask] = 0;
  }
  for (std::size_t x = i_begin; x < i_end; ++x) sc.dense[vec_pool[x].term & kTermMask] = 0.0f;
}

}  // namespace parallax
