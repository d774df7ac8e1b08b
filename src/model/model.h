#pragma once
// The plain value types that every stage shares. Stages exchange only these.
//
// Every derived claim (summary sentence, fact, quote, entity mention) cites
// the article it comes from by id and by a byte span in that article's clean
// text. The clean text never changes after the clean stage, so spans stay
// valid through the rest of the pipeline.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parallax {

// Half-open byte range [begin, end) in an article's clean text.
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t size() const { return end - begin; }
  bool operator==(const Span&) const = default;
};

// A block the cleaner removed, with the reason, so a user can see and trust
// what was dropped. `at` is the byte offset in the clean text where the
// block used to be (later stages use it, e.g. a caption naming a speaker
// just above a quote).
struct RemovedBlock {
  std::string text;
  std::string reason;
  std::uint32_t at = 0;
};

struct Article {
  std::string id;                      // file name without extension, or JSON Lines `id`
  std::optional<std::string> source;   // outlet: metadata, else URL host, else unknown
  std::string url;
  std::string title;
  std::optional<std::string> published;  // ISO 8601 date (YYYY-MM-DD[...]) when known
  std::string path;                    // where it was read from (file, or file:line)
  // True when the text was taken from an HTML page's DOM: the page's
  // structure has already separated the article from its furniture, so the
  // cleaner does not judge lines by position.
  bool from_html = false;
  std::string raw;                     // text as read (after HTML main-text extraction), before cleaning
  std::string text;                    // clean text: paragraphs separated by "\n\n"
  std::vector<RemovedBlock> removed;
};

enum class EntityType { kPerson, kOrganization, kPlace, kOther };
const char* EntityTypeName(EntityType t);

// A citation: which article, and where in its clean text.
struct Citation {
  std::string article;  // article id
  Span span;
  bool partial = false;  // a fact's weaker match: shown ("match": "partial"), not counted as support
};

struct SummarySentence {
  std::string text;
  std::vector<std::string> sources;  // every article that carries the same information
  Citation origin;                   // the sentence the text was taken from
};

struct Fact {
  std::string text;                  // the most representative wording
  std::vector<std::string> sources;  // distinct articles stating it
  std::vector<Citation> citations;   // one per supporting sentence
};

// The same fact told with different numbers by different outlets ("12
// injured" / "14 injured"): each side is a Fact with the outlets backing it.
struct Conflict {
  std::vector<Fact> sides;
};

struct Quote {
  std::string speaker;               // full name (or organisation); empty when unknown
  std::string text;                  // the words inside the quotation marks
  bool partial = false;              // a fragment inside a sentence rather than a whole statement
  std::string cue;                   // attribution verb ("said", "told"), when found
  std::vector<std::string> sources;
  std::vector<Citation> citations;   // quote spans
  // Where the text names the speaker for this quote (the name, transcript
  // label or caption mention the attribution came from), one per article
  // that names them; empty when the speaker came from context alone
  // ("he said" resolved to the last person named).
  std::vector<Citation> speaker_citations;
};

struct EntityMention {
  std::string article;
  Span span;
};

struct Entity {
  std::string name;                  // canonical (longest full) name
  EntityType type = EntityType::kOther;
  std::vector<std::string> aliases;  // other surface forms seen
  int mentions = 0;
  std::vector<std::string> sources;
  std::vector<EntityMention> spans;
};

// A word or two-word phrase one outlet uses distinctively within a story,
// compared with the story's other outlets (framing.h): z is the z-score of
// the weighted log-odds ratio with an informative Dirichlet prior, count the
// outlet's uses; significant when z reaches the listing bar (1.96), else the
// term is one of the outlet's leading terms listed for want of significant
// ones (FramingOptions::min_listed).
struct FramingTerm {
  std::string term;  // lower-cased: "rebels", "dock workers"
  double z = 0;
  int count = 0;
  bool significant = true;
};

struct OutletFraming {
  std::string outlet;                 // source, else article id
  std::vector<std::string> articles;  // the outlet's article ids in the story
  std::vector<FramingTerm> terms;     // most distinctive first
};

// How precise a resolved date is. A week is an ISO 8601 week (Monday to
// Sunday).
enum class DateGranularity { kDay, kWeek, kMonth, kYear };
const char* DateGranularityName(DateGranularity g);  // "day", "week", "month", "year"

// A date or period the articles' text names ("on Monday", "nine days ago",
// "in August 2013"), with the sentences that state something on it. One
// entry groups the sentences of several articles that say the same thing on
// the same date.
struct TimelineEntry {
  // "2016-10-17" (day), "2016-W42" (week), "2016-10" (month), "2016"
  // (year); nullopt when the text dates it only relative to a publication
  // date that is unknown.
  std::optional<std::string> date;
  DateGranularity granularity = DateGranularity::kDay;
  std::string modifier;  // "early", "mid" or "late" ("mid-October"), else empty
  // Set when `date` is nullopt: where the text puts it relative to the
  // article's publication ("9 days before publication").
  std::string relative;
  std::string text;                    // the best-supported sentence stating it
  std::vector<std::string> sources;    // articles that state it
  std::vector<Citation> citations;     // the sentence, one per article
  std::vector<Citation> expressions;   // the date expression in each sentence
};

struct Story {
  std::string id;
  std::string title;
  std::vector<std::string> articles;  // article ids
  std::vector<SummarySentence> summary;
  std::vector<Fact> facts;            // stated by two or more articles
  std::vector<Fact> single_source;    // notable claims carried by one article only
  std::vector<Conflict> conflicts;    // the same fact with different numbers
  std::vector<Quote> quotes;
  std::vector<Entity> entities;
  std::vector<OutletFraming> framing;  // empty when the story has one outlet
  std::vector<TimelineEntry> timeline;  // dated statements, chronological (dated first)
};

// A problem with one input (file, JSON line, record). Reported, counted in
// the exit code, never dropped silently.
struct InputError {
  std::string path;
  std::string message;
};

}  // namespace parallax
