#include "analyze/paraphrase.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analyze/paraphrase_internal.h"
#include "core/file.h"
#include "core/parallel.h"
#include "text/segment.h"
#include "text/terms.h"
#include "text/utf8.h"

namespace parallax {
namespace {

using paraphrase_detail::Dot;
using paraphrase_detail::kSifA;
using paraphrase_detail::LineReader;
using paraphrase_detail::Lower;
using paraphrase_detail::Solve;

// ---------------------------------------------------------------- words

// "Russia's" -> "Russia" (straight or curly apostrophe).
std::string_view DropPossessive(std::string_view w) {
  if (w.size() > 2 && (w.substr(w.size() - 2) == "'s" || w.substr(w.size() - 2) == "'S")) return w.substr(0, w.size() - 2);
  if (w.size() > 4 && w.substr(w.size() - 4) == "\xE2\x80\x99s") return w.substr(0, w.size() - 4);
  return w;
}

bool IsNegation(std::string_view lower) {
  static const char* const kNegations[] = {"not", "no", "never", "none", "nobody", "nothing", "neither", "nor",
                                           "without", "cannot", "nowhere"};
  for (const char* n : kNegations) {
    if (lower == n) return true;
  }
  auto ends = [&](std::string_view tail) {
    return lower.size() > tail.size() && lower.substr(lower.size() - tail.size()) == tail;
  };
  return ends("n't") || ends("n\xE2\x80\x99t");
}

// "1,200" -> "1200"; "3.50" -> "3.5".
std::string NormaliseNumber(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != ',') out.push_back(c);
  }
  if (out.find('.') != std::string::npos) {
    while (!out.empty() && out.back() == '0') out.pop_back();
    if (!out.empty() && out.back() == '.') out.pop_back();
  }
  return out;
}

template <typename T>
std::size_t Intersection(const std::vector<T>& a, const std::vector<T>& b) {
  std::size_t n = 0, i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) ++i;
    else if (b[j] < a[i]) ++j;
    else {
      ++n;
      ++i;
      ++j;
    }
  }
  return n;
}

double Dice(std::size_t common, std::size_t na, std::size_t nb) {
  return na + nb == 0 ? 0.0 : 2.0 * static_cast<double>(common) / static_cast<double>(na + nb);
}

// FNV-1a, 64 bits, continued from `h`.
std::uint64_t Fnv(std::string_view s, std::uint64_t h = 14695981039346656037ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

void SortUnique(std::vector<std::uint64_t>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

// Hashes of the word n-grams (words joined by \x1f), sorted and unique.
std::vector<std::uint64_t> NGramHashes(const std::vector<std::string>& words, std::size_t n) {
  std::vector<std::uint64_t> out;
  for (std::size_t i = 0; i + n <= words.size(); ++i) {
    std::uint64_t h = Fnv(words[i]);
    for (std::size_t k = 1; k < n; ++k) h = Fnv(words[i + k], Fnv("\x1f", h));
    out.push_back(h);
  }
  SortUnique(&out);
  return out;
}

// Hashes of the character 4-grams of " w1 w2 ... wn ", sorted and unique.
std::vector<std::uint64_t> CharGramHashes(const std::vector<std::string>& words) {
  std::string joined = " ";
  for (const std::string& w : words) joined += w + " ";
  std::vector<std::uint64_t> out;
  for (std::size_t i = 0; i + 4 <= joined.size(); ++i) out.push_back(Fnv(std::string_view(joined).substr(i, 4)));
  SortUnique(&out);
  return out;
}

std::size_t LongestCommonSubsequence(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::size_t> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

// ------------------------------------------------------------ the model

const std::array<const char*, ParaphraseModel::kFeatures>& ParaphraseModel::FeatureNames() {
  static const std::array<const char*, kFeatures> kNames = {
      "stem_dice",     "stem_min",       "idf_cosine",  "word_dice",  "bigram_dice",   "trigram_dice", "lcs",
      "length_diff",   "numbers_same",   "numbers_diff", "numbers_missing", "name_jaccard", "names_unmatched",
      "negation_mismatch", "sif_cosine", "soft_alignment", "idf_jaccard", "stems_unmatched", "log_length",
      "stem_max",      "char4_dice",     "unaligned_max", "unshared_llr"};
  return kNames;
}

PreparedSentence ParaphraseModel::Prepare(std::string_view sentence) const {
  PreparedSentence p;
  thread_local Stemmer stemmer;
  std::vector<std::pair<std::string, std::string>> stem_word;  // (stem, lower word)
  bool first = true;
  for (const Token& t : Tokenize(sentence)) {
    if (t.kind == TokenKind::kPunct) continue;
    std::string_view surface = sentence.substr(t.span.begin, t.span.size());
    if (t.kind == TokenKind::kNumber) {
      std::string n = NormaliseNumber(surface);
      p.words.push_back(n);
      p.numbers.push_back(std::move(n));
      first = false;
      continue;
    }
    std::string_view bare = DropPossessive(surface);
    std::string lower = Lower(bare);
    if (IsNegation(Lower(surface))) ++p.negations;
    if (!first && !bare.empty() && bare[0] >= 'A' && bare[0] <= 'Z') p.names.push_back(lower);
    first = false;
    p.words.push_back(lower);
    if (lower.size() < 2 || IsStopWord(lower)) continue;
    bool has_letter = false;
    for (char c : lower) has_letter = has_letter || std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
    if (!has_letter) continue;
    stem_word.emplace_back(stemmer.Stem(lower), lower);
  }
  // Terms for word weights: stems of every word (stop words too: their
  // weight decides) and numbers, and bigrams of those.
  if (active_ == kFeatures) {
    std::vector<std::string> unigrams;
    unigrams.reserve(p.words.size());
    for (const std::string& w : p.words) {
      const bool number = !w.empty() && std::isdigit(static_cast<unsigned char>(w[0]));
      unigrams.push_back(number ? w : stemmer.Stem(w));
    }
    p.terms = unigrams;
    for (std::size_t i = 0; i + 1 < unigrams.size(); ++i) p.terms.push_back(unigrams[i] + ' ' + unigrams[i + 1]);
    std::sort(p.terms.begin(), p.terms.end());
    p.terms.erase(std::unique(p.terms.begin(), p.terms.end()), p.terms.end());
  }
  std::sort(stem_word.begin(), stem_word.end());
  for (auto& [stem, word] : stem_word) {
    if (!p.stems.empty() && p.stems.back() == stem) continue;
    p.stems.push_back(stem);
    p.stem_idf.push_back(vectors_ ? vectors_->Idf(word) : 1.0);
    p.stem_vectors.push_back(vectors_ ? vectors_->Find(word) : nullptr);
  }
  for (auto* v : {&p.numbers, &p.names}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  if (words_ && active_ == kFeatures) words_->Annotate(&p);
  if (vectors_ != nullptr && !vectors_->empty()) {
    const std::size_t dims = static_cast<std::size_t>(vectors_->dimensions());
    std::vector<double> sv(dims, 0.0);
    for (const std::string& w : p.words) {
      const float* v = vectors_->Find(w);
      if (v == nullptr) continue;
      const double a = kSifA / (kSifA + vectors_->Probability(w));
      for (std::size_t d = 0; d < dims; ++d) sv[d] += a * v[d];
    }
    const auto& u = vectors_->common_direction();
    double proj = 0;
    for (std::size_t d = 0; d < dims && d < u.size(); ++d) proj += sv[d] * u[d];
    p.sif.resize(dims);
    for (std::size_t d = 0; d < dims; ++d) p.sif[d] = static_cast<float>(sv[d] - proj * (d < u.size() ? u[d] : 0.0));
  }
  for (std::size_t n = 0; n < 3; ++n) p.word_grams[n] = NGramHashes(p.words, n + 1);
  p.char_grams = CharGramHashes(p.words);
  return p;
}

double ParaphraseModel::SifCosine(const PreparedSentence& a, const PreparedSentence& b) {
  if (a.sif.empty() || a.sif.size() != b.sif.size()) return 0;
  const int n = static_cast<int>(a.sif.size());
  const double ab = Dot(a.sif.data(), b.sif.data(), n), aa = Dot(a.sif.data(), a.sif.data(), n),
               bb = Dot(b.sif.data(), b.sif.data(), n);
  return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

ParaphraseModel::Features ParaphraseModel::Compute(const PreparedSentence& a, const PreparedSentence& b) const {
  Features f{};
  const std::size_t sa = a.stems.size(), sb = b.stems.size();
  // Stems: plain and idf-weighted overlap.
  double common_idf2 = 0, common_idf = 0, all_a2 = 0, all_b2 = 0, union_idf = 0;
  std::size_t common = 0;
  {
    std::size_t i = 0, j = 0;
    while (i < sa || j < sb) {
      if (j == sb || (i < sa && a.stems[i] < b.stems[j])) {
        all_a2 += a.stem_idf[i] * a.stem_idf[i];
        union_idf += a.stem_idf[i];
        ++i;
      } else if (i == sa || b.stems[j] < a.stems[i]) {
        all_b2 += b.stem_idf[j] * b.stem_idf[j];
        union_idf += b.stem_idf[j];
        ++j;
      } else {
        const double w = std::max(a.stem_idf[i], b.stem_idf[j]);
        common_idf2 += w * w;
        common_idf += w;
        union_idf += w;
        all_a2 += w * w;
        all_b2 += w * w;
        ++common;
        ++i;
        ++j;
      }
    }
  }
  f[0] = Dice(common, sa, sb);
  f[1] = std::max(sa, sb) == 0 ? 0.0 : static_cast<double>(common) / static_cast<double>(std::max(sa, sb));
  f[2] = all_a2 > 0 && all_b2 > 0 ? common_idf2 / std::sqrt(all_a2 * all_b2) : 0.0;
  // Words and n-grams (all words, in order).
  for (std::size_t n = 0; n < 3; ++n) {
    const auto& ga = a.word_grams[n];
    const auto& gb = b.word_grams[n];
    f[3 + n] = Dice(Intersection(ga, gb), ga.size(), gb.size());
  }
  const double na = static_cast<double>(a.words.size()), nb = static_cast<double>(b.words.size());
  const double longest = std::max(na, nb);
  f[6] = longest > 0 ? static_cast<double>(LongestCommonSubsequence(a.words, b.words)) / longest : 0.0;
  f[7] = longest > 0 ? std::fabs(na - nb) / longest : 0.0;
  // Numbers: the same, different, or given by one side only.
  if (!a.numbers.empty() && !b.numbers.empty()) {
    const std::size_t c = Intersection(a.numbers, b.numbers);
    if (c == a.numbers.size() && c == b.numbers.size()) f[8] = 1;
    else f[9] = 1;
  } else if (!a.numbers.empty() || !b.numbers.empty()) {
    f[10] = 1;
  }
  // Names.
  {
    const std::size_t c = Intersection(a.names, b.names);
    const std::size_t u = a.names.size() + b.names.size() - c;
    f[11] = u == 0 ? 1.0 : static_cast<double>(c) / static_cast<double>(u);
    f[12] = std::min<double>(static_cast<double>(u - c), 6.0) / 6.0;
  }
  f[13] = (a.negations > 0) != (b.negations > 0) ? 1.0 : 0.0;
  f[14] = SifCosine(a, b);
  double unaligned_a = 0, unaligned_b = 0;
  // Soft alignment: each content word's best match on the other side (1
  // for the same stem, else the vectors' cosine), idf-weighted, both ways.
  {
    auto direction = [&](const PreparedSentence& x, const PreparedSentence& y, double* unaligned) {
      double num = 0, den = 0, lost = 0;
      const int dims = vectors_ ? vectors_->dimensions() : 0;
      for (std::size_t i = 0; i < x.stems.size(); ++i) {
        double best = std::binary_search(y.stems.begin(), y.stems.end(), x.stems[i]) ? 1.0 : 0.0;
        if (best < 1 && x.stem_vectors[i] != nullptr) {
          for (std::size_t j = 0; j < y.stems.size(); ++j) {
            if (y.stem_vectors[j] == nullptr) continue;
            best = std::max(best, Dot(x.stem_vectors[i], y.stem_vectors[j], dims));
          }
        }
        num += x.stem_idf[i] * best;
        den += x.stem_idf[i];
        if (best < 0.5) lost += x.stem_idf[i];
      }
      *unaligned = den > 0 ? lost / den : 0.0;
      return den > 0 ? num / den : 0.0;
    };
    f[15] = 0.5 * (direction(a, b, &unaligned_a) + direction(b, a, &unaligned_b));
  }
  f[16] = union_idf > 0 ? common_idf / union_idf : 0.0;
  f[17] = std::min<double>(static_cast<double>(sa + sb - 2 * common), 20.0) / 20.0;
  f[18] = std::log1p(std::min(na, nb));
  f[19] = std::max(sa, sb) == 0 ? 0.0 : static_cast<double>(common) / static_cast<double>(std::max<std::size_t>(1, std::min(sa, sb)));
  // Character 4-grams of the word sequence: spelling variants and compounds.
  f[20] = Dice(Intersection(a.char_grams, b.char_grams), a.char_grams.size(), b.char_grams.size());
  f[21] = std::max(unaligned_a, unaligned_b);
  if (words_) {
    const auto w = words_->PairFeatures(a, b);
    for (int i = 0; i < WordWeights::kPairFeatures; ++i) f[kBaseFeatures + i] = w[i];
  }
  return f;
}

// Standardised features, then their pairwise products: a linear model
// over these can weigh, say, overlap differently when numbers differ.
void ParaphraseModel::Expand(const Features& f, std::vector<double>* z) const {
  const int n = active_features();
  z->clear();
  for (int i = 0; i < n; ++i) z->push_back((f[i] - mean_[i]) / scale_[i]);
  for (int i = 0; i < n; ++i) {
    for (int j = i; j < n; ++j) z->push_back((*z)[i] * (*z)[j]);
  }
}

double ParaphraseModel::Probability(const Features& f) const {
  const double share = tree_share();
  const double trees = share > 0 ? trees_->Probability(f.data(), static_cast<std::size_t>(active_features())) : 0.0;
  if (share >= 1) return trees;
  if (weight_.empty()) return share > 0 ? trees : 0.5;
  thread_local std::vector<double> z;
  Expand(f, &z);
  double s = bias_;
  for (std::size_t i = 0; i < z.size() && i < weight_.size(); ++i) s += weight_[i] * z[i];
  return (1 - share) / (1.0 + std::exp(-s)) + share * trees;
}

void ParaphraseModel::TrainTrees(const std::vector<Features>& x, const std::vector<int>& y,
                                 const BoostedTrees::Options& options) {
  std::vector<std::vector<double>> rows;
  rows.reserve(x.size());
  for (const Features& f : x) rows.emplace_back(f.begin(), f.begin() + active_features());
  trees_ = std::make_shared<const BoostedTrees>(BoostedTrees::Fit(rows, y, options));
}

void ParaphraseModel::Train(const std::vector<Features>& x, const std::vector<int>& y, double l2) {
  const std::size_t n = x.size();
  if (n == 0) return;
  scale_.fill(1.0);
  mean_.fill(0.0);
  for (int i = 0; i < active_features(); ++i) {
    double s = 0, s2 = 0;
    for (const auto& r : x) {
      s += r[i];
      s2 += r[i] * r[i];
    }
    mean_[i] = s / static_cast<double>(n);
    const double var = s2 / static_cast<double>(n) - mean_[i] * mean_[i];
    scale_[i] = var > 1e-12 ? std::sqrt(var) : 1.0;
  }
  std::vector<std::vector<double>> zs(n);
  for (std::size_t r = 0; r < n; ++r) {
    Expand(x[r], &zs[r]);
    zs[r].push_back(1.0);  // bias
  }
  const std::size_t k = zs[0].size();
  std::vector<double> w(k, 0.0);
  for (int it = 0; it < 30; ++it) {
    std::vector<double> grad(k, 0.0), hess(k * k, 0.0);
    for (std::size_t r = 0; r < n; ++r) {
      const std::vector<double>& z = zs[r];
      double s = 0;
      for (std::size_t i = 0; i < k; ++i) s += w[i] * z[i];
      const double p = 1.0 / (1.0 + std::exp(-s));
      const double g = p - y[r];
      const double h = std::max(p * (1 - p), 1e-12);
      for (std::size_t i = 0; i < k; ++i) {
        grad[i] += g * z[i];
        const double hz = h * z[i];
        for (std::size_t j = i; j < k; ++j) hess[i * k + j] += hz * z[j];
      }
    }
    for (std::size_t i = 0; i < k; ++i) {
      for (std::size_t j = 0; j < i; ++j) hess[i * k + j] = hess[j * k + i];
    }
    for (std::size_t i = 0; i + 1 < k; ++i) {
      grad[i] += l2 * w[i];
      hess[i * k + i] += l2;
    }
    std::vector<double> step = Solve(hess, grad, k);
    double change = 0;
    for (std::size_t i = 0; i < k; ++i) {
      w[i] -= step[i];
      change = std::max(change, std::fabs(step[i]));
    }
    if (change < 1e-7) break;
  }
  bias_ = w.back();
  w.pop_back();
  weight_ = std::move(w);
}

std::string ParaphraseModel::DescribeWeights() const {
  std::ostringstream s;
  s.precision(9);
  auto row = [&](const char* name, const Features& v) {
    s << "    " << name << " = {";
    for (int i = 0; i < kFeatures; ++i) s << (i ? ", " : "") << v[i];
    s << "},\n";
  };
  row(".mean", mean_);
  row(".scale", scale_);
  s << "    .weight = {";
  for (std::size_t i = 0; i < weight_.size(); ++i) s << (i ? ", " : "") << weight_[i];
  s << "},\n";
  s << "    .bias = " << bias_ << ", .threshold = " << threshold_ << "\n";
  return s.str();
}

namespace {

struct ShippedWeights {
  ParaphraseModel::Features mean, scale;
  std::vector<double> weight;
  double bias, threshold;
};

// The vector-free model, trained by `parallax eval paraphrase
// --print-weights` (default options) on MRPC train, threshold tuned on
// 10-fold held-out predictions for train; see docs/facts.md. Weights are
// over ParaphraseModel::Expand (features, then their pairwise products).
const ShippedWeights kLexical = {
    .mean = {
        0.695249738, 0.639832795, 0.700562883, 0.667814173, 0.478817087, 0.370772103, 0.575277387, 0.148788766,
        0.158243376, 0.173454367, 0.0873405299, 0.56865728, 0.27903173, 0.043670265, 0, 0.706023695,
        0.555323381, 0.283562316, 2.88998391, 0.772214596, 0.631388585, 0.360167205},
    .scale = {
        0.157473154, 0.163808832, 0.156335867, 0.146549296, 0.199682726, 0.222669232, 0.148466051, 0.0999450037,
        0.364969053, 0.378639604, 0.282333423, 0.375923368, 0.283545938, 0.2043604, 1, 0.15553856, 0.18800821,
        0.152041775, 0.268600296, 0.166293641, 0.155992948, 0.163808832},
    .weight = {
        0.0390294279, 0.0767144633, 0.0374652069, 0.260932176, -0.235029416, -0.865321681, 1.11752644,
        -0.296674467, 0.00923435988, -0.0800213305, -0.00491514324, -0.0522150583, 0.0244102186, -0.0121574718,
        0, 0.0388473273, 0.0492823775, -0.0952608376, -0.0850211041, -0.00289843869, 0.585206894, -0.0767144633,
        0.0400406812, 0.0639218977, 0.0161548421, -0.057011156, -0.0333087064, -0.04305901, -0.0292207839,
        -0.0340037016, -0.0882574138, 0.0441746543, -0.0523162349, 0.11450114, -0.0819503273, -0.0441897261, 0,
        -0.011341656, 0.0854549259, 0.0323378269, -0.012112844, -0.0841830208, -0.141145318, -0.0639218977,
        0.0251353436, 0.0305065671, -0.0167597909, -0.060277512, -0.0622827645, -0.064948001, 0.0476372771,
        0.00882822762, 0.00953252283, -0.077156897, -0.0155124233, -0.147377063, 0.0890539449, 0,
        -0.00900388142, 0.0851547629, 0.132481387, -0.035429991, -0.0416028702, -0.0103779012, -0.0251353436,
        0.00228127917, 0.00740223917, -0.00966065844, -0.0217289438, -0.0331128884, -0.00381431232,
        -0.0142261374, 0.010665473, -0.0623872196, 0.0199294935, -0.0186016454, 0.00536447116, 0, -0.0135943924,
        0.0680025074, -0.0115672448, -0.0149723608, -0.0554810724, -0.13148127, -0.0305065671, -0.158899759,
        0.0737672132, -0.108199887, 0.0240323253, -0.110493, 0.0408570393, 0.0411786676, -0.0365192799,
        -0.135132713, 0.0246363585, 0.180045593, 0, 0.0774664793, 0.127437495, -0.0142499076, 0.00144959311,
        0.161421993, 0.031045765, 0.0167597909, 0.110639072, -0.0683815973, -0.0936241811, 0.0923912561,
        -0.222213145, 0.0789533822, -0.199952278, 0.199927479, 0.130417468, 0.158000436, 0, 0.0157567864,
        0.107855687, -0.0929889829, 0.00571515377, 0.0888522522, 0.0566152778, 0.060277512, 0.0945622735,
        -0.150303524, -0.202510395, 0.145219824, 0.053125417, 0.0794479875, -0.104469534, 0.1051481,
        -0.212718596, 0, 0.00192562243, 0.15752954, -0.273955243, -0.0945079228, 0.0649542814, -0.139616299,
        0.0622827645, 0.387461844, 0.0300543807, 0.0457661013, -0.220748127, 0.120311032, -0.178068795,
        -0.191772272, 0.0234894445, 0, -0.0381069715, 0.0573428472, 0.148758608, 0.0792336182, -0.00730725934,
        -0.079017513, 0.064948001, -0.107671735, 0.0122869355, -0.000162429883, 0.11016405, 0.0889484072,
        0.0903128582, -0.0219803623, 0, 0.0303641673, -0.353802838, 0.152819803, -0.103514671, 0.00987524837,
        0.185014654, -0.0476372771, 0.0172940891, 0.0304654194, -0.00072556258, 0.0262186187, 0.0149345888,
        -0.0512010404, 0, 0.0687721683, -0.088302508, 0.00332589173, -0.057021636, 0.11995231, -0.0693624472,
        -0.00882822762, -0.138023681, 0.0270064144, 0.0308604399, -0.0241614916, 0.0811320717, 0, -0.0277672062,
        -0.276595399, -0.0617968513, 0.0692349807, -0.061332796, 0.150713619, -0.00953252283, -0.0143679794,
        -0.0353480521, -0.126319428, 0.0788192954, 0, -0.0763565361, 0.168468153, -0.00808316863, 0.0116908661,
        -0.0668323221, 0.299898046, 0.077156897, 0.100949935, -0.0936336292, 0.0213315162, 0, -0.0853198341,
        0.00191559984, -0.0314617666, 0.148112068, -0.144322875, 0.105760666, 0.0155124233, -0.060816246,
        -0.0439167931, 0, 0.0486599004, 0.155997822, 0.196132159, 0.10844618, 0.23620053, 0.0914648307,
        0.147377063, -0.0542944318, 0, 0.0609761523, -0.0610943827, 0.203629607, -0.0368523421, 0.0263417359,
        -0.16532616, -0.0890539449, 0, 0, 0, 0, 0, 0, 0, 0, -0.0159680976, 0.0471847505, -0.0605561906,
        -0.0214105841, -0.0210013714, -0.120756834, 0.00900388142, 0.0692823892, 0.100597046, 0.124577321,
        0.00438377595, 0.0691122638, -0.0851547629, -0.107778502, 0.293059126, -0.24378122, -0.100856101,
        -0.132481387, -0.0895946993, -0.0051511134, 0.107038772, 0.035429991, 0.00169502235, -0.215670883,
        0.0416028702, 0.264006862, 0.0103779012, 0.0251353436},
    .bias = 0.873136188,
    .threshold = 0.528445104};

}  // namespace

ParaphraseModel::ParaphraseModel(const WordVectors* vectors) : vectors_(vectors) {
  if (vectors != nullptr) {  // no shipped weights: Train() first
    scale_.fill(1.0);
    return;
  }
  const ShippedWeights& w = kLexical;
  mean_ = w.mean;
  scale_ = w.scale;
  weight_ = w.weight;
  bias_ = w.bias;
  threshold_ = w.threshold;
}

ParaphraseModel ParaphraseModel::WithWordWeights(std::shared_ptr<const WordWeights> words) {
  ParaphraseModel m(nullptr);
  m.words_ = std::move(words);
  m.active_ = kFeatures;
  m.scale_.fill(1.0);
  m.mean_.fill(0.0);
  m.weight_.clear();
  m.bias_ = 0;
  m.threshold_ = 0.5;
  return m;
}

namespace {
// The first line starts with this, then says how the file was made.
constexpr std::string_view kModelHeader = "# Parallax paraphrase model with word weights (analyze/paraphrase.h)";

bool ParseDoubles(const std::vector<std::string_view>& f, std::size_t first, std::vector<double>* out) {
  out->clear();
  for (std::size_t i = first; i < f.size(); ++i) {
    const std::string s(f[i]);
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v)) return false;
    out->push_back(v);
  }
  return true;
}
}  // namespace

Status ParaphraseModel::Save(const std::string& path, std::string_view regenerate) const {
  if (!words_ || weight_.empty()) return {StatusCode::kInvalidArgument, "paraphrase model: no word weights or not trained"};
  std::ostringstream s;
  s.precision(17);
  const int n = active_features();
  s << kModelHeader << "; regenerate: " << regenerate << "\nfeatures\t" << n << "\nmean";
  for (int i = 0; i < n; ++i) s << '\t' << mean_[i];
  s << "\nscale";
  for (int i = 0; i < n; ++i) s << '\t' << scale_[i];
  s << "\nweight";
  for (double w : weight_) s << '\t' << w;
  s << "\nbias\t" << bias_ << "\nthreshold\t" << threshold_ << '\n';
  if (trees_) s << "tree_share\t" << tree_share_ << '\n' << trees_->Serialise();
  s << words_->Serialise();
  std::ofstream f(path, std::ios::binary);
  if (!f) return {StatusCode::kPermissionDenied, path + ": cannot open for writing"};
  const std::string out = s.str();
  f.write(out.data(), static_cast<std::streamsize>(out.size()));
  if (!f) return {StatusCode::kInternal, path + ": write failed"};
  return Status::Ok();
}

Result<ParaphraseModel> ParaphraseModel::Load(const std::string& path) {
  auto text = DefaultFileSystem().ReadFile(path, 64u << 20);
  if (!text.ok()) return text.status();
  std::string_view in = *text;
  LineReader lines(in);
  auto bad = [&](const std::string& why) {
    return Status(StatusCode::kInvalidInput, path + ": line " + std::to_string(lines.number()) + ": " + why);
  };
  std::string_view line;
  if (!lines.Next(&line) || !line.starts_with(kModelHeader)) return bad("not a Parallax paraphrase model (header)");
  const std::size_t n = kFeatures, weights = n + n * (n + 1) / 2;
  std::vector<double> v;
  auto row = [&](const char* name, std::size_t count) {
    if (!lines.Next(&line)) return false;
    const auto f = SplitFields(line, '\t');
    return f[0] == name && f.size() == count + 1 && ParseDoubles(f, 1, &v);
  };
  if (!row("features", 1) || v[0] != static_cast<double>(n)) return bad("expected \"features " + std::to_string(n) + "\"");
  ParaphraseModel m = WithWordWeights(nullptr);
  if (!row("mean", n)) return bad("expected \"mean\" and " + std::to_string(n) + " numbers");
  std::copy(v.begin(), v.end(), m.mean_.begin());
  if (!row("scale", n)) return bad("expected \"scale\" and " + std::to_string(n) + " numbers");
  for (double x : v) {
    if (!(x > 0)) return bad("scales must be positive");
  }
  std::copy(v.begin(), v.end(), m.scale_.begin());
  if (!row("weight", weights)) return bad("expected \"weight\" and " + std::to_string(weights) + " numbers");
  m.weight_ = v;
  if (!row("bias", 1)) return bad("expected \"bias\" and a number");
  m.bias_ = v[0];
  if (!row("threshold", 1)) return bad("expected \"threshold\" and a number");
  m.threshold_ = v[0];
  std::size_t offset = lines.number();
  std::size_t consumed = 0;
  for (std::size_t k = 0; k < offset; ++k) consumed = in.find('\n', consumed) + 1;
  // Optional boosted trees and their share, then the word-weight table.
  if (in.substr(consumed).starts_with("tree_share\t")) {
    if (!row("tree_share", 1) || !(v[0] >= 0 && v[0] <= 1)) return bad("expected \"tree_share\" and a number in [0, 1]");
    m.tree_share_ = v[0];
    consumed = in.find('\n', consumed);
    if (consumed == std::string_view::npos) return bad("expected the trees after \"tree_share\" (truncated)");
    ++consumed;
    ++offset;
    std::size_t used = 0;
    auto trees = BoostedTrees::Parse(in.substr(consumed), path, offset + 1, &used);
    if (!trees.ok()) return trees.status();
    if (trees->width() != static_cast<int>(n)) {
      return Status(StatusCode::kInvalidInput, path + ": line " + std::to_string(offset + 1) + ": trees over " +
                                                   std::to_string(trees->width()) + " features, expected " +
                                                   std::to_string(n));
    }
    for (std::size_t k = consumed; k < consumed + used; ++k) offset += in[k] == '\n';
    consumed += used;
    m.trees_ = std::make_shared<const BoostedTrees>(std::move(*trees));
  }
  auto words = WordWeights::Parse(in.substr(consumed), path, offset + 1);
  if (!words.ok()) return words.status();
  m.words_ = std::make_shared<const WordWeights>(std::move(*words));
  return m;
}

std::string DefaultParaphraseWordsPath() {
#ifdef PARALLAX_MODEL_DIR
  const std::string models = PARALLAX_MODEL_DIR;
#else
  const std::string models = "models";
#endif
  return LocateModelFile("PARALLAX_PARAPHRASE_WORDS", "paraphrase-words.tsv", models);
}

std::string DefaultParaphraseVectorsPath() {
#ifdef PARALLAX_MODEL_DIR
  const std::string models = PARALLAX_MODEL_DIR;
#else
  const std::string models = "models";
#endif
  return LocateModelFile("PARALLAX_PARAPHRASE_VECTORS", "paraphrase-vectors.bin", models);
}

ParaphraseModel LoadParaphraseModelOrLexical(const std::string& path, std::string* error) {
  auto m = ParaphraseModel::Load(path);
  if (m.ok()) return std::move(*m);
  if (error != nullptr) *error = m.status().message() + "; using the lexical model without word weights";
  return ParaphraseModel(nullptr);
}

double CostAdjustedThreshold(double threshold, double false_same_cost) {
  // The odds of 0 and 1 are 0 and infinity whatever the cost.
  if (threshold <= 0.0 || threshold >= 1.0) return threshold;
  const double odds = false_same_cost * threshold / (1.0 - threshold);
  return odds / (1.0 + odds);
}

const ParaphraseModel& DefaultParaphraseModel(std::string* error) {
  struct Loaded {
    ParaphraseModel model{nullptr};
    std::string error;
  };
  static const Loaded loaded = [] {
    Loaded l;
    l.model = LoadParaphraseModelOrLexical(DefaultParaphraseWordsPath(), &l.error);
    return l;
  }();
  if (error != nullptr) *error = loaded.error;
  return loaded.model;
}

}  // namespace parallax
