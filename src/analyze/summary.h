#pragma once
// Internal to analyze/: the story summary (which sentences, in which order)
// and the stand-alone test that the summary and the single-outlet claims
// share.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/analyze.h"
#include "analyze/context.h"
#include "text/terms.h"

namespace parallax::analyze_internal {

// False for a sentence that cannot be read out of its article: it opens
// with a pronoun or a connective that points back ("He said", "This",
// "However"), or it is a quote whose speaker is only a pronoun or missing.
bool StandsAlone(std::string_view sentence);

// The summary concepts of a sentence, as in Gillick & Favre's ICSI system:
// its pairs of adjacent words (lower-cased, possessive "'s" dropped,
// Snowball-stemmed, numbers as they are; punctuation does not break a
// pair), leaving out the pairs of two stop words ("of the"). These are the
// bigrams ROUGE-2 counts; pairs of content words with the stop words in
// between skipped ("president united" for "president of the United")
// scored lower (docs/summary.md). Unique, in order of first occurrence.
std::vector<std::string> SummaryConcepts(std::string_view sentence, Stemmer* stemmer);

// One summary sentence: an index into StoryContext::sentences and the byte
// span of the article text that is shown (the sentence itself, or the
// sentence without a leading dateline).
struct SummaryPick {
  std::size_t sentence = 0;
  Span span;
};

// What the summary asks of the same-claim decision (claim.h), by sentence
// index; either may be empty (then unused).
struct SummaryClaims {
  // i and j state the same claim: a second one adds nothing.
  std::function<bool(std::size_t, std::size_t)> same;
  // i states a plan or expectation ("is scheduled to visit") that sentence
  // j, of another article not dated before i's, reports the outcome of
  // ("cancelled his trip"): i is no longer the state of things.
  std::function<bool(std::size_t, std::size_t)> overtakes;
  // Every sentence j that overtakes(i, j) may hold for (more is fine), in
  // increasing order; empty: every sentence is tried.
  std::function<std::vector<std::size_t>(std::size_t)> overtake_candidates;
};

// The story's summary within options.summary_words words, in reading order.
// `centrality[i]` is sentence i's summed best similarity to the other
// articles (fills the budget when concept coverage has nothing to add).
// A candidate that states the same claim as a chosen sentence, or whose
// plan a later article reports the outcome of, is left out (`claims`).
std::vector<SummaryPick> ChooseSummary(const StoryContext& ctx, const std::vector<double>& centrality,
                                       const AnalyzeOptions& options, const SummaryClaims& claims = {});

}  // namespace parallax::analyze_internal
