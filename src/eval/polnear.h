#pragma once
// Direct-quote evaluation on PolNeAR (Newell, Margolin & Ruths, LREC 2018):
// US election news with attribution relations (Source, Cue, Content) in
// brat standoff files.
//
//   auto set = LoadPolnear("../shared/data/quotes/polnear", "dev", &errors);
//   QuoteScores total;
//   for (const PolnearArticle& a : *set) {
//     ScoreQuotes(a.text, a.quotes, PredictQuotes(a), &total);
//   }
//
// Gold direct quotes (PolNeAR annotates every attribution, most of them
// paraphrase; we only extract direct quotes). Defined from the raw .txt:
//  1. Quoted segments: within one line, a curly “ opens and ” closes; a
//     straight " opens at the start of a line or after white space, "(",
//     "[", "-" or a dash, and closes otherwise. An open mark never closed on
//     its line runs to the end of the line (the news convention for a quote
//     that continues in the next paragraph). Single marks are not quotation
//     marks here (they are nested quotes and apostrophes).
//  2. A segment is a gold direct quote when every word inside it (runs of
//     letters and digits) lies inside the Content spans of one attribution
//     relation, and it has at least QuoteEvalOptions::min_words words
//     (shorter marked strings are scare quotes, titles and slogans). Its
//     span is the text between the marks; its speaker is the relation's
//     Source text ("" for an Attribution-no-source relation).
// So a Content span carrying two quoted sentences around "he said" gives
// two gold quotes; a paraphrase holding a quoted phrase gives that phrase
// (our extractor reports those as partial quotes, so they count).
//
// Speakers are compared by SpeakerMatches; PolNeAR has no gold
// coreference (only automatic CoreNLP output, not in the shared copy), so
// gold sources that are only pronouns ("he", "who", "they") are left out
// of speaker accuracy.
//
// Thread safety: pure functions and value types only.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/speakers.h"
#include "core/status.h"
#include "model/model.h"

namespace parallax {

// One brat text-bound annotation ("T12\tContent 10 20;30 40\ttext"), with
// its character offsets already turned into byte spans of the .txt.
struct BratSpan {
  std::string id;
  std::string label;        // Source, Cue, Content, Attribution, ...
  std::vector<Span> parts;  // one per ';'-separated fragment, byte offsets
};

// One attribution relation ("E3\tAttribution:T12 Cue:T11 Source:T10
// Content:T9"); text-bound ids resolved to their spans.
struct PolnearAttribution {
  std::vector<Span> source;   // empty for Attribution-no-source
  std::vector<Span> cue;
  std::vector<Span> content;  // every Content role (Content, Content2, ...)
  std::string source_text;    // source parts' text joined by " "
};

struct GoldQuote {
  Span span;            // bytes of the .txt between the quotation marks
  std::string speaker;  // the attribution's Source text; "" when it has none
  Span source;          // first Source part (for case checks); empty when none
};

struct PolnearArticle {
  std::string id;               // .txt file name without extension
  std::string text_path;
  std::string annotation_path;  // the .ann used
  std::string text;             // the .txt as read (UTF-8)
  std::vector<PolnearAttribution> attributions;
  std::vector<GoldQuote> quotes;  // gold direct quotes, in text order
};

struct QuoteEvalOptions {
  // Quoted segments (gold) and predicted quotes with fewer words are not
  // counted on either side (default 3: the analyzer itself treats one- and
  // two-word marks as scare quotes unless attributed).
  std::size_t min_words = 3;
};

// Parses one article from its .txt and .ann contents. brat offsets are
// character (code point) offsets; they become byte spans. Fails when a
// line is malformed, an offset lies past the end of the text, a relation
// names an unknown T id, or the text is not valid UTF-8; the message names
// `annotation_path` and the line.
Result<PolnearArticle> ParsePolnearArticle(std::string_view text, std::string_view annotation, const std::string& id,
                                           const std::string& annotation_path, const QuoteEvalOptions& options = {});

// Loads <root>/data/<split>/text/*.txt with their annotations in
// <root>/data/<split>/attributions/<id>_<annotator>.ann. Some articles are
// annotated by several annotators; the .ann whose name sorts first is used
// (one gold per article, so no article counts twice). `root` is the folder
// holding PROVENANCE.md and data/ (e.g. ../shared/data/quotes/polnear).
// Fails (naming the path) when the split's text or attributions folder is
// missing or unreadable; an article without any .ann, or one that does not
// parse, is skipped and reported in *errors (may be null).
Result<std::vector<PolnearArticle>> LoadPolnear(const std::string& root, const std::string& split,
                                                std::vector<InputError>* errors, const QuoteEvalOptions& options = {});

// Quoted segments of `text` by the rule above: spans between the marks.
std::vector<Span> FindQuotedSegments(std::string_view text);

// A quote predicted by our pipeline: a byte span of the .txt and the
// speaker we gave it.
struct PredictedQuote {
  Span span;
  std::string speaker;
};

// Runs our pipeline on the article as a user would (ParseTextArticle,
// CleanArticle, AnalyzeStory on the one article) and maps every quote
// citation from the clean text back to the .txt. The cleaner normalises
// white space (no-break spaces) and drops lines, so byte offsets differ;
// the mapping aligns the two texts on their non-space characters,
// paragraph by paragraph. Quotes that cannot be mapped are counted in
// *unmapped (may be null) and not returned.
std::vector<PredictedQuote> PredictQuotes(const PolnearArticle& article, std::size_t* unmapped = nullptr);

// One quote our pipeline finds, with its speaker candidates (speakers.h)
// labelled against the gold: judged when the quote covers at least half of
// a gold direct quote's words (the best such) whose source holds a name;
// then labels[k] = SpeakerMatches(gold source, kName, candidate k).
struct LabelledSpeakerChoice {
  SpeakerChoice choice;
  std::vector<int> labels;  // one per candidate; all 0 when not judged
  bool judged = false;
  std::string gold_speaker;
  Span raw;  // the quote in the .txt (empty when it could not be placed)
  // Quote or not (quotes_model.h): counted when placed with at least
  // min_words words (eval quotes counts it); is_quote when it covers at
  // least half of a gold direct quote's words.
  bool counted = false;
  bool is_quote = false;
};

// The article run through the pipeline as PredictQuotes does, with
// CollectSpeakerChoices in place of AnalyzeStory.
std::vector<LabelledSpeakerChoice> LabelSpeakerChoices(const PolnearArticle& article,
                                                       const QuoteEvalOptions& options = {});

// How a gold Source reads.
enum class SourceKind {
  kNone,         // no source (Attribution-no-source)
  kPronoun,      // only pronouns: "he", "who", "they" (needs coreference)
  kName,         // holds a name: "Mr. Obama", "Clinton spokesman Nick Merrill"
  kDescription,  // no name: "a source", "the union", "experts"
};

// Classifies `source` (its text). `article_text` and `at` (the source's
// first byte in it) tell whether a capitalised first word is capitalised
// only because it opens a sentence: such a word counts as a name only when
// the article never writes it in lower case. A determiner and a common noun
// at the head ("The Florida senator", "a White House official who ...",
// "the presumptive Republican nominee") make a description whatever its
// capitalised modifiers, unless a bare name follows in apposition ("The
// leader of the League, Jonathan Greenblatt,").
SourceKind ClassifySource(std::string_view source, std::string_view article_text, std::size_t at);

// The speaker rule, case-insensitive, on words (runs of letters and
// digits, a possessive 's dropped):
//  - a named source matches when its name word - the last capitalised word
//    that is not a title ("Mr.", "Sen.", "spokesman") or function word,
//    taken before any comma or bracket (appositions) - is a word of our
//    speaker: "Mr. Obama" ~ "Barack Obama"; "Clinton spokesman Nick
//    Merrill" ~ "Nick Merrill" but not "Hillary Clinton";
//    but a description ending in a common noun followed by the person's
//    bare name in apposition names that person: "Trump's attorney, Alan
//    Garten," ~ "Alan Garten", not "Donald Trump";
//  - a descriptive source matches when, leading articles dropped, its
//    words and our speaker's words are one a contiguous part of the other:
//    "the union" ~ "the union"; "the Trump campaign" ~ "Trump campaign".
// An empty speaker never matches.
bool SpeakerMatches(std::string_view gold_source, SourceKind kind, std::string_view speaker);

struct QuoteScores {
  std::size_t articles = 0;
  std::size_t gold = 0;       // gold direct quotes
  std::size_t predicted = 0;  // predicted quotes (after min_words)
  std::size_t unmapped = 0;   // predicted quotes whose span could not be mapped to the .txt
  std::size_t exact = 0;      // one-to-one pairs with the same span (edges trimmed)
  std::size_t overlap = 0;    // one-to-one pairs with >= 50% of the gold words covered
  // Speaker, over the overlap pairs. Only gold sources that hold a name
  // are judged for the headline accuracy: a description ("the Indiana
  // governor") needs coreference to compare with the full name we give.
  std::size_t speaker_pairs = 0;    // pairs whose gold source holds a name
  std::size_t speaker_correct = 0;
  std::size_t description_pairs = 0;    // gold source is a description; judged by containment only
  std::size_t description_correct = 0;
  std::size_t pronoun_pairs = 0;    // left out: pronoun-only gold source
  std::size_t no_source_pairs = 0;  // left out: no gold source
  std::size_t no_speaker = 0;       // named pairs where we gave no speaker

  double ExactPrecision() const;
  double ExactRecall() const;
  double ExactF1() const;
  double OverlapPrecision() const;
  double OverlapRecall() const;
  double OverlapF1() const;
  double SpeakerAccuracy() const;      // speaker_correct / speaker_pairs
  double DescriptionAccuracy() const;  // description_correct / description_pairs (a lower bound)
};

// Words (runs of letters and digits) in a span of `text`.
std::size_t QuoteWordCount(std::string_view text, Span span);

// Share of the gold span's words (runs of letters and digits) that the
// predicted span overlaps: |gold words touching predicted| / |gold words|.
double GoldWordCoverage(std::string_view text, Span gold, Span predicted);

// Scores one article and adds to *scores. Gold and predicted quotes with
// fewer than options.min_words words are dropped first. Exact: spans equal
// once white space and punctuation are trimmed from both ends (a comma
// inside the closing mark is typography, not content). Overlap: greedy
// one-to-one pairing, best coverage first, of pairs with coverage >= 0.5.
// Speakers are judged on the overlap pairs.
void ScoreQuotes(std::string_view text, const std::vector<GoldQuote>& gold, const std::vector<PredictedQuote>& predicted,
                 QuoteScores* scores, const QuoteEvalOptions& options = {});

}  // namespace parallax
