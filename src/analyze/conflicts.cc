// Conflicts: outlets giving different figures for the same quantity of the
// same event ("12 people were injured" / "14 people were injured"), and
// updates: one figure that changed between earlier and later articles (a
// toll that grew).
//
// A figure is a number in a sentence together with what it counts (its
// "quantity"): an event kind read from the words around it (dead,
// injured, arrested, missing, evacuated), a unit (km, money in one
// currency, percent, tonnes) or else the noun it counts ("49 states").
// Numbers that are not about the claim are left out: years, dates, times,
// ages ("aged 45", "a 45-year-old", "Brezic, 45,"), counters and labels
// ("Caption 8 of 25", "No. 1", "Flight 370"), readings on a scale ("a
// magnitude 7.2 earthquake"), ordinals, multipliers ("seven times"), a part
// named inside its total ("including three officers", "three of the
// victims", "8 of 25"). An event word after the counted noun and "and" /
// "that" belongs to another clause ("killed 50 people and wounded 53").
// "At least", "more than", "about", "nearly", "up to", "below" and ranges
// ("2 million to 3 million") make a figure a range, and miles, metres and
// feet are converted to km, so "more than 270" agrees with 276 and "20
// miles" with "30 km" (converted figures agree within 10%, others within
// 0.1%: "1,861.81" / "1,861.82"), and the less precise of two large or
// scaled figures stands for what rounds to it ("$1.4 trillion" / "$1.37
// trillion", "500,000" / "500,071"). A sentence that narrows its measure
// ("excluding food and energy", "core", "seasonally adjusted") counts
// another quantity than one that does not, and figures after "while",
// "whereas", "compared with" are another subject's or time's.
//
// Two sentences of different articles are compared when, with their
// numbers left out, they say nearly the same thing (idf-weighted cosine of
// their other terms at least kConflictSimilarity, at least three such terms
// shared) and do not date what they state on different days (their dates,
// resolved with text/temporal.h, do not overlap: two launches, two
// attacks). They disagree when both give exactly one figure of a quantity
// (same kind, and the same counted noun unless one is "people") and the
// figures cannot both be true; never when one figure is the sum of two of
// the other sentence's numbers (a subtotal against its total). Each side
// lists every outlet whose sentence gives its figure. When every article of
// one side was published before every article of the other and the later
// figure is the larger, the entry is an update (oldest first, with the
// dates); otherwise a conflict, which needs two outlets (one outlet's
// changed figure without dates is its own correction, not a disagreement).

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <unordered_map>
#include <set>
#include <string>
#include <string_view>

#include "analyze/context.h"
#include "analyze/quantities.h"
#include "text/dates.h"
#include "text/temporal.h"

namespace parallax::analyze_internal {
namespace {

constexpr double kConflictSimilarity = 0.5;
// Longest gap, in days, between a figure and its update.
constexpr long kUpdateDays = 30;

// The sum of squared idf of a sentence's terms other than numbers.
double WordsOnlyWeight(const StoryContext& ctx, const SentenceInfo& s) {
  double w = 0;
  for (int t : s.terms) {
    if (std::binary_search(s.numbers.begin(), s.numbers.end(), t)) continue;
    w += ctx.idf[static_cast<std::size_t>(t)] * ctx.idf[static_cast<std::size_t>(t)];
  }
  return w;
}

// Cosine of the non-number terms, and how many of them are shared;
// `wa`, `wb`: WordsOnlyWeight of `a` and `b`.
std::pair<double, int> WordsOnlySimilarity(const StoryContext& ctx, const SentenceInfo& a, const SentenceInfo& b,
                                           double wa, double wb) {
  if (wa <= 0 || wb <= 0) return {0.0, 0};
  double dot = 0;
  int shared = 0;
  std::size_t i = 0, j = 0;
  while (i < a.terms.size() && j < b.terms.size()) {
    if (a.terms[i] < b.terms[j]) {
      ++i;
    } else if (a.terms[i] > b.terms[j]) {
      ++j;
    } else {
      const int t = a.terms[i];
      if (!std::binary_search(a.numbers.begin(), a.numbers.end(), t)) {
        dot += ctx.idf[static_cast<std::size_t>(t)] * ctx.idf[static_cast<std::size_t>(t)];
        ++shared;
      }
      ++i;
      ++j;
    }
  }
  return {dot / std::sqrt(wa * wb), shared};
}

// Same quantity: same kind, both the headline measure or both a narrowed
// one, and the same counted noun unless one is generic.
bool SameQuantity(const Quantity& a, const Quantity& b) {
  return a.kind == b.kind && a.restricted == b.restricted && (a.noun.empty() || b.noun.empty() || a.noun == b.noun);
}

bool Agree(const Quantity& a, const Quantity& b) {
  // Converted figures agree within 10%; others within 0.1%, a typo's or
  // rounding's worth ("1,861.81 points" / "1,861.82 points").
  const double slack = a.converted != b.converted ? 0.1 : 0.001;
  // The less precise of two figures covers what rounds to it ("$1.4
  // trillion" / "$1.37 trillion", "500,000" / "500,071").
  const double ra = a.rounding > b.rounding ? a.rounding : 0;
  const double rb = b.rounding > a.rounding ? b.rounding : 0;
  return a.lo - ra <= (b.hi + rb) * (1 + slack) && b.lo - rb <= (a.hi + ra) * (1 + slack);
}

// The one figure of `like`'s quantity in `qs`, or nullptr when there is none
// or several (a breakdown: which is comparable is unclear).
const Quantity* OnlyOne(const std::vector<Quantity>& qs, const Quantity& like) {
  const Quantity* found = nullptr;
  for (const Quantity& q : qs) {
    if (!SameQuantity(q, like)) continue;
    if (found != nullptr) return nullptr;
    found = &q;
  }
  return found;
}

// Whether `q` (exact) is the sum of two figures of `qs`: a total against its
// parts.
bool SumOfTwo(const Quantity& q, const std::vector<Quantity>& qs, const std::vector<double>& raw) {
  if (q.lo != q.hi) return false;
  std::vector<double> values = raw;
  for (const Quantity& x : qs) {
    if (x.lo == x.hi) values.push_back(x.lo);
  }
  for (std::size_t a = 0; a < values.size(); ++a) {
    for (std::size_t b = a + 1; b < values.size(); ++b) {
      if (std::fabs(values[a] + values[b] - q.lo) < 1e-9) return true;
    }
  }
  return false;
}


// Whether the exact figure `q` is also written in the other sentence (as a
// part there: "including three firefighters").
bool Mentioned(const Quantity& q, const std::vector<double>& raw) {
  if (q.lo != q.hi) return false;
  return std::find(raw.begin(), raw.end(), q.lo) != raw.end();
}

struct Dated {
  std::vector<std::pair<long, long>> days;  // resolved date ranges the sentence names
};

bool Overlaps(const Dated& a, const Dated& b) {
  if (a.days.empty() || b.days.empty()) return true;
  for (const auto& x : a.days) {
    for (const auto& y : b.days) {
      if (x.first <= y.second && y.first <= x.second) return true;
    }
  }
  return false;
}

}  // namespace

namespace {

// For each sentence i with quantities, the sentences j > i with quantities
// whose words-only similarity to i can reach `bar`, in increasing order: a
// superset of those pairs, far fewer than all pairs in a big story. Prefix
// filtering: with every sentence's terms in one order (decreasing weight,
// then id), let P be the shortest prefix whose remaining terms weigh less
// than bar^2 of the sentence's weight. The first term two sentences share
// lies in both prefixes when they reach the bar: were it outside i's, all
// shared terms would be, so dot <= rest < bar^2 * wa and dot <= wb, and the
// similarity dot / sqrt(wa * wb) < bar. So only the prefixes are indexed.
std::vector<std::vector<std::size_t>> SimilarPartners(const StoryContext& ctx,
                                                      const std::vector<std::vector<Quantity>>& quantities,
                                                      const std::vector<double>& weight, double bar) {
  const std::size_t n = ctx.sentences.size();
  std::vector<std::vector<std::size_t>> out(n);
  std::unordered_map<int, std::vector<std::size_t>> postings;
  auto words_only = [&](std::size_t i) {
    const SentenceInfo& s = ctx.sentences[i];
    std::vector<int> terms;
    for (int t : s.terms) {
      if (!std::binary_search(s.numbers.begin(), s.numbers.end(), t)) terms.push_back(t);
    }
    return terms;
  };
  auto w = [&](int t) { return ctx.idf[static_cast<std::size_t>(t)] * ctx.idf[static_cast<std::size_t>(t)]; };
  std::vector<std::vector<int>> prefix(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (quantities[i].empty() || weight[i] <= 0) continue;
    std::vector<int> terms = words_only(i);
    std::sort(terms.begin(), terms.end(), [&](int x, int y) { return w(x) != w(y) ? w(x) > w(y) : x < y; });
    // A little below bar^2, so that rounding never drops a pair at the bar.
    const double stop = bar * bar * weight[i] * 0.999;
    double rest = weight[i];
    for (int t : terms) {
      if (rest < stop) break;
      rest -= w(t);
      prefix[i].push_back(t);
      postings[t].push_back(i);  // increasing i
    }
  }
  std::vector<std::size_t> seen(n, n);
  for (std::size_t i = 0; i < n; ++i) {
    for (int t : prefix[i]) {
      for (auto it = std::upper_bound(postings[t].begin(), postings[t].end(), i); it != postings[t].end(); ++it) {
        if (seen[*it] != i) {
          seen[*it] = i;
          out[i].push_back(*it);
        }
      }
    }
    std::sort(out[i].begin(), out[i].end());
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> SimilarFigurePairs(const StoryContext& ctx, double bar,
                                                                    bool all_pairs) {
  const std::size_t n = ctx.sentences.size();
  std::vector<std::vector<Quantity>> quantities(n);
  std::vector<double> weight(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const SentenceInfo& s = ctx.sentences[i];
    if (s.numbers.empty()) continue;
    quantities[i] = FindQuantities(std::string_view(ctx.articles[s.article]->text).substr(s.span.begin, s.span.size()));
    if (!quantities[i].empty()) weight[i] = WordsOnlyWeight(ctx, s);
  }
  std::vector<std::vector<std::size_t>> partners(n);
  if (all_pairs) {
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = i + 1; j < n && !quantities[i].empty(); ++j) {
        if (!quantities[j].empty()) partners[i].push_back(j);
      }
    }
  } else {
    partners = SimilarPartners(ctx, quantities, weight, bar);
  }
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j : partners[i]) {
      if (WordsOnlySimilarity(ctx, ctx.sentences[i], ctx.sentences[j], weight[i], weight[j]).first >= bar)
        out.emplace_back(i, j);
    }
  }
  return out;
}

std::vector<Conflict> FindConflicts(const StoryContext& ctx, std::size_t max_conflicts) {
  const std::size_t n = ctx.sentences.size();
  auto text_of = [&](const SentenceInfo& s) {
    return std::string_view(ctx.articles[s.article]->text).substr(s.span.begin, s.span.size());
  };
  auto published = [&](const SentenceInfo& s) -> std::optional<long> {
    const Article& a = *ctx.articles[s.article];
    if (!a.published) return std::nullopt;
    return DaysSinceEpoch(*a.published);
  };
  std::vector<std::vector<Quantity>> quantities(n);
  std::vector<std::vector<double>> raw(n);
  std::vector<std::optional<Dated>> dated(n);  // computed lazily
  std::vector<double> weight(n, 0.0);  // WordsOnlyWeight of the sentences with quantities
  for (std::size_t i = 0; i < n; ++i) {
    if (ctx.sentences[i].numbers.empty()) continue;
    quantities[i] = FindQuantities(text_of(ctx.sentences[i]));
    if (!quantities[i].empty()) {
      raw[i] = RawNumbers(text_of(ctx.sentences[i]));
      weight[i] = WordsOnlyWeight(ctx, ctx.sentences[i]);
    }
  }
  auto dates_of = [&](std::size_t i) -> const Dated& {
    if (!dated[i]) {
      Dated d;
      const SentenceInfo& s = ctx.sentences[i];
      const Article& a = *ctx.articles[s.article];
      std::optional<std::string_view> pub;
      if (a.published) pub = *a.published;
      for (const TemporalExpression& e : FindTemporalExpressions(text_of(s), pub)) {
        if (e.value && e.first_day != 0) d.days.emplace_back(e.first_day, e.last_day);
      }
      dated[i] = std::move(d);
    }
    return *dated[i];
  };

  struct Candidate {
    double similarity;
    std::size_t i, j;
    Quantity a, b;
  };
  std::vector<Candidate> found;
  // PARALLAX_DEBUG_CONFLICTS=1: every pair of sentences with one figure each
  // of a quantity that disagree, and what kept it out, on stderr.
  static const bool debug = std::getenv("PARALLAX_DEBUG_CONFLICTS") != nullptr;
  const std::vector<std::vector<std::size_t>> partners =
      SimilarPartners(ctx, quantities, weight, debug ? 0.2 : kConflictSimilarity);
  // A conflict needs two outlets; only an update (an event's count that
  // grew) can come from one. In a story of one outlet, a pair of figures of
  // another kind is never kept: it is left out at once.
  bool one_outlet = true;
  for (const Article* art : ctx.articles) {
    const Article& first = *ctx.articles.front();
    one_outlet = one_outlet && (art->source ? *art->source : art->id) == (first.source ? *first.source : first.id);
  }
  // Each sentence's similar sentences (both directions, in increasing
  // order): where a side looks for more outlets giving its figure.
  std::vector<std::vector<std::size_t>> similar_to(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (quantities[i].empty()) continue;
    const SentenceInfo& a = ctx.sentences[i];
    for (std::size_t j : partners[i]) {
      const auto [sim, shared] = WordsOnlySimilarity(ctx, a, ctx.sentences[j], weight[i], weight[j]);
      if (sim < kConflictSimilarity || shared < 3) continue;
      similar_to[i].push_back(j);
      similar_to[j].push_back(i);
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (quantities[i].empty()) continue;
    const SentenceInfo& a = ctx.sentences[i];
    for (std::size_t j : partners[i]) {
      const SentenceInfo& b = ctx.sentences[j];
      if (b.article == a.article) continue;
      const auto [sim, shared] = WordsOnlySimilarity(ctx, a, b, weight[i], weight[j]);
      const bool similar = sim >= kConflictSimilarity && shared >= 3;
      if (!similar && !(debug && sim >= 0.2)) continue;
      for (const Quantity& qa : quantities[i]) {
        const Quantity* x = OnlyOne(quantities[i], qa);
        const Quantity* y = OnlyOne(quantities[j], qa);
        if (x == nullptr || y == nullptr || Agree(*x, *y)) continue;
        const char* why = nullptr;
        if (!similar) {
          why = "not similar";
        } else if (SumOfTwo(*x, quantities[j], raw[j]) || SumOfTwo(*y, quantities[i], raw[i])) {
          why = "sum";
        } else if (Mentioned(*x, raw[j]) || Mentioned(*y, raw[i])) {
          why = "mentioned";
        } else if (!Overlaps(dates_of(i), dates_of(j))) {
          why = "other days";  // two events on different days
        }
        if (debug) {
          std::fprintf(stderr, "conflict? %s sim %.2f shared %d %s [%g,%g] / [%g,%g]\n  A %s\n  B %s\n",
                       why ? why : "KEPT", sim, shared, x->kind.c_str(), x->lo, x->hi, y->lo, y->hi,
                       std::string(text_of(a)).c_str(), std::string(text_of(b)).c_str());
        }
        if (why != nullptr) continue;
        if (!one_outlet || IsEventKind(x->kind)) found.push_back({sim, i, j, *x, *y});
        break;
      }
    }
  }
  std::sort(found.begin(), found.end(), [](const Candidate& x, const Candidate& y) {
    return x.similarity != y.similarity ? x.similarity > y.similarity : (x.i != y.i ? x.i < y.i : x.j < y.j);
  });

  std::vector<Conflict> out;
  std::set<std::size_t> used;
  for (const Candidate& c : found) {
    if (out.size() >= max_conflicts) break;
    if (used.count(c.i) || used.count(c.j)) continue;
    struct Side {
      Fact fact;
      std::vector<std::size_t> members;
    };
    std::vector<Side> sides;
    std::set<std::size_t> taken = {c.i, c.j};
    for (const auto& [k, q] : {std::pair<std::size_t, const Quantity*>{c.i, &c.a}, {c.j, &c.b}}) {
      const SentenceInfo& s = ctx.sentences[k];
      Side side;
      side.fact.text = std::string(text_of(s));
      side.fact.sources = {ctx.articles[s.article]->id};
      side.fact.citations.push_back({ctx.articles[s.article]->id, s.span});
      side.members.push_back(k);
      // Other articles giving this side's figure in a sentence saying the same.
      for (std::size_t m : similar_to[k]) {
        if (used.count(m) || taken.count(m) || quantities[m].empty()) continue;
        const SentenceInfo& o = ctx.sentences[m];
        const std::string& id = ctx.articles[o.article]->id;
        if (std::find(side.fact.sources.begin(), side.fact.sources.end(), id) != side.fact.sources.end()) continue;
        const Quantity* oq = OnlyOne(quantities[m], *q);
        if (oq == nullptr || oq->lo != q->lo || oq->hi != q->hi) continue;
        const auto [sim, shared] = WordsOnlySimilarity(ctx, s, o, weight[k], weight[m]);
        if (sim < kConflictSimilarity || shared < 3) continue;
        side.fact.sources.push_back(id);
        side.fact.citations.push_back({id, o.span});
        side.members.push_back(m);
        taken.insert(m);
      }
      sides.push_back(std::move(side));
    }
    // Dates of each side's articles.
    auto span_of = [&](const Side& side) -> std::optional<std::pair<long, long>> {
      long first = std::numeric_limits<long>::max(), last = std::numeric_limits<long>::min();
      for (std::size_t m : side.members) {
        const std::optional<long> d = published(ctx.sentences[m]);
        if (!d) return std::nullopt;
        first = std::min(first, *d);
        last = std::max(last, *d);
      }
      return std::make_pair(first, last);
    };
    const auto da = span_of(sides[0]), db = span_of(sides[1]);
    Conflict conflict;
    conflict.quantity = c.a.kind.rfind("count:", 0) == 0 ? c.a.kind.substr(6) : c.a.kind;
    // Sides published on overlapping days (or undated) disagree. Sides
    // published apart are an update when an event's count grew within a
    // month; otherwise they are two measurements (two quarters' revenue,
    // two seasons), not comparable.
    const bool apart = da && db && (da->second < db->first || db->second < da->first);
    if (apart) {
      const bool a_first = da->second < db->first;
      const Quantity& first_q = a_first ? c.a : c.b;
      const Quantity& later_q = a_first ? c.b : c.a;
      const long gap = a_first ? db->first - da->second : da->first - db->second;
      if (!IsEventKind(c.a.kind) || later_q.lo <= first_q.hi || gap > kUpdateDays) continue;
      conflict.update = true;
      if (!a_first) std::swap(sides[0], sides[1]);
      for (const Side& side : sides) {
        std::string date;
        for (std::size_t m : side.members) {
          const std::string d = ctx.articles[ctx.sentences[m].article]->published->substr(0, 10);
          if (date.empty() || d < date) date = d;
        }
        conflict.dates.push_back(date);
      }
    } else {
      // A disagreement needs two outlets: one outlet's changed figure is
      // its own correction.
      std::set<std::string> outlets;
      for (const Side& side : sides) {
        for (std::size_t m : side.members) {
          const Article& art = *ctx.articles[ctx.sentences[m].article];
          outlets.insert(art.source ? *art.source : art.id);
        }
      }
      if (outlets.size() < 2) continue;
    }
    for (Side& side : sides) {
      for (std::size_t m : side.members) used.insert(m);
      conflict.sides.push_back(std::move(side.fact));
    }
    out.push_back(std::move(conflict));
  }
  return out;
}

}  // namespace parallax::analyze_internal
