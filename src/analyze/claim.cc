#include "analyze/claim.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "core/file.h"
#include "text/segment.h"
#include "text/terms.h"

namespace parallax {

// What a claim pass needs of a sentence beyond PreparedSentence.
struct ClaimView {
  std::vector<std::string> lower;   // words in order, lower-case (numbers as written)
  std::vector<bool> capital;        // the word starts with a capital letter
  std::vector<bool> after_mark;     // a comma or quotation mark comes right before the word
  std::set<std::string> stems;      // content stems (not names, not numbers)
  std::set<std::string> names;      // lower-case capitalised words after the first
  std::set<std::string> all;        // stems of every content word, names included
  std::string subject;              // stem of the first content word
  std::set<std::string> speakers;   // names next to an attribution verb
  std::set<std::string> claim;      // content stems outside names and the attribution ("X, the minister, said")
  std::vector<std::string> claim_words;  // the words outside the attribution, in order
  bool attribution = false;
  bool modal = false, outcome = false, negated = false, question = false;
};

namespace {

bool In(std::string_view w, std::initializer_list<const char*> list) {
  for (const char* x : list) {
    if (w == x) return true;
  }
  return false;
}

// Words that put a claim in the future or in doubt: a plan is not its
// outcome, a hope is not a result.
bool IsModal(std::string_view w) {
  return In(w, {"will", "would", "may", "might", "could", "should", "shall", "can", "plan", "plans", "planned",
                "planning", "scheduled", "schedule", "expected", "expect", "expects", "hope", "hopes", "hoped",
                "hoping", "intend", "intends", "intended", "propose", "proposes", "proposed", "want", "wants",
                "seek", "seeks", "weigh", "weighs", "consider", "considers", "considering", "likely", "possible",
                "possibly", "due", "aims", "aim"});
}

// Words that report an outcome against a plan or a claim.
bool IsOutcome(std::string_view w) {
  for (const char* stem : {"cancel", "fail", "reject", "postpon", "veto", "abandon", "scrap", "collaps", "refus",
                           "denied", "deny", "denies", "halt", "suspend", "overturn"}) {
    if (w.rfind(stem, 0) == 0) return true;
  }
  return false;
}

bool IsAttribution(std::string_view w) {
  return In(w, {"said", "says", "say", "told", "tells", "added", "announced", "stated", "according", "insisted",
                "warned", "argued", "claimed", "reported", "reports", "declared", "accused", "urged", "replied",
                "responded", "noted", "wrote", "complained", "vowed", "pledged", "stressed", "explained", "admitted",
                "acknowledged", "confirmed", "announced"});
}

bool IsPronoun(std::string_view w) {
  return In(w, {"he", "she", "they", "it", "i", "we", "you", "his", "her", "their", "its", "this", "that"});
}

ClaimView View(std::string_view s) {
  thread_local Stemmer stemmer;
  ClaimView v;
  // A leading dateline ("LONDON (AP) _ ") names a place, not the subject.
  std::size_t start = 0;
  for (std::string_view mark : {std::string_view(" _ "), std::string_view(" -- ")}) {
    const std::size_t at = s.substr(0, std::min<std::size_t>(s.size(), 64)).find(mark);
    if (at != std::string_view::npos) start = std::max(start, at + mark.size());
  }
  const std::string_view body = s.substr(start);
  bool pending_mark = false;
  for (const Token& t : Tokenize(body)) {
    std::string_view w = body.substr(t.span.begin, t.span.size());
    if (t.kind == TokenKind::kPunct) {
      if (w == "?") v.question = true;
      pending_mark = true;
      continue;
    }
    v.after_mark.push_back(pending_mark);
    pending_mark = false;
    if (w.size() > 2 && (w.substr(w.size() - 2) == "'s")) w = w.substr(0, w.size() - 2);
    v.lower.push_back(ToLower(w));
    v.capital.push_back(t.kind != TokenKind::kNumber && !w.empty() && std::isupper(static_cast<unsigned char>(w[0])));
  }
  for (std::size_t i = 0; i < v.lower.size(); ++i) {
    const std::string& w = v.lower[i];
    if (IsModal(w)) v.modal = true;
    if (IsOutcome(w)) v.outcome = true;
    if (w == "not" || w == "no" || w == "never" || w == "without" || w == "cannot" ||
        (w.size() > 3 && (w.substr(w.size() - 3) == "n't" || w.find("n\xE2\x80\x99t") != std::string::npos))) {
      v.negated = true;
    }
    const bool number = !w.empty() && std::isdigit(static_cast<unsigned char>(w[0]));
    const bool content = !number && w.size() >= 2 && !IsStopWord(w);
    if (content && v.subject.empty() && !IsPronoun(w)) v.subject = stemmer.Stem(w);
    if (!content) continue;
    const std::string stem = stemmer.Stem(w);
    v.all.insert(stem);
    if (i > 0 && v.capital[i]) v.names.insert(stem);
    else if (!v.capital[i] || i == 0) v.stems.insert(stem);
  }
  // The attribution ("said Anton Brezic, general secretary of the union")
  // names who speaks, not what is claimed: the verb and the words around it
  // up to a punctuation-free stretch of six words on each side.
  std::vector<bool> attribution(v.lower.size(), false);
  for (std::size_t i = 0; i < v.lower.size(); ++i) {
    if (!IsAttribution(v.lower[i])) continue;
    v.attribution = true;
    const std::size_t from = i >= 6 ? i - 6 : 0, to = std::min(v.lower.size(), i + 7);
    bool named = false;
    for (std::size_t j = from; j < to; ++j) {
      if (j != i && v.capital[j] && !IsStopWord(v.lower[j])) {
        v.speakers.insert(stemmer.Stem(v.lower[j]));
        named = true;
      }
      named = named || (j != i && IsPronoun(v.lower[j]));
    }
    if (!named) continue;
    for (std::size_t j = from; j < to; ++j) {
      if (j == i || v.capital[j] || IsPronoun(v.lower[j]) || IsStopWord(v.lower[j]) || IsAttribution(v.lower[j])) {
        attribution[j] = true;
      }
    }
    // "..., said Ilse Varga, general secretary of the union": the speaker
    // and the title after the verb run to the end.
    if (v.after_mark[i] && i + 1 < v.lower.size() && v.capital[i + 1]) {
      for (std::size_t j = i + 1; j < v.lower.size(); ++j) attribution[j] = true;
    }
    // "Ilse Varga, general secretary of the union, has complained that ...":
    // a sentence that opens with the speaker, up to the verb.
    if (v.capital[0] && !IsStopWord(v.lower[0]) && i <= 12 && i + 2 < v.lower.size() && !v.capital[i + 1]) {
      for (std::size_t j = 0; j < i; ++j) attribution[j] = true;
    }
  }
  for (std::size_t i = 0; i < v.lower.size(); ++i) {
    if (attribution[i]) continue;
    v.claim_words.push_back(v.lower[i]);
    const std::string& w = v.lower[i];
    const bool number = !w.empty() && std::isdigit(static_cast<unsigned char>(w[0]));
    if (!number && w.size() >= 2 && !IsStopWord(w) && (i == 0 || !v.capital[i])) v.claim.insert(stemmer.Stem(w));
  }
  return v;
}

// The share of `a`'s items that `b` holds (1 when `a` is empty).
double Share(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty()) return 1.0;
  std::size_t n = 0;
  for (const std::string& x : a) n += b.count(x);
  return static_cast<double>(n) / static_cast<double>(a.size());
}

double Jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() && b.empty()) return 1.0;
  std::size_t n = 0;
  for (const std::string& x : a) n += b.count(x);
  return static_cast<double>(n) / static_cast<double>(a.size() + b.size() - n);
}

// Solves A x = b (n x n, row-major) by Gaussian elimination with partial
// pivoting.
std::vector<double> SolveLinear(std::vector<double> a, std::vector<double> b, std::size_t n) {
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t p = c;
    for (std::size_t r = c + 1; r < n; ++r) {
      if (std::fabs(a[r * n + c]) > std::fabs(a[p * n + c])) p = r;
    }
    if (std::fabs(a[p * n + c]) < 1e-12) continue;
    if (p != c) {
      for (std::size_t k = 0; k < n; ++k) std::swap(a[c * n + k], a[p * n + k]);
      std::swap(b[c], b[p]);
    }
    for (std::size_t r = c + 1; r < n; ++r) {
      const double f = a[r * n + c] / a[c * n + c];
      for (std::size_t k = c; k < n; ++k) a[r * n + k] -= f * a[c * n + k];
      b[r] -= f * b[c];
    }
  }
  std::vector<double> x(n, 0.0);
  for (std::size_t c = n; c-- > 0;) {
    if (std::fabs(a[c * n + c]) < 1e-12) continue;
    double s = b[c];
    for (std::size_t k = c + 1; k < n; ++k) s -= a[c * n + k] * x[k];
    x[c] = s / a[c * n + c];
  }
  return x;
}

}  // namespace

const std::array<const char*, ClaimModel::kFeatures>& ClaimModel::FeatureNames() {
  static const std::array<const char*, kFeatures> kNames = {
      "paraphrase_logit", "content_share_min", "predicate_share_min", "predicate_share_max", "name_jaccard",
      "subject_differs",  "modality_one_side", "outcome_one_side",    "negation_one_side",   "question",
      "speaker_differs",  "attribution_one_side", "log_min_words",    "length_ratio",        "content_share_max",
      "longest_run_share", "log_longest_run", "number_shared",      "numbers_differ",      "claim_share_min"};
  return kNames;
}

ClaimModel::Features ClaimModel::Compute(const ParaphraseModel& paraphrase, std::string_view a, std::string_view b) {
  return Compute(paraphrase, a, paraphrase.Prepare(a), b, paraphrase.Prepare(b));
}

ClaimSentence::ClaimSentence(std::string_view text) : view_(std::make_unique<const ClaimView>(View(text))) {}
ClaimSentence::~ClaimSentence() = default;
ClaimSentence::ClaimSentence(ClaimSentence&&) noexcept = default;
ClaimSentence& ClaimSentence::operator=(ClaimSentence&&) noexcept = default;

ClaimModel::Features ClaimModel::Compute(const ParaphraseModel& paraphrase, std::string_view a,
                                         const PreparedSentence& pa, std::string_view b, const PreparedSentence& pb) {
  return Compute(paraphrase, pa, ClaimSentence(a), pb, ClaimSentence(b));
}

ClaimModel::Features ClaimModel::Compute(const ParaphraseModel& paraphrase, const PreparedSentence& pa,
                                         const ClaimSentence& ca, const PreparedSentence& pb,
                                         const ClaimSentence& cb) {
  Features f{};
  const double p = std::clamp(paraphrase.Probability(pa, pb), 1e-4, 1 - 1e-4);
  f[0] = std::log(p / (1 - p));
  const ClaimView& va = *ca.view_;
  const ClaimView& vb = *cb.view_;
  f[1] = std::min(Share(va.all, vb.all), Share(vb.all, va.all));
  // What is said about the participants: content words that are not names.
  const double pab = Share(va.stems, vb.all), pba = Share(vb.stems, va.all);
  f[2] = std::min(pab, pba);
  f[3] = std::max(pab, pba);
  f[4] = Jaccard(va.names, vb.names);
  f[5] = !va.subject.empty() && !vb.subject.empty() && !vb.all.count(va.subject) && !va.all.count(vb.subject);
  f[6] = va.modal != vb.modal;
  f[7] = va.outcome != vb.outcome;
  f[8] = va.negated != vb.negated;
  f[9] = va.question || vb.question;
  bool shared_speaker = false;
  for (const std::string& s : va.speakers) shared_speaker = shared_speaker || vb.speakers.count(s) > 0;
  f[10] = !va.speakers.empty() && !vb.speakers.empty() && !shared_speaker;
  f[11] = va.attribution != vb.attribution;
  const double na = static_cast<double>(va.lower.size()), nb = static_cast<double>(vb.lower.size());
  f[12] = std::log1p(std::min(na, nb));
  f[13] = std::max(na, nb) > 0 ? std::min(na, nb) / std::max(na, nb) : 0.0;
  // One sentence may state the other's claim and more: the share of the
  // shorter side's content words the longer holds.
  f[14] = std::max(Share(va.all, vb.all), Share(vb.all, va.all));
  // The longest run of words both give in the same order ("crashed Sept. 2
  // off the coast of"): a claim retold keeps phrases, a topic does not.
  // Outside the attributions: a shared speaker's name and title are not a
  // shared claim.
  std::size_t run = 0;
  {
    const std::vector<std::string>& wa = va.claim_words;
    const std::vector<std::string>& wb = vb.claim_words;
    std::vector<std::size_t> prev(wb.size() + 1, 0), cur(wb.size() + 1, 0);
    for (std::size_t i = 1; i <= wa.size(); ++i) {
      for (std::size_t j = 1; j <= wb.size(); ++j) {
        cur[j] = wa[i - 1] == wb[j - 1] ? prev[j - 1] + 1 : 0;
        run = std::max(run, cur[j]);
      }
      std::swap(prev, cur);
    }
  }
  f[15] = std::min(na, nb) > 0 ? static_cast<double>(run) / std::min(na, nb) : 0.0;
  f[16] = std::log1p(static_cast<double>(run));
  std::size_t shared_numbers = 0;
  for (const std::string& n : pa.numbers) shared_numbers += std::binary_search(pb.numbers.begin(), pb.numbers.end(), n);
  f[17] = shared_numbers > 0;
  f[18] = !pa.numbers.empty() && !pb.numbers.empty() && shared_numbers == 0;
  // What is claimed, outside names and attributions, that the other side
  // states too (the worse side).
  f[19] = std::min(Share(va.claim, vb.all), Share(vb.claim, va.all));
  return f;
}

void ClaimModel::Train(const std::vector<Features>& x, const std::vector<int>& y, double l2) {
  const std::size_t n = x.size();
  if (n == 0) return;
  for (int i = 0; i < kFeatures; ++i) {
    double s = 0, s2 = 0;
    for (const Features& r : x) {
      s += r[i];
      s2 += r[i] * r[i];
    }
    mean_[i] = s / static_cast<double>(n);
    const double var = s2 / static_cast<double>(n) - mean_[i] * mean_[i];
    scale_[i] = var > 1e-12 ? std::sqrt(var) : 1.0;
  }
  const std::size_t k = kFeatures + 1;
  std::vector<double> w(k, 0.0);
  for (int it = 0; it < 50; ++it) {
    std::vector<double> grad(k, 0.0), hess(k * k, 0.0);
    for (std::size_t r = 0; r < n; ++r) {
      std::vector<double> z(k, 1.0);
      for (int i = 0; i < kFeatures; ++i) z[i] = (x[r][i] - mean_[i]) / scale_[i];
      double s = 0;
      for (std::size_t i = 0; i < k; ++i) s += w[i] * z[i];
      const double p = 1.0 / (1.0 + std::exp(-s));
      const double g = p - y[r], h = std::max(p * (1 - p), 1e-12);
      for (std::size_t i = 0; i < k; ++i) {
        grad[i] += g * z[i];
        for (std::size_t j = 0; j < k; ++j) hess[i * k + j] += h * z[i] * z[j];
      }
    }
    for (std::size_t i = 0; i + 1 < k; ++i) {
      grad[i] += l2 * w[i];
      hess[i * k + i] += l2;
    }
    const std::vector<double> step = SolveLinear(hess, grad, k);
    double change = 0;
    for (std::size_t i = 0; i < k; ++i) {
      w[i] -= step[i];
      change = std::max(change, std::fabs(step[i]));
    }
    if (change < 1e-8) break;
  }
  for (int i = 0; i < kFeatures; ++i) weight_[i] = w[i];
  bias_ = w[kFeatures];
  trained_ = true;
}

double ClaimModel::Probability(const Features& f) const {
  if (!trained_) return 1.0;
  double s = bias_;
  for (int i = 0; i < kFeatures; ++i) s += weight_[i] * (f[i] - mean_[i]) / scale_[i];
  return 1.0 / (1.0 + std::exp(-s));
}

std::string ClaimModel::Serialise(std::string_view regenerate) const {
  std::ostringstream s;
  s.precision(17);
  s << "claim-model\t" << regenerate << "\n";
  s << "thresholds\t" << full_ << "\t" << partial_ << "\n";
  s << "bias\t" << bias_ << "\n";
  for (int i = 0; i < kFeatures; ++i) {
    s << FeatureNames()[i] << "\t" << mean_[i] << "\t" << scale_[i] << "\t" << weight_[i] << "\n";
  }
  return s.str();
}

Result<ClaimModel> ClaimModel::Parse(std::string_view text, const std::string& origin) {
  std::istringstream in{std::string(text)};
  std::string line;
  std::size_t no = 0;
  auto fail = [&](const std::string& why) {
    return InvalidInput(origin + ":" + std::to_string(no) + ": " + why);
  };
  ClaimModel m;
  auto fields = [](const std::string& l) {
    std::vector<std::string> out;
    std::size_t p = 0;
    for (;;) {
      const std::size_t q = l.find('\t', p);
      out.push_back(l.substr(p, q == std::string::npos ? std::string::npos : q - p));
      if (q == std::string::npos) break;
      p = q + 1;
    }
    return out;
  };
  auto number = [](const std::string& s, double* v) {
    char* end = nullptr;
    *v = std::strtod(s.c_str(), &end);
    return !s.empty() && end == s.c_str() + s.size() && std::isfinite(*v);
  };
  ++no;
  if (!std::getline(in, line) || line.rfind("claim-model\t", 0) != 0) return fail("expected the claim-model header");
  ++no;
  if (!std::getline(in, line)) return fail("truncated: expected thresholds");
  auto t = fields(line);
  if (t.size() != 3 || t[0] != "thresholds" || !number(t[1], &m.full_) || !number(t[2], &m.partial_)) {
    return fail("expected 'thresholds <full> <partial>'");
  }
  ++no;
  if (!std::getline(in, line)) return fail("truncated: expected bias");
  t = fields(line);
  if (t.size() != 2 || t[0] != "bias" || !number(t[1], &m.bias_)) return fail("expected 'bias <value>'");
  for (int i = 0; i < kFeatures; ++i) {
    ++no;
    if (!std::getline(in, line)) return fail("truncated: expected feature " + std::string(FeatureNames()[i]));
    t = fields(line);
    if (t.size() != 4 || t[0] != FeatureNames()[i] || !number(t[1], &m.mean_[i]) || !number(t[2], &m.scale_[i]) ||
        !number(t[3], &m.weight_[i]) || m.scale_[i] <= 0) {
      return fail("expected '" + std::string(FeatureNames()[i]) + " <mean> <scale> <weight>'");
    }
  }
  m.trained_ = true;
  return m;
}

Result<ClaimModel> ClaimModel::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(StatusCode::kNotFound, path + ": cannot open the claim model");
  std::ostringstream s;
  s << in.rdbuf();
  return Parse(s.str(), path);
}

bool StatesPlan(std::string_view sentence) {
  // A scheduled or announced plan, not any modal verb ("could", "would").
  for (const std::string& w : View(sentence).lower) {
    if (In(w, {"scheduled", "plan", "plans", "planned", "planning", "expected", "due", "intends", "intended",
               "proposed", "will"})) {
      return true;
    }
  }
  return false;
}
bool StatesOutcome(std::string_view sentence) {
  // The outcomes that undo a plan (not a denial or a rejection of a claim).
  for (const std::string& w : View(sentence).lower) {
    for (const char* stem : {"cancel", "postpon", "scrap", "abandon", "fail", "called-off", "delay"}) {
      if (w.rfind(stem, 0) == 0) return true;
    }
  }
  return false;
}

std::string DefaultClaimModelPath() {
  if (const char* env = std::getenv("PARALLAX_PARAPHRASE_CLAIM"); env != nullptr && *env) return env;
  const std::string words = DefaultParaphraseWordsPath();
  const std::size_t slash = words.rfind('/');
  return (slash == std::string::npos ? std::string() : words.substr(0, slash + 1)) + "paraphrase-claim.tsv";
}

const ClaimModel& DefaultClaimModel(std::string* error) {
  struct Loaded {
    ClaimModel model;
    std::string error;
  };
  static const Loaded loaded = [] {
    Loaded l;
    auto m = ClaimModel::Load(DefaultClaimModelPath());
    if (m.ok()) l.model = std::move(*m);
    else l.error = m.status().message() + "; facts are joined without the same-claim decision";
    return l;
  }();
  if (error != nullptr) *error = loaded.error;
  return loaded.model;
}

}  // namespace parallax
