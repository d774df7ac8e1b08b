#pragma once
// Dedup: have we seen this text already?
//
//   DedupResult d = FindDuplicates(articles, DedupOptions{});  // exact + near
//   if (d.duplicate_of[i]) { /* cite i under *d.duplicate_of[i]; do not analyse it */ }
//
// A duplicate is kept, counted and cited, but not analysed twice: it points
// at its canonical copy, which is never itself a duplicate (no chains).
//
// Two kinds:
// - exact: the same clean text after case and white-space folding;
// - near: word 5-shingles of the text (case-folded, punctuation ignored)
//   with a Jaccard similarity >= DedupOptions::near_threshold (0.5 by
//   default) to the canonical copy. Syndicated copies with another outlet's
//   furniture, and rewrites with a few words changed or sentences dropped,
//   stay above 0.5; two outlets' own stories on the same event share few
//   5-word runs and score far below (< 0.1 on the seeds and on events-dev,
//   docs/quality.md).
//
// How near duplicates are found (docs/dedup.md has the numbers):
// - Words: maximal runs of letters, digits and combining marks (ICU
//   categories L, N, M), case-folded (ICU simple folding); apostrophes
//   inside a word are dropped ("don't" = "don’t" = "dont"); every other
//   character separates words. Each word is hashed to 64 bits, each run of
//   kShingleWords word hashes is hashed again: the shingle set. A text of
//   1 to 4 words has one shingle (all of its words); a text without words
//   has none and is never a near duplicate.
// - MinHash: kNumHashes = 128 values per text, h_i(x) = a_i * x + b_i
//   (mod 2^64, a_i odd, fixed seeds) over the 64-bit shingle hashes, which
//   are already well mixed; the fraction of equal values estimates Jaccard
//   with a standard error sqrt(J(1-J)/128) <= 0.044.
// - LSH banding: kBands = 32 bands of kRows = 4 values. Two texts become
//   candidates when one band is equal: probability 1 - (1 - J^4)^32, the
//   S-curve with its steepest point near (1/32)^(1/4) = 0.42: 0.23 at
//   J = 0.3, 0.87 at J = 0.5, 0.99 at J = 0.6, > 0.9999 at J = 0.8.
// - Verification: a candidate pair is kept only if the exact Jaccard of the
//   two shingle sets is >= the threshold, so the reported similarity is
//   exact and LSH only decides which pairs are compared.
//
// Canonical copy: articles are taken in order of publication date (the
// first 10 characters of `published`, YYYY-MM-DD; undated articles after
// dated ones), ties in input order. An article whose text equals an
// earlier one, or whose shingles are near an earlier canonical article, is
// a duplicate of it (the most similar one; ties: the earlier); otherwise it
// is canonical. Each duplicate is thus directly similar to its canonical
// copy. The result is deterministic and identical for any thread count.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace parallax {

inline constexpr std::size_t kShingleWords = 5;
inline constexpr std::size_t kNumHashes = 128;
inline constexpr std::size_t kBands = 32;
inline constexpr std::size_t kRows = 4;
static_assert(kBands * kRows == kNumHashes);

struct DedupOptions {
  // Jaccard similarity of word 5-shingle sets at or above which an article
  // is a near duplicate of an earlier one. 0 disables near-duplicate
  // detection (exact duplicates only). Default 0.5. Values below about 0.4
  // lose recall: LSH rarely proposes such pairs.
  double near_threshold = 0.5;
};

struct DedupResult {
  // Per article: index of its canonical copy, or nullopt when canonical.
  std::vector<std::optional<std::size_t>> duplicate_of;
  // Per article: Jaccard similarity of its shingles to its canonical copy
  // (1 for an exact copy), 0 when canonical.
  std::vector<double> similarity;
  // Per article: true when the text is identical to the canonical's after
  // case and white-space folding.
  std::vector<bool> exact;
};

// Exact and near duplicates (see above). Shingles and signatures are
// computed on up to `threads` threads (0 = one per hardware thread).
DedupResult FindDuplicates(const std::vector<Article>& articles, const DedupOptions& options, unsigned threads = 0);

// Exact duplicates only, canonical = first in input order. duplicate_of[i]
// is the index of the canonical copy of article i, or nullopt.
std::vector<std::optional<std::size_t>> FindExactDuplicates(const std::vector<Article>& articles);

// --- Building blocks, exposed for tests and benchmarks ---

// Sorted, distinct 64-bit hashes of the word 5-shingles of `text`.
std::vector<std::uint64_t> ShingleHashes(std::string_view text);

using MinHashSignature = std::array<std::uint64_t, kNumHashes>;

// Signature of a shingle set (any order, repeats allowed). An empty set
// gives all values UINT64_MAX; callers must not compare empty sets.
MinHashSignature ComputeMinHash(const std::vector<std::uint64_t>& shingles);

// Fraction of equal signature values: an unbiased estimate of Jaccard.
double EstimateJaccard(const MinHashSignature& a, const MinHashSignature& b);

// Exact Jaccard of two sorted, distinct hash sets (0 when both are empty).
double ExactJaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b);

// The LSH bucket key of band `band` (< kBands) of a signature.
std::uint64_t BandKey(const MinHashSignature& sig, std::size_t band);

// True when two signatures share a band, i.e. LSH makes them candidates.
bool LshCandidates(const MinHashSignature& a, const MinHashSignature& b);

}  // namespace parallax
