#include "analyze/framing.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "text/segment.h"
#include "text/terms.h"

namespace parallax {

namespace {

// Lower-cased word as written, typographic apostrophes normalised and a
// possessive "'s" dropped; empty when it is not a content word.
std::string ContentWord(std::string_view text, const Token& t) {
  if (t.kind != TokenKind::kWord) return {};
  std::string w = ToLower(text.substr(t.span.begin, t.span.size()));
  if (w.find("\xE2\x80\x99") != std::string::npos) w = ReplaceAll(w, "\xE2\x80\x99", "'");
  if (w.size() > 2 && w.compare(w.size() - 2, 2, "'s") == 0) w.resize(w.size() - 2);
  std::size_t letters = 0;
  for (unsigned char c : w) letters += std::isalpha(c) || c >= 0x80;
  if (letters < 2 || IsStopWord(w)) return {};
  return w;
}

double Total(const TermCounts& c) {
  double n = 0;
  for (const auto& [t, k] : c) n += k;
  return n;
}

}  // namespace

void CountFramingTerms(std::string_view text, bool phrases, TermCounts* counts) {
  std::string prev;  // the previous token when it was a content word
  for (const Token& t : Tokenize(text)) {
    std::string w = ContentWord(text, t);
    if (w.empty()) {
      prev.clear();
      continue;
    }
    ++(*counts)[w];
    if (phrases && !prev.empty()) ++(*counts)[prev + " " + w];
    prev = std::move(w);
  }
}

TermCounts CountFramingTerms(std::string_view text, bool phrases) {
  TermCounts c;
  CountFramingTerms(text, phrases, &c);
  return c;
}

void AddCounts(const TermCounts& from, TermCounts* to) {
  for (const auto& [t, k] : from) (*to)[t] += k;
}

LogOddsScore WeightedLogOdds(double y_a, double n_a, double y_b, double n_b, double alpha_w, double alpha_0) {
  LogOddsScore s;
  s.delta = std::log((y_a + alpha_w) / (n_a + alpha_0 - y_a - alpha_w)) -
            std::log((y_b + alpha_w) / (n_b + alpha_0 - y_b - alpha_w));
  s.variance = 1.0 / (y_a + alpha_w) + 1.0 / (y_b + alpha_w);
  s.z = s.delta / std::sqrt(s.variance);
  return s;
}

std::vector<FramingTerm> DistinctiveTerms(const TermCounts& a, const TermCounts& b, const TermCounts& prior,
                                          const FramingOptions& options) {
  const double n_a = Total(a), n_b = Total(b), n_prior = Total(prior);
  std::vector<FramingTerm> out;
  if (n_a <= 0 || n_prior <= 0) return out;
  const double alpha_0 = options.prior_weight * (n_a + n_b);
  if (alpha_0 <= 0) return out;
  for (const auto& [term, y_a] : a) {
    if (y_a < options.min_count) continue;
    auto pit = prior.find(term);
    const double alpha_w = alpha_0 * (pit == prior.end() ? 0.5 : pit->second) / n_prior;
    auto bit = b.find(term);
    const double y_b = bit == b.end() ? 0 : bit->second;
    // A prior with (almost) one term leaves no odds to compare.
    if (n_a + alpha_0 - y_a - alpha_w <= 0 || n_b + alpha_0 - y_b - alpha_w <= 0) continue;
    LogOddsScore s = WeightedLogOdds(y_a, n_a, y_b, n_b, alpha_w, alpha_0);
    if (s.z >= options.min_z) out.push_back({term, s.z, y_a});
  }
  // A word used only inside a listed phrase says nothing the phrase does not.
  std::vector<FramingTerm> kept;
  for (const FramingTerm& t : out) {
    bool covered = false;
    if (t.term.find(' ') == std::string::npos) {
      for (const FramingTerm& p : out) {
        if (p.term.find(' ') == std::string::npos || p.count < t.count) continue;
        const std::size_t sp = p.term.find(' ');
        if (p.term.compare(0, sp, t.term) == 0 && sp == t.term.size()) covered = true;
        if (p.term.compare(sp + 1, std::string::npos, t.term) == 0) covered = true;
        if (covered) break;
      }
    }
    if (!covered) kept.push_back(t);
  }
  std::sort(kept.begin(), kept.end(), [](const FramingTerm& x, const FramingTerm& y) {
    return x.z != y.z ? x.z > y.z : x.term < y.term;
  });
  if (kept.size() > options.max_terms) kept.resize(options.max_terms);
  return kept;
}

std::vector<OutletFraming> FramingByOutlet(const std::vector<const Article*>& articles, const FramingOptions& options,
                                           const TermCounts* background) {
  std::vector<OutletFraming> outlets;
  std::vector<TermCounts> counts;
  for (const Article* a : articles) {
    const std::string name = a->source ? *a->source : a->id;
    auto it = std::find_if(outlets.begin(), outlets.end(), [&](const OutletFraming& o) { return o.outlet == name; });
    if (it == outlets.end()) {
      outlets.push_back({name, {}, {}});
      counts.emplace_back();
      it = outlets.end() - 1;
    }
    const std::size_t k = static_cast<std::size_t>(it - outlets.begin());
    outlets[k].articles.push_back(a->id);
    if (!a->title.empty()) CountFramingTerms(a->title, options.phrases, &counts[k]);
    CountFramingTerms(a->text, options.phrases, &counts[k]);
  }
  if (outlets.size() < 2) return {};
  TermCounts pooled;
  for (const TermCounts& c : counts) AddCounts(c, &pooled);
  const TermCounts& prior = background ? *background : pooled;
  for (std::size_t k = 0; k < outlets.size(); ++k) {
    TermCounts rest = pooled;
    for (const auto& [t, n] : counts[k]) {
      auto it = rest.find(t);
      if ((it->second -= n) == 0) rest.erase(it);
    }
    // An outlet naming itself ("the Courier understands") is a byline
    // habit, not a way of telling the story.
    const TermCounts own_name = CountFramingTerms(outlets[k].outlet, true);
    FramingOptions all = options;
    all.max_terms = static_cast<std::size_t>(-1);
    auto named = [&](const FramingTerm& t) {
      const std::size_t sp = t.term.find(' ');
      return own_name.count(t.term.substr(0, sp)) ||
             (sp != std::string::npos && own_name.count(t.term.substr(sp + 1)));
    };
    std::vector<FramingTerm>& listed = outlets[k].terms;
    for (FramingTerm& t : DistinctiveTerms(counts[k], rest, prior, all)) {
      if (listed.size() >= options.max_terms) break;
      if (!named(t)) listed.push_back(std::move(t));
    }
    const std::size_t wanted = std::min(options.min_listed, options.max_terms);
    if (listed.size() < wanted) {
      // The leading terms below the bar, for want of significant ones.
      FramingOptions weak = all;
      weak.min_z = options.weak_min_z;
      for (FramingTerm& t : DistinctiveTerms(counts[k], rest, prior, weak)) {
        if (listed.size() >= wanted) break;
        if (t.z >= options.min_z || named(t)) continue;
        bool inside = false;  // a word of a term already listed adds little
        for (const FramingTerm& l : listed) {
          inside = inside || (" " + l.term + " ").find(" " + t.term + " ") != std::string::npos ||
                   (" " + t.term + " ").find(" " + l.term + " ") != std::string::npos;
        }
        if (inside) continue;
        t.significant = false;
        listed.push_back(std::move(t));
      }
    }
  }
  return outlets;
}

}  // namespace parallax
