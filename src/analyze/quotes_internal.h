#pragma once
// Internal to analyze/: the pieces of quote extraction (ExtractQuotes in
// context.h) shared by its files:
//   quote_marks.cc        quotation marks paired into quotes, the words of a
//                         span, word lists, the per-article Resolver of
//                         speaker mentions;
//   quote_phrases.cc      noun phrases and sentence subjects (ArticlePhrases);
//   quote_attribution.cc  the attribution rules and the learned ranking, one
//                         article at a time (AttributeArticleQuotes);
//   quotes.cc             ExtractQuotes: every article, then the same quote
//                         across articles merged into one entry.

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "analyze/context.h"
#include "analyze/quotes_model.h"
#include "analyze/speakers_internal.h"

namespace parallax::analyze_internal::quotes_detail {

// Word lists, lower case.
const std::unordered_set<std::string>& SpeechVerbs();
const std::unordered_set<std::string>& OrgNouns();  // organisations speaking as one ("union", "ministry")
const std::unordered_set<std::string>& kTitleModifiers();  // "former", "presidential" before a name
bool StartsClause(std::string_view w);  // "when", "because" after a quote
const std::unordered_set<std::string>& Pronouns();  // he, she, they, i, we
bool IsSpeechVerb(std::string_view w);  // any case

// PARALLAX_DEBUG_QUOTES=1 prints each quote's speaker, the rule that chose
// it and the sentence's names on stderr (error analysis).
bool DebugQuotes();

enum class Mark { kOpen, kClose, kAmbiguous };

struct QuoteMark {
  std::size_t pos, len;
  Mark kind;
};

// Double quotation marks in `text` [b, e) with their likely direction.
std::vector<QuoteMark> FindMarks(std::string_view text, std::size_t b, std::size_t e);

struct RawQuote {
  std::size_t article;
  Span content;            // inside the marks
  Span outer;              // including the marks
  std::size_t paragraph;   // paragraph index in the article
  bool runs_on = false;    // unclosed at the end of its paragraph
  bool continues = false;  // continues the previous paragraph's quote
  std::string speaker;     // resolved full name
  Span speaker_at;         // where this article names the speaker for this quote (empty when resolved from context)
  std::string cue;
  bool partial = false;
};

// The quotes of article `a` (text split into `paragraphs`), in text order
// and disjoint, without speakers.
std::vector<RawQuote> PairQuoteMarks(const std::string& text, const std::vector<Span>& paragraphs, std::size_t a);

// Words of `s` (letters, digits, inner apostrophes and hyphens).
std::vector<std::string_view> WordsOf(std::string_view s);
std::size_t CountWords(std::string_view s);

struct WordPos {
  std::string_view w;
  std::size_t begin, end;  // absolute offsets
};

std::vector<WordPos> WordPositions(std::string_view text, std::size_t b, std::size_t e);

// Capitalised words at the start of `s` ("Maria Lopez, 27, Ohio" -> "Maria
// Lopez"), joined by single spaces; empty when `s` does not start with one.
std::string CapitalisedRun(std::string_view s);
// "PENCE: ..." / "Mike Pence: ...": a transcript's speaker label; else empty.
std::string TranscriptLabel(std::string_view s);
// Offset in `s` (the text right after a closing quotation mark) of a name
// introduced by a dash: `" ― Maria Lopez`; npos if none.
std::size_t AfterAttributionDash(std::string_view s);

// Titles known for each person in the story: "French Foreign Minister".
// The same for every article of the story: computed once.
using StoryTitleMap = std::map<std::string, std::set<std::string>>;
StoryTitleMap StoryTitles(const StoryContext& ctx, const NameResolver& names);

// Per-article resolver of speaker mentions.
class Resolver {
 public:
  Resolver(const StoryContext& ctx, const NameResolver& names, const StoryTitleMap& titles, std::size_t article);

  const Entity* EntityOf(std::string_view surface) const;
  // Person or organisation name mention starting in [b, e).
  const NameMention* MentionIn(std::size_t b, std::size_t e, bool person_only) const;
  // Last person mention ending before `pos` and after `from`.
  const NameMention* LastPersonBefore(std::size_t from, std::size_t pos) const;
  std::string FullName(const NameMention& m) const;
  // "the minister", "the Russian leader", "France's president".
  std::string ByTitle(const std::vector<std::string>& np_words, std::size_t pos) const;
  // "the cooperative": the latest organisation before `pos` whose name
  // ends in `head` (lower case).
  std::string OrgByHead(std::string_view head, std::size_t pos) const;
  void NoteSubject(std::size_t pos, const std::string& name);
  // The most recent subject or speaker before pos.
  std::string LastSubject(std::size_t pos) const;

 private:
  const StoryContext& ctx_;
  std::size_t article_;
  std::vector<const NameMention*> mentions_;
  const NameResolver& names_;
  const StoryTitleMap& titles_;
  std::vector<std::pair<std::size_t, std::string>> subjects_;
};

// The phrase rules of one article.
class ArticlePhrases {
 public:
  ArticlePhrases(const StoryContext& ctx, std::size_t article, const Resolver& resolver);

  // The speaker a noun phrase names (words before or after a speech verb);
  // "" when none. Records the words read and the result in np_read /
  // np_result (for the learned ranking's features).
  std::string ResolveNp(const std::vector<WordPos>& np, std::size_t pos);
  // "Flynn, a top aide, said": the name before an apposition that closes
  // right before a verb starting at `verb`; null when there is none.
  const NameMention* AppositiveSubject(std::size_t from, std::size_t verb) const;
  // The name opening the sentence that starts at `sb` (words before
  // `limit`), after an introductory phrase; null when none.
  const NameMention* SentenceSubject(std::size_t sb, std::size_t limit) const;
  // "As X reported, ...": the name of an "as" clause opening [b, e).
  const NameMention* AsClause(std::size_t b, std::size_t e) const;

  Span np_read;
  std::string np_result;

 private:
  std::string ResolveNpWords(const std::vector<WordPos>& np, std::size_t pos) const;

  const StoryContext& ctx;
  std::size_t a;
  const std::string& text;
  const Resolver& resolver;
};

// The quotes of article `a` with their speakers (rules, then the ranking
// when `model` is not null); one- and two-word scare quotes left out, and
// when `quote_model` is not null the quotations it does not keep.
std::vector<RawQuote> AttributeArticleQuotes(const StoryContext& ctx, const std::vector<Entity>& entities,
                                             const NameResolver& names, const StoryTitleMap& titles, std::size_t a,
                                             const SpeakerModel* model, const QuoteModel* quote_model,
                                             std::vector<SpeakerChoice>* collect);

// The quote-or-not features (quotes_model.h) of the quotation at `site`;
// `outers` holds the outer spans of every quotation of the article, in
// text order.
std::vector<double> QuoteFeatures(std::string_view text, const QuoteSite& site, const std::vector<Span>& outers);

}  // namespace parallax::analyze_internal::quotes_detail
