// The NER tagger: features, a structured averaged perceptron with BILOU
// Viterbi decoding, two-stage training with jack-knifed stage-1
// predictions, and the model file.

#include "ner/tagger.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "core/file.h"
#include "core/parallel.h"
#include "ner/wire.h"
#include "text/segment.h"

namespace parallax {
namespace {

// ---------------------------------------------------------------- labels
// 0 = O; 1 + 4 * type + position, position B=0 I=1 L=2 U=3.
constexpr int kLabels = 17;
constexpr int kStart = kLabels;  // transition row for "before the first token"
constexpr std::size_t kMaxDecode = 1000;

int TypeOf(int label) { return (label - 1) / 4; }
int PosOf(int label) { return (label - 1) % 4; }
int MakeLabel(int type, int pos) { return 1 + 4 * type + pos; }

bool Allowed(int prev, int cur) {
  const bool open = prev != kStart && prev != 0 && PosOf(prev) <= 1;
  if (open) return cur != 0 && (PosOf(cur) == 1 || PosOf(cur) == 2) && TypeOf(cur) == TypeOf(prev);
  return cur == 0 || PosOf(cur) == 0 || PosOf(cur) == 3;
}
bool AllowedEnd(int label) { return label == 0 || PosOf(label) >= 2; }

int TypeIndex(std::string_view type) {
  for (int t = 0; t < 4; ++t) {
    if (type == kNerTypes[t]) return t;
  }
  return -1;
}

// IOB1 or IOB2 tags -> BILOU labels. A chunk starts at B-X, or at I-X after
// O or after another type.
Result<std::vector<std::uint8_t>> ToLabels(const std::vector<std::string>& tags) {
  std::vector<int> type(tags.size(), -1);
  std::vector<bool> begins(tags.size(), false);
  for (std::size_t i = 0; i < tags.size(); ++i) {
    const std::string& tag = tags[i];
    if (tag == "O") continue;
    if (tag.size() < 3 || tag[1] != '-' || (tag[0] != 'B' && tag[0] != 'I')) return InvalidArgument("bad tag '" + tag + "'");
    type[i] = TypeIndex(std::string_view(tag).substr(2));
    if (type[i] < 0) return InvalidArgument("unknown entity type in tag '" + tag + "'");
    begins[i] = tag[0] == 'B' || i == 0 || type[i - 1] != type[i];
  }
  std::vector<std::uint8_t> labels(tags.size(), 0);
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (type[i] < 0) continue;
    const bool ends = i + 1 == tags.size() || type[i + 1] != type[i] || begins[i + 1];
    const int pos = begins[i] ? (ends ? 3 : 0) : (ends ? 2 : 1);
    labels[i] = static_cast<std::uint8_t>(MakeLabel(type[i], pos));
  }
  return labels;
}

std::string ToIob2(int label) {
  if (label == 0) return "O";
  const int pos = PosOf(label);
  return std::string(pos == 0 || pos == 3 ? "B-" : "I-") + kNerTypes[TypeOf(label)];
}

// ---------------------------------------------------------------- tokens
struct TokenInfo {
  std::string word;         // as written (first 64 bytes)
  std::string lower;        // lower-cased, digits as 0
  std::string shape;        // Xxx, dd-dd, X.X. (runs cut at 2)
  std::string short_shape;  // runs collapsed
  const WordLexicon::Entry* lex = nullptr;
  bool upper_first = false;
  bool all_upper = false;   // has letters, none lower case
  bool alpha_first = false;
};

char ClassOf(UChar32 c) {
  if (c >= '0' && c <= '9') return 'd';
  if (u_isupper(c) || u_istitle(c)) return 'X';
  if (u_isalpha(c)) return 'x';
  if (c < 0x80) return static_cast<char>(c);
  return '*';
}

TokenInfo Describe(std::string_view word, const WordLexicon& lexicon) {
  TokenInfo t;
  constexpr std::size_t kMaxScan = 64;  // a token longer than this is described by its first 64 bytes
  const std::string_view w = word.substr(0, kMaxScan);
  t.word = w;
  bool any_lower = false, any_alpha = false;
  std::int32_t i = 0;
  const std::int32_t n = static_cast<std::int32_t>(w.size());
  const auto* s = reinterpret_cast<const std::uint8_t*>(w.data());
  bool first = true;
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) c = 0xFFFD;
    const char k = ClassOf(c);
    if (k == 'x') any_lower = true;
    if (k == 'x' || k == 'X') any_alpha = true;
    if (first) {
      t.upper_first = k == 'X';
      t.alpha_first = k == 'x' || k == 'X';
      first = false;
    }
    const std::size_t len = t.shape.size();
    if (!(len >= 2 && t.shape[len - 1] == k && t.shape[len - 2] == k)) t.shape.push_back(k);
    if (t.short_shape.empty() || t.short_shape.back() != k) t.short_shape.push_back(k);
    if (c < 0x80) {
      char lc = static_cast<char>(c);
      if (lc >= 'A' && lc <= 'Z') lc = static_cast<char>(lc - 'A' + 'a');
      if (lc >= '0' && lc <= '9') lc = '0';
      t.lower.push_back(lc);
    } else {
      const UChar32 lc = u_tolower(c);
      char buf[4];
      std::int32_t m = 0;
      UBool error = false;
      U8_APPEND(reinterpret_cast<std::uint8_t*>(buf), m, 4, lc, error);
      if (!error) t.lower.append(buf, static_cast<std::size_t>(m));
    }
  }
  t.all_upper = any_alpha && !any_lower;
  t.lex = lexicon.Find(w);
  return t;
}

bool MostlyUpper(const std::vector<TokenInfo>& tokens) {
  int alpha = 0, upper = 0;
  for (const TokenInfo& t : tokens) {
    if (t.shape.find('X') == std::string::npos && t.shape.find('x') == std::string::npos) continue;
    ++alpha;
    if (t.all_upper) ++upper;
  }
  return alpha >= 2 && upper * 10 >= alpha * 8;
}

// ---------------------------------------------------------------- gazetteer
// Countries and a few regions: a closed list every English reader knows.
const std::unordered_set<std::string>& Places() {
  static const std::unordered_set<std::string> k = {
      "afghanistan", "albania", "algeria", "angola", "argentina", "armenia", "australia", "austria", "azerbaijan",
      "bahrain", "bangladesh", "belarus", "belgium", "bolivia", "bosnia", "brazil", "britain", "bulgaria", "burundi",
      "cambodia", "cameroon", "canada", "chad", "chile", "china", "colombia", "congo", "croatia", "cuba", "cyprus",
      "czech", "denmark", "ecuador", "egypt", "england", "eritrea", "estonia", "ethiopia", "europe", "africa", "asia",
      "finland", "france", "georgia", "germany", "ghana", "greece", "guatemala", "haiti", "honduras", "hungary",
      "iceland", "india", "indonesia", "iran", "iraq", "ireland", "israel", "italy", "jamaica", "japan", "jordan",
      "kazakhstan", "kenya", "korea", "kosovo", "kuwait", "latvia", "lebanon", "liberia", "libya", "lithuania",
      "luxembourg", "macedonia", "malaysia", "mali", "malta", "mexico", "moldova", "mongolia", "morocco",
      "mozambique", "myanmar", "nepal", "netherlands", "nicaragua", "niger", "nigeria", "norway", "oman",
      "pakistan", "palestine", "panama", "paraguay", "peru", "philippines", "poland", "portugal", "qatar",
      "romania", "russia", "rwanda", "scotland", "senegal", "serbia", "singapore", "slovakia", "slovenia",
      "somalia", "spain", "sudan", "sweden", "switzerland", "syria", "taiwan", "tajikistan", "tanzania", "thailand",
      "tunisia", "turkey", "uganda", "ukraine", "uruguay", "uzbekistan", "venezuela", "vietnam", "wales", "yemen",
      "zambia", "zimbabwe", "america", "u.s.", "u.k.", "usa", "uk"};
  return k;
}

// ---------------------------------------------------------------- features
enum Template : std::uint32_t {
  kBias = 1, kWord, kLower, kLowerM1, kLowerP1, kLowerM2, kLowerP2, kBigramM, kBigramP, kShape, kShapeM1,
  kShapeP1, kShapeM1S, kShapeSP1, kShape3, kPrefix, kSuffix = kPrefix + 8, kFirst = kSuffix + 8, kFirstShape,
  kCaps, kCapsShape, kCluster, kClusterM1 = kCluster + 4, kClusterP1 = kClusterM1 + 4, kCapShare = kClusterP1 + 4,
  kDocCase, kCue, kGazetteer, kGazetteerM1, kGazetteerP1, kLowerShapeM1, kLowerShapeP1, kLength,
  // Stage 2.
  kOwn = 100, kOwnType, kMajority, kMajorityPos, kLonger, kNeighbours, kDocSeen,
};

inline std::uint64_t Mix(std::uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}
inline std::uint64_t Feature(std::uint32_t tmpl, std::string_view a = {}, std::string_view b = {},
                             std::string_view c = {}) {
  std::uint64_t h = 1469598103934665603ULL ^ (static_cast<std::uint64_t>(tmpl) * 0x9E3779B97F4A7C15ULL);
  h = Mix(h, a);
  h = Mix(Mix(h, "\x1f"), b);
  h = Mix(Mix(h, "\x1f"), c);
  h ^= h >> 29;
  return h == 0 ? 1 : h;  // 0 marks an empty slot in the table
}
std::string Num(int v) { return std::to_string(v); }

struct DocContext {
  std::vector<std::vector<TokenInfo>> tokens;
  std::vector<bool> caps;  // headline-like sentence
  // lower -> (lower-case uses, capitalised uses) in running text
  std::unordered_map<std::string, std::pair<int, int>> case_counts;
};

DocContext MakeContext(const NerDocument& doc, const WordLexicon& lexicon) {
  DocContext d;
  d.tokens.resize(doc.size());
  d.caps.resize(doc.size());
  for (std::size_t s = 0; s < doc.size(); ++s) {
    d.tokens[s].reserve(doc[s].size());
    for (const std::string& w : doc[s]) d.tokens[s].push_back(Describe(w, lexicon));
    d.caps[s] = MostlyUpper(d.tokens[s]);
    if (d.caps[s]) continue;
    for (std::size_t i = 1; i < d.tokens[s].size(); ++i) {
      const TokenInfo& t = d.tokens[s][i];
      if (!t.alpha_first) continue;
      auto& c = d.case_counts[t.lower];
      (t.upper_first ? c.second : c.first) += 1;
    }
  }
  return d;
}

void Stage1Features(const DocContext& d, std::size_t s, std::size_t i, std::vector<std::uint64_t>* out) {
  const std::vector<TokenInfo>& toks = d.tokens[s];
  static const TokenInfo kPad = [] {
    TokenInfo t;
    t.lower = "<pad>";
    t.shape = t.short_shape = "<pad>";
    return t;
  }();
  auto at = [&](std::ptrdiff_t k) -> const TokenInfo& {
    const std::ptrdiff_t j = static_cast<std::ptrdiff_t>(i) + k;
    return (j < 0 || j >= static_cast<std::ptrdiff_t>(toks.size())) ? kPad : toks[static_cast<std::size_t>(j)];
  };
  const TokenInfo& t = toks[i];
  const TokenInfo &m1 = at(-1), &p1 = at(1), &m2 = at(-2), &p2 = at(2);
  const bool caps = d.caps[s];
  auto add = [&](std::uint64_t f) { out->push_back(f); };
  add(Feature(kBias));
  add(Feature(kWord, t.word));
  add(Feature(kLower, t.lower));
  add(Feature(kLowerM1, m1.lower));
  add(Feature(kLowerP1, p1.lower));
  add(Feature(kLowerM2, m2.lower));
  add(Feature(kLowerP2, p2.lower));
  add(Feature(kBigramM, m1.lower, t.lower));
  add(Feature(kBigramP, t.lower, p1.lower));
  add(Feature(kShape, t.shape, caps ? "c" : ""));
  add(Feature(kShapeM1, m1.shape, caps ? "c" : ""));
  add(Feature(kShapeP1, p1.shape, caps ? "c" : ""));
  add(Feature(kShapeM1S, m1.short_shape, t.short_shape));
  add(Feature(kShapeSP1, t.short_shape, p1.short_shape));
  add(Feature(kShape3, m1.short_shape, t.short_shape, p1.short_shape));
  add(Feature(kLowerShapeM1, m1.lower, t.short_shape));
  add(Feature(kLowerShapeP1, t.short_shape, p1.lower));
  const std::string_view lw = t.lower;
  for (std::size_t k = 1; k <= 4 && k < lw.size(); ++k) {
    add(Feature(kPrefix + static_cast<std::uint32_t>(k), lw.substr(0, k)));
    add(Feature(kSuffix + static_cast<std::uint32_t>(k), lw.substr(lw.size() - k)));
  }
  add(Feature(kLength, Num(static_cast<int>(std::min<std::size_t>(lw.size(), 8)))));
  if (i == 0) {
    add(Feature(kFirst));
    add(Feature(kFirstShape, t.short_shape));
  }
  if (caps) {
    add(Feature(kCaps));
    add(Feature(kCapsShape, t.short_shape, p1.short_shape));
  }
  // Unlabelled knowledge: clusters and how often the word is capitalised.
  auto clusters = [&](const TokenInfo& x, std::uint32_t tmpl, int levels) {
    if (!x.lex) {
      add(Feature(tmpl, "none", x.short_shape));
      return;
    }
    for (int level = 0; level < levels; ++level) add(Feature(tmpl + static_cast<std::uint32_t>(level), Num(x.lex->cluster[level])));
  };
  clusters(t, kCluster, 3);
  clusters(m1, kClusterM1, 2);
  clusters(p1, kClusterP1, 2);
  const char* position = (i == 0 || caps) ? "start" : "mid";
  if (t.alpha_first) {
    std::string share = "unknown";
    if (t.lex && t.lex->capitalised != 255) {
      const int c = t.lex->capitalised;
      share = c < 5 ? "0" : c < 30 ? "1" : c < 70 ? "2" : c < 95 ? "3" : "4";
    }
    add(Feature(kCapShare, share, position, t.upper_first ? "U" : "l"));
    if (t.lex) {
      for (int k = 0; k < 3; ++k) {
        const int v = t.lex->cue[k];
        if (v == 255) continue;
        add(Feature(kCue, Num(k), v == 0 ? "0" : v < 3 ? "1" : v < 10 ? "2" : v < 30 ? "3" : "4"));
      }
    }
    // The same word elsewhere in this document's running text.
    auto it = d.case_counts.find(t.lower);
    int lower = 0, upper = 0;
    if (it != d.case_counts.end()) {
      lower = it->second.first;
      upper = it->second.second;
      if (!caps && i > 0) (t.upper_first ? upper : lower) -= 1;  // not counting this use
    }
    add(Feature(kDocCase, lower > 0 ? "l" : "-", upper > 0 ? "U" : "-", position));
  }
  if (Places().count(t.lower)) add(Feature(kGazetteer, t.upper_first ? "U" : "l"));
  if (Places().count(m1.lower)) add(Feature(kGazetteerM1));
  if (Places().count(p1.lower)) add(Feature(kGazetteerP1));
}

// What stage 1 predicted for a document, as stage-2 features see it.
struct Stage1View {
  std::vector<std::vector<std::uint8_t>> labels;
  // lower word -> votes per type (0..3) and O (4), over capitalised uses
  std::unordered_map<std::string, std::array<int, 5>> votes;
  // lower word -> types of multi-token entities containing it
  std::unordered_map<std::string, std::array<int, 4>> longer;
};

Stage1View MakeView(const DocContext& d, std::vector<std::vector<std::uint8_t>> labels) {
  Stage1View v;
  v.labels = std::move(labels);
  for (std::size_t s = 0; s < d.tokens.size(); ++s) {
    const auto& toks = d.tokens[s];
    const auto& lab = v.labels[s];
    for (std::size_t i = 0; i < toks.size(); ++i) {
      if (!toks[i].upper_first) continue;
      auto& vote = v.votes.try_emplace(toks[i].lower, std::array<int, 5>{}).first->second;
      vote[lab[i] == 0 ? 4 : TypeOf(lab[i])] += 1;
      if (lab[i] != 0 && PosOf(lab[i]) != 3) {
        v.longer.try_emplace(toks[i].lower, std::array<int, 4>{}).first->second[TypeOf(lab[i])] += 1;
      }
    }
  }
  return v;
}

void Stage2Features(const DocContext& d, const Stage1View& v, std::size_t s, std::size_t i,
                    std::vector<std::uint64_t>* out) {
  const TokenInfo& t = d.tokens[s][i];
  const int own = v.labels[s][i];
  auto add = [&](std::uint64_t f) { out->push_back(f); };
  add(Feature(kOwn, Num(own)));
  add(Feature(kOwnType, own == 0 ? "O" : kNerTypes[TypeOf(own)]));
  const int prev = i > 0 ? v.labels[s][i - 1] : -1;
  const int next = i + 1 < v.labels[s].size() ? v.labels[s][i + 1] : -1;
  add(Feature(kNeighbours, Num(prev <= 0 ? prev : TypeOf(prev)), Num(next <= 0 ? next : TypeOf(next))));
  if (!t.upper_first) return;
  auto it = v.votes.find(t.lower);
  if (it != v.votes.end()) {
    std::array<int, 5> votes = it->second;
    votes[own == 0 ? 4 : TypeOf(own)] -= 1;  // other uses only
    int best = -1, total = 0;
    for (int k = 0; k < 5; ++k) {
      total += votes[k];
      if (votes[k] > 0 && (best < 0 || votes[k] > votes[best])) best = k;
    }
    if (best >= 0) {
      const std::string type = best == 4 ? "O" : kNerTypes[best];
      add(Feature(kMajority, type));
      add(Feature(kMajorityPos, type, (i == 0 || d.caps[s]) ? "start" : "mid",
                  votes[best] * 2 > total ? "clear" : "split"));
    } else {
      add(Feature(kDocSeen, "alone"));
    }
  }
  auto lt = v.longer.find(t.lower);
  if (lt != v.longer.end()) {
    std::array<int, 4> counts = lt->second;
    if (own != 0 && PosOf(own) != 3) counts[TypeOf(own)] -= 1;
    int best = -1;
    for (int k = 0; k < 4; ++k) {
      if (counts[k] > 0 && (best < 0 || counts[k] > counts[best])) best = k;
    }
    if (best >= 0) add(Feature(kLonger, kNerTypes[best], own == 0 ? "O" : (PosOf(own) == 3 ? "U" : "M")));
  }
}

// ---------------------------------------------------------------- decoding
// scores: n x kLabels emission scores; trans: (kLabels + 1) x kLabels.
// For each label, the labels allowed just before it (BILOU): at most 9.
struct Predecessors {
  std::array<std::array<std::uint8_t, kLabels>, kLabels> list{};
  std::array<int, kLabels> count{};
  Predecessors() {
    for (int l = 0; l < kLabels; ++l) {
      for (int p = 0; p < kLabels; ++p) {
        if (Allowed(p, l)) list[l][count[l]++] = static_cast<std::uint8_t>(p);
      }
    }
  }
};

std::vector<std::uint8_t> Viterbi(const std::vector<float>& scores, std::size_t n, const float* trans) {
  static const Predecessors kPred;
  std::vector<std::uint8_t> out(n, 0);
  if (n == 0) return out;
  constexpr float kNeg = -std::numeric_limits<float>::infinity();
  std::vector<float> best(n * kLabels, kNeg);
  std::vector<std::uint8_t> back(n * kLabels, 0);
  for (int l = 0; l < kLabels; ++l) {
    if (Allowed(kStart, l)) best[l] = trans[kStart * kLabels + l] + scores[l];
  }
  for (std::size_t t = 1; t < n; ++t) {
    const float* prev = &best[(t - 1) * kLabels];
    for (int l = 0; l < kLabels; ++l) {
      float m = kNeg;
      int arg = 0;
      for (int k = 0; k < kPred.count[l]; ++k) {
        const int p = kPred.list[l][k];
        const float v = prev[p] + trans[p * kLabels + l];
        if (v > m) {
          m = v;
          arg = p;
        }
      }
      if (m == kNeg) continue;
      best[t * kLabels + l] = m + scores[t * kLabels + l];
      back[t * kLabels + l] = static_cast<std::uint8_t>(arg);
    }
  }
  float m = kNeg;
  int arg = 0;
  for (int l = 0; l < kLabels; ++l) {
    const float v = best[(n - 1) * kLabels + l];
    if (AllowedEnd(l) && v > m) {
      m = v;
      arg = l;
    }
  }
  for (std::size_t t = n; t-- > 0;) {
    out[t] = static_cast<std::uint8_t>(arg);
    arg = back[t * kLabels + arg];
  }
  return out;
}

// ---------------------------------------------------------------- stored weights
// Open-addressing table: feature hash -> run of (label, weight) pairs.
// Slots and runs are each one cache line away, and Find()/Add() are split
// so a caller can prefetch every feature of a sentence before summing:
// tagging speed is bound by memory latency, not arithmetic.
class WeightTable {
 public:
  using Features = std::vector<std::pair<std::uint64_t, std::vector<std::pair<std::uint8_t, float>>>>;
  static constexpr std::uint32_t kNone = 0xffffffffu;

  void Build(Features features) {
    std::size_t cap = 16;
    while (cap < features.size() * 2) cap <<= 1;
    slots_.assign(cap, Slot{});
    runs_.clear();
    mask_ = cap - 1;
    for (auto& [key, ws] : features) {
      std::size_t slot = key & mask_;
      while (slots_[slot].key != 0) slot = (slot + 1) & mask_;
      slots_[slot] = Slot{key, static_cast<std::uint32_t>(runs_.size()), static_cast<std::uint32_t>(ws.size())};
      for (auto [l, w] : ws) runs_.push_back(Entry{w, l});
    }
    count_ = features.size();
  }
  void Prefetch(std::uint64_t key) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[key & mask_]);
  }
  // Index of the key's slot, or kNone; prefetches the run it points to.
  std::uint32_t Find(std::uint64_t key) const {
    if (slots_.empty()) return kNone;
    std::size_t slot = key & mask_;
    while (slots_[slot].key != 0) {
      if (slots_[slot].key == key) {
        __builtin_prefetch(&runs_[slots_[slot].begin]);
        return static_cast<std::uint32_t>(slot);
      }
      slot = (slot + 1) & mask_;
    }
    return kNone;
  }
  // Adds the slot's weights: labels below `split` to a[label], the others to b[label - split].
  void Add(std::uint32_t slot, float* a, float* b, int split) const {
    const Slot& s = slots_[slot];
    for (std::uint32_t k = s.begin; k < s.begin + s.size; ++k) {
      const Entry& e = runs_[k];
      if (e.label < static_cast<std::uint32_t>(split)) {
        a[e.label] += e.weight;
      } else {
        b[e.label - split] += e.weight;
      }
    }
  }
  template <typename Fn>
  void ForEach(Fn&& fn) const {  // fn(key, label, weight), in slot order
    for (const Slot& s : slots_) {
      if (s.key == 0) continue;
      for (std::uint32_t k = s.begin; k < s.begin + s.size; ++k) fn(s.key, runs_[k].label, runs_[k].weight);
    }
  }
  std::size_t size() const { return count_; }
  void Write(std::string* out) const {
    wire::PutU32(out, static_cast<std::uint32_t>(count_));
    for (const Slot& s : slots_) {
      if (s.key == 0) continue;
      wire::PutU64(out, s.key);
      wire::PutU8(out, static_cast<std::uint8_t>(s.size));
      for (std::uint32_t k = s.begin; k < s.begin + s.size; ++k) {
        wire::PutU8(out, static_cast<std::uint8_t>(runs_[k].label));
        wire::PutF32(out, runs_[k].weight);
      }
    }
  }
  bool Read(std::string_view* in) {
    std::uint32_t n = 0;
    if (!wire::GetU32(in, &n) || n > in->size() / 9) return false;
    Features features(n);
    for (auto& [key, ws] : features) {
      std::uint8_t m = 0;
      if (!wire::GetU64(in, &key) || key == 0 || !wire::GetU8(in, &m) || m > kLabels) return false;
      ws.resize(m);
      for (auto& [l, w] : ws) {
        if (!wire::GetU8(in, &l) || l >= kLabels || !wire::GetF32(in, &w) || !std::isfinite(w)) return false;
      }
    }
    Build(std::move(features));
    return true;
  }

 private:
  struct Slot {
    std::uint64_t key = 0;  // 0 = empty
    std::uint32_t begin = 0;
    std::uint32_t size = 0;
  };
  struct Entry {
    float weight;
    std::uint32_t label;
  };
  std::vector<Slot> slots_;
  std::vector<Entry> runs_;
  std::size_t mask_ = 0;
  std::size_t count_ = 0;
};

struct Stage {
  WeightTable weights;
  std::array<float, (kLabels + 1) * kLabels> trans{};
};

// Both stages in one table (labels 0..16 stage 1, 17..33 stage 2): one
// lookup per feature serves both.
WeightTable Combine(const Stage& first, const Stage& second) {
  std::unordered_map<std::uint64_t, std::size_t> at;
  WeightTable::Features features;
  auto add = [&](std::uint64_t key, std::uint32_t label, float weight) {
    auto [it, inserted] = at.emplace(key, features.size());
    if (inserted) features.emplace_back(key, std::vector<std::pair<std::uint8_t, float>>{});
    features[it->second].second.emplace_back(static_cast<std::uint8_t>(label), weight);
  };
  first.weights.ForEach(add);
  second.weights.ForEach([&](std::uint64_t key, std::uint32_t label, float weight) { add(key, label + kLabels, weight); });
  WeightTable table;
  table.Build(std::move(features));
  return table;
}

// Viterbi over a long sentence in kMaxDecode-token pieces.
std::vector<std::uint8_t> DecodePieces(const std::vector<float>& scores, std::size_t n, const float* trans) {
  if (n <= kMaxDecode) return Viterbi(scores, n, trans);
  std::vector<std::uint8_t> out;
  out.reserve(n);
  for (std::size_t b = 0; b < n; b += kMaxDecode) {
    const std::size_t m = std::min(kMaxDecode, n - b);
    std::vector<float> part(scores.begin() + static_cast<std::ptrdiff_t>(b * kLabels),
                            scores.begin() + static_cast<std::ptrdiff_t>((b + m) * kLabels));
    const auto piece = Viterbi(part, m, trans);
    out.insert(out.end(), piece.begin(), piece.end());
  }
  return out;
}

// ---------------------------------------------------------------- training
struct TrainSentence {
  std::vector<std::uint32_t> feats;   // feature rows, token by token
  std::vector<std::uint32_t> starts;  // token t's features: feats[starts[t] .. starts[t+1])
  std::vector<std::uint8_t> gold;
  std::size_t doc = 0;       // document index
  std::size_t sentence = 0;  // sentence index within the document
};

struct Averaged {
  std::vector<float> w;      // rows x kLabels
  std::vector<float> trans;  // (kLabels + 1) x kLabels
};

void Emissions(const TrainSentence& s, const float* w, std::vector<float>* scores) {
  const std::size_t n = s.gold.size();
  scores->assign(n * kLabels, 0.0f);
  for (std::size_t t = 0; t < n; ++t) {
    float* row = &(*scores)[t * kLabels];
    for (std::uint32_t k = s.starts[t]; k < s.starts[t + 1]; ++k) {
      const float* fw = &w[static_cast<std::size_t>(s.feats[k]) * kLabels];
      for (int l = 0; l < kLabels; ++l) row[l] += fw[l];
    }
  }
}

Averaged TrainPerceptron(const std::vector<const TrainSentence*>& data, std::size_t rows, int epochs,
                         std::uint64_t seed) {
  std::vector<float> w(rows * kLabels, 0.0f), u(rows * kLabels, 0.0f);
  std::vector<float> tw((kLabels + 1) * kLabels, 0.0f), tu((kLabels + 1) * kLabels, 0.0f);
  double c = 1;
  std::vector<std::size_t> order(data.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937_64 rng(seed);
  std::vector<float> scores;
  for (int epoch = 0; epoch < epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    for (std::size_t idx : order) {
      const TrainSentence& s = *data[idx];
      const std::size_t n = s.gold.size();
      if (n == 0) continue;
      Emissions(s, w.data(), &scores);
      const std::vector<std::uint8_t> pred = Viterbi(scores, n, tw.data());
      if (pred != s.gold) {
        const float fc = static_cast<float>(c);
        for (std::size_t t = 0; t < n; ++t) {
          const int g = s.gold[t], p = pred[t];
          const int gp = t == 0 ? kStart : s.gold[t - 1], pp = t == 0 ? kStart : pred[t - 1];
          if (g != p) {
            for (std::uint32_t k = s.starts[t]; k < s.starts[t + 1]; ++k) {
              const std::size_t base = static_cast<std::size_t>(s.feats[k]) * kLabels;
              w[base + g] += 1;
              u[base + g] += fc;
              w[base + p] -= 1;
              u[base + p] -= fc;
            }
          }
          if (g != p || gp != pp) {
            tw[gp * kLabels + g] += 1;
            tu[gp * kLabels + g] += fc;
            tw[pp * kLabels + p] -= 1;
            tu[pp * kLabels + p] -= fc;
          }
        }
      }
      c += 1;
    }
  }
  Averaged out;
  out.w.resize(w.size());
  for (std::size_t i = 0; i < w.size(); ++i) out.w[i] = w[i] - u[i] / static_cast<float>(c);
  out.trans.resize(tw.size());
  for (std::size_t i = 0; i < tw.size(); ++i) out.trans[i] = tw[i] - tu[i] / static_cast<float>(c);
  return out;
}

// The mean of `runs` perceptrons trained in different orders: smoother
// weights than any single order gives.
Averaged TrainMean(const std::vector<const TrainSentence*>& data, std::size_t rows, int epochs, std::uint64_t seed,
                   int runs, unsigned threads) {
  runs = std::max(1, runs);
  std::vector<Averaged> parts(static_cast<std::size_t>(runs));
  ParallelFor(parts.size(), threads, [&](std::size_t r) { parts[r] = TrainPerceptron(data, rows, epochs, seed + 7919 * r); });
  Averaged mean = std::move(parts[0]);
  for (std::size_t r = 1; r < parts.size(); ++r) {
    for (std::size_t i = 0; i < mean.w.size(); ++i) mean.w[i] += parts[r].w[i];
    for (std::size_t i = 0; i < mean.trans.size(); ++i) mean.trans[i] += parts[r].trans[i];
  }
  for (float& v : mean.w) v /= static_cast<float>(runs);
  for (float& v : mean.trans) v /= static_cast<float>(runs);
  return mean;
}

Stage ToStage(const Averaged& a, const std::vector<std::uint64_t>& keys, const std::vector<std::uint32_t>& counts,
              const NerTrainOptions& options) {
  Stage st;
  std::vector<std::pair<std::uint64_t, std::vector<std::pair<std::uint8_t, float>>>> features;
  for (std::size_t r = 0; r < keys.size(); ++r) {
    if (counts[r] < static_cast<std::uint32_t>(options.min_feature_count)) continue;
    std::vector<std::pair<std::uint8_t, float>> ws;
    for (int l = 0; l < kLabels; ++l) {
      const float v = a.w[r * kLabels + l];
      if (std::fabs(v) > options.prune) ws.emplace_back(static_cast<std::uint8_t>(l), v);
    }
    if (!ws.empty()) features.emplace_back(keys[r], std::move(ws));
  }
  st.weights.Build(std::move(features));
  std::copy(a.trans.begin(), a.trans.end(), st.trans.begin());
  return st;
}

constexpr char kMagic[] = "parallax-ner 3\n";

}  // namespace

// ---------------------------------------------------------------- model
struct NerModel::Impl {
  WordLexicon lexicon;
  Stage stage1, stage2;
  bool two_stage = true;
  std::string trained_on;

  WeightTable combined;  // stage1 + stage2, built after training or loading

  // Labels of every token: stage 1 from the features of each sentence
  // (hashes computed once, all slots prefetched before summing), then stage
  // 2 adds the features that read stage 1's output for the whole document.
  std::vector<std::vector<std::uint8_t>> Label(const DocContext& d) const {
    std::vector<std::vector<std::uint8_t>> first(d.tokens.size());
    std::vector<std::vector<float>> second_scores(d.tokens.size());
    std::vector<std::uint64_t> hashes;
    std::vector<std::uint32_t> starts, slots;
    std::vector<float> scores;
    for (std::size_t s = 0; s < d.tokens.size(); ++s) {
      const std::size_t n = d.tokens[s].size();
      hashes.clear();
      starts.clear();
      for (std::size_t i = 0; i < n; ++i) {
        starts.push_back(static_cast<std::uint32_t>(hashes.size()));
        Stage1Features(d, s, i, &hashes);
      }
      starts.push_back(static_cast<std::uint32_t>(hashes.size()));
      for (std::uint64_t h : hashes) combined.Prefetch(h);
      slots.resize(hashes.size());
      for (std::size_t k = 0; k < hashes.size(); ++k) slots[k] = combined.Find(hashes[k]);
      scores.assign(n * kLabels, 0.0f);
      second_scores[s].assign(n * kLabels, 0.0f);
      for (std::size_t i = 0; i < n; ++i) {
        for (std::uint32_t k = starts[i]; k < starts[i + 1]; ++k) {
          if (slots[k] != WeightTable::kNone) {
            combined.Add(slots[k], &scores[i * kLabels], &second_scores[s][i * kLabels], kLabels);
          }
        }
      }
      first[s] = DecodePieces(scores, n, stage1.trans.data());
    }
    if (!two_stage) return first;
    const Stage1View view = MakeView(d, std::move(first));
    std::vector<std::vector<std::uint8_t>> out(d.tokens.size());
    for (std::size_t s = 0; s < d.tokens.size(); ++s) {
      const std::size_t n = d.tokens[s].size();
      scores.assign(kLabels, 0.0f);  // stage-2-only features carry no stage-1 weights
      for (std::size_t i = 0; i < n; ++i) {
        hashes.clear();
        Stage2Features(d, view, s, i, &hashes);
        for (std::uint64_t h : hashes) {
          const std::uint32_t slot = combined.Find(h);
          if (slot != WeightTable::kNone) combined.Add(slot, scores.data(), &second_scores[s][i * kLabels], kLabels);
        }
      }
      out[s] = DecodePieces(second_scores[s], n, stage2.trans.data());
    }
    return out;
  }
};

NerModel::NerModel() : impl_(std::make_unique<Impl>()) {}
NerModel::~NerModel() = default;
NerModel::NerModel(NerModel&&) noexcept = default;
NerModel& NerModel::operator=(NerModel&&) noexcept = default;

std::size_t NerModel::feature_count() const { return impl_->stage1.weights.size() + impl_->stage2.weights.size(); }
const std::string& NerModel::trained_on() const { return impl_->trained_on; }
bool NerModel::empty() const { return feature_count() == 0; }

std::vector<std::vector<std::string>> NerModel::Tag(const NerDocument& doc) const {
  const DocContext d = MakeContext(doc, impl_->lexicon);
  const std::vector<std::vector<std::uint8_t>> labels = impl_->Label(d);
  std::vector<std::vector<std::string>> out(labels.size());
  for (std::size_t s = 0; s < labels.size(); ++s) {
    out[s].reserve(labels[s].size());
    for (std::uint8_t l : labels[s]) out[s].push_back(ToIob2(l));
  }
  return out;
}

Status NerModel::Save(const std::string& path) const {
  std::string body;
  std::string* out = &body;
  wire::PutU8(out, impl_->two_stage ? 1 : 0);
  wire::PutString(out, impl_->trained_on);
  impl_->lexicon.Write(out);
  for (const Stage* st : {&impl_->stage1, &impl_->stage2}) {
    for (float v : st->trans) wire::PutF32(out, v);
    st->weights.Write(out);
  }
  // The body is deflated: the sorted word list compresses well.
  uLongf packed_size = compressBound(static_cast<uLong>(body.size()));
  std::string packed(packed_size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(packed.data()), &packed_size, reinterpret_cast<const Bytef*>(body.data()),
                static_cast<uLong>(body.size()), 9) != Z_OK) {
    return Status(StatusCode::kInternal, path + ": cannot compress the model");
  }
  packed.resize(packed_size);
  std::string file(kMagic);
  wire::PutU64(&file, body.size());
  file += packed;
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(file.data(), static_cast<std::streamsize>(file.size()));
  f.close();
  if (!f) return Status(StatusCode::kPermissionDenied, path + ": cannot write the model file");
  return Status::Ok();
}

Result<NerModel> NerModel::Load(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status(StatusCode::kNotFound, path + ": cannot open the NER model file");
  std::ostringstream buf;
  buf << f.rdbuf();
  const std::string content = buf.str();
  std::string_view in(content);
  const std::string_view magic(kMagic);
  auto bad = [&](const char* what) {
    return Status(StatusCode::kInvalidInput, path + ": not a Parallax NER model (" + what + ")");
  };
  if (in.substr(0, magic.size()) != magic) return bad("wrong header");
  in.remove_prefix(magic.size());
  std::uint64_t body_size = 0;
  constexpr std::uint64_t kMaxBody = 1ull << 30;
  if (!wire::GetU64(&in, &body_size) || body_size > kMaxBody) return bad("bad size");
  std::string body(body_size, '\0');
  uLongf unpacked = static_cast<uLongf>(body_size);
  if (uncompress(reinterpret_cast<Bytef*>(body.data()), &unpacked, reinterpret_cast<const Bytef*>(in.data()),
                 static_cast<uLong>(in.size())) != Z_OK ||
      unpacked != body_size) {
    return bad("corrupt compressed data");
  }
  in = body;
  NerModel model;
  std::uint8_t two = 0;
  if (!wire::GetU8(&in, &two)) return bad("truncated");
  model.impl_->two_stage = two != 0;
  if (!wire::GetString(&in, &model.impl_->trained_on)) return bad("truncated");
  if (!model.impl_->lexicon.Read(&in)) return bad("bad word lexicon");
  for (Stage* st : {&model.impl_->stage1, &model.impl_->stage2}) {
    for (float& v : st->trans) {
      if (!wire::GetF32(&in, &v) || !std::isfinite(v)) return bad("bad transitions");
    }
    if (!st->weights.Read(&in)) return bad("bad weights");
  }
  if (!in.empty()) return bad("trailing bytes");
  model.impl_->combined = Combine(model.impl_->stage1, model.impl_->stage2);
  return model;
}

Result<NerModel> TrainNer(const std::vector<NerTrainingDocument>& train, WordLexicon lexicon,
                          const NerTrainOptions& options, const std::function<void(const std::string&)>& log) {
  auto say = [&](const std::string& m) {
    if (log) log(m);
  };
  NerModel model;
  model.impl_->two_stage = options.two_stage;
  model.impl_->trained_on = options.trained_on;
  model.impl_->lexicon = std::move(lexicon);
  // Contexts, gold labels and stage-1 feature hashes.
  std::vector<DocContext> contexts;
  std::vector<std::vector<std::vector<std::uint8_t>>> gold(train.size());
  contexts.reserve(train.size());
  for (std::size_t di = 0; di < train.size(); ++di) {
    const NerTrainingDocument& doc = train[di];
    if (doc.tags.size() != doc.words.size()) return InvalidArgument("document " + std::to_string(di) + ": tags do not match words");
    for (std::size_t s = 0; s < doc.words.size(); ++s) {
      if (doc.tags[s].size() != doc.words[s].size()) {
        return InvalidArgument("document " + std::to_string(di) + ", sentence " + std::to_string(s) + ": tags do not match words");
      }
      auto labels = ToLabels(doc.tags[s]);
      if (!labels.ok()) return InvalidArgument("document " + std::to_string(di) + ": " + labels.status().message());
      gold[di].push_back(std::move(*labels));
    }
    contexts.push_back(MakeContext(doc.words, model.impl_->lexicon));
  }
  std::unordered_map<std::uint64_t, std::uint32_t> index;
  std::vector<std::uint64_t> keys;
  std::vector<std::uint32_t> counts;  // training occurrences per row
  auto row_of = [&](std::uint64_t f) {
    auto [it, inserted] = index.emplace(f, static_cast<std::uint32_t>(keys.size()));
    if (inserted) {
      keys.push_back(f);
      counts.push_back(0);
    }
    ++counts[it->second];
    return it->second;
  };
  std::vector<TrainSentence> sentences;
  std::vector<std::uint64_t> feats;
  for (std::size_t di = 0; di < train.size(); ++di) {
    for (std::size_t s = 0; s < train[di].words.size(); ++s) {
      TrainSentence ts;
      ts.doc = di;
      ts.sentence = s;
      ts.gold = gold[di][s];
      for (std::size_t i = 0; i < ts.gold.size(); ++i) {
        ts.starts.push_back(static_cast<std::uint32_t>(ts.feats.size()));
        feats.clear();
        Stage1Features(contexts[di], s, i, &feats);
        for (std::uint64_t f : feats) ts.feats.push_back(row_of(f));
      }
      ts.starts.push_back(static_cast<std::uint32_t>(ts.feats.size()));
      sentences.push_back(std::move(ts));
    }
  }
  say(std::to_string(sentences.size()) + " sentences, " + std::to_string(keys.size()) + " stage-1 features");

  std::vector<const TrainSentence*> all;
  for (const TrainSentence& s : sentences) all.push_back(&s);

  // Stage-1 predictions for the training documents, each from a model that
  // did not see its document (jack-knife), so stage 2 learns how far to
  // trust stage 1 on unseen text.
  std::vector<std::vector<std::vector<std::uint8_t>>> predicted(train.size());
  const int folds = options.two_stage ? std::max(2, options.folds) : 0;
  std::vector<Averaged> fold_models(static_cast<std::size_t>(folds + 1));
  ParallelFor(fold_models.size(), options.threads, [&](std::size_t k) {
    std::vector<const TrainSentence*> part;
    for (const TrainSentence* s : all) {
      if (k == static_cast<std::size_t>(folds) || s->doc % static_cast<std::size_t>(folds) != k) part.push_back(s);
    }
    fold_models[k] = k == static_cast<std::size_t>(folds)
                         ? TrainMean(part, keys.size(), options.epochs, options.seed + k, options.runs, 1)
                         : TrainPerceptron(part, keys.size(), options.epochs, options.seed + k);
    if (log) say("stage 1 " + (k == static_cast<std::size_t>(folds) ? std::string("full") : "fold " + std::to_string(k)) + " trained");
  });
  model.impl_->stage1 = ToStage(fold_models.back(), keys, counts, options);
  if (!options.two_stage) {
    model.impl_->combined = Combine(model.impl_->stage1, model.impl_->stage2);
    return model;
  }
  // Decode each document with its fold's weights (dense, no table needed).
  std::vector<float> scores;
  for (std::size_t di = 0; di < train.size(); ++di) predicted[di].resize(train[di].words.size());
  for (const TrainSentence& s : sentences) {
    const Averaged& m = fold_models[s.doc % static_cast<std::size_t>(folds)];
    Emissions(s, m.w.data(), &scores);
    predicted[s.doc][s.sentence] = Viterbi(scores, s.gold.size(), m.trans.data());
  }
  fold_models.clear();
  const std::size_t stage1_keys = keys.size();
  Stage1View view;
  std::size_t view_doc = static_cast<std::size_t>(-1);
  for (TrainSentence& s : sentences) {
    if (view_doc != s.doc) {
      view = MakeView(contexts[s.doc], predicted[s.doc]);
      view_doc = s.doc;
    }
    TrainSentence next;
    next.doc = s.doc;
    next.sentence = s.sentence;
    next.gold = s.gold;
    for (std::size_t i = 0; i < s.gold.size(); ++i) {
      next.starts.push_back(static_cast<std::uint32_t>(next.feats.size()));
      next.feats.insert(next.feats.end(), s.feats.begin() + s.starts[i], s.feats.begin() + s.starts[i + 1]);
      feats.clear();
      Stage2Features(contexts[s.doc], view, s.sentence, i, &feats);
      for (std::uint64_t f : feats) next.feats.push_back(row_of(f));
    }
    next.starts.push_back(static_cast<std::uint32_t>(next.feats.size()));
    s = std::move(next);
  }
  say(std::to_string(keys.size() - stage1_keys) + " stage-2 features");
  const Averaged second = TrainMean(all, keys.size(), options.epochs, options.seed + 1000, options.runs, options.threads);
  model.impl_->stage2 = ToStage(second, keys, counts, options);
  model.impl_->combined = Combine(model.impl_->stage1, model.impl_->stage2);
  return model;
}

std::vector<NerToken> TokenizeForNer(std::string_view text) {
  std::vector<NerToken> out;
  auto word_of = [&](std::uint32_t b, std::uint32_t e) {
    return ReplaceAll(text.substr(b, e - b), "\xE2\x80\x99", "'");  // ’ -> '
  };
  for (const Token& t : Tokenize(text)) {
    std::uint32_t b = t.span.begin, e = t.span.end;
    // Join "Jean" "-" "Marc" (no spaces) into one token, as CoNLL does.
    if (!out.empty() && out.back().end == b &&
        ((out.back().word.size() >= 1 && out.back().word.back() == '-') || text.substr(b, e - b) == "-")) {
      out.back().end = e;
      out.back().word = word_of(out.back().begin, e);
      continue;
    }
    // "U.S" "." -> "U.S."; "J" "." -> "J." (an initial)
    if (!out.empty() && out.back().end == b && text.substr(b, e - b) == "." &&
        (out.back().word.find('.') != std::string::npos ||
         (out.back().word.size() == 1 && out.back().word[0] >= 'A' && out.back().word[0] <= 'Z'))) {
      out.back().end = e;
      out.back().word += ".";
      continue;
    }
    std::string w = word_of(b, e);
    // "Russia's" -> "Russia" "'s"
    if (w.size() > 2 && w.compare(w.size() - 2, 2, "'s") == 0 && t.kind == TokenKind::kWord) {
      const std::uint32_t apostrophe = text.substr(b, e - b).rfind("'s") != std::string_view::npos
                                           ? e - 2
                                           : e - 4;  // the curly apostrophe is 3 bytes
      out.push_back({b, apostrophe, word_of(b, apostrophe)});
      out.push_back({apostrophe, e, "'s"});
      continue;
    }
    out.push_back({b, e, std::move(w)});
  }
  return out;
}

std::vector<NerModel::Entity> NerModel::FindEntities(std::string_view text) const {
  NerDocument doc;
  std::vector<std::vector<NerToken>> tokens;
  for (const Span& s : SplitSentences(text)) {
    std::vector<NerToken> sentence = TokenizeForNer(text.substr(s.begin, s.size()));
    std::vector<std::string> words;
    for (NerToken& t : sentence) {
      t.begin += s.begin;
      t.end += s.begin;
      words.push_back(t.word);
    }
    doc.push_back(std::move(words));
    tokens.push_back(std::move(sentence));
  }
  const DocContext d = MakeContext(doc, impl_->lexicon);
  const auto labels = impl_->Label(d);
  std::vector<Entity> out;
  for (std::size_t s = 0; s < labels.size(); ++s) {
    for (std::size_t i = 0; i < labels[s].size(); ++i) {
      const int l = labels[s][i];
      if (l == 0 || (PosOf(l) != 0 && PosOf(l) != 3)) continue;
      std::size_t j = i;
      while (j + 1 < labels[s].size() && PosOf(labels[s][j]) != 2 && PosOf(labels[s][j]) != 3) ++j;  // to L or U
      out.push_back({tokens[s][i].begin, tokens[s][j].end, TypeOf(l)});
    }
  }
  return out;
}

std::string DefaultNerModelPath() {
#ifdef PARALLAX_MODEL_DIR
  const std::string models = PARALLAX_MODEL_DIR;
#else
  const std::string models = "models";
#endif
  return LocateModelFile("PARALLAX_NER_MODEL", "ner-conll2003.model", models);
}

const NerModel* DefaultNerModel(std::string* error) {
  static const Result<NerModel>* loaded = new Result<NerModel>(NerModel::Load(DefaultNerModelPath()));
  if (!loaded->ok()) {
    if (error) *error = loaded->status().message();
    return nullptr;
  }
  return &loaded->value();
}

}  // namespace parallax
