#pragma once
// Quote or not: a learned decision on each quotation the marks enclose.
//
//   const QuoteModel* m = DefaultQuoteModel();     // models/quotes.model, or null
//   bool keep = m == nullptr || m->Keep(features);  // QuoteFeature values
//
// Quotation marks also enclose titles ("Face the Nation"), slogans, job
// titles ("national enterprise reporter") and scare quotes. The rules of
// quote_attribution.cc already drop one- and two-word marks; for longer
// ones a boosted-tree model (boosting.h) trained on PolNeAR train's gold
// direct quotes (`parallax train quotes`, src/eval/polnear_speakers.h)
// decides from the quote's form (words, capitals, pronouns, verbs, closing
// punctuation), its neighbours (the word before it, a speech verb in its
// sentence) and whether the rules found an attribution. A quotation whose
// probability of being a quote is below the model's bar is left out of
// the report. Without the file (or with PARALLAX_QUOTE_MODEL=none) every
// quotation of three or more words stays, as before.
//
// Contract: pure functions; the default model is loaded once (thread-safe)
// and is read-only.

#include <string>
#include <string_view>
#include <vector>

#include "analyze/boosting.h"
#include "core/status.h"

namespace parallax {

// Features of one quotation, in this order (flags 0/1).
enum QuoteFeature : int {
  kQfWords,              // log(1 + words inside the marks)
  kQfRuleKind,           // which attribution rule fired (SpeakerFeature kSfRuleKind; 0 none)
  kQfRuleSpeaker,        // the rules named a speaker
  kQfVerbDistance,       // words from the quote to the nearest speech verb of its sentence (outside quotes; 20: none)
  kQfCapitalShare,       // share of its words that start with a capital
  kQfTitleCase,          // every word capitalised but short function words
  kQfLowerStart,         // starts in lower case
  kQfEndsSentence,       // ends with . ? or ! inside the marks
  kQfEndsComma,          // ends with a comma inside the marks
  kQfPersonalPronoun,    // a first- or second-person pronoun inside ("I", "we", "you", "our")
  kQfVerbWord,           // an auxiliary or a common verb form inside ("is", "was", "will", "don't")
  kQfAfterArticle,       // the word before is "the", "a" or "an"
  kQfAfterPreposition,   // the word before is a preposition ("on", "in", "of")
  kQfAfterPossessive,    // the word before ends in 's
  kQfAfterNaming,        // the word before names ("called", "dubbed", "titled", "slogan")
  kQfAfterNumber,        // the word before is a number (a year: "his 1994 ...")
  kQfBeforeLowerWord,    // a lower-case word follows the closing mark (modifier use: the "..." plan)
  kQfOpensParagraph,     // the quote opens its paragraph
  kQfWholeParagraph,     // ... and closes it
  kQfContinues,          // continues the previous paragraph's quote
  kQfArticleQuotes,      // log(1 + quotations in the article)
  kQfDigitShare,         // share of its words that are numbers
  kQfSentences,          // sentence ends inside the quote
  kQfSentenceQuotes,     // other quotations in its sentence
  kQfNextSentenceVerb,   // the sentence after it is an attribution ("..." Clinton said.)
  kQfAfterOn,            // the word before is "on" (a programme: on "Face the Nation")
  kQfAfterCapital,       // the word before is capitalised and does not open a sentence ("NBC's")
  kQfBeforeCapital,      // a capitalised word follows the closing mark
  kQfRepeated,           // the same words are quoted again elsewhere in the article
  kQuoteFeatureCount
};

const char* QuoteFeatureName(int feature);

class QuoteModel {
 public:
  QuoteModel(BoostedTrees trees, double bar) : trees_(std::move(trees)), bar_(bar) {}
  // Probability that the quotation is a direct quote.
  double Probability(const std::vector<double>& f) const { return trees_.Probability(f); }
  // Whether it stays: probability at least the bar.
  bool Keep(const std::vector<double>& f) const { return Probability(f) >= bar_; }
  double bar() const { return bar_; }
  // "parallax-quotes 1\nbar <bar>\n" then the trees (BoostedTrees::Serialise).
  std::string Serialise() const;
  // Fails naming `origin` on a wrong header, a bad bar or garbled trees.
  static Result<QuoteModel> Parse(std::string_view text, const std::string& origin);
  static Result<QuoteModel> Load(const std::string& path);

 private:
  BoostedTrees trees_;
  double bar_;
};

// $PARALLAX_QUOTE_MODEL, else models/quotes.model (LocateModelFile).
std::string DefaultQuoteModelPath();
// The shipped model; null when the file is absent or unreadable, or when
// PARALLAX_QUOTE_MODEL is "none" (every quotation of three words stays).
const QuoteModel* DefaultQuoteModel();

}  // namespace parallax
