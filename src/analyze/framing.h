#pragma once
// Framing: the words and two-word phrases one group of texts (an outlet in
// a story, or all left-leaning outlets in a corpus) uses distinctively
// compared with another, by the weighted log-odds ratio with an informative
// Dirichlet prior of Monroe, Colaresi & Quinn (2008), "Fightin' Words":
//
//   TermCounts a = CountFramingTerms(text_a), b = CountFramingTerms(text_b);
//   TermCounts prior = a; AddCounts(b, &prior);          // pooled counts
//   std::vector<FramingTerm> t = DistinctiveTerms(a, b, prior, FramingOptions{});
//
// For a term w with counts y_a, y_b in groups of n_a, n_b terms, and prior
// pseudo-counts alpha_w (summing to alpha_0 over the vocabulary):
//
//   delta_w = log((y_a + alpha_w) / (n_a + alpha_0 - y_a - alpha_w))
//           - log((y_b + alpha_w) / (n_b + alpha_0 - y_b - alpha_w))
//   var(delta_w) ~= 1 / (y_a + alpha_w) + 1 / (y_b + alpha_w)
//   z_w = delta_w / sqrt(var(delta_w))
//
// The prior is the pooled (or a background corpus's) term distribution
// scaled to alpha_0 = prior_weight * (n_a + n_b): frequent words need more
// evidence, so a rare word used twice does not outrank a common one used
// forty times more often. Terms are lower-cased words of two or more
// letters that are not stop words (text/terms.h), unstemmed so they read as
// written, and pairs of such words adjacent in the text ("dock workers").
// Names are not torn: a hyphenated word is one term ("al-assad"), a
// three-word capitalised name one term ("un security council"), and no
// pair is counted inside a longer capitalised run or from a title into a
// name (docs/framing.md).
// Pure functions; safe to call concurrently.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace parallax {

struct FramingOptions {
  // Keep terms whose z-score reaches this (1.96: two-sided 5% level).
  double min_z = 1.96;
  // ... and that the group uses at least this often.
  int min_count = 2;
  // Terms listed per group at most.
  std::size_t max_terms = 8;
  // alpha_0 as a fraction of the two groups' total term count. Weaker
  // priors let rarer words through; 0.25 is the strongest that still finds
  // terms for three of the five seed articles.
  double prior_weight = 0.25;
  // Count two-word phrases as well as words.
  bool phrases = true;
  // FramingByOutlet only: an outlet with fewer significant terms than this
  // is shown its next most distinctive terms (z >= weak_min_z, count >=
  // min_count) up to this many, marked significant = false. Short stories
  // rarely reach z >= 1.96, yet the leading terms are still the best
  // available evidence of how an outlet's wording differs; the flag keeps
  // it honest. 0: only significant terms.
  std::size_t min_listed = 3;
  // One standard error: a lean, not a finding.
  double weak_min_z = 1.0;
};

// Term -> count. Ordered so that results do not depend on hashing.
using TermCounts = std::map<std::string, int, std::less<>>;

// Lower-cased content words and (if `phrases`) adjacent content-word pairs
// of `text`, added to *counts.
void CountFramingTerms(std::string_view text, bool phrases, TermCounts* counts);
TermCounts CountFramingTerms(std::string_view text, bool phrases = true);
void AddCounts(const TermCounts& from, TermCounts* to);

struct LogOddsScore {
  double delta = 0;     // weighted log-odds ratio, a against b
  double variance = 0;  // its approximate variance
  double z = 0;         // delta / sqrt(variance)
};

// The formula above for one term. Preconditions: alpha_w > 0, and
// y + alpha_w < n + alpha_0 on both sides.
LogOddsScore WeightedLogOdds(double y_a, double n_a, double y_b, double n_b, double alpha_w, double alpha_0);

// Terms of `a` distinctive against `b` (z >= min_z, count in a >= min_count),
// most distinctive first, at most max_terms. `prior` gives the prior's term
// distribution (usually a + b; a background corpus works too: terms it lacks
// get half a count). A word whose every use is inside one listed phrase is
// not listed again on its own.
std::vector<FramingTerm> DistinctiveTerms(const TermCounts& a, const TermCounts& b, const TermCounts& prior,
                                          const FramingOptions& options = {});

// Per outlet of a story (Article::source, else the article id; articles of
// one outlet are pooled): its distinctive terms against all the story's
// other outlets, with the story's pooled counts (or `background` when not
// null) as prior. Terms with a word of the outlet's own name are left out
// (outlets name themselves). Empty when the story has fewer than two
// outlets; outlets in order of first appearance, each listed even if no
// term passes. Fewer than `min_listed` significant terms are topped up with
// the next best, marked not significant.
std::vector<OutletFraming> FramingByOutlet(const std::vector<const Article*>& articles,
                                           const FramingOptions& options = {},
                                           const TermCounts* background = nullptr);

}  // namespace parallax
