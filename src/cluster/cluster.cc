// StoryIndex and the public clustering calls (cluster.h). State::Add runs
// the steps of batch.h: this file holds the first three (features, term
// ids, TF-IDF vectors), candidates.cc the candidate search and scoring,
// regroup.cc the pruning and average link.

#include "cluster/cluster.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <unordered_map>

#include "cluster/batch.h"
#include "cluster/index_state.h"
#include "core/parallel.h"
#include "text/dates.h"

namespace parallax {
namespace {

using cluster_internal::Batch;
using cluster_internal::DebugCluster;
using cluster_internal::Cand;
using cluster_internal::Edge;
using cluster_internal::ForChunks;
using cluster_internal::kNameBit;
using cluster_internal::kNoDay;
using cluster_internal::SparseVec;
using cluster_internal::StepTimer;
using cluster_internal::ArticleFeatures;
using cluster_internal::FeatureScratch;
using cluster_internal::MapKey;
using cluster_internal::SideKeys;
using cluster_internal::TermCounts;

}  // namespace

void StoryIndex::State::Add(const std::vector<const Article*>& batch) {
  Batch work;
  work.articles = &batch;
  work.m = batch.size();
  if (work.m == 0) return;
  work.base = days.size();
  work.n = work.base + work.m;
  StepTimer timer(work.m);
  ExtractFeatures(&work);
  timer.Done("features");
  AssignTerms(&work);
  timer.Done("vocab");
  WeighVectors(&work);
  timer.Done("tfidf and index terms");
  IndexPostings(&work);
  timer.Done("postings");
  FindEdges(&work);
  timer.Done("candidates");
  PruneEdges(&work);
  timer.Done("prune");
  Regroup(&work, &timer);
}

// Term frequencies, in parallel (stemming and segmentation are most of the
// cost); one stemmer per chunk.
void StoryIndex::State::ExtractFeatures(Batch* work) {
  const std::size_t m = work->m;
  const std::vector<const Article*>& batch = *work->articles;
  std::vector<TermCounts>& tf_text = work->tf_text;
  tf_text.resize(m);
  const std::size_t chunks = std::min<std::size_t>(ResolveThreads(threads), m);
  std::vector<std::unique_ptr<FeatureScratch>> scratch_f(chunks);
  for (auto& f : scratch_f) f = std::make_unique<FeatureScratch>();
  std::vector<SideKeys>& sides = work->sides;
  sides.resize(Side() ? m : 0);
  ForChunks(m, threads, [&](std::size_t c, std::size_t k) {
    tf_text[k] = ArticleFeatures(*batch[k], scratch_f[c].get(), sides.empty() ? nullptr : &sides[k]);
  });
  for (const SideKeys& sk : sides) {
    cluster_internal::SideCounts counts;
    counts.title = static_cast<std::uint16_t>(std::min<std::size_t>(sk.title.size(), 0xFFFF));
    counts.lead = static_cast<std::uint16_t>(sk.lead.size());
    counts.numbers = static_cast<std::uint16_t>(sk.numbers.size());
    counts.words = sk.words;
    counts.log_words = std::log1p(static_cast<float>(sk.words));
    side_counts.push_back(counts);
  }
}

namespace {

// The side bits of an article's terms: `counts` (sorted by key) and `tf`
// (the same entries by term id) side by side, and the article's side keys
// (each sorted, each a key of `counts`). Sorted by term id, each id once.
std::vector<std::pair<std::uint32_t, std::uint32_t>> SideTerms(const TermCounts& counts, const SparseVec& tf,
                                                               const SideKeys& side) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  auto mark = [&](const std::vector<std::uint64_t>& keys, std::uint32_t bit) {
    std::size_t x = 0;
    for (std::uint64_t key : keys) {
      while (x < counts.size() && counts[x].first < key) ++x;
      if (x < counts.size() && counts[x].first == key) out.emplace_back(tf[x].first, bit);
    }
  };
  mark(side.title, cluster_internal::kTitleBit);
  mark(side.lead, cluster_internal::kLeadBit);
  mark(side.numbers, cluster_internal::kNumberBit);
  std::sort(out.begin(), out.end());
  std::size_t kept = 0;
  for (std::size_t x = 0; x < out.size(); ++x) {
    if (kept > 0 && out[kept - 1].first == out[x].first) out[kept - 1].second |= out[x].second;
    else out[kept++] = out[x];
  }
  out.resize(kept);
  return out;
}

}  // namespace

// Term ids and document frequencies, in article order so that ids do not
// depend on the thread count; the per-article state grown to the batch.
void StoryIndex::State::AssignTerms(Batch* work) {
  const std::size_t m = work->m, base = work->base, n = work->n;
  const std::vector<const Article*>& batch = *work->articles;
  std::vector<TermCounts>& tf_text = work->tf_text;
  std::vector<SparseVec>& tfs = work->tfs;
  tfs.resize(m);
  work->side_terms.resize(work->sides.empty() ? 0 : m);
  for (std::size_t k = 0; k < m; ++k) {
    SparseVec& tf = tfs[k];
    const TermCounts& counts = tf_text[k];
    tf.reserve(counts.size());
    // The vocabulary is far larger than the nearest caches: each lookup's
    // slot is fetched a few features ahead (and the next article's first).
    constexpr std::size_t kAhead = 8;
    for (std::size_t x = 0; x < counts.size(); ++x) {
      if (x + kAhead < counts.size()) vocab.Prefetch(MapKey(counts[x + kAhead].first));
      else if (k + 1 < m && x + kAhead - counts.size() < tf_text[k + 1].size())
        vocab.Prefetch(MapKey(tf_text[k + 1][x + kAhead - counts.size()].first));
      const auto [key, f] = counts[x];
      auto [id, inserted] = vocab.Insert(MapKey(key), static_cast<std::uint32_t>(vocab.size()));
      if (inserted) {
        df.push_back(0);
        prior.push_back(options.background ? static_cast<float>(options.background->Prior(key)) : 0.0f);
        is_name.push_back((key & 1) != 0);
        stopped.push_back(0);
        postings.emplace_back();
      }
      ++df[*id];
      tf.emplace_back(*id, f);
    }
    if (!work->sides.empty()) {
      work->side_terms[k] = SideTerms(counts, tf, work->sides[k]);
      work->sides[k] = {};
    }
    tf_text[k] = {};
  }
  days.resize(n, kNoDay);
  degree.resize(n, 0);
  parent.resize(n);
  size.resize(n, 1);
  alive.resize(n, 1);
  first_day.resize(n, kNoDay);
  last_day.resize(n, kNoDay);
  links.resize(n);
  link_sum.resize(n, 0.0);
  link_seen.resize(n, 0);
  members.resize(n);
  adj.resize(n);
  for (std::size_t k = 0; k < m; ++k) {
    const std::size_t i = base + k;
    parent[i] = static_cast<std::uint32_t>(i);
    members[i] = {static_cast<std::uint32_t>(i)};
    if (batch[k]->published) {
      if (auto d = DaysSinceEpoch(*batch[k]->published)) days[i] = first_day[i] = last_day[i] = *d;
    }
  }
}

  // TF-IDF with the corpus seen so far, pruned to the strongest terms,
  // L2-normalised.
  // And each article's index terms: its index_terms strongest among the
  // terms other articles have too, by weight (ties: lower term id), and
  // every term no other article has yet, which costs nothing to look up
  // and lets a later article on the same event find this one by a new name.
void StoryIndex::State::WeighVectors(Batch* work) {
  const std::size_t m = work->m, n = work->n;
  std::vector<SparseVec>& tfs = work->tfs;
  std::vector<SparseVec>& vecs = work->vecs;
  std::vector<SparseVec>& index_vecs = work->index_vecs;
  vecs.resize(m);
  index_vecs.resize(m);
  // The background's weight as that many more documents, distributed as
  // its own (cluster.h, ClusterOptions::background).
  const double extra = options.background ? options.background->weight : 0.0;
  const double logn = std::log(static_cast<double>(n) + 1.0 + extra);
  auto idf_of = [&](std::uint32_t term) {
    return options.idf_offset + logn - std::log(static_cast<double>(df[term]) + static_cast<double>(prior[term]));
  };
  // One logarithm per term rather than per (article, term) when the batch
  // is big enough to meet most of the vocabulary (not for an article at a
  // time); the same values either way.
  std::vector<double> idf_table;
  if (m * 8 >= df.size()) {
    idf_table.resize(df.size());
    constexpr std::size_t kBlock = 4096;  // contiguous, so that threads do not share cache lines
    ParallelFor((df.size() + kBlock - 1) / kBlock, threads, [&](std::size_t b) {
      for (std::size_t t = b * kBlock, end = std::min(df.size(), t + kBlock); t < end; ++t)
        idf_table[t] = idf_of(static_cast<std::uint32_t>(t));
    });
  }
  ForChunks(m, threads, [&](std::size_t, std::size_t k) {
    SparseVec v;
    v.reserve(tfs[k].size());
    for (auto [term, f] : tfs[k]) {
      // Terms in a single article cannot link two articles; they still
      // count in the norm so that long articles are not favoured.
      const double idf = idf_table.empty() ? idf_of(term) : idf_table[term];
      double w = (1.0 + (f == 1.0f ? 0.0f : std::log(f))) * idf;  // log(1) is exactly 0
      if (w > 0) v.emplace_back(term, static_cast<float>(w));
    }
    tfs[k] = {};
    double norm = 0;
    for (auto& [t, w] : v) norm += double(w) * w;
    norm = std::sqrt(norm);
    if (norm == 0) return;
    for (auto& [t, w] : v) w = static_cast<float>(w / norm);
    // The max_terms strongest (ties: lower id), in term order.
    if (v.size() > options.max_terms) {
      std::sort(v.begin(), v.end(), [](auto& x, auto& y) { return x.second > y.second || (x.second == y.second && x.first < y.first); });
      v.resize(options.max_terms);
    }
    // Term order (ids are distinct within v), sorted as one integer per
    // term: the id above the weight's bits.
    {
      thread_local std::vector<std::uint64_t> packed;
      packed.clear();
      for (auto [t, w] : v) {
        std::uint32_t bits;
        std::memcpy(&bits, &w, sizeof bits);
        packed.push_back(std::uint64_t{t} << 32 | bits);
      }
      std::sort(packed.begin(), packed.end());
      for (std::size_t x = 0; x < packed.size(); ++x) {
        const std::uint32_t bits = static_cast<std::uint32_t>(packed[x]);
        v[x].first = static_cast<std::uint32_t>(packed[x] >> 32);
        std::memcpy(&v[x].second, &bits, sizeof bits);
      }
    }
    std::vector<std::pair<float, std::uint32_t>> shared;
    for (auto [t, w] : v) {
      if (df[t] >= 2) shared.emplace_back(w, t);
    }
    if (shared.size() <= options.index_terms) {
      index_vecs[k] = v;
    } else if (options.index_terms == 0) {
      for (auto [t, w] : v) {
        if (df[t] < 2) index_vecs[k].emplace_back(t, w);
      }
    } else {
      // The weakest shared term kept; the rest of v is read in term order.
      auto stronger = [](const auto& x, const auto& y) { return x.first > y.first || (x.first == y.first && x.second < y.second); };
      const auto last_kept = shared.begin() + static_cast<std::ptrdiff_t>(options.index_terms - 1);
      std::nth_element(shared.begin(), last_kept, shared.end(), stronger);
      const std::pair<float, std::uint32_t> cut = *last_kept;
      SparseVec& index = index_vecs[k];
      for (auto [t, w] : v) {
        if (df[t] < 2 || !stronger(cut, std::pair<float, std::uint32_t>{w, t})) index.emplace_back(t, w);
      }
    }
    vecs[k] = std::move(v);
  });
}

StoryIndex::StoryIndex(const ClusterOptions& options, unsigned threads) : state_(std::make_unique<State>()) {
  state_->options = options;
  state_->threads = threads;
}

StoryIndex::~StoryIndex() = default;

void StoryIndex::Add(const std::vector<const Article*>& articles) { state_->Add(articles); }

void StoryIndex::Add(const Article& article) { state_->Add({&article}); }

std::size_t StoryIndex::size() const { return state_->days.size(); }

std::vector<std::vector<std::size_t>> StoryIndex::Stories() const {
  const std::size_t n = size();
  std::vector<std::vector<std::size_t>> stories;
  std::unordered_map<std::uint32_t, std::size_t> index;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t root = state_->Find(static_cast<std::uint32_t>(i));
    auto [it, inserted] = index.emplace(root, stories.size());
    if (inserted) stories.emplace_back();
    stories[it->second].push_back(i);
  }
  std::stable_sort(stories.begin(), stories.end(), [](const auto& x, const auto& y) {
    return x.size() != y.size() ? x.size() > y.size() : x.front() < y.front();
  });
  return stories;
}

std::vector<std::vector<std::size_t>> ClusterArticles(const std::vector<Article>& articles,
                                                      const ClusterOptions& options, unsigned threads) {
  std::vector<const Article*> ptrs;
  ptrs.reserve(articles.size());
  for (const Article& a : articles) ptrs.push_back(&a);
  return ClusterArticles(ptrs, options, threads);
}

std::vector<std::vector<std::size_t>> ClusterArticles(const std::vector<const Article*>& articles,
                                                      const ClusterOptions& options, unsigned threads) {
  StoryIndex index(options, threads);
  index.state_->last_batch = true;
  index.Add(articles);
  return index.Stories();
}

std::vector<CandidatePair> CandidatePairs(const std::vector<const Article*>& articles, const ClusterOptions& options,
                                          unsigned threads) {
  std::vector<CandidatePair> pairs;
  StoryIndex index(options, threads);
  index.state_->last_batch = true;
  index.state_->pair_sink = &pairs;
  index.Add(articles);
  return pairs;
}

std::vector<std::vector<std::size_t>> ClusterArticlesInDateOrder(const std::vector<const Article*>& articles,
                                                                const ClusterOptions& options, unsigned threads,
                                                                std::size_t batch_size,
                                                                const std::function<void(std::size_t)>& on_batch) {
  const std::size_t n = articles.size();
  std::vector<long> day(n, kNoDay);
  for (std::size_t i = 0; i < n; ++i) {
    if (articles[i]->published) {
      if (auto d = DaysSinceEpoch(*articles[i]->published)) day[i] = *d;
    }
  }
  auto key = [&](std::size_t i) { return day[i] == kNoDay ? std::numeric_limits<long>::max() : day[i]; };
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return key(x) < key(y); });

  StoryIndex index(options, threads);
  std::vector<const Article*> batch;
  for (std::size_t p = 0; p < n;) {
    batch.clear();
    std::size_t q = p;
    while (q < n && (batch_size == 0 ? key(order[q]) == key(order[p]) : batch.size() < batch_size)) {
      batch.push_back(articles[order[q++]]);
    }
    index.Add(batch);
    p = q;
    if (on_batch) on_batch(p);
  }
  // Back to input indices, ordered as ClusterArticles orders its stories.
  std::vector<std::vector<std::size_t>> stories = index.Stories();
  for (auto& story : stories) {
    for (std::size_t& k : story) k = order[k];
    std::sort(story.begin(), story.end());
  }
  std::stable_sort(stories.begin(), stories.end(), [](const auto& x, const auto& y) {
    return x.size() != y.size() ? x.size() > y.size() : x.front() < y.front();
  });
  return stories;
}

}  // namespace parallax
