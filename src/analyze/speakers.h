#pragma once
// Speakers: a learned ranking of the candidate speakers of each quote.
//
//   const SpeakerModel* m = DefaultSpeakerModel();       // models/speakers.model, or null
//   std::vector<SpeakerChoice> c = CollectSpeakerChoices({&article});
//   std::size_t best = m->Pick(c[0].candidates);        // index, npos when none
//
// The hand rules of quote_attribution.cc still read every quote first; their pick is
// one candidate among the people, organisations, places and descriptions
// named around the quote (its sentence, the sentence after it, the
// previous sentence and paragraph), the previous quote's speaker and the
// running subject. Each candidate gets the rule signals as features
// (SpeakerFeature: distance, side of the speech verb, sentence subject,
// possessive, place, the rule's own pick, ...), and a boosted-tree model
// (boosting.h) trained on PolNeAR train scores them; the quote goes to the
// best one. `parallax train speakers` (src/eval/polnear_speakers.h) writes
// models/speakers.model; ExtractQuotes uses it when it is there, the rules
// alone when not (or when PARALLAX_SPEAKER_MODEL=none).
//
// Contract: pure functions of their inputs; the default model is loaded
// once (thread-safe) and is read-only.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/analyze.h"
#include "analyze/boosting.h"
#include "core/status.h"
#include "model/model.h"

namespace parallax {

// Features of one candidate, in this order (values are numbers; flags 0/1).
enum SpeakerFeature : int {
  kSfRulePick,          // the hand rules chose this candidate
  kSfRuleNone,          // the hand rules chose no one for this quote
  kSfRuleKind,          // which rule fired (0 none, 1 label/dash, 2 verb before, 3 verb after, ... 10 context)
  kSfPerson,            // candidate type: person
  kSfOrganisation,      // organisation
  kSfPlace,             // place
  kSfPhrase,            // a description or a name no mention carries ("the union", "Hamlin's father")
  kSfInSentence,        // named in the quote's sentence, outside quotes
  kSfBeforeQuote,       // ... before the quote
  kSfAfterQuote,        // ... after it (same sentence or the attribution sentence after)
  kSfDistance,          // log(1 + bytes between the nearest mention and the quote)
  kSfVerbDistance,      // words to the nearest speech verb of the sentence (10: none)
  kSfSubjectOfVerb,     // the mention ends at most one word before a speech verb ("X said", "X, 45, said")
  kSfAfterVerb,         // right after a speech verb ("said X")
  kSfAfterPreposition,  // after a preposition or "told" ("to X", "told X"): an object
  kSfPossessive,        // the mention is a possessor ("X's father")
  kSfSentenceSubject,   // the first name of its sentence
  kSfPreviousSentence,  // named in the sentence before the quote's, same paragraph
  kSfPreviousParagraph, // named in the paragraph before
  kSfPreviousSpeaker,   // the previous quote's speaker (by the rules)
  kSfRunningSubject,    // the running subject (last subject or speaker)
  kSfArticleMentions,   // log(1 + mentions of the same name in the article)
  kSfCandidates,        // candidates of this quote
  kSfRank,              // rank by distance among the candidates (0 nearest)
  kSfOpensParagraph,    // the quote opens its paragraph
  kSfContinues,         // the quote continues the previous paragraph's quote
  kSfNameWords,         // words in the candidate's name
  kSfQuoteWords,        // log(1 + words of the quote)
  kSfAppositionComma,   // a comma right after the mention
  kSfConfidentType,     // the name's type comes from strong evidence
  kSfRelationNoun,      // a phrase "X's father / family / lawyer": a relative or agent of X
  kSfQuotedElsewhere,   // log(1 + other quotes of the article the rules give this candidate)
  kSfNextSpeaker,       // the next quote's speaker by the rules, same paragraph
  kSfSameParagraph,     // named in the quote's paragraph before the quote, outside its sentence
  kSfLastPerson,        // the last person named before the quote (outside quotes)
  kSfWindowMentions,    // log(1 + mentions of the candidate in the window)
  kSfNearestBefore,     // the nearest candidate named before the quote in its sentence
  kSfNearestAfter,      // the nearest candidate named after the quote (its attribution)
  kSfNearestSubject,    // the nearest candidate that is the subject of a speech verb
  kSfDistanceGap,       // kSfDistance minus the smallest kSfDistance of the quote's candidates
  kSfSentenceNames,     // candidates named in the quote's sentence
  kSpeakerFeatureCount
};

// Feature names, for the model file and documentation.
const char* SpeakerFeatureName(int feature);

struct SpeakerCandidate {
  std::string name;  // the quote's speaker if chosen
  Span at;           // the mention naming it in the article's clean text; empty when none
  std::vector<double> features;  // kSpeakerFeatureCount values
};

// One quote of one article and its candidates.
struct SpeakerChoice {
  std::string article_id;
  Span content;  // the quote between its marks, in the article's clean text
  std::size_t rule_pick = static_cast<std::size_t>(-1);  // index of the rules' pick; npos when none
  std::vector<SpeakerCandidate> candidates;
  std::vector<double> quote_features;  // the quotation's QuoteFeature values (quotes_model.h)
};

class SpeakerModel {
 public:
  explicit SpeakerModel(BoostedTrees trees) : trees_(std::move(trees)) {}
  // Log-odds that the candidate is the speaker.
  double Score(const SpeakerCandidate& c) const { return trees_.Margin(c.features); }
  // The best candidate; npos when there is none. A place is never picked
  // unless it is the subject of a speech verb in the quote's sentence
  // ("Russia said", standing for its government) or the rules chose it.
  // When the rules chose no
  // one, a candidate needs a probability of at least `min_unruled` (the
  // model then adds a speaker the rules did not find).
  std::size_t Pick(const SpeakerChoice& choice, double min_unruled = 0.5) const;
  // "parallax-speakers 1\n" then the trees (BoostedTrees::Serialise).
  std::string Serialise() const;
  // Fails naming `origin` on a wrong header or garbled trees.
  static Result<SpeakerModel> Parse(std::string_view text, const std::string& origin);
  static Result<SpeakerModel> Load(const std::string& path);

 private:
  BoostedTrees trees_;
};

// $PARALLAX_SPEAKER_MODEL, else models/speakers.model (LocateModelFile).
std::string DefaultSpeakerModelPath();
// The shipped model; null when the file is absent or unreadable, or when
// PARALLAX_SPEAKER_MODEL is "none" (the hand rules alone).
const SpeakerModel* DefaultSpeakerModel();

// Every quote of `articles` (analysed as one story, as AnalyzeStory does)
// with its candidates and the rules' pick; the model is not applied.
std::vector<SpeakerChoice> CollectSpeakerChoices(const std::vector<const Article*>& articles,
                                                 const AnalyzeOptions& options = {});

}  // namespace parallax
