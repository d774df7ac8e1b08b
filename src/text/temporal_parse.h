#pragma once
// Internal to src/text: the lexer, calendar arithmetic and the recogniser
// behind FindTemporalExpressions (temporal.h). temporal_parse.cc finds the
// raw expressions (what was written, as tokens); temporal.cc resolves them
// against the publication date.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/temporal.h"

namespace parallax::temporal_detail {

// A lexical token over raw bytes: ASCII letters, ASCII digits, or one
// punctuation mark (a whole UTF-8 sequence when it is one). Spaces dropped.
struct Tok {
  std::uint32_t b = 0, e = 0;
  char kind = 'p';  // 'w' word, 'n' number, 'p' punctuation
  std::string low;  // lower-cased text
  bool cap = false; // word starting with an upper-case letter
};

std::vector<Tok> Lex(std::string_view s);

// Calendar arithmetic on day numbers (days since 1970-01-01).
void CivilFromDays(long z, int* y, int* m, int* d);
bool IsLeap(int y);
int DaysIn(int y, int m);
bool ValidDate(int y, int m, int d);
long Days(int y, int m, int d);
// Monday = 0 ... Sunday = 6.
int Weekday(long day);

inline constexpr std::array<std::string_view, 7> kWeekdays = {"monday", "tuesday", "wednesday", "thursday",
                                                       "friday", "saturday", "sunday"};
inline constexpr std::array<std::string_view, 7> kWeekdayNames = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                                            "Friday", "Saturday", "Sunday"};
inline constexpr std::array<std::string_view, 12> kMonthNames = {"January", "February", "March",     "April",
                                                           "May",     "June",     "July",      "August",
                                                           "September", "October", "November", "December"};

// The weekday a token names (Monday = 0), or -1.
int WeekdayOf(const Tok& t);
// "one" .. "twenty", "thirty" .. "ninety", "a"/"an" as numbers; 0 otherwise.
int NumberWord(std::string_view w);

enum class Kind {
  kAbsDay,      // y, m, d
  kAbsMonth,    // y, m
  kAbsYear,     // y
  kMonthDay,    // m, d; year from the anchor
  kMonth,       // m; year from the anchor and direction
  kWeekday,     // wd, direction
  kOffsetDays,  // n relative to the anchor
  kOffsetWeeks,
  kOffsetMonths,
  kOffsetYears,
};

// How an anchored expression lies from the publication date.
enum class Dir { kDefault, kLast, kNext, kThis, kFuture };

struct Raw {
  std::size_t first = 0, last = 0;  // token range [first, last)
  Kind kind = Kind::kAbsDay;
  int y = 0, m = 0, d = 0, n = 0, wd = 0;
  Dir dir = Dir::kDefault;
  std::string modifier;
  // "June 12 last year", "in March next year": the year relative to
  // publication (-1, 0, +1) when `year_given`.
  bool year_given = false;
  int year_offset = 0;
};


// A raw expression and the byte span it covers in the text.
struct RawMatch {
  Raw raw;
  Span span;
};

// Every date expression in `text`, left to right, unresolved.
std::vector<RawMatch> FindRaw(std::string_view text);

}  // namespace parallax::temporal_detail
