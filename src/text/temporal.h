#pragma once
// Dates and periods named in running text ("on Monday", "last week", "nine
// days ago", "on October 19", "in August 2013", "mid-October"), found with
// byte spans and resolved against the article's publication date.
//
//   for (const TemporalExpression& t : FindTemporalExpressions(sentence, "2016-10-10")) {
//     // t.value: "2016-10-10" for "Monday"; nullopt when it needs an anchor
//     // and `published` is empty (t.relative then says "Monday, on or before
//     // publication").
//   }
//
// What is found, and how it is resolved (publication date P):
// - weekday names, capitalised ("Monday", "on Monday", "Monday night",
//   "Monday's"): the latest such day on or before P (P itself when it is
//   that weekday), since news reports the past; after P (P included) when a
//   future cue precedes it ("will", "is due", "scheduled", "set for" ...);
//   "last Monday" strictly before P, "next Monday" strictly after.
// - "today", "tonight", "this morning" = P; "yesterday", "last night" = P-1;
//   "tomorrow" = P+1.
// - "last/this/next week|month|year", "earlier/later this week|month|year":
//   the ISO week, month or year before, of or after P.
// - "N days/weeks/months/years ago" (digits, number words, "a"/"an"): P
//   minus N units, at that unit's granularity.
// - month and day ("October 19", "Oct. 19th", "19 October", "the 19th of
//   October", with or without ", 2016"), month and year ("August 2013"),
//   ISO dates ("2016-10-19"). Without a year: the occurrence nearest P;
//   after P with a future cue.
// - a month alone after a preposition or qualifier ("in August", "since
//   March", "last May", "early October", "mid-October"): the latest such
//   month on or before P's month, after it with a future cue or "next".
// - a year after a preposition or qualifier ("in 2013", "since 2013", "late
//   2013"), 1900-2099.
// - "early", "mid" and "late" before a month or year set `modifier`.
// - a month and day or a month followed by "last year", "this year" or
//   "next year" ("June 12 last year"): that month of the year before, of
//   or after P's year.
// - a present-tense verb right before the date's preposition ("returns in
//   March", "is on Sunday"), or "is/are [also] ...ing" up to ten words
//   before it ("are sponsoring debates ... in February"), is a future cue,
//   like "will".
//
// Not taken, on purpose: month names that are not dated ("May" as a verb or
// a name, "March" as a noun: a month alone needs a day, a year, a
// preposition or a qualifier, and a month right after a capitalised word
// is a name: "Theresa May"); weekday names inside a capitalised name ("the
// Sunday Times", "Black Friday", "Super Tuesday": named days are events,
// not dates); plural weekdays ("on Mondays", habitual); bare numbers and a
// year inside a larger number or range ("2013" in "12,2013" or "2013-14");
// vague amounts ("a few days ago"); times of day; durations ("for three
// weeks", "the past week"); dates relative to another event ("two days
// later").
//
// Thread safety: pure functions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace parallax {

struct TemporalExpression {
  Span span;  // bytes in the text passed (prepositions such as "on", "in" excluded)
  // Resolved: "2016-10-17", "2016-W42", "2016-10", "2016"; nullopt when the
  // expression needs the publication date and none was given.
  std::optional<std::string> value;
  DateGranularity granularity = DateGranularity::kDay;
  std::string modifier;  // "early", "mid", "late" or empty
  // Where it lies relative to publication, without knowing the date ("9
  // days before publication", "Monday, on or before publication", "October
  // 19, year not stated"); for a date with its year, the date itself.
  // Equal strings mean the same date for articles published the same day.
  std::string relative;
  // Days since 1970-01-01 of the first and last day the value covers
  // (modifier applied: early = days 1-10, mid = 11-20, late = 21-end of a
  // month; thirds of a year); 0 when unresolved.
  long first_day = 0;
  long last_day = 0;
};

// Temporal expressions in `text` (one sentence, or a short passage: future
// cues are looked for in the words before each expression and, for an
// expression that opens the text, in the whole text). `published` is the
// article's publication date, "YYYY-MM-DD..." (anything else counts as
// unknown). Any bytes are accepted; invalid UTF-8 is skipped over.
std::vector<TemporalExpression> FindTemporalExpressions(std::string_view text,
                                                        std::optional<std::string_view> published);

}  // namespace parallax
