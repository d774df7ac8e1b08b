#include "eval/rouge.h"

#include <libstemmer.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace parallax {
namespace {

// Our own English stop list (ROUGE's SMART list is not ours to ship):
// articles, pronouns, auxiliaries, prepositions, conjunctions and the most
// common adverbs. Lower case, ASCII, as ROUGE's tokens are.
constexpr const char* kRougeStopWords[] = {
    "a",       "about",     "above",   "after",    "again",  "against",  "all",     "also",       "am",
    "an",      "and",       "any",     "are",      "as",     "at",       "be",      "because",    "been",
    "before",  "being",     "below",   "between",  "both",   "but",      "by",      "can",        "could",
    "did",     "do",        "does",    "doing",    "down",   "during",   "each",    "either",     "else",
    "ever",    "every",     "few",     "for",      "from",   "further",  "had",     "has",        "have",
    "having",  "he",        "her",     "here",     "hers",   "herself",  "him",     "himself",    "his",
    "how",     "however",   "i",       "if",       "in",     "into",     "is",      "it",         "its",
    "itself",  "just",      "may",     "me",       "might",  "more",     "most",    "much",       "must",
    "my",      "myself",    "neither", "no",       "nor",    "not",      "now",     "of",         "off",
    "often",   "on",        "once",    "only",     "or",     "other",    "others",  "ought",      "our",
    "ours",    "ourselves", "out",     "over",     "own",    "per",      "perhaps", "quite",      "rather",
    "s",       "same",      "shall",   "she",      "should", "since",    "so",      "some",       "such",
    "t",       "than",      "that",    "the",      "their",  "theirs",   "them",    "themselves", "then",
    "there",   "therefore", "these",   "they",     "this",   "those",    "though",  "through",    "thus",
    "to",      "too",       "under",   "until",    "up",     "upon",     "us",      "very",       "was",
    "we",      "were",      "what",    "whatever", "when",   "whenever", "where",   "whereas",    "whether",
    "which",   "while",     "who",     "whoever",  "whom",   "whose",    "why",     "will",       "with",
    "within",  "without",   "would",   "yet",      "you",    "your",     "yours",   "yourself",   "yourselves",
    "already", "although",  "among",   "another",  "anyone", "anything", "around",  "became",     "become",
    "becomes", "besides",   "beyond",  "cannot",   "d",      "done",     "etc",     "even",       "ll",
    "m",       "many",      "mostly",  "nothing",  "onto",   "re",       "several", "still",      "toward",
    "towards", "ve",        "via",     "yes",
};

const std::unordered_set<std::string_view>& StopWords() {
  static const auto* kSet =
      new std::unordered_set<std::string_view>(std::begin(kRougeStopWords), std::end(kRougeStopWords));
  return *kSet;
}

// Perl's \s on a byte string: space, \t, \n, \v, \f, \r.
bool IsPerlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

bool IsAsciiAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// split(/\s+/, line) as Perl does it: a leading separator yields one empty
// first field, trailing empty fields are dropped. ROUGE's word limit counts
// these fields, so the quirk matters for faithful cuts.
std::vector<std::string_view> PerlSplitSpace(std::string_view s) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  if (!s.empty() && IsPerlSpace(s[0])) {
    fields.push_back(s.substr(0, 0));
    while (i < s.size() && IsPerlSpace(s[i])) ++i;
  }
  while (i < s.size()) {
    std::size_t j = i;
    while (j < s.size() && !IsPerlSpace(s[j])) ++j;
    fields.push_back(s.substr(i, j - i));
    while (j < s.size() && IsPerlSpace(s[j])) ++j;
    i = j;
  }
  // Only the leading empty field can remain; drop it when nothing follows.
  if (fields.size() == 1 && fields[0].empty()) fields.clear();
  return fields;
}

std::string Join(const std::vector<std::string_view>& parts, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out.push_back(' ');
    // Perl's slice past the end yields undef, joined as "".
    if (i < parts.size()) out.append(parts[i]);
  }
  return out;
}

using Counts = std::unordered_map<std::string, int>;

struct Grams {
  Counts counts;
  long total = 0;  // ROUGE's "_cn_"
};

Grams NGrams(const std::vector<std::string>& tokens, int n) {
  Grams g;
  const auto size = static_cast<long>(tokens.size());
  for (long i = 0; i + n <= size; ++i) {
    std::string key = tokens[static_cast<std::size_t>(i)];
    for (long j = i + 1; j < i + n; ++j) {
      key.push_back(' ');
      key += tokens[static_cast<std::size_t>(j)];
    }
    ++g.counts[key];
    ++g.total;
  }
  return g;
}

Grams SkipBigrams(const std::vector<std::string>& tokens, int distance, bool unigrams) {
  Grams g;
  const std::size_t size = tokens.size();
  // i stops before the last token, so (as in ROUGE) the last unigram is
  // never counted.
  for (std::size_t i = 0; i + 1 < size; ++i) {
    if (unigrams) {
      ++g.counts[tokens[i]];
      ++g.total;
    }
    for (std::size_t j = i + 1; j < size && (distance < 0 || j <= i + static_cast<std::size_t>(distance) + 1); ++j) {
      ++g.counts[tokens[i] + " " + tokens[j]];
      ++g.total;
    }
  }
  return g;
}

long Hits(const Grams& model, const Grams& peer) {
  long hit = 0;
  for (const auto& [gram, count] : model.counts) {
    auto it = peer.counts.find(gram);
    if (it != peer.counts.end()) hit += std::min(count, it->second);
  }
  return hit;
}

// Marks, in `hit_mask` (one flag per model token), the model tokens of one
// LCS of model and peer. Tie-breaking follows ROUGE (prefer "up" on equal
// lengths, trace back from the end) so the union LCS is the same as its.
void MarkLcs(const std::vector<std::string>& model, const std::vector<std::string>& peer, std::vector<char>* hit_mask) {
  const std::size_t m = model.size(), n = peer.size();
  if (m == 0 || n == 0) return;
  enum : char { kNone, kDiag, kUp, kLeft };
  std::vector<int> c((m + 1) * (n + 1), 0);
  std::vector<char> b((m + 1) * (n + 1), kNone);
  auto at = [n](std::size_t i, std::size_t j) { return i * (n + 1) + j; };
  for (std::size_t i = 1; i <= m; ++i) {
    for (std::size_t j = 1; j <= n; ++j) {
      if (model[i - 1] == peer[j - 1]) {
        c[at(i, j)] = c[at(i - 1, j - 1)] + 1;
        b[at(i, j)] = kDiag;
      } else if (c[at(i - 1, j)] >= c[at(i, j - 1)]) {
        c[at(i, j)] = c[at(i - 1, j)];
        b[at(i, j)] = kUp;
      } else {
        c[at(i, j)] = c[at(i, j - 1)];
        b[at(i, j)] = kLeft;
      }
    }
  }
  std::size_t i = m, j = n;
  while (i != 0 && j != 0) {
    const char move = b[at(i, j)];
    if (move == kDiag) {
      --i;
      --j;
      (*hit_mask)[i] = 1;
    } else if (move == kUp) {
      --i;
    } else {
      --j;
    }
  }
}

// Counts from which ROUGE derives one score against one reference.
struct PairCounts {
  long hit = 0;
  long model = 0;              // recall denominator
  long peer = 0;               // precision denominator
  double recall_for_best = 0;  // what -f B compares
};

struct Text {
  std::vector<std::vector<std::string>> units;
  std::vector<std::string> tokens;  // all units' tokens in order
};

double SafeRatio(long a, long b) { return b != 0 ? static_cast<double>(a) / static_cast<double>(b) : 0.0; }

RougeScore FromCounts(long hit, long model, long peer, double alpha) {
  RougeScore s;
  s.recall = RoundLikeRouge(SafeRatio(hit, model));
  s.precision = RoundLikeRouge(SafeRatio(hit, peer));
  const double denom = (1 - alpha) * s.precision + alpha * s.recall;
  s.f = denom > 0 ? RoundLikeRouge(s.precision * s.recall / denom) : 0.0;
  return s;
}

// Combines per-reference counts over `refs` (indexes) as -f A or -f B do.
RougeScore Combine(const std::vector<PairCounts>& per_ref, const std::vector<std::size_t>& refs, RougeScoreMode mode,
                   double alpha) {
  long hit = 0, model = 0, peer = 0;
  double best = -1;
  for (std::size_t r : refs) {
    const PairCounts& p = per_ref[r];
    if (mode == RougeScoreMode::kBest) {
      if (p.recall_for_best > best) {
        best = p.recall_for_best;
        hit = p.hit;
        model = p.model;
        peer = p.peer;
      }
    } else {
      hit += p.hit;
      model += p.model;
      peer += p.peer;
    }
  }
  return FromCounts(hit, model, peer, alpha);
}

// Plain ROUGE over all references, or Lin's jackknife over leave-one-out
// subsets.
RougeScore Aggregate(const std::vector<PairCounts>& per_ref, const RougeOptions& o) {
  std::vector<std::size_t> all(per_ref.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  if (!o.jackknife || per_ref.size() < 2) return Combine(per_ref, all, o.mode, o.alpha);
  RougeScore sum;
  for (std::size_t left_out = 0; left_out < per_ref.size(); ++left_out) {
    std::vector<std::size_t> subset;
    for (std::size_t i : all) {
      if (i != left_out) subset.push_back(i);
    }
    const RougeScore s = Combine(per_ref, subset, o.mode, o.alpha);
    sum.recall += s.recall;
    sum.precision += s.precision;
    sum.f += s.f;
  }
  const auto k = static_cast<double>(per_ref.size());
  return {sum.recall / k, sum.precision / k, sum.f / k};
}

// Perl's rand() since 5.20, and libc's drand48 before it on Linux: a 48-bit
// linear congruential generator; srand(s) sets the state to (s << 16) |
// 0x330E. ROUGE seeds resample i with srand(i).
class Drand48 {
 public:
  explicit Drand48(std::uint64_t seed) : x_(((seed << 16) | 0x330Eu) & kMask) {}
  double Next() {
    x_ = (0x5DEECE66Dull * x_ + 0xBu) & kMask;
    return static_cast<double>(x_) / static_cast<double>(kMask + 1);
  }

 private:
  static constexpr std::uint64_t kMask = (std::uint64_t{1} << 48) - 1;
  std::uint64_t x_;
};

}  // namespace

double RoundLikeRouge(double x) {
  // Through printf, so that ties and binary representation round exactly
  // as Perl's sprintf does.
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.5f", x);
  return std::strtod(buf, nullptr);
}

std::vector<std::string> RougeUnits(std::string_view text, std::size_t word_limit, std::size_t byte_limit) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) {  // ROUGE skips only truly empty lines
      std::string line(text.substr(start, end - start));
      for (char& c : line) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      lines.push_back(std::move(line));
    }
    start = end + 1;
  }
  if (word_limit == 0 && byte_limit == 0) return lines;
  std::vector<std::string> out;
  std::size_t used = 0;
  for (const std::string& line : lines) {
    if (word_limit != 0) {
      const std::vector<std::string_view> fields = PerlSplitSpace(line);
      if (used + fields.size() < word_limit) {
        out.push_back(line);
        used += fields.size();
      } else {
        out.push_back(Join(fields, word_limit - used));
        break;
      }
    } else {
      // Bytes of the lines themselves; the spaces ROUGE joins them with do
      // not count.
      if (used + line.size() < byte_limit) {
        out.push_back(line);
        used += line.size();
      } else {
        out.push_back(line.substr(0, byte_limit - used));
        break;
      }
    }
  }
  return out;
}

struct RougeScorer::Impl {
  sb_stemmer* stemmer = nullptr;
  ~Impl() {
    if (stemmer != nullptr) sb_stemmer_delete(stemmer);
  }

  std::string Stem(const std::string& token) {
    if (stemmer == nullptr) {
      stemmer = sb_stemmer_new("porter", "UTF_8");
      if (stemmer == nullptr) return token;  // libstemmer without "porter": leave tokens as they are
    }
    const sb_symbol* out =
        sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(token.data()), static_cast<int>(token.size()));
    if (out == nullptr) return token;  // out of memory inside libstemmer
    return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(sb_stemmer_length(stemmer)));
  }

  Text Prepare(std::string_view raw, const RougeOptions& o) {
    Text t;
    const std::size_t word_limit = o.word_limit;
    const std::size_t byte_limit = o.word_limit != 0 ? 0 : o.byte_limit;
    for (const std::string& unit : RougeUnits(raw, word_limit, byte_limit)) {
      std::vector<std::string> tokens;
      std::size_t i = 0;
      while (i < unit.size()) {
        if (!IsAsciiAlnum(unit[i])) {
          ++i;
          continue;
        }
        std::size_t j = i;
        while (j < unit.size() && IsAsciiAlnum(unit[j])) ++j;
        std::string token = unit.substr(i, j - i);
        i = j;
        if (o.remove_stopwords && StopWords().count(token) != 0) continue;
        if (o.stem && token.size() > 3) token = Stem(token);
        tokens.push_back(std::move(token));
      }
      t.tokens.insert(t.tokens.end(), tokens.begin(), tokens.end());
      t.units.push_back(std::move(tokens));
    }
    return t;
  }
};

RougeScorer::RougeScorer(RougeOptions options) : options_(options), impl_(std::make_unique<Impl>()) {}
RougeScorer::~RougeScorer() = default;

std::vector<std::vector<std::string>> RougeScorer::Tokens(std::string_view text) {
  return impl_->Prepare(text, options_).units;
}

RougeScores RougeScorer::Score(std::string_view peer_text, const std::vector<std::string>& references) {
  const RougeOptions& o = options_;
  RougeScores out;
  out.ngram.resize(static_cast<std::size_t>(std::max(0, o.max_ngram)));
  if (references.empty()) return out;
  const Text peer = impl_->Prepare(peer_text, o);
  std::vector<Text> refs;
  refs.reserve(references.size());
  for (const std::string& r : references) refs.push_back(impl_->Prepare(r, o));

  for (int n = 1; n <= o.max_ngram; ++n) {
    const Grams pg = NGrams(peer.tokens, n);
    std::vector<PairCounts> per_ref;
    for (const Text& ref : refs) {
      const Grams mg = NGrams(ref.tokens, n);
      PairCounts p{Hits(mg, pg), mg.total, pg.total, 0};
      p.recall_for_best = RoundLikeRouge(SafeRatio(p.hit, p.model));
      per_ref.push_back(p);
    }
    out.ngram[static_cast<std::size_t>(n - 1)] = Aggregate(per_ref, o);
  }

  {
    const Grams pg = SkipBigrams(peer.tokens, o.skip_distance, o.skip_unigrams);
    std::vector<PairCounts> per_ref;
    for (const Text& ref : refs) {
      const Grams mg = SkipBigrams(ref.tokens, o.skip_distance, o.skip_unigrams);
      PairCounts p{Hits(mg, pg), mg.total, pg.total, 0};
      p.recall_for_best = RoundLikeRouge(SafeRatio(p.hit, p.model));
      per_ref.push_back(p);
    }
    out.skip = Aggregate(per_ref, o);
  }

  if (o.lcs) {
    const Grams peer_unigrams = NGrams(peer.tokens, 1);
    std::vector<PairCounts> per_ref;
    for (const Text& ref : refs) {
      // Unigram budgets: a token takes part in at most as many LCS hits as
      // it occurs in either text, so ROUGE-L never exceeds ROUGE-1.
      Counts model_left = NGrams(ref.tokens, 1).counts;
      Counts peer_left = peer_unigrams.counts;
      PairCounts p;
      for (const std::vector<std::string>& unit : ref.units) {
        std::vector<char> mask(unit.size(), 0);
        p.model += static_cast<long>(unit.size());
        for (const std::vector<std::string>& peer_unit : peer.units) MarkLcs(unit, peer_unit, &mask);
        for (std::size_t k = 0; k < unit.size(); ++k) {
          if (!mask[k]) continue;
          auto m = model_left.find(unit[k]);
          auto q = peer_left.find(unit[k]);
          if (m == model_left.end() || q == peer_left.end() || m->second <= 0 || q->second <= 0) continue;
          ++p.hit;
          --m->second;
          --q->second;
        }
      }
      p.peer = peer_unigrams.total;
      p.recall_for_best = SafeRatio(p.hit, p.model);  // ROUGE compares the unrounded LCS recall
      per_ref.push_back(p);
    }
    out.lcs = Aggregate(per_ref, o);
  }
  return out;
}

RougeScore AverageScores(const std::vector<RougeScore>& per_summary, int bootstrap_resamples) {
  RougeScore avg;
  if (per_summary.empty()) return avg;
  const std::size_t n = per_summary.size();
  if (bootstrap_resamples <= 0) {
    for (const RougeScore& s : per_summary) {
      avg.recall += s.recall;
      avg.precision += s.precision;
      avg.f += s.f;
    }
    const auto k = static_cast<double>(n);
    return {avg.recall / k, avg.precision / k, avg.f / k};
  }
  // ROUGE-1.5.5's computeAverages: resample i draws n instances with
  // srand(i); int(rand(n)); the sample means are sorted and averaged, and
  // that mean (printed "%7.5f") is the reported average.
  std::vector<double> r, p, f;
  for (int i = 0; i < bootstrap_resamples; ++i) {
    Drand48 rng(static_cast<std::uint64_t>(i));
    double sr = 0, sp = 0, sf = 0;
    for (std::size_t k = 0; k < n; ++k) {
      const auto idx = static_cast<std::size_t>(rng.Next() * static_cast<double>(n));
      const RougeScore& s = per_summary[std::min(idx, n - 1)];
      sr += s.recall;
      sp += s.precision;
      sf += s.f;
    }
    r.push_back(sr / static_cast<double>(n));
    p.push_back(sp / static_cast<double>(n));
    f.push_back(sf / static_cast<double>(n));
  }
  auto sorted_mean = [](std::vector<double>& v) {
    std::sort(v.begin(), v.end());
    double sum = 0;
    for (double x : v) sum += x;
    return RoundLikeRouge(sum / static_cast<double>(v.size()));
  };
  return {sorted_mean(r), sorted_mean(p), sorted_mean(f)};
}

RougeScores AverageScores(const std::vector<RougeScores>& per_summary, int bootstrap_resamples) {
  RougeScores out;
  if (per_summary.empty()) return out;
  std::size_t max_n = 0;
  for (const RougeScores& s : per_summary) max_n = std::max(max_n, s.ngram.size());
  out.ngram.resize(max_n);
  auto column = [&](auto pick) {
    std::vector<RougeScore> v;
    v.reserve(per_summary.size());
    for (const RougeScores& s : per_summary) v.push_back(pick(s));
    return AverageScores(v, bootstrap_resamples);
  };
  for (std::size_t n = 0; n < max_n; ++n) {
    out.ngram[n] = column([n](const RougeScores& s) { return n < s.ngram.size() ? s.ngram[n] : RougeScore{}; });
  }
  out.skip = column([](const RougeScores& s) { return s.skip; });
  out.lcs = column([](const RougeScores& s) { return s.lcs; });
  return out;
}

}  // namespace parallax
