#pragma once
// Internal to analyze/: the story summary (which sentences, in which order)
// and the stand-alone test that the summary and the single-outlet claims
// share.

#include <cstddef>
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

// The story's summary within options.summary_words words, in reading order.
// `centrality[i]` is sentence i's summed best similarity to the other
// articles (fills the budget when concept coverage has nothing to add).
std::vector<SummaryPick> ChooseSummary(const StoryContext& ctx, const std::vector<double>& centrality,
                                       const AnalyzeOptions& options);

}  // namespace parallax::analyze_internal
