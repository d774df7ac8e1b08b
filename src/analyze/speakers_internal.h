#pragma once
// Internal to analyze/: what quote_attribution.cc hands the speaker ranking
// (speakers.cc) about one quote.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/context.h"
#include "analyze/quotes_model.h"
#include "analyze/speakers.h"

namespace parallax::analyze_internal {

// Where a quote sits and what the hand rules made of it. Spans are byte
// offsets into the article's clean text.
struct QuoteSite {
  std::size_t article = 0;
  Span content, outer;
  Span sentence;           // the quote's sentence, within its paragraph
  Span next_sentence;      // the sentence after the quote when it attributes it; empty otherwise
  Span previous_sentence;  // the sentence before, same paragraph; empty when none
  Span paragraph, previous_paragraph;
  std::size_t window_begin = 0;  // candidates are named from here (two paragraphs back) to the attribution's end
  bool opens_paragraph = false;
  bool continues = false;
  int rule_kind = 0;        // see kSfRuleKind
  std::string rule_speaker; // the rules' pick ("" none)
  Span rule_at;             // the mention it came from; empty when none
  std::string previous_speaker;  // the previous quote's speaker by the rules
  std::string running_subject;   // the running subject before the quote
  std::string next_speaker;      // the next quote's speaker by the rules when it is in the same paragraph
  // Every quote's speaker by the rules (this one's too) and how many quotes
  // each has: one map per article, shared by its quotes (a copy per quote
  // would grow with the square of the article's quotes).
  const std::map<std::string, std::size_t>* article_speakers = nullptr;
};

// The learned ranking reads at most this many quotes of one article; on an
// article with more (no real article has: 100 is already a long interview)
// the rules' picks stand, so that a page of a million quotation marks costs
// time in proportion to its size (each quote's candidates come from a
// window of three paragraphs).
inline constexpr std::size_t kMaxRankedQuotesPerArticle = 1000;

// The candidates of one quote with their features; *rule_pick receives the
// index of the rules' pick (npos when the rules chose no one). `quotes`
// holds the outer spans of every quote of the article (names inside
// quotes are not candidates). `resolver` resolves mentions over `entities`.
std::vector<SpeakerCandidate> BuildSpeakerCandidates(const StoryContext& ctx, const std::vector<Entity>& entities,
                                                     const NameResolver& resolver, const QuoteSite& site,
                                                     const std::vector<Span>& quotes, std::size_t* rule_pick);

// ExtractQuotes with explicit models (null speaker model: the rules
// alone; null quote model: every quotation of three words stays) and,
// when `collect` is not null, every quote's candidates appended to it.
std::vector<Quote> ExtractQuotesWith(const StoryContext& ctx, const std::vector<Entity>& entities,
                                     const SpeakerModel* model, const QuoteModel* quote_model,
                                     std::vector<SpeakerChoice>* collect);

// A noun of a relation or an agent ("father", "family", "lawyer",
// "campaign"), lower case: "X's father said" names the father, not X.
bool IsRelationNoun(std::string_view lower);

// A word that reports speech ("said", "told", "tweeted"), any case.
bool IsSpeechVerbWord(std::string_view word);

}  // namespace parallax::analyze_internal
