#pragma once
// ROUGE (Lin 2004), computed the way the official ROUGE-1.5.5 script does,
// so our figures can be set beside published ones.
//
//   RougeOptions opt;                     // -n 2 -2 4 -u -f A -p 0.5 -t 0
//   RougeScorer scorer(opt);
//   RougeScores s = scorer.Score(peer_text, {ref_a, ref_b, ref_c});
//   double r2_recall = s.ngram[1].recall;
//
// What "the way ROUGE-1.5.5 does" means here (each point was checked
// against the script and reproduces the TAC 2011 published averages):
//  - Input is bytes. Each line of a text is one unit ("sentence", ROUGE's
//    SPL format); empty lines are skipped. ASCII upper case is lowered.
//  - Length limits (-l words, -b bytes) cut the text before tokenising:
//    words are runs of non-space on the raw line (so "," or "--" standing
//    alone counts as a word, as in ROUGE), bytes count raw line bytes
//    without the joining spaces. Limits apply to references as well as to
//    the peer, as ROUGE's -l/-b do.
//  - Tokens are the maximal runs of ASCII letters and digits: everything
//    else (hyphens, punctuation, and every byte of a multi-byte UTF-8
//    character) separates tokens. "café" gives "caf".
//  - Stemming (-m) applies to tokens longer than three characters only.
//    ROUGE first looks a token up in WordNet 2.0's irregular-form exception
//    list and then runs its Porter stemmer; we run libstemmer's "porter"
//    (the same original Porter algorithm) without the WordNet list, so
//    irregular forms ("went", "mice") are not mapped to their lemmas; nor
//    do we have the script's one change to Porter's step 4 (a word ending
//    in "-ement" is not tried for "-ment" and "-ent").
//  - Stop-word removal (-s) uses our own English list (kRougeStopWords in
//    rouge.cc, about 190 words). ROUGE uses the 571-word SMART list, which
//    we do not ship; figures with -s are therefore close to, not equal
//    to, ROUGE's.
//  - Several references, -f A ("model average", the default): hits and
//    counts are pooled over all references, so precision's denominator is
//    the peer's count times the number of references. -f B: the single
//    reference with the best recall. ROUGE-1.5.5 does no jackknifing (it
//    was removed in 1.4); `jackknife` adds it as Lin (2004) describes it:
//    with M >= 2 references, score against each of the M subsets of M-1
//    references (with the chosen mode) and average the M scores.
//  - Skip bigrams (-2 d -u): pairs with at most d words between them, plus
//    unigrams. As in ROUGE, the last token's unigram is not counted.
//  - ROUGE-L: summary-level LCS. For each reference unit, the union of its
//    LCS hits with every peer unit, clipped by the unigram counts of both
//    texts so that a token is credited once; recall over the reference's
//    token count, precision over the peer's.
//  - Every per-summary R and P is rounded to 5 decimals and F is computed
//    from the rounded values (ROUGE prints them with "%7.5f" and reuses the
//    strings). F = P*R / ((1-alpha)*P + alpha*R); alpha 0.5 gives F1.
//  - The reported average is, in ROUGE, the mean of 1000 bootstrap
//    resamples (seeded 0..999, Perl's drand48); AverageScores reproduces it
//    exactly when given the per-summary scores in ROUGE's order, or gives
//    the plain mean.
// One deliberate difference: with a byte limit, ROUGE-1.5.5's ROUGE-L
// reader never advances its byte counter (a bug) and so may see more text
// than the limit; we cut ROUGE-L's units at the same place as the n-grams.
//
// Thread safety: a RougeScorer holds a stemmer and is not thread-safe; use
// one per thread. The free functions are thread-safe.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace parallax {

enum class RougeScoreMode {
  kAverage,  // -f A: pool hits and counts over all references (ROUGE's default)
  kBest,     // -f B: use the reference with the best recall
};

struct RougeOptions {
  // ROUGE-N is computed for N = 1..max_ngram (-n). Default 2.
  int max_ngram = 2;
  // Largest number of words between the two words of a skip bigram (-2).
  // Negative: no limit (ROUGE-S*). Default 4 (ROUGE-SU4).
  int skip_distance = 4;
  // Count unigrams as well as skip bigrams (-u). Default true (SU, not S).
  bool skip_unigrams = true;
  // Compute ROUGE-L (ROUGE's -x turns it off). Default true.
  bool lcs = true;
  // Porter stemming of tokens longer than 3 characters (-m). Default off.
  bool stem = false;
  // Remove stop words before counting (-s). Default off.
  bool remove_stopwords = false;
  // Keep only the first N words (-l) or bytes (-b) of every text; 0 = no
  // limit. At most one of them may be set (Score() uses the word limit if
  // both are).
  std::size_t word_limit = 0;
  std::size_t byte_limit = 0;
  RougeScoreMode mode = RougeScoreMode::kAverage;
  // Weight of precision in F (-p). 0.5 = F1 (default).
  double alpha = 0.5;
  // Average over the leave-one-out reference subsets (see above). Default
  // off, as in ROUGE-1.5.5. No effect with fewer than two references.
  bool jackknife = false;
};

struct RougeScore {
  double recall = 0;
  double precision = 0;
  double f = 0;
};

// One peer summary against its references.
struct RougeScores {
  std::vector<RougeScore> ngram;  // ngram[0] is ROUGE-1, ngram[1] ROUGE-2, ...
  RougeScore skip;                // ROUGE-SU<d> (or S<d> without unigrams)
  RougeScore lcs;                 // ROUGE-L (zero when options.lcs is off)
};

class RougeScorer {
 public:
  explicit RougeScorer(RougeOptions options = {});
  ~RougeScorer();
  RougeScorer(const RougeScorer&) = delete;
  RougeScorer& operator=(const RougeScorer&) = delete;

  const RougeOptions& options() const { return options_; }

  // Scores `peer` against `references` (each a whole summary text, one
  // unit per line). No reference, or empty texts, give zero scores.
  RougeScores Score(std::string_view peer, const std::vector<std::string>& references);

  // The tokens ROUGE would count for `text` (limits, tokenisation,
  // stop words and stemming applied), one vector per unit. For tests and
  // for debugging a surprising score.
  std::vector<std::vector<std::string>> Tokens(std::string_view text);

 private:
  struct Impl;
  RougeOptions options_;
  std::unique_ptr<Impl> impl_;
};

// The units (lines) of `text` that ROUGE reads under a word or byte limit
// (0 = none), lower-cased, before tokenisation. Joining them with "\n"
// gives a text that scores exactly like `text` under that limit; the
// summarisation harness uses it to cut only the system summaries.
std::vector<std::string> RougeUnits(std::string_view text, std::size_t word_limit, std::size_t byte_limit);

// Average of per-summary scores. With bootstrap_resamples > 0 it is
// ROUGE-1.5.5's reported "Average" (the mean of that many bootstrap
// resamples drawn as the script draws them; pass the scores in the order
// ROUGE sorts its evaluation ids, i.e. string order of "<eval id>.<peer>");
// with 0 the plain mean. Empty input gives zeros.
RougeScore AverageScores(const std::vector<RougeScore>& per_summary, int bootstrap_resamples = 0);
RougeScores AverageScores(const std::vector<RougeScores>& per_summary, int bootstrap_resamples = 0);

// Rounds like ROUGE's sprintf("%7.5f").
double RoundLikeRouge(double x);

}  // namespace parallax
