#include "analyze/framing.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "analyze/names.h"
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

// True when `word` (one word, no space) is a word of `phrase` or a part of
// one of its hyphenated words: "assad" in "bashar al-assad".
bool HasPart(const std::string& phrase, const std::string& word) {
  for (std::size_t at = phrase.find(word); at != std::string::npos; at = phrase.find(word, at + 1)) {
    const std::size_t end = at + word.size();
    const bool starts = at == 0 || phrase[at - 1] == ' ' || phrase[at - 1] == '-';
    const bool ends = end == phrase.size() || phrase[end] == ' ' || phrase[end] == '-';
    if (starts && ends) return true;
  }
  return false;
}

double Total(const TermCounts& c) {
  double n = 0;
  for (const auto& [t, k] : c) n += k;
  return n;
}

}  // namespace

void CountFramingTerms(std::string_view text, bool phrases, TermCounts* counts) {
  const std::vector<Token> tokens = Tokenize(text);
  // A chain of content words with only spaces between them, each word
  // lower-cased and whether it is written capitalised. Words joined by a
  // hyphen with no space ("al-Assad", "war-ravaged") are one word.
  struct Unit {
    std::string word;
    bool cap;
  };
  std::vector<Unit> chain;
  auto flush = [&] {
    for (const Unit& u : chain) ++(*counts)[u.word];
    if (phrases) {
      // Capitalised runs: a name of three words ("UN Security Council") is
      // counted whole, and no pair inside a run of three or more ("un
      // security", "chief french") is counted, as it reads as a torn name;
      // a longer run ("Russian President Vladimir Putin") keeps the pair it
      // ends with, most often the name after a title.
      std::size_t k = 0;
      while (k < chain.size()) {
        std::size_t e = k + 1, run_end = e;
        if (chain[k].cap) {
          while (e < chain.size() && chain[e].cap) ++e;
          // Title words in front of a name ("President Bashar al-Assad",
          // "Foreign Minister Jean-Marc Ayrault") are a run of their own,
          // unless the run names an organisation ("World Health
          // Organization": its last word is an organisation's).
          run_end = e;
          if (e - k >= 2 && !IsOrgHeadWord(chain[e - 1].word)) {
            std::size_t title_end = k;
            for (std::size_t x = k; x + 1 < e; ++x) {
              if (IsTitleWord(chain[x].word)) title_end = x + 1;
            }
            if (title_end > k) e = title_end;
          }
        }
        const std::size_t run = e - k;
        if (run == 3) ++(*counts)[chain[k].word + " " + chain[k + 1].word + " " + chain[k + 2].word];
        if (run >= 4) ++(*counts)[chain[e - 2].word + " " + chain[e - 1].word];
        if (run == 2) ++(*counts)[chain[k].word + " " + chain[k + 1].word];
        // The pair across the run's end, into the next word; not from a
        // title into its name ("President Bashar", "president Donald").
        const bool into_name = e < chain.size() && chain[e].cap && (e < run_end || IsTitleWord(chain[e - 1].word));
        if (e < chain.size() && !into_name) ++(*counts)[chain[e - 1].word + " " + chain[e].word];
        k = e;
      }
    }
    chain.clear();
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind == TokenKind::kPunct) {
      flush();
      continue;
    }
    // The hyphenated compound starting here, if any.
    std::size_t last = i;
    while (last + 2 < tokens.size() && tokens[last + 1].kind == TokenKind::kPunct &&
           tokens[last + 1].span.begin == tokens[last].span.end && tokens[last + 2].kind != TokenKind::kPunct &&
           tokens[last + 2].span.begin == tokens[last + 1].span.end &&
           text.substr(tokens[last + 1].span.begin, tokens[last + 1].span.size()) == "-") {
      last += 2;
    }
    const Span whole{tokens[i].span.begin, tokens[last].span.end};
    bool cap = false;
    for (std::size_t k = i; k <= last; k += 2) {
      std::int32_t at = static_cast<std::int32_t>(tokens[k].span.begin);
      UChar32 c = 0;
      U8_NEXT(text.data(), at, static_cast<std::int32_t>(text.size()), c);
      cap = cap || u_isupper(c) || u_istitle(c);
    }
    const bool compound = last > i;
    std::string w = ContentWord(text, Token{whole, compound ? TokenKind::kWord : tokens[i].kind});
    // A compound's last part counts as a word too: "anti-terrorist" still
    // says "terrorist", "al-Assad" "assad".
    const std::string head = compound ? ContentWord(text, tokens[last]) : std::string();
    i = last;
    if (w.empty()) {
      flush();
      continue;
    }
    if (!head.empty()) ++(*counts)[head];
    chain.push_back({std::move(w), cap});
  }
  flush();
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
        if (p.term == t.term || p.count < t.count) continue;
        if (HasPart(p.term, t.term)) {
          covered = true;
          break;
        }
      }
    }
    if (!covered) kept.push_back(t);
  }
  // Highest z first; at equal z (the same counts) the longer phrase, which
  // says more than the word inside it ("chief french diplomat", "chief").
  auto words = [](const std::string& t) { return std::count(t.begin(), t.end(), ' '); };
  std::sort(kept.begin(), kept.end(), [&](const FramingTerm& x, const FramingTerm& y) {
    if (x.z != y.z) return x.z > y.z;
    if (words(x.term) != words(y.term)) return words(x.term) > words(y.term);
    return x.term < y.term;
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
      for (std::size_t at = 0; at <= t.term.size();) {
        std::size_t sp = t.term.find(' ', at);
        if (sp == std::string::npos) sp = t.term.size();
        if (own_name.count(t.term.substr(at, sp - at))) return true;
        at = sp + 1;
      }
      return false;
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
          inside = inside || (t.term.find(' ') == std::string::npos && HasPart(l.term, t.term)) ||
                   (l.term.find(' ') == std::string::npos && HasPart(t.term, l.term));
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
