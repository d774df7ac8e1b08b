// WordWeights (analyze/paraphrase.h): term weights learned from labelled
// sentence pairs, their text format and its parser.
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

using paraphrase_detail::LineReader;

namespace {
// The counts of one pair of class `label` holding a term in both
// sentences (`both`) or in one.
WordWeights::Counts OnePair(bool both, int label) {
  WordWeights::Counts c;
  ++(label == 1 ? (both ? c.pos_both : c.pos_one) : (both ? c.neg_both : c.neg_one));
  return c;
}
void AddTo(WordWeights::Counts* to, const WordWeights::Counts& c, int sign) {
  to->pos_both += static_cast<std::uint32_t>(sign * static_cast<int>(c.pos_both));
  to->pos_one += static_cast<std::uint32_t>(sign * static_cast<int>(c.pos_one));
  to->neg_both += static_cast<std::uint32_t>(sign * static_cast<int>(c.neg_both));
  to->neg_one += static_cast<std::uint32_t>(sign * static_cast<int>(c.neg_one));
}
std::uint32_t Total(const WordWeights::Counts& c) { return c.pos_both + c.pos_one + c.neg_both + c.neg_one; }

// Calls fn(term, in_both) for each distinct term of the pair, in order
// (both term lists are sorted).
template <typename Fn>
void ForEachTerm(const PreparedSentence& a, const PreparedSentence& b, Fn&& fn) {
  std::size_t i = 0, j = 0;
  while (i < a.terms.size() || j < b.terms.size()) {
    if (j == b.terms.size() || (i < a.terms.size() && a.terms[i] < b.terms[j])) {
      fn(a.terms[i++], false);
    } else if (i == a.terms.size() || b.terms[j] < a.terms[i]) {
      fn(b.terms[j++], false);
    } else {
      fn(a.terms[i++], true);
      ++j;
    }
  }
}
}  // namespace

void WordWeights::Add(const PreparedSentence& a, const PreparedSentence& b, bool paraphrase) {
  ++(paraphrase ? pos_pairs_ : neg_pairs_);
  ForEachTerm(a, b, [&](const std::string& term, bool both) {
    AddTo(&counts_[term], OnePair(both, paraphrase ? 1 : 0), 1);
  });
}

void WordWeights::Finish() {
  all_ = {};
  for (const auto& kv : counts_) AddTo(&all_, kv.second, 1);
  for (auto it = counts_.begin(); it != counts_.end();) {
    if (Total(it->second) >= kMinPairs) {
      ++it;
      continue;
    }
    AddTo(&rare_, it->second, 1);
    it = counts_.erase(it);
  }
}

WordWeights::Term WordWeights::Score(const Counts& c, const Counts& all) const {
  // Each class's estimate shrinks towards that class's rate over all terms.
  const double p0 = (all.pos_both + 1.0) / (all.pos_both + all.pos_one + 2.0);
  const double q0 = (all.neg_both + 1.0) / (all.neg_both + all.neg_one + 2.0);
  const double p = (c.pos_both + kSmoothing * p0) / (c.pos_both + c.pos_one + kSmoothing);
  const double q = (c.neg_both + kSmoothing * q0) / (c.neg_both + c.neg_one + kSmoothing);
  Term t;
  t.llr_both = std::log(p / q);
  t.llr_one = std::log((1 - p) / (1 - q));
  t.kld = p * t.llr_both + (1 - p) * t.llr_one;
  return t;
}

double WordWeights::Weight(std::string_view term) const {
  const auto it = counts_.find(std::string(term));
  return Score(it == counts_.end() ? rare_ : it->second, all_).kld;
}

std::array<double, WordWeights::kPairFeatures> WordWeights::PairFeatures(const PreparedSentence& a,
                                                                         const PreparedSentence& b,
                                                                         int own_label) const {
  // The pair's terms: in both sentences or in one only, and their counts.
  struct Seen {
    bool both;
    const Counts* counts;  // null: rare
  };
  if (own_label != 0 && own_label != 1 && a.llr_of == this && b.llr_of == this) {
    // The terms in one sentence only, in the order of the loop below.
    double unshared = 0;
    std::size_t i = 0, j = 0;
    while (i < a.terms.size() || j < b.terms.size()) {
      if (j == b.terms.size()) {
        unshared += a.term_llr_one[i++];
      } else if (i == a.terms.size()) {
        unshared += b.term_llr_one[j++];
      } else {
        const int c = a.terms[i].compare(b.terms[j]);
        if (c < 0) {
          unshared += a.term_llr_one[i++];
        } else if (c > 0) {
          unshared += b.term_llr_one[j++];
        } else {
          ++i;
          ++j;
        }
      }
    }
    return {unshared};
  }
  thread_local std::vector<Seen> seen;
  seen.clear();
  ForEachTerm(a, b, [&](const std::string& term, bool both) {
    const auto it = counts_.find(term);
    seen.push_back({both, it == counts_.end() ? nullptr : &it->second});
  });
  // Leave-one-out: the counts as if this pair had not been added, the rare
  // class and the overall rates included (its own rare terms leave the
  // rare class, terms only it made frequent enough join it).
  const bool leave_out = own_label == 0 || own_label == 1;
  Counts rare = rare_, all = all_;
  if (leave_out) {
    for (const Seen& s : seen) {
      const Counts own = OnePair(s.both, own_label);
      AddTo(&all, own, -1);
      if (s.counts == nullptr) {
        AddTo(&rare, own, -1);
      } else if (Total(*s.counts) - 1 < kMinPairs) {
        AddTo(&rare, *s.counts, 1);
        AddTo(&rare, own, -1);
      }
    }
  }
  double unshared = 0;
  for (const Seen& s : seen) {
    if (s.both) continue;
    Counts c = rare;
    if (s.counts != nullptr) {
      c = *s.counts;
      if (leave_out) AddTo(&c, OnePair(false, own_label), -1);
      if (Total(c) < kMinPairs) c = rare;
    }
    unshared += Score(c, all).llr_one;
  }
  return {unshared};
}

void WordWeights::Annotate(PreparedSentence* p) const {
  p->llr_of = this;
  p->term_llr_one.clear();
  for (const std::string& term : p->terms) {
    const auto it = counts_.find(term);
    // As PairFeatures scores a term in one sentence only, without own_label.
    Counts c = rare_;
    if (it != counts_.end()) {
      c = it->second;
      if (Total(c) < kMinPairs) c = rare_;
    }
    p->term_llr_one.push_back(Score(c, all_).llr_one);
  }
}

std::string WordWeights::Serialise() const {
  std::vector<const std::pair<const std::string, Counts>*> rows;
  rows.reserve(counts_.size());
  for (const auto& kv : counts_) rows.push_back(&kv);
  std::sort(rows.begin(), rows.end(), [](auto* x, auto* y) { return x->first < y->first; });
  std::ostringstream s;
  auto counts = [&](const Counts& c) { s << c.pos_both << '\t' << c.pos_one << '\t' << c.neg_both << '\t' << c.neg_one; };
  s << "pairs\t" << pos_pairs_ << '\t' << neg_pairs_ << "\t" << counts_.size() << '\n';
  s << "rare\t";
  counts(rare_);
  s << '\n';
  for (const auto* kv : rows) {
    s << kv->first << '\t';
    counts(kv->second);
    s << '\n';
  }
  return s.str();
}

namespace {


bool ParseUint(std::string_view s, std::uint32_t* v) {
  if (s.empty() || s.size() > 9) return false;
  std::uint32_t x = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    x = x * 10 + static_cast<std::uint32_t>(c - '0');
  }
  *v = x;
  return true;
}


}  // namespace

Result<WordWeights> WordWeights::Parse(std::string_view text, const std::string& origin, std::size_t first_line) {
  LineReader lines(text, first_line);
  auto bad = [&](const std::string& why) {
    return Status(StatusCode::kInvalidInput, origin + ": line " + std::to_string(lines.number()) + ": " + why);
  };
  WordWeights w;
  std::string_view line;
  std::uint32_t n = 0;
  if (!lines.Next(&line)) return bad("word weights missing (truncated?)");
  if (text.back() != '\n') {
    while (lines.Next(&line)) {
    }
    return bad("truncated (no final newline)");
  }
  std::vector<std::string_view> f = SplitFields(line, '\t');
  if (f.size() != 4 || f[0] != "pairs" || !ParseUint(f[1], &w.pos_pairs_) || !ParseUint(f[2], &w.neg_pairs_) ||
      !ParseUint(f[3], &n)) {
    return bad("expected \"pairs <paraphrases> <others> <terms>\"");
  }
  auto read_counts = [](const std::vector<std::string_view>& row, Counts* c) {
    return row.size() == 5 && ParseUint(row[1], &c->pos_both) && ParseUint(row[2], &c->pos_one) &&
           ParseUint(row[3], &c->neg_both) && ParseUint(row[4], &c->neg_one);
  };
  if (!lines.Next(&line) || (f = SplitFields(line, '\t'), f[0] != "rare") || !read_counts(f, &w.rare_)) {
    return bad("expected \"rare\" and four counts");
  }
  w.counts_.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!lines.Next(&line)) return bad("table truncated: " + std::to_string(i) + " of " + std::to_string(n) + " terms");
    Counts c;
    f = SplitFields(line, '\t');
    if (f[0].empty() || !read_counts(f, &c)) return bad("expected a term and four counts");
    if (!w.counts_.emplace(std::string(f[0]), c).second) return bad("term listed twice");
  }
  for (const auto& kv : w.counts_) AddTo(&w.all_, kv.second, 1);
  AddTo(&w.all_, w.rare_, 1);
  return w;
}

}  // namespace parallax
