#pragma once
// An article's clustering features (internal to src/cluster): the
// (key, count) pairs its TF-IDF vector is built from, and, for the
// same-event model, its side keys (title stems, lead stems, numbers).
//
//   FeatureScratch fs;                 // one per thread
//   SideKeys side;
//   TermCounts tf = ArticleFeatures(article, &fs, &side);  // side may be null
//
// Keys are 64-bit hashes (lowest bit set for names); the result is sorted by
// key, each key once. Deterministic; reads only title and text.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/flat_map.h"
#include "model/model.h"
#include "text/segment.h"
#include "text/terms.h"

namespace parallax {
namespace cluster_internal {

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
  // With the same-event model: the numbers met (their feature keys), and
  // whether to collect them.
  bool collect_numbers = false;
  std::vector<std::uint64_t> numbers;
};

// Per article, for the same-event model's features: its title's stems,
// its lead's (the first kLeadStems stems of the text) and its numbers,
// each sorted and distinct (feature keys: each is a key of the article's
// term counts too, so its term is marked in the article's vector).
struct SideKeys {
  std::vector<std::uint64_t> title, lead, numbers;
  std::uint32_t words = 0;  // stems and numbers of the text
};
constexpr std::size_t kLeadStems = 40;
constexpr std::size_t kMaxNumbers = 30;

// A feature key as FlatMap64 accepts it (its one reserved value moved).
inline std::uint64_t MapKey(std::uint64_t key) { return key == FlatMap64<int>::kEmpty ? key - 2 : key; }

// The article's features; fills *side when not null.
TermCounts ArticleFeatures(const Article& a, FeatureScratch* fs, SideKeys* side);

}  // namespace cluster_internal
}  // namespace parallax
