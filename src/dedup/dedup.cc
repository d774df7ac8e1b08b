#include "dedup/dedup.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <limits>
#include <numeric>
#include <string>
#include <unordered_map>

#include "core/hash.h"
#include "core/parallel.h"
#include "text/utf8.h"

namespace parallax {
namespace {

// MurmurHash3's 64-bit finaliser: a bijection with full avalanche.
inline std::uint64_t Mix64(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// 64-bit hash of a byte string: 8-byte little-endian words folded through
// Mix64, seeded with the length so "a\0" and "a" differ.
std::uint64_t HashBytes(std::string_view s) {
  std::uint64_t h = Mix64(0x9e3779b97f4a7c15ULL ^ s.size());
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w = 0;
    for (std::size_t k = 0; k < 8; ++k) w |= std::uint64_t{static_cast<unsigned char>(s[i + k])} << (8 * k);
    h = Mix64(h ^ w) + 0x632be59bd9b4e019ULL;
  }
  if (i < s.size()) {
    std::uint64_t w = 0;
    for (std::size_t k = 0; i + k < s.size(); ++k) w |= std::uint64_t{static_cast<unsigned char>(s[i + k])} << (8 * k);
    h = Mix64(h ^ w) + 0x632be59bd9b4e019ULL;
  }
  return Mix64(h);
}

inline bool IsApostrophe(char32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC; }

inline bool IsWordChar(char32_t cp) {
  if (cp < 0x80) return AsciiAlnum(static_cast<unsigned char>(cp));
  return (U_GET_GC_MASK(static_cast<UChar32>(cp)) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK)) != 0;
}

// Hashes of the case-folded words of `text`, in order.
std::vector<std::uint64_t> WordHashes(std::string_view text) {
  std::vector<std::uint64_t> out;
  std::string word;
  std::size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    char32_t cp;
    if (c < 0x80) {
      cp = c;
      ++i;
    } else {
      cp = DecodeUtf8(text, &i);
    }
    if (IsWordChar(cp)) {
      if (cp < 0x80) {
        word.push_back(AsciiLower(static_cast<char>(cp)));
      } else {
        AppendUtf8(&word, static_cast<char32_t>(u_foldCase(static_cast<UChar32>(cp), U_FOLD_CASE_DEFAULT)));
      }
    } else if (IsApostrophe(cp) && !word.empty()) {
      // Inside a word: dropped, so "don't" and "don’t" are the same word.
    } else if (!word.empty()) {
      out.push_back(HashBytes(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(HashBytes(word));
  return out;
}

// Multipliers (odd) and offsets of the kNumHashes hash functions, from a
// fixed splitmix64 sequence so signatures are stable across runs.
struct Permutations {
  std::array<std::uint64_t, kNumHashes> a;
  std::array<std::uint64_t, kNumHashes> b;
  Permutations() {
    std::uint64_t state = 0x5eed0fda7a5e7ULL;
    auto next = [&state] {
      state += 0x9e3779b97f4a7c15ULL;
      return Mix64(state);
    };
    for (std::size_t i = 0; i < kNumHashes; ++i) {
      a[i] = next() | 1;
      b[i] = next();
    }
  }
};

const Permutations& Perms() {
  static const Permutations p;
  return p;
}

// Case- and white-space-folded text, for exact duplicates.
std::string FoldForExact(std::string_view text) {
  std::string folded;
  folded.reserve(text.size());
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isspace(u)) continue;
    folded.push_back(AsciiLower(c));
  }
  return folded;
}

// LSH buckets without a heap allocation per bucket: an open-addressing
// table from band key to the newest entry under it, and per entry the
// article and the previous entry with the same key. Sized once for
// `capacity` entries.
class BandBuckets {
 public:
  explicit BandBuckets(std::size_t capacity) {
    std::size_t slots = 16;
    while (slots < 2 * capacity) slots *= 2;
    keys_.assign(slots, 0);
    heads_.assign(slots, kNone);
    mask_ = slots - 1;
    article_.reserve(capacity);
    next_.reserve(capacity);
  }

  void Add(std::uint64_t key, std::uint32_t article) {
    std::size_t s = Slot(key);
    keys_[s] = Stored(key);
    next_.push_back(heads_[s]);
    article_.push_back(article);
    heads_[s] = static_cast<std::uint32_t>(article_.size() - 1);
  }

  // Appends every article entered under `key`.
  void Collect(std::uint64_t key, std::vector<std::size_t>* out) const {
    for (std::uint32_t e = heads_[Slot(key)]; e != kNone; e = next_[e]) out->push_back(article_[e]);
  }

 private:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  static std::uint64_t Stored(std::uint64_t key) { return key == 0 ? 1 : key; }  // 0 marks an empty slot
  // The slot holding `key`, or the empty slot where it would go.
  std::size_t Slot(std::uint64_t key) const {
    const std::uint64_t k = Stored(key);
    std::size_t s = Mix64(k) & mask_;
    while (keys_[s] != 0 && keys_[s] != k) s = (s + 1) & mask_;
    return s;
  }

  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> heads_;
  std::vector<std::uint32_t> article_, next_;
  std::size_t mask_ = 0;
};

}  // namespace

std::vector<std::uint64_t> ShingleHashes(std::string_view text) {
  std::vector<std::uint64_t> words = WordHashes(text);
  std::vector<std::uint64_t> out;
  if (words.empty()) return out;
  const std::size_t w = std::min(kShingleWords, words.size());
  out.reserve(words.size() - w + 1);
  for (std::size_t i = 0; i + w <= words.size(); ++i) {
    std::uint64_t h = 0x2545f4914f6cdd1dULL ^ w;
    for (std::size_t k = 0; k < w; ++k) h = Mix64(h ^ words[i + k]) + 0x632be59bd9b4e019ULL;
    out.push_back(Mix64(h));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

MinHashSignature ComputeMinHash(const std::vector<std::uint64_t>& shingles) {
  const Permutations& p = Perms();
  MinHashSignature sig;
  sig.fill(std::numeric_limits<std::uint64_t>::max());
  for (std::uint64_t x : shingles) {
    for (std::size_t i = 0; i < kNumHashes; ++i) sig[i] = std::min(sig[i], p.a[i] * x + p.b[i]);
  }
  return sig;
}

double EstimateJaccard(const MinHashSignature& a, const MinHashSignature& b) {
  std::size_t equal = 0;
  for (std::size_t i = 0; i < kNumHashes; ++i) equal += a[i] == b[i];
  return static_cast<double>(equal) / kNumHashes;
}

double ExactJaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  if (a.empty() && b.empty()) return 0.0;
  std::size_t i = 0, j = 0, common = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

std::uint64_t BandKey(const MinHashSignature& sig, std::size_t band) {
  std::uint64_t h = Mix64(0x7f4a7c159e3779b9ULL + band);
  for (std::size_t r = 0; r < kRows; ++r) h = Mix64(h ^ sig[band * kRows + r]) + 0x632be59bd9b4e019ULL;
  return h;
}

bool LshCandidates(const MinHashSignature& a, const MinHashSignature& b) {
  for (std::size_t band = 0; band < kBands; ++band) {
    if (std::equal(a.begin() + band * kRows, a.begin() + (band + 1) * kRows, b.begin() + band * kRows)) return true;
  }
  return false;
}

std::vector<std::optional<std::size_t>> FindExactDuplicates(const std::vector<Article>& articles) {
  std::vector<std::optional<std::size_t>> out(articles.size());
  std::unordered_map<std::uint64_t, std::vector<std::pair<std::size_t, std::string>>> first;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    std::string folded = FoldForExact(articles[i].text);
    if (folded.empty()) continue;
    // Equal hashes are confirmed on the folded text itself.
    auto& same_hash = first[Fnv1a64(folded)];
    for (const auto& [c, text] : same_hash) {
      if (text == folded) {
        out[i] = c;
        break;
      }
    }
    if (!out[i]) same_hash.emplace_back(i, std::move(folded));
  }
  return out;
}

DedupResult FindDuplicates(const std::vector<Article>& articles, const DedupOptions& options, unsigned threads) {
  const std::size_t n = articles.size();
  DedupResult r;
  r.duplicate_of.assign(n, std::nullopt);
  r.similarity.assign(n, 0.0);
  r.exact.assign(n, false);

  // Canonical order: publication date (undated last), then input order.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  auto date_key = [&](std::size_t i) -> std::string_view {
    const auto& p = articles[i].published;
    return p ? std::string_view(*p).substr(0, 10) : std::string_view();
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    const bool dx = articles[x].published.has_value(), dy = articles[y].published.has_value();
    if (dx != dy) return dx;
    return date_key(x) < date_key(y);
  });
  std::vector<std::size_t> position(n);
  for (std::size_t k = 0; k < n; ++k) position[order[k]] = k;

  // Exact: the first text in canonical order with the same folded form.
  std::vector<std::string> folded(n);
  ParallelFor(n, threads, [&](std::size_t i) { folded[i] = FoldForExact(articles[i].text); });
  {
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> seen;
    for (std::size_t i : order) {
      if (folded[i].empty()) continue;
      auto& same_hash = seen[Fnv1a64(folded[i])];
      for (std::size_t c : same_hash) {
        if (folded[c] == folded[i]) {
          r.duplicate_of[i] = c;
          r.similarity[i] = 1.0;
          r.exact[i] = true;
          break;
        }
      }
      if (!r.duplicate_of[i]) same_hash.push_back(i);
    }
  }
  folded = {};
  if (options.near_threshold <= 0.0) return r;

  // Near: shingles, signatures and band keys in parallel (per-index slots).
  std::vector<std::vector<std::uint64_t>> shingles(n);
  std::vector<std::array<std::uint64_t, kBands>> keys(n);
  ParallelFor(n, threads, [&](std::size_t i) {
    if (r.duplicate_of[i]) return;
    shingles[i] = ShingleHashes(articles[i].text);
    if (shingles[i].empty()) return;
    const MinHashSignature sig = ComputeMinHash(shingles[i]);
    for (std::size_t band = 0; band < kBands; ++band) keys[i][band] = BandKey(sig, band);
  });

  // One pass in canonical order; only canonical articles enter the buckets,
  // so a duplicate always points at a canonical copy and buckets stay small.
  std::size_t entering = 0;
  for (std::size_t i = 0; i < n; ++i) entering += !r.duplicate_of[i] && !shingles[i].empty();
  BandBuckets buckets(entering * kBands);
  std::vector<std::size_t> candidates;
  for (std::size_t i : order) {
    if (r.duplicate_of[i] || shingles[i].empty()) continue;
    candidates.clear();
    for (std::size_t band = 0; band < kBands; ++band) buckets.Collect(keys[i][band], &candidates);
    std::sort(candidates.begin(), candidates.end(),
              [&](std::size_t x, std::size_t y) { return position[x] < position[y]; });
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    double best = 0.0;
    std::optional<std::size_t> best_at;
    for (std::size_t c : candidates) {
      double j = ExactJaccard(shingles[i], shingles[c]);
      if (j >= options.near_threshold && j > best) {
        best = j;
        best_at = c;
      }
    }
    if (best_at) {
      r.duplicate_of[i] = best_at;
      r.similarity[i] = best;
    } else {
      for (std::size_t band = 0; band < kBands; ++band) buckets.Add(keys[i][band], static_cast<std::uint32_t>(i));
    }
  }
  // An exact copy of an article that turned out to be a near duplicate
  // points at that article's canonical copy (same shingles, same score).
  for (std::size_t i = 0; i < n; ++i) {
    if (!r.exact[i]) continue;
    std::size_t c = *r.duplicate_of[i];
    if (r.duplicate_of[c]) {
      r.duplicate_of[i] = r.duplicate_of[c];
      r.similarity[i] = r.similarity[c];
      r.exact[i] = false;
    }
  }
  return r;
}

}  // namespace parallax
