// WordLexicon: word clusters and capitalisation shares learned from
// unlabelled text.
//
// Clusters: each word seen at least min_count times is described by the
// words just left and right of it (the most frequent context_words words,
// plus sentence edges), weighted by positive PMI with context-distribution
// smoothing (alpha 0.75), reduced to `dimensions` by a fixed random
// projection (+-1 per context and dimension, from a hash: no stored
// matrix), normalised, and clustered by spherical k-means at three sizes.
// Words sharing a cluster occur in similar contexts: surnames, cities,
// companies and months each gather together, which is what lets the tagger
// generalise from the names it saw in training to names it never saw.

#include <algorithm>
#include <array>
#include <unordered_set>
#include <cmath>
#include <cstring>
#include <unordered_map>

#include "core/hash.h"
#include "core/parallel.h"
#include "ner/tagger.h"
#include "ner/wire.h"
#include "text/segment.h"

namespace parallax {
namespace {

struct Corpus {
  std::vector<std::string> vocab;          // id -> word
  std::vector<std::uint64_t> counts;       // id -> count
  std::vector<std::uint32_t> stream;       // word ids, kBoundary between sentences
  std::unordered_map<std::string, std::pair<std::uint64_t, std::uint64_t>> case_counts;  // lower -> (lower, capitalised)
  // exact capitalised form -> capitalised mid-sentence uses, then uses in each cue context
  std::unordered_map<std::string, std::array<std::uint32_t, 4>> cues;
};
constexpr std::uint32_t kBoundary = 0xffffffffu;

bool StartsUpper(std::string_view w) { return !w.empty() && w[0] >= 'A' && w[0] <= 'Z'; }
bool StartsLower(std::string_view w) { return !w.empty() && w[0] >= 'a' && w[0] <= 'z'; }

// A headline or shouted line: most of its words are upper case.
bool MostlyUpper(const std::vector<std::string>& words) {
  int letters = 0, upper = 0;
  for (const std::string& w : words) {
    bool any_lower = false, any_alpha = false;
    for (char c : w) {
      if ((c >= 'a' && c <= 'z')) any_lower = true;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) any_alpha = true;
    }
    if (!any_alpha) continue;
    ++letters;
    if (!any_lower) ++upper;
  }
  return letters >= 2 && upper * 10 >= letters * 8;
}

bool IsHonorific(std::string_view w) {
  static const std::unordered_set<std::string_view> k = {"Mr", "Mrs", "Ms", "Dr", "Mr.", "Mrs.", "Ms.", "Dr.",
                                                         "Sir", "Dame", "Lady", "Lord", "Prof", "Prof.", "Rev."};
  return k.count(w) > 0;
}
bool IsOrganisationHead(std::string_view w) {
  static const std::unordered_set<std::string_view> k = {
      "Inc", "Inc.", "Corp", "Corp.", "Co", "Co.", "Ltd", "Ltd.", "Plc", "PLC", "LLC", "AG", "SA", "NV",
      "Group", "Bank", "Party", "Association", "Council", "Ministry", "University", "Company", "Corporation",
      "Agency", "Committee", "Federation", "Union", "Club", "Institute", "Airlines", "Industries", "Holdings",
      "Foundation", "Commission", "Department", "Organisation", "Organization", "Authority", "Board", "Court"};
  return k.count(w) > 0;
}
bool IsPlacePreposition(std::string_view w) { return w == "in" || w == "at" || w == "near"; }

// Counts, for every capitalised word in running text, how often it sits in
// a capitalised run after an honorific, before an organisation head word,
// or after a place preposition.
void CountCues(const std::vector<std::string>& words, Corpus* c) {
  std::size_t i = 1;
  while (i < words.size()) {
    if (!StartsUpper(words[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < words.size() && StartsUpper(words[j]) && !IsOrganisationHead(words[j])) ++j;
    const bool person = IsHonorific(words[i - 1]);
    const bool place = IsPlacePreposition(words[i - 1]);
    const bool organisation = j < words.size() && IsOrganisationHead(words[j]);
    for (std::size_t k = i; k < j; ++k) {
      if (IsHonorific(words[k])) continue;
      auto& n = c->cues.try_emplace(words[k], std::array<std::uint32_t, 4>{}).first->second;
      n[0] += 1;
      if (person) n[1] += 1;
      if (organisation) n[2] += 1;
      if (place) n[3] += 1;
    }
    i = std::max(j, i + 1);
  }
}

Corpus ReadCorpus(const std::vector<std::string>& texts, unsigned threads, const std::function<void(const std::string&)>& log) {
  Corpus c;
  std::unordered_map<std::string, std::uint32_t> ids;
  constexpr std::size_t kChunk = 4096;
  for (std::size_t start = 0; start < texts.size(); start += kChunk) {
    const std::size_t n = std::min(kChunk, texts.size() - start);
    std::vector<std::vector<std::vector<std::string>>> sentences(n);
    ParallelFor(n, threads, [&](std::size_t i) {
      std::string_view text = texts[start + i];
      for (const Span& s : SplitSentences(text)) {
        std::string_view sentence = text.substr(s.begin, s.size());
        std::vector<std::string> words;
        for (const Token& t : Tokenize(sentence)) words.emplace_back(sentence.substr(t.span.begin, t.span.size()));
        if (!words.empty()) sentences[i].push_back(std::move(words));
      }
    });
    for (auto& doc : sentences) {
      for (auto& words : doc) {
        const bool upper = MostlyUpper(words);
        for (std::size_t k = 0; k < words.size(); ++k) {
          const std::string& w = words[k];
          auto [it, inserted] = ids.emplace(w, static_cast<std::uint32_t>(c.vocab.size()));
          if (inserted) {
            c.vocab.push_back(w);
            c.counts.push_back(0);
          }
          ++c.counts[it->second];
          c.stream.push_back(it->second);
          if (k > 0 && !upper && (StartsUpper(w) || StartsLower(w))) {
            auto& cc = c.case_counts[ToLower(w)];
            (StartsUpper(w) ? cc.second : cc.first) += 1;
          }
        }
        c.stream.push_back(kBoundary);
        if (!upper) CountCues(words, &c);
      }
    }
    if (log && (start / kChunk) % 25 == 0) {
      log("read " + std::to_string(start + n) + " texts, " + std::to_string(c.stream.size()) + " tokens");
    }
  }
  return c;
}

// Deterministic +-1 from (seed, context, dimension).
float Sign(std::uint64_t seed, std::uint32_t context, int dim) {
  std::uint64_t x = seed ^ (static_cast<std::uint64_t>(context) << 20) ^ static_cast<std::uint64_t>(dim);
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return (x & 1) ? 1.0f : -1.0f;
}

// Spherical k-means; centroids start at the first k vectors (the most
// frequent words), so the result is deterministic.
std::vector<std::uint16_t> KMeans(const std::vector<float>& vectors, std::size_t n, int dims, int k, int iterations,
                                  unsigned threads) {
  k = std::min<int>(k, static_cast<int>(n));
  std::vector<float> centroids(vectors.begin(), vectors.begin() + static_cast<std::ptrdiff_t>(k) * dims);
  std::vector<std::uint16_t> assign(n, 0);
  for (int it = 0; it < iterations; ++it) {
    ParallelFor(n, threads, [&](std::size_t i) {
      const float* v = &vectors[i * dims];
      float best = -1e30f;
      int arg = 0;
      for (int c = 0; c < k; ++c) {
        const float* m = &centroids[static_cast<std::size_t>(c) * dims];
        float dot = 0;
        for (int d = 0; d < dims; ++d) dot += v[d] * m[d];
        if (dot > best) {
          best = dot;
          arg = c;
        }
      }
      assign[i] = static_cast<std::uint16_t>(arg);
    });
    std::vector<double> sums(static_cast<std::size_t>(k) * dims, 0.0);
    std::vector<int> sizes(k, 0);
    for (std::size_t i = 0; i < n; ++i) {
      ++sizes[assign[i]];
      for (int d = 0; d < dims; ++d) sums[assign[i] * static_cast<std::size_t>(dims) + d] += vectors[i * dims + d];
    }
    for (int c = 0; c < k; ++c) {
      if (sizes[c] == 0) continue;  // keep the old centroid
      double norm = 0;
      for (int d = 0; d < dims; ++d) norm += sums[c * static_cast<std::size_t>(dims) + d] * sums[c * static_cast<std::size_t>(dims) + d];
      norm = std::sqrt(norm);
      if (norm <= 0) continue;
      for (int d = 0; d < dims; ++d) {
        centroids[c * static_cast<std::size_t>(dims) + d] = static_cast<float>(sums[c * static_cast<std::size_t>(dims) + d] / norm);
      }
    }
  }
  return assign;
}

}  // namespace

WordLexicon WordLexicon::Learn(const std::vector<std::string>& texts, const Options& options,
                               const std::function<void(const std::string&)>& log) {
  const unsigned threads = ResolveThreads(options.threads);
  Corpus corpus = ReadCorpus(texts, threads, log);

  // Vocabulary by frequency (ties by spelling, for determinism).
  std::vector<std::uint32_t> order(corpus.vocab.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (corpus.counts[a] != corpus.counts[b]) return corpus.counts[a] > corpus.counts[b];
    return corpus.vocab[a] < corpus.vocab[b];
  });
  std::vector<std::int32_t> row(corpus.vocab.size(), -1);      // id -> row among kept words
  std::vector<std::int32_t> context(corpus.vocab.size(), -1);  // id -> context column
  std::size_t kept = 0;
  for (std::uint32_t id : order) {
    if (corpus.counts[id] < static_cast<std::uint64_t>(options.min_count)) break;
    if (static_cast<int>(kept) < options.context_words) context[id] = static_cast<std::int32_t>(kept);
    row[id] = static_cast<std::int32_t>(kept++);
  }
  const std::uint32_t kEdge = static_cast<std::uint32_t>(options.context_words);  // sentence edge column
  const std::uint32_t columns = 2 * (kEdge + 1);
  if (log) log(std::to_string(kept) + " words with " + std::to_string(options.min_count) + "+ uses");

  // (row, column) co-occurrence pairs, counted by sorting.
  std::vector<std::uint64_t> pairs;
  pairs.reserve(corpus.stream.size() * 2);
  for (std::size_t i = 0; i < corpus.stream.size(); ++i) {
    const std::uint32_t id = corpus.stream[i];
    if (id == kBoundary || row[id] < 0) continue;
    const std::uint32_t left = i == 0 ? kBoundary : corpus.stream[i - 1];
    const std::uint32_t right = i + 1 == corpus.stream.size() ? kBoundary : corpus.stream[i + 1];
    const std::uint32_t lc = left == kBoundary ? kEdge : (context[left] >= 0 ? static_cast<std::uint32_t>(context[left]) : kBoundary);
    const std::uint32_t rc = right == kBoundary ? kEdge : (context[right] >= 0 ? static_cast<std::uint32_t>(context[right]) : kBoundary);
    const std::uint64_t r = static_cast<std::uint64_t>(row[id]) << 32;
    if (lc != kBoundary) pairs.push_back(r | lc);
    if (rc != kBoundary) pairs.push_back(r | (kEdge + 1 + rc));
  }
  std::vector<std::uint32_t>().swap(corpus.stream);
  std::sort(pairs.begin(), pairs.end());
  std::vector<double> column_total(columns, 0.0), row_total(kept, 0.0);
  struct Cell { std::uint32_t row, column; std::uint32_t count; };
  std::vector<Cell> cells;
  for (std::size_t i = 0; i < pairs.size();) {
    std::size_t j = i;
    while (j < pairs.size() && pairs[j] == pairs[i]) ++j;
    Cell cell{static_cast<std::uint32_t>(pairs[i] >> 32), static_cast<std::uint32_t>(pairs[i] & 0xffffffffu),
              static_cast<std::uint32_t>(j - i)};
    column_total[cell.column] += cell.count;
    row_total[cell.row] += cell.count;
    cells.push_back(cell);
    i = j;
  }
  std::vector<std::uint64_t>().swap(pairs);
  double smoothed_total = 0;
  std::vector<double> column_p(columns, 0.0);
  for (std::uint32_t c = 0; c < columns; ++c) smoothed_total += std::pow(column_total[c], 0.75);
  for (std::uint32_t c = 0; c < columns; ++c) column_p[c] = std::pow(column_total[c], 0.75) / smoothed_total;

  // Projected PPMI vectors.
  const int dims = options.dimensions;
  std::vector<float> vectors(kept * static_cast<std::size_t>(dims), 0.0f);
  std::vector<std::size_t> first_cell(kept + 1, cells.size());
  for (std::size_t i = cells.size(); i-- > 0;) first_cell[cells[i].row] = i;
  for (std::size_t r = kept; r-- > 0;) first_cell[r] = std::min(first_cell[r], first_cell[r + 1]);
  ParallelFor(kept, threads, [&](std::size_t r) {
    float* v = &vectors[r * dims];
    for (std::size_t i = first_cell[r]; i < first_cell[r + 1]; ++i) {
      const Cell& cell = cells[i];
      const double pmi = std::log((cell.count / row_total[r]) / column_p[cell.column]);
      if (pmi <= 0) continue;
      for (int d = 0; d < dims; ++d) v[d] += static_cast<float>(pmi) * Sign(options.seed, cell.column, d);
    }
    double norm = 0;
    for (int d = 0; d < dims; ++d) norm += v[d] * v[d];
    norm = std::sqrt(norm);
    if (norm > 0) for (int d = 0; d < dims; ++d) v[d] = static_cast<float>(v[d] / norm);
  });

  WordLexicon lexicon;
  std::vector<std::vector<std::uint16_t>> levels;
  for (int level = 0; level < 3; ++level) {
    if (log) log("k-means with " + std::to_string(options.clusters[level]) + " clusters");
    levels.push_back(KMeans(vectors, kept, dims, options.clusters[level], options.iterations, threads));
  }
  std::vector<std::pair<std::string, Entry>> entries;
  entries.reserve(kept);
  for (std::uint32_t id : order) {
    if (row[id] < 0) break;
    Entry e;
    for (int level = 0; level < 3; ++level) e.cluster[level] = static_cast<std::uint16_t>(levels[level][row[id]] + 1);
    auto it = corpus.case_counts.find(ToLower(corpus.vocab[id]));
    if (it != corpus.case_counts.end() && it->second.first + it->second.second >= 3) {
      e.capitalised = static_cast<std::uint8_t>(100.0 * it->second.second / (it->second.first + it->second.second) + 0.5);
    }
    if (auto ct = corpus.cues.find(corpus.vocab[id]); ct != corpus.cues.end() && ct->second[0] >= 3) {
      for (int k = 0; k < 3; ++k) {
        e.cue[k] = static_cast<std::uint8_t>(100.0 * ct->second[k + 1] / ct->second[0] + 0.5);
      }
    }
    entries.emplace_back(corpus.vocab[id], e);
  }
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [w, e] : entries) {
    lexicon.words_.push_back(std::move(w));
    lexicon.entries_.push_back(e);
  }
  lexicon.Index();
  return lexicon;
}

void WordLexicon::Index() {
  std::size_t cap = 16;
  while (cap < words_.size() * 2) cap <<= 1;
  slots_.assign(cap, kEmpty);
  for (std::uint32_t i = 0; i < words_.size(); ++i) {
    std::size_t slot = Fnv1a64(words_[i]) & (cap - 1);
    while (slots_[slot] != kEmpty) slot = (slot + 1) & (cap - 1);
    slots_[slot] = i;
  }
}

const WordLexicon::Entry* WordLexicon::Find(std::string_view word) const {
  auto find = [&](std::string_view w) -> const Entry* {
    if (slots_.empty()) return nullptr;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = Fnv1a64(w) & mask; slots_[slot] != kEmpty; slot = (slot + 1) & mask) {
      if (words_[slots_[slot]] == w) return &entries_[slots_[slot]];
    }
    return nullptr;
  };
  if (const Entry* e = find(word)) return e;
  // "CLINTON" in a headline: try "Clinton", then "clinton".
  std::string title(word), lower(word);
  bool changed = false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    if (c >= 'A' && c <= 'Z') {
      lower[i] = static_cast<char>(c - 'A' + 'a');
      if (i > 0) title[i] = lower[i];
      changed = true;
    }
  }
  if (!changed) return nullptr;
  if (title != word) {
    if (const Entry* e = find(title)) return e;
  }
  return find(lower);
}

void WordLexicon::Write(std::string* out) const {
  wire::PutU32(out, static_cast<std::uint32_t>(words_.size()));
  for (std::size_t i = 0; i < words_.size(); ++i) {
    wire::PutString(out, words_[i]);
    for (int level = 0; level < 3; ++level) wire::PutU16(out, entries_[i].cluster[level]);
    out->push_back(static_cast<char>(entries_[i].capitalised));
    for (int k = 0; k < 3; ++k) out->push_back(static_cast<char>(entries_[i].cue[k]));
  }
}

bool WordLexicon::Read(std::string_view* in) {
  std::uint32_t n = 0;
  if (!wire::GetU32(in, &n)) return false;
  words_.clear();
  entries_.clear();
  for (std::uint32_t i = 0; i < n; ++i) {
    std::string w;
    Entry e;
    std::uint8_t cap = 0;
    if (!wire::GetString(in, &w)) return false;
    for (int level = 0; level < 3; ++level) {
      if (!wire::GetU16(in, &e.cluster[level])) return false;
    }
    if (!wire::GetU8(in, &cap)) return false;
    e.capitalised = cap;
    for (int k = 0; k < 3; ++k) {
      if (!wire::GetU8(in, &e.cue[k])) return false;
    }
    if (!words_.empty() && !(words_.back() < w)) return false;  // must be sorted and unique
    words_.push_back(std::move(w));
    entries_.push_back(e);
  }
  Index();
  return true;
}

}  // namespace parallax
