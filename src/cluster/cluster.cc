#include "cluster/cluster.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <queue>
#include <string>
#include <unordered_map>

#include "cluster/index_state.h"
#include "cluster/select_largest.h"
#include "core/flat_map.h"
#include "core/hash.h"
#include "core/parallel.h"
#include "text/dates.h"
#include "text/segment.h"
#include "text/terms.h"
#include "text/utf8.h"
#include "text/words.h"

namespace parallax {
namespace {

using cluster_internal::Cand;
using cluster_internal::kNameBit;
using cluster_internal::kNoDay;
using cluster_internal::SparseVec;

// An article's features as (key, count) pairs sorted by key, each key
// once: stems of its content words (ContentTerms' rules; title words count
// double) and, as separate features, its capitalised words that do not
// start a sentence, a cheap name signal that needs no model. A key is the
// 64-bit hash of the feature, with the lowest bit set for names. One
// tokenisation pass per field; a sentence starts at the beginning, after
// ". ! ?" and at a line break.
using TermCounts = std::vector<std::pair<std::uint64_t, float>>;

// Per-thread scratch for feature extraction: a stemmer, the token buffer,
// and a cache from a lower-cased word's hash to its feature key (0: a stop
// word or a one-letter word), so each distinct word is stemmed once.
struct FeatureScratch {
  Stemmer stemmer;
  std::vector<Token> tokens;
  std::string lower;
  FlatMap64<std::uint64_t> keys{1 << 16};
  std::vector<std::pair<std::uint64_t, float>> raw;  // an article's features before they are summed
  // A field's words (not numbers) between AddFeatures' two passes.
  struct ScannedWord {
    std::uint64_t hash;  // of the lower-cased word
    std::size_t begin;
    std::uint32_t size;
    bool name;  // capitalised and not first in its sentence, in a field that counts names
  };
  std::vector<ScannedWord> words;
};

// A feature key as FlatMap64 accepts it (its one reserved value moved).
std::uint64_t MapKey(std::uint64_t key) { return key == FlatMap64<int>::kEmpty ? key - 2 : key; }

// Lower-cases `raw` into *out (ASCII directly, anything else through ICU),
// with typographic apostrophes made plain and a possessive "'s" dropped.
void LowerWord(std::string_view raw, std::string* out) {
  bool ascii = true;
  for (char ch : raw) ascii = ascii && static_cast<unsigned char>(ch) < 0x80;
  if (ascii) {
    out->assign(raw);
    for (char& ch : *out) ch = AsciiLower(ch);
  } else {
    *out = ToLower(raw);
    if (out->find("\xE2\x80\x99") != std::string::npos) *out = ReplaceAll(*out, "\xE2\x80\x99", "'");
  }
  if (out->size() > 2 && out->compare(out->size() - 2, 2, "'s") == 0) out->resize(out->size() - 2);
}

void AddFeatures(std::string_view text, float weight, bool names, FeatureScratch* fs, TermCounts* out) {
  // Two passes over the tokens: the first hashes every word, the second
  // looks the hashes up in the stem cache, which is larger than the
  // nearest caches, fetching each slot a few words ahead so that the
  // lookups' cache misses overlap instead of coming one after another.
  bool first = true;
  std::size_t prev_end = 0;
  TokenizeFast(text, &fs->tokens);
  auto& words = fs->words;
  words.clear();
  for (const Token& t : fs->tokens) {
    std::string_view raw = text.substr(t.span.begin, t.span.size());
    // A line break in the gap before the token (mostly one space: read
    // in place rather than searched for).
    for (std::size_t x = prev_end; x < t.span.begin; ++x) first = first || text[x] == '\n';
    prev_end = t.span.end;
    if (t.kind == TokenKind::kPunct) {
      if (raw == "." || raw == "!" || raw == "?") first = true;
      continue;
    }
    const bool was_first = first;
    first = false;
    // The hash of the lower-cased word (LowerWord's), for an ASCII word
    // without building it: the word itself is only needed to stem it, once.
    bool ascii = true;
    for (char ch : raw) ascii = ascii && static_cast<unsigned char>(ch) < 0x80;
    std::uint64_t h;
    std::size_t ascii_len = raw.size();
    if (ascii) {
      if (ascii_len > 2 && raw[ascii_len - 2] == '\'' && AsciiLower(raw[ascii_len - 1]) == 's') ascii_len -= 2;
      h = 1469598103934665603ULL;  // Fnv1a64, fed the lower-cased bytes
      for (std::size_t x = 0; x < ascii_len; ++x) {
        h ^= static_cast<unsigned char>(AsciiLower(raw[x]));
        h *= 1099511628211ULL;
      }
    } else {
      LowerWord(raw, &fs->lower);
      h = Fnv1a64(fs->lower);
    }
    if (t.kind == TokenKind::kNumber) {
      out->emplace_back(h & ~std::uint64_t{1}, weight);
      continue;
    }
    const bool name = names && !was_first && raw.size() > 1 && raw[0] >= 'A' && raw[0] <= 'Z';
    words.push_back({h, t.span.begin, static_cast<std::uint32_t>(raw.size()), name});
  }
  constexpr std::size_t kAhead = 8;
  for (std::size_t x = 0; x < words.size() && x < kAhead; ++x) fs->keys.Prefetch(MapKey(words[x].hash));
  for (std::size_t x = 0; x < words.size(); ++x) {
    if (x + kAhead < words.size()) fs->keys.Prefetch(MapKey(words[x + kAhead].hash));
    const FeatureScratch::ScannedWord& wd = words[x];
    const std::uint64_t* stem_key = fs->keys.Find(MapKey(wd.hash));
    if (stem_key == nullptr) {
      // Lower-cased again: pass one only hashed an ASCII word, and has
      // moved on from any other.
      LowerWord(text.substr(wd.begin, wd.size), &fs->lower);
      const std::string& w = fs->lower;
      if (fs->keys.size() > 500000) fs->keys.Clear();  // bounded memory on huge vocabularies
      const std::uint64_t key = w.size() < 2 || IsStopWord(w) ? 0 : Fnv1a64(fs->stemmer.Stem(w)) & ~std::uint64_t{1};
      stem_key = fs->keys.Insert(MapKey(wd.hash), key).first;
    }
    if (*stem_key == 0) continue;
    if (wd.name) out->emplace_back(wd.hash | 1, 1.0f);
    out->emplace_back(*stem_key, weight);
  }
}

TermCounts ArticleFeatures(const Article& a, FeatureScratch* fs) {
  TermCounts& raw = fs->raw;
  raw.clear();
  AddFeatures(a.title, 2.0f, false, fs, &raw);
  AddFeatures(a.text, 1.0f, true, fs, &raw);
  std::sort(raw.begin(), raw.end(), [](auto& x, auto& y) { return x.first < y.first; });
  std::size_t distinct = 0;
  for (std::size_t x = 0; x < raw.size(); ++x) distinct += x == 0 || raw[x].first != raw[x - 1].first;
  TermCounts out;
  out.reserve(distinct);
  for (auto [key, f] : raw) {
    if (!out.empty() && out.back().first == key) {
      out.back().second += f;
    } else {
      out.emplace_back(key, f);
    }
  }
  return out;
}

struct Edge {
  float sim;
  std::uint32_t a, b;
};

// Sorts best first (the largest by Cand's order), in two halves on two
// threads when there are two; the order is the same for any thread count.
void SortDescending(std::vector<Cand>* v, unsigned threads) {
  auto better = [](const Cand& x, const Cand& y) { return y < x; };
  const auto mid = v->begin() + static_cast<std::ptrdiff_t>(v->size() / 2);
  ParallelFor(2, std::min(ResolveThreads(threads), 2u), [&](std::size_t half) {
    if (half == 0) std::sort(v->begin(), mid, better);
    else std::sort(mid, v->end(), better);
  });
  std::inplace_merge(v->begin(), mid, v->end(), better);
}

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

}  // namespace

void StoryIndex::State::Add(const std::vector<const Article*>& batch) {
  const std::size_t m = batch.size();
  if (m == 0) return;
  const std::size_t base = days.size();
  const std::size_t n = base + m;

  // PARALLAX_DEBUG_CLUSTER=1: the time of each step on stderr.
  static const bool debug = std::getenv("PARALLAX_DEBUG_CLUSTER") != nullptr;
  auto step_start = std::chrono::steady_clock::now();
  auto StepDone = [&](const char* step) {
    if (!debug) return;
    const auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "cluster: %zu articles: %s %.3f s\n", m, step, std::chrono::duration<double>(now - step_start).count());
    step_start = now;
  };
  // Term frequencies, in parallel (stemming and segmentation are most of the
  // cost); one stemmer per chunk.
  std::vector<TermCounts> tf_text(m);
  {
    const std::size_t chunks = std::min<std::size_t>(ResolveThreads(threads), m);
    std::vector<std::unique_ptr<FeatureScratch>> scratch_f(chunks);
    for (auto& f : scratch_f) f = std::make_unique<FeatureScratch>();
    ForChunks(m, threads, [&](std::size_t c, std::size_t k) { tf_text[k] = ArticleFeatures(*batch[k], scratch_f[c].get()); });
  }

  StepDone("features");
  // Term ids and document frequencies, in article order so that ids do not
  // depend on the thread count.
  std::vector<SparseVec> tfs(m);
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
        is_name.push_back((key & 1) != 0);
        stopped.push_back(0);
        postings.emplace_back();
      }
      ++df[*id];
      tf.emplace_back(*id, f);
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

  StepDone("vocab");
  // TF-IDF with the corpus seen so far, pruned to the strongest terms,
  // L2-normalised.
  std::vector<SparseVec> vecs(m);
  // And each article's index terms: its index_terms strongest among the
  // terms other articles have too, by weight (ties: lower term id), and
  // every term no other article has yet, which costs nothing to look up
  // and lets a later article on the same event find this one by a new name.
  std::vector<SparseVec> index_vecs(m);
  const double logn = std::log(static_cast<double>(n) + 1.0);
  auto idf_of = [&](std::uint32_t term) { return options.idf_offset + logn - std::log(static_cast<double>(df[term])); };
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

  StepDone("tfidf and index terms");
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

  StepDone("postings");
  // Candidate pairs through the inverted index, scored in parallel; each
  // article's edges go to its own slot.
  const float min_edge = static_cast<float>(options.threshold * 0.5);
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
  }
  for (std::size_t k = 0; k < m; ++k) {
    for (auto [term, w] : vecs[k]) {
      // In the last batch a term only this article has adds exactly 0 to
      // every cosine (no other vector has it): it counted in the norm and
      // is left out of the pool, which is read at random for every
      // candidate and is most of the candidate search's memory traffic.
      if (last_batch && df[term] < 2) continue;
      const std::uint32_t id = dense_id.empty() ? term : dense_id[term];
      vec_pool.push_back({is_name[term] ? id | kNameBit : id, w});
    }
    vec_start.push_back(vec_pool.size());
  }
  vecs.clear();
  const bool check_window = options.window_days > 0;
  std::vector<std::vector<Edge>> new_edges(m);
  ForChunks(m, threads, [&](std::size_t c, std::size_t k) {
    Scratch& sc = scratch[c];
    const std::uint32_t i = static_cast<std::uint32_t>(base + k);
    // Candidates: earlier articles sharing an index term, ranked by their
    // overlap on index terms (ties: lower id).
    sc.touched.clear();
    // Only the query_terms strongest index terms look for candidates.
    float wmin = 0.0f;
    sc.weights.clear();
    for (auto [term, w] : index_vecs[k]) {
      if (!stopped[term]) sc.weights.push_back(w);
    }
    const std::size_t q = options.query_terms;
    if (q > 0 && sc.weights.size() > q) {
      std::nth_element(sc.weights.begin(), sc.weights.begin() + static_cast<std::ptrdiff_t>(q - 1), sc.weights.end(),
                       std::greater<float>());
      wmin = sc.weights[q - 1];
    }
    sc.query.clear();
    for (auto [term, w] : index_vecs[k]) {
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
    // Exact cosine over the full vectors, and the part of it that shared
    // capitalised names give.
    const std::size_t i_begin = vec_start[i], i_end = vec_start[i + 1];
    for (std::size_t x = i_begin; x < i_end; ++x) sc.dense[vec_pool[x].term & ~kNameBit] = vec_pool[x].weight;
    const std::size_t cands = sc.touched.size();
    for (std::size_t t = 0; t < cands; ++t) {
      // The candidates' vectors are scattered over the pool: fetch ahead.
      // Two stages: where a vector starts (and its article's date) eight
      // candidates ahead, the vector itself four ahead.
      if (t + 8 < cands) {
        const std::uint32_t far = sc.touched[t + 8];
        __builtin_prefetch(&vec_start[far]);
        __builtin_prefetch(&days[far]);
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
      for (std::size_t x = vec_start[j], end = vec_start[j + 1]; x < end; ++x) {
        const std::uint32_t term = vec_pool[x].term;
        const float p = sc.dense[term & ~kNameBit] * vec_pool[x].weight;
        s += p;
        // Times 1 or 0 rather than a branch on the name bit, which comes
        // and goes from one term to the next (p >= 0: the same sum).
        names += p * static_cast<float>(term >> 31);
      }
      // The same event shares its people, places and organisations; two
      // articles that share only common words are at most on one topic.
      if (names < options.min_name_overlap) s *= static_cast<float>(options.no_shared_name_factor);
      if (days[i] != kNoDay && days[j] != kNoDay) {
        long gap = std::labs(days[i] - days[j]) - options.date_window_days;
        if (gap > 0) s *= static_cast<float>(std::max(options.date_floor, 1.0 - gap / options.date_scale_days));
      }
      if (s >= min_edge) new_edges[k].push_back({s, j, i});
    }
    for (std::size_t x = i_begin; x < i_end; ++x) sc.dense[vec_pool[x].term & ~kNameBit] = 0.0f;
  });
  index_vecs.clear();
  std::vector<Edge> edges;
  {
    std::size_t total = 0;
    for (const auto& e : new_edges) total += e.size();
    edges.reserve(total);
  }
  for (auto& e : new_edges) edges.insert(edges.end(), e.begin(), e.end());
  new_edges.clear();

  if (debug) {
    std::fprintf(stderr, "cluster: %zu terms in the vector pool (%.1f per article), %zu edges\n", vec_pool.size(),
                 static_cast<double>(vec_pool.size()) / static_cast<double>(n), edges.size());
  }
  StepDone("candidates");
  const std::size_t edges_found = edges.size();
  // Keep each article's strongest links only: an edge survives while one
  // of its ends has fewer than max_neighbors. Bounds the graph at about
  // n * max_neighbors edges, so agglomeration stays near-linear.
  // Sorted strongest first (ties: lower ids; every pair is distinct, so the
  // order is total): halves on two threads, then merged.
  auto stronger_edge = [](const Edge& x, const Edge& y) {
    if (x.sim != y.sim) return x.sim > y.sim;
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  };
  // Before the sort, drop the edges that cannot survive: an edge that has,
  // at each of its ends, at least as many stronger new edges as that end
  // has room for (max_neighbors minus the links it kept from earlier
  // batches). When it comes, each end has filled up: either all those
  // stronger edges were kept, or one was dropped, which happens only once
  // both its ends are full. Dropped edges change no degree, so the edges
  // kept are the same; the sort then handles a fraction of the edges.
  {
    const std::size_t ne = edges.size();
    std::vector<std::uint32_t> start(n + 1, 0);
    for (const Edge& e : edges) {
      ++start[e.a + 1];
      ++start[e.b + 1];
    }
    for (std::size_t x = 0; x < n; ++x) start[x + 1] += start[x];
    std::vector<std::uint32_t> incident(start[n]);
    {
      std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
      for (std::size_t e = 0; e < ne; ++e) {
        incident[fill[edges[e].a]++] = static_cast<std::uint32_t>(e);
        incident[fill[edges[e].b]++] = static_cast<std::uint32_t>(e);
      }
    }
    // One flag per end, so that each is written by the chunk of its article.
    std::vector<std::uint8_t> keep_at_a(ne, 0), keep_at_b(ne, 0);
    ForChunks(n, threads, [&](std::size_t, std::size_t x) {
      const std::uint32_t room = degree[x] >= options.max_neighbors ? 0 : options.max_neighbors - degree[x];
      auto first = incident.begin() + start[x], last = incident.begin() + start[x + 1];
      if (static_cast<std::size_t>(last - first) > room) {
        std::nth_element(first, first + room, last,
                         [&](std::uint32_t p, std::uint32_t q) { return stronger_edge(edges[p], edges[q]); });
        last = first + room;
      }
      for (auto it = first; it != last; ++it) (edges[*it].a == x ? keep_at_a : keep_at_b)[*it] = 1;
    });
    std::size_t live = 0;
    for (std::size_t e = 0; e < ne; ++e) {
      if (keep_at_a[e] || keep_at_b[e]) edges[live++] = edges[e];
    }
    edges.resize(live);
  }
  {
    const auto mid = edges.begin() + static_cast<std::ptrdiff_t>(edges.size() / 2);
    const unsigned sort_threads = std::min(ResolveThreads(threads), 2u);
    ParallelFor(2, sort_threads, [&](std::size_t half) {
      if (half == 0) std::sort(edges.begin(), mid, stronger_edge);
      else std::sort(mid, edges.end(), stronger_edge);
    });
    std::inplace_merge(edges.begin(), mid, edges.end(), stronger_edge);
  }
  std::size_t kept = 0;
  for (const Edge& e : edges) {
    if (degree[e.a] >= options.max_neighbors && degree[e.b] >= options.max_neighbors) continue;
    ++degree[e.a];
    ++degree[e.b];
    edges[kept++] = e;
  }
  edges.resize(kept);

  std::vector<std::uint32_t> new_degree(n, 0);
  for (const Edge& e : edges) {
    ++new_degree[e.a];
    ++new_degree[e.b];
  }
  for (std::size_t x = 0; x < n; ++x) {
    if (new_degree[x] > 0) adj[x].reserve(adj[x].size() + new_degree[x]);
  }
  for (const Edge& e : edges) {
    adj[e.a].emplace_back(e.b, e.sim);
    adj[e.b].emplace_back(e.a, e.sim);
  }

  if (debug) std::fprintf(stderr, "cluster: %zu edges found, %zu kept\n", edges_found, edges.size());
  StepDone("prune");
  // The region to (re)cluster: the new articles, plus every story a new
  // edge reaches, dissolved back into its articles, so that average link
  // runs best-first over them as it would have with the batch all along
  // (merges decided early are not frozen). Larger stories stay as they are.
  std::vector<std::uint32_t> region, dissolve;
  for (std::size_t k = 0; k < m; ++k) region.push_back(static_cast<std::uint32_t>(base + k));
  std::vector<bool> in_region(n, false);
  for (std::uint32_t x : region) in_region[x] = true;
  for (const Edge& e : edges) {
    if (e.a >= base) continue;  // both ends new (a < b: a is the earlier article)
    std::uint32_t r = Find(e.a);
    if (in_region[r] || size[r] > options.recluster_max_size) continue;
    in_region[r] = true;
    dissolve.push_back(r);
  }
  // Take the dissolved stories' links out of their neighbours' lists
  // (they are rebuilt below from the articles' edges).
  {
    std::vector<std::uint32_t> neighbours;
    std::vector<bool> seen(n, false);
    for (std::uint32_t r : dissolve) {
      for (auto [other, sum] : links[r]) {
        const std::uint32_t o = FindCompress(other);
        if (!in_region[o] && !seen[o]) {
          seen[o] = true;
          neighbours.push_back(o);
        }
      }
    }
    for (std::uint32_t o : neighbours) {
      auto& list = links[o];
      list.erase(std::remove_if(list.begin(), list.end(), [&](const auto& e) { return in_region[FindCompress(e.first)]; }),
                 list.end());
    }
  }
  for (std::uint32_t r : dissolve) {
    links[r] = {};
    std::vector<std::uint32_t> story = std::move(members[r]);
    for (std::uint32_t x : story) {
      parent[x] = x;
      size[x] = 1;
      alive[x] = 1;
      first_day[x] = last_day[x] = days[x];
      members[x] = {x};
      in_region[x] = true;
      if (x != r) region.push_back(x);
    }
  }
  for (std::uint32_t r : dissolve) region.push_back(r);

  StepDone("region");
  // Links from the region's articles (missing pairs count as similarity 0).
  if (base == 0) {
    // The first batch: the region is every article, in order, and every
    // list starts empty. Article y's list as the loop below builds it (its
    // links to earlier articles, earliest first, then its links to later
    // ones in the order of its edges), one list per article, on threads.
    constexpr std::size_t kBlock = 1024;
    ParallelFor((n + kBlock - 1) / kBlock, threads, [&](std::size_t b) {
      std::vector<std::pair<std::uint32_t, float>> earlier;
      for (std::size_t y = b * kBlock, end = std::min(n, y + kBlock); y < end; ++y) {
        earlier.clear();
        for (auto [x, sim] : adj[y]) {
          if (x < y) earlier.emplace_back(x, sim);
        }
        std::sort(earlier.begin(), earlier.end());  // ids are distinct
        auto& list = links[y];
        list.reserve(adj[y].size());
        for (auto [x, sim] : earlier) list.emplace_back(x, sim);
        for (auto [x, sim] : adj[y]) {
          if (x > y) list.emplace_back(x, sim);
        }
      }
    });
  } else {
    for (std::uint32_t x : region) {
      for (auto [y, sim] : adj[x]) {
        if (in_region[y]) {
          if (x < y) {
            links[x].emplace_back(y, sim);
            links[y].emplace_back(x, sim);
          }
        } else {
          std::uint32_t ry = FindCompress(y);
          links[x].emplace_back(ry, sim);
          links[ry].emplace_back(x, sim);
        }
      }
    }
  }
  // Pairs outside the region did not change: they are below the threshold.
  // A list has several entries for one cluster only when it links to a
  // story outside the region through several of its articles: not on the
  // first batch.
  if (base > 0) {
    std::vector<std::pair<std::uint32_t, double>> combined;
    for (std::uint32_t x : region) {
      Combine(x, &links[x], nullptr, &combined);
      links[x].swap(combined);
    }
  }
  std::vector<Cand> initial;
  for (std::uint32_t x : region) {
    for (auto [other, sum] : links[x]) {
      if (in_region[other] && other < x) continue;  // each pair once
      double avg = sum / (double(size[x]) * size[other]);
      std::uint32_t a = std::min(x, other), b = std::max(x, other);
      if (avg >= options.threshold) initial.push_back({avg, a, b, size[a], size[b]});
    }
  }
  StepDone("links");
  Agglomerate(std::move(initial));
  StepDone("agglomerate");
}

// Average-link agglomeration, resumed from the current clusters.
//
// Candidates are taken best first from two sources: the initial pairs,
// sorted once and read in order, and a heap of the pairs that merges
// create. Candidates come out in the same order as from one heap of all of
// them (the order is total but for stale copies of a pair, which are
// skipped either way), but the hundreds of thousands of initial pairs
// never go through the heap, whose every pop would walk a few cache
// misses deep into them.
void StoryIndex::State::Agglomerate(std::vector<Cand> initial) {
  SortDescending(&initial, threads);
  std::priority_queue<Cand> pushed;
  std::priority_queue<Cand>* pq = &pushed;
  std::size_t next = 0;
  std::vector<std::pair<std::uint32_t, double>> merged;
  while (next < initial.size() || !pq->empty()) {
    Cand c;
    if (next < initial.size() && (pq->empty() || !(initial[next] < pq->top()))) {
      c = initial[next++];
    } else {
      c = pq->top();
      pq->pop();
    }
    if (c.avg < options.threshold) break;
    if (!alive[c.a] || !alive[c.b] || size[c.a] != c.sa || size[c.b] != c.sb) continue;
    long first = first_day[c.a] == kNoDay ? first_day[c.b]
                 : first_day[c.b] == kNoDay ? first_day[c.a]
                                            : std::min(first_day[c.a], first_day[c.b]);
    long last = std::max(last_day[c.a], last_day[c.b]);  // kNoDay is the smallest long
    if (TooFarApart(first, last)) continue;
    // Merge the smaller cluster into the larger (ties: into the lower id).
    std::uint32_t keep = c.a, gone = c.b;
    if (size[gone] > size[keep] || (size[gone] == size[keep] && gone < keep)) std::swap(keep, gone);
    alive[gone] = 0;
    parent[gone] = keep;
    size[keep] += size[gone];
    members[keep].insert(members[keep].end(), members[gone].begin(), members[gone].end());
    members[gone] = {};
    first_day[keep] = first;
    last_day[keep] = last;
    Combine(keep, &links[keep], &links[gone], &merged);
    links[keep].swap(merged);
    links[gone] = {};
    for (auto [other, sum] : links[keep]) {
      if (!alive[other]) continue;
      double avg = sum / (double(size[keep]) * size[other]);
      if (avg >= options.threshold) {
        std::uint32_t x = std::min(keep, other), y = std::max(keep, other);
        pq->push({avg, x, y, size[x], size[y]});
      }
    }
  }
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
