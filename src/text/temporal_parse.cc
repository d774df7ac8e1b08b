#include "text/temporal_parse.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "text/dates.h"

namespace parallax::temporal_detail {

std::vector<Tok> Lex(std::string_view s) {
  std::vector<Tok> out;
  std::size_t i = 0;
  auto alpha = [](unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto digit = [](unsigned char c) { return c >= '0' && c <= '9'; };
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    Tok t;
    t.b = static_cast<std::uint32_t>(i);
    if (alpha(c) || digit(c)) {
      bool is_digit = digit(c);
      std::size_t j = i;
      while (j < s.size() && (is_digit ? digit(static_cast<unsigned char>(s[j])) : alpha(static_cast<unsigned char>(s[j])))) ++j;
      t.kind = is_digit ? 'n' : 'w';
      t.cap = !is_digit && c >= 'A' && c <= 'Z';
      t.low.reserve(std::min<std::size_t>(j - i, 16));
      for (std::size_t k = i; k < j && k < i + 16; ++k) t.low.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(s[k]))));
      i = j;
    } else {
      std::size_t len = 1;
      if (c >= 0xC0 && c < 0xF8) {
        std::size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        while (len < want && i + len < s.size() && (static_cast<unsigned char>(s[i + len]) & 0xC0) == 0x80) ++len;
      }
      t.low = std::string(s.substr(i, len));
      i += len;
    }
    t.e = static_cast<std::uint32_t>(i);
    out.push_back(std::move(t));
  }
  return out;
}

// Hinnant's civil_from_days (inverse of DaysSinceEpoch).
void CivilFromDays(long z, int* y, int* m, int* d) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(static_cast<long>(yoe) + era * 400 + (*m <= 2));
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int DaysIn(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}
bool ValidDate(int y, int m, int d) { return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= DaysIn(y, m); }

long Days(int y, int m, int d) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return DaysSinceEpoch(buf).value_or(0);
}

// Monday = 0 ... Sunday = 6 (1970-01-01 was a Thursday).
int Weekday(long day) { return static_cast<int>(((day + 3) % 7 + 7) % 7); }


int WeekdayOf(const Tok& t) {
  if (t.kind != 'w') return -1;
  for (std::size_t i = 0; i < kWeekdays.size(); ++i) {
    if (t.low == kWeekdays[i]) return static_cast<int>(i);
  }
  return -1;
}

int NumberWord(std::string_view w) {
  static constexpr std::array<std::string_view, 21> kSmall = {
      "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
      "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
  for (std::size_t i = 1; i < kSmall.size(); ++i) {
    if (w == kSmall[i]) return static_cast<int>(i);
  }
  static constexpr std::array<std::string_view, 8> kTens = {"twenty", "thirty", "forty", "fifty",
                                                            "sixty",  "seventy", "eighty", "ninety"};
  for (std::size_t i = 0; i < kTens.size(); ++i) {
    if (w == kTens[i]) return static_cast<int>(i + 2) * 10;
  }
  if (w == "a" || w == "an") return 1;
  return 0;
}

namespace {

class Finder {
 public:
  explicit Finder(std::string_view text) : t_(Lex(text)) {}

  std::vector<Raw> Run() {
    std::vector<Raw> out;
    std::size_t i = 0;
    while (i < t_.size()) {
      Raw r;
      if (Match(i, &r)) {
        // "June 12 last year", "March this year", "May 3, next year".
        if ((r.kind == Kind::kMonthDay || r.kind == Kind::kMonth) && r.last < t_.size()) {
          std::size_t k = r.last;
          if (Punct(k, ",")) ++k;
          if (Word(k + 1, "year") && (Word(k, "last") || Word(k, "this") || Word(k, "next"))) {
            r.year_given = true;
            r.year_offset = Word(k, "last") ? -1 : Word(k, "next") ? 1 : 0;
            r.last = k + 2;
          }
        }
        r.dir = r.dir == Dir::kDefault && NeedsTense(r.kind) && FutureCue(r, out.empty() ? 0 : out.back().last)
                    ? Dir::kFuture
                    : r.dir;
        i = r.last;
        out.push_back(std::move(r));
      } else {
        ++i;
      }
    }
    return out;
  }

  Span SpanOf(const Raw& r) const { return {t_[r.first].b, t_[r.last - 1].e}; }

 private:
  static bool NeedsTense(Kind k) { return k == Kind::kMonthDay || k == Kind::kMonth || k == Kind::kWeekday; }

  bool Word(std::size_t i, std::string_view w) const { return i < t_.size() && t_[i].kind == 'w' && t_[i].low == w; }
  bool Punct(std::size_t i, std::string_view p) const { return i < t_.size() && t_[i].kind == 'p' && t_[i].low == p; }
  // Token i touches token i-1 (no space between).
  bool Adjacent(std::size_t i) const { return i > 0 && i < t_.size() && t_[i].b == t_[i - 1].e; }
  bool IsNum(std::size_t i) const { return i < t_.size() && t_[i].kind == 'n'; }
  int NumVal(std::size_t i) const {
    if (!IsNum(i) || t_[i].e - t_[i].b > 4) return -1;
    return std::atoi(t_[i].low.c_str());
  }

  // A token begins the text, or follows punctuation that opens a clause or
  // quote: a capitalised word there need not be a name.
  bool AtStart(std::size_t i) const {
    if (i == 0) return true;
    const Tok& p = t_[i - 1];
    return p.kind == 'p' && p.low != "," && p.low != "'" && p.low != "&";
  }

  static bool IsPreposition(std::string_view w) {
    for (std::string_view p : {"in", "on", "since", "until", "till", "by", "from", "during", "through", "throughout",
                               "before", "after", "last", "next", "this", "early", "late", "mid", "around", "as",
                               "of", "at"}) {
      if (w == p) return true;
    }
    return false;
  }

  // Word i is capitalised inside a name: the word before it is a
  // capitalised word that is not a preposition or weekday.
  bool AfterName(std::size_t i) const {
    if (i == 0 || AtStart(i)) return false;
    const Tok& p = t_[i - 1];
    if (p.kind != 'w' || !p.cap) return false;
    return !IsPreposition(p.low) && WeekdayOf(p) < 0;
  }

  // A day of the month at i: 1-31, at most two digits, optional ordinal
  // suffix, not part of a longer number, time or decimal.
  bool Day(std::size_t i, int* d, std::size_t* end) const {
    if (!IsNum(i) || t_[i].e - t_[i].b > 2) return false;
    int v = NumVal(i);
    if (v < 1 || v > 31) return false;
    if (Adjacent(i) && (t_[i - 1].kind == 'n' || Punct(i - 1, ".") || Punct(i - 1, ",") || Punct(i - 1, ":") ||
                        Punct(i - 1, "$") || Punct(i - 1, "-") || Punct(i - 1, "/"))) {
      return false;
    }
    std::size_t j = i + 1;
    if (j < t_.size() && Adjacent(j) && t_[j].kind == 'w') {
      const std::string& s = t_[j].low;
      if (s != "st" && s != "nd" && s != "rd" && s != "th") return false;
      ++j;
    }
    if (j < t_.size() && Adjacent(j) && (Punct(j, ":") || Punct(j, "%") || Punct(j, "/") || Punct(j, "-") ||
                                         (Punct(j, ".") && IsNum(j + 1) && Adjacent(j + 1)) ||
                                         (Punct(j, ",") && IsNum(j + 1) && Adjacent(j + 1)))) {
      return false;
    }
    *d = v;
    *end = j;
    return true;
  }

  // A four-digit year at i within [lo, hi], not part of a larger number,
  // range or amount.
  bool Year(std::size_t i, int lo, int hi, int* y) const {
    if (!IsNum(i) || t_[i].e - t_[i].b != 4) return false;
    int v = NumVal(i);
    if (v < lo || v > hi) return false;
    // Touching punctuation only as in "mid-2013" or "(2013".
    if (Adjacent(i) && t_[i - 1].kind != 'w' && !Punct(i - 1, "(") &&
        !(Punct(i - 1, "-") && i >= 2 && Adjacent(i - 1) && t_[i - 2].kind == 'w')) {
      return false;
    }
    std::size_t j = i + 1;
    if (j < t_.size() && Adjacent(j)) {
      if (t_[j].kind != 'p') return false;  // "2013th", "2013abc"
      const std::string& p = t_[j].low;
      bool joins = p == "-" || p == "/" || p == "\xE2\x80\x93" || p == "," || p == "." || p == ":";
      if (joins && IsNum(j + 1) && Adjacent(j + 1)) return false;  // "2013-14", "2,013.5"
      if (p == "%") return false;
    }
    *y = v;
    return true;
  }

  // A month name at i: a capitalised full name, or an abbreviation followed
  // by "." or a day ("Oct. 19", "Sept 3").
  bool MonthName(std::size_t i, int* m, std::size_t* end) const {
    if (i >= t_.size() || t_[i].kind != 'w' || !t_[i].cap) return false;
    const std::string& w = t_[i].low;
    int v = MonthFromName(w);
    if (v == 0) return false;
    bool full = w.size() > 3 && w != "sept";
    if (full) {
      if (w != ToLowerAscii(kMonthNames[static_cast<std::size_t>(v - 1)])) return false;
      *m = v;
      *end = i + 1;
      return true;
    }
    // "May" is both a full name and three letters.
    if (w == "may") {
      *m = 5;
      *end = i + 1;
      return true;
    }
    std::size_t j = i + 1;
    if (Punct(j, ".") && Adjacent(j)) {
      *m = v;
      *end = j + 1;
      return true;
    }
    int d;
    std::size_t de;
    if (Day(j, &d, &de)) {
      *m = v;
      *end = j;
      return true;
    }
    return false;
  }

  static std::string ToLowerAscii(std::string_view s) {
    std::string o(s);
    for (char& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return o;
  }

  // Month-led date at i: "October 19", "Oct. 19th, 2016", "August 2013",
  // "March, 2013"; a month alone only when `qualified`.
  bool MonthLed(std::size_t i, bool qualified, Raw* r) const {
    int m;
    std::size_t j;
    if (!MonthName(i, &m, &j)) return false;
    int d, y;
    std::size_t de;
    if (Day(j, &d, &de)) {
      std::size_t k = de;
      if (Punct(k, ",")) ++k;
      if (Year(k, 1800, 2199, &y)) {
        if (!ValidDate(y, m, d)) return false;
        *r = Raw{i, k + 1, Kind::kAbsDay, y, m, d, 0, 0, Dir::kDefault, {}};
        return true;
      }
      if (AfterName(i)) return false;
      *r = Raw{i, de, Kind::kMonthDay, 0, m, d, 0, 0, Dir::kDefault, {}};
      return true;
    }
    if (AfterName(i)) return false;
    std::size_t k = j;
    if (Punct(k, ",")) ++k;
    if (Year(k, 1800, 2199, &y)) {
      *r = Raw{i, k + 1, Kind::kAbsMonth, y, m, 0, 0, 0, Dir::kDefault, {}};
      return true;
    }
    if (!qualified) return false;
    // "in May, the ..." is fine; "since March Madness" is a name.
    if (j < t_.size() && t_[j].kind == 'w' && t_[j].cap) return false;
    *r = Raw{i, j, Kind::kMonth, 0, m, 0, 0, 0, Dir::kDefault, {}};
    return true;
  }

  // Day-led date at i: "19 October", "19th October 2016", "the 19th of October".
  bool DayLed(std::size_t i, Raw* r) const {
    int d;
    std::size_t de;
    if (!Day(i, &d, &de)) return false;
    std::size_t j = de;
    if (Word(j, "of")) ++j;
    int m;
    std::size_t me;
    if (!MonthName(j, &m, &me)) return false;
    std::size_t k = me;
    if (Punct(k, ",")) ++k;
    int y;
    if (Year(k, 1800, 2199, &y)) {
      if (!ValidDate(y, m, d)) return false;
      *r = Raw{i, k + 1, Kind::kAbsDay, y, m, d, 0, 0, Dir::kDefault, {}};
      return true;
    }
    if (j != de && !(i > 0 && Word(i - 1, "the"))) return false;  // "5 of May" without "the"
    *r = Raw{i, me, Kind::kMonthDay, 0, m, d, 0, 0, Dir::kDefault, {}};
    return true;
  }

  // A weekday at i (a capitalised full name, not inside a name), with a
  // part of the day after it.
  bool WeekdayAt(std::size_t i, bool qualified, Raw* r) const {
    int wd = WeekdayOf(t_[i]);
    if (wd < 0 || !t_[i].cap) return false;
    if (AfterName(i)) return false;  // "Black Friday", "Super Tuesday"
    std::size_t j = i + 1;
    // "Monday, October 19" / "Monday 3 March": the date decides.
    std::size_t k = Punct(j, ",") ? j + 1 : j;
    Raw date;
    if (MonthLed(k, false, &date) || DayLed(k, &date)) {
      date.first = i;
      *r = date;
      return true;
    }
    bool prep = qualified || (i > 0 && t_[i - 1].kind == 'w' && IsPreposition(t_[i - 1].low));
    if (!prep && j < t_.size() && t_[j].kind == 'w' && t_[j].cap) return false;  // "Sunday Times"
    for (std::string_view part : {"morning", "afternoon", "evening", "night", "nights"}) {
      if (Word(j, part)) {
        ++j;
        break;
      }
    }
    *r = Raw{i, j, Kind::kWeekday, 0, 0, 0, 0, wd, Dir::kDefault, {}};
    return true;
  }

  // Expressions that can take "last", "next", "this" and early/mid/late.
  bool Core(std::size_t i, bool qualified, Raw* r) const {
    if (i >= t_.size()) return false;
    if (MonthLed(i, qualified, r) || DayLed(i, r) || WeekdayAt(i, qualified, r)) return true;
    return false;
  }

  bool Match(std::size_t i, Raw* r) const {
    const Tok& t = t_[i];
    // ISO date "2016-10-19".
    if (t.kind == 'n' && t.e - t.b == 4 && Punct(i + 1, "-") && Adjacent(i + 1) && IsNum(i + 2) && Adjacent(i + 2) &&
        Punct(i + 3, "-") && Adjacent(i + 3) && IsNum(i + 4) && Adjacent(i + 4) && t_[i + 2].e - t_[i + 2].b == 2 &&
        t_[i + 4].e - t_[i + 4].b == 2 && !(Adjacent(i) && t_[i - 1].kind != 'w')) {
      int y = NumVal(i), m = NumVal(i + 2), d = NumVal(i + 4);
      bool more = i + 5 < t_.size() && Adjacent(i + 5) && (t_[i + 5].kind == 'n' || Punct(i + 5, "-"));
      if (ValidDate(y, m, d) && y >= 1800 && y <= 2199 && !more) {
        *r = Raw{i, i + 5, Kind::kAbsDay, y, m, d, 0, 0, Dir::kDefault, {}};
        return true;
      }
    }
    if (t.kind == 'w') {
      const std::string& w = t.low;
      // Name rule for capitalised words mid-sentence ("USA Today", "the Today programme").
      bool name_like = t.cap && !AtStart(i);
      if (w == "today" || w == "tonight" || w == "yesterday" || w == "tomorrow") {
        if (name_like) return false;
        int n = w == "yesterday" ? -1 : w == "tomorrow" ? 1 : 0;
        std::size_t j = i + 1;
        for (std::string_view part : {"morning", "afternoon", "evening", "night"}) {
          if (Word(j, part)) {
            ++j;
            break;
          }
        }
        *r = Raw{i, j, Kind::kOffsetDays, 0, 0, 0, n, 0, Dir::kDefault, {}};
        return true;
      }
      if ((w == "last" || w == "this") && !name_like) {
        if (w == "last" && Word(i + 1, "night")) {
          *r = Raw{i, i + 2, Kind::kOffsetDays, 0, 0, 0, -1, 0, Dir::kDefault, {}};
          return true;
        }
        if (w == "this" && (Word(i + 1, "morning") || Word(i + 1, "afternoon") || Word(i + 1, "evening"))) {
          *r = Raw{i, i + 2, Kind::kOffsetDays, 0, 0, 0, 0, 0, Dir::kDefault, {}};
          return true;
        }
      }
      if ((w == "last" || w == "next" || w == "this") && !name_like) {
        // "the last week" and "the next year" are durations.
        bool duration = i > 0 && (Word(i - 1, "the") || Word(i - 1, "past") || Word(i - 1, "over"));
        int n = w == "last" ? -1 : w == "next" ? 1 : 0;
        Kind k;
        if (!duration && UnitAt(i + 1, &k) && !Word(i + 2, "s") && t_[i + 1].low.back() != 's') {
          *r = Raw{i, i + 2, k, 0, 0, 0, n, 0, Dir::kDefault, {}};
          return true;
        }
        Raw core;
        if (Core(i + 1, true, &core) && (core.kind == Kind::kWeekday || core.kind == Kind::kMonth)) {
          core.first = i;
          core.dir = w == "last" ? Dir::kLast : w == "next" ? Dir::kNext : Dir::kThis;
          *r = core;
          return true;
        }
      }
      // "early October", "mid-2013", "late last year", "the end of March".
      std::string mod;
      std::size_t j = i + 1;
      if (w == "early" || w == "late" || w == "mid") {
        mod = w;
        if (Punct(j, "-") && Adjacent(j)) ++j;
      } else if ((w == "end" || w == "beginning" || w == "start" || w == "middle") && Word(i + 1, "of") &&
                 i > 0 && Word(i - 1, "the")) {
        mod = w == "end" ? "late" : w == "middle" ? "mid" : "early";
        j = i + 2;
      }
      if (!mod.empty()) {
        if (Word(j, "last") || Word(j, "this") || Word(j, "next")) {
          Raw inner;
          if (Match(j, &inner) && (inner.kind == Kind::kOffsetYears || inner.kind == Kind::kOffsetMonths ||
                                   inner.kind == Kind::kMonth)) {
            inner.first = i;
            inner.modifier = mod;
            *r = inner;
            return true;
          }
        }
        int y;
        if (Year(j, 1900, 2099, &y)) {
          *r = Raw{i, j + 1, Kind::kAbsYear, y, 0, 0, 0, 0, Dir::kDefault, mod};
          return true;
        }
        Raw core;
        if (Core(j, true, &core)) {
          core.first = i;
          if (core.kind == Kind::kMonth || core.kind == Kind::kAbsMonth) core.modifier = mod;
          *r = core;
          return true;
        }
        return false;
      }
      // "nine days ago", "a week ago", "2 years ago".
      int n = NumberWord(w);
      if (n > 0 && !name_like) {
        std::size_t u = i + 1;
        if (Punct(u, "-") && Adjacent(u) && u + 1 < t_.size() && NumberWord(t_[u + 1].low) > 0 &&
            NumberWord(t_[u + 1].low) < 10 && n >= 20) {
          n += NumberWord(t_[u + 1].low);
          u += 2;
        }
        Kind k;
        if (UnitAt(u, &k) && Word(u + 1, "ago")) {
          *r = Raw{i, u + 2, k, 0, 0, 0, -n, 0, Dir::kDefault, {}};
          return true;
        }
      }
      // A month or a year after a preposition.
      if (IsPreposition(w) && w != "this" && w != "last" && w != "next" && w != "of" && w != "as" && w != "at") {
        int y;
        if (Year(i + 1, 1900, 2099, &y) && !(Punct(i + 2, "s") && Adjacent(i + 2))) {
          *r = Raw{i + 1, i + 2, Kind::kAbsYear, y, 0, 0, 0, 0, Dir::kDefault, {}};
          return true;
        }
        if (w != "on" && w != "around" && Core(i + 1, true, r)) return true;
      }
      return Core(i, false, r);
    }
    if (t.kind == 'n') {
      int v = NumVal(i);
      Kind k;
      if (v > 0 && v < 1000 && UnitAt(i + 1, &k) && Word(i + 2, "ago") &&
          !(Adjacent(i) && (t_[i - 1].kind == 'n' || Punct(i - 1, ".") || Punct(i - 1, ",")))) {
        *r = Raw{i, i + 3, k, 0, 0, 0, -v, 0, Dir::kDefault, {}};
        return true;
      }
      return DayLed(i, r);
    }
    return false;
  }

  bool UnitAt(std::size_t i, Kind* k) const {
    if (i >= t_.size() || t_[i].kind != 'w') return false;
    const std::string& w = t_[i].low;
    if (w == "day" || w == "days") *k = Kind::kOffsetDays;
    else if (w == "week" || w == "weeks") *k = Kind::kOffsetWeeks;
    else if (w == "month" || w == "months") *k = Kind::kOffsetMonths;
    else if (w == "year" || w == "years") *k = Kind::kOffsetYears;
    else return false;
    return true;
  }

  bool IsCue(std::size_t i) const {
    if (t_[i].kind != 'w') return false;
    const std::string& w = t_[i].low;
    if (w == "would" && Word(i + 1, "have")) return false;  // a counterfactual past, not a plan
    for (std::string_view c : {"will", "shall", "would", "due", "scheduled", "expected", "plans", "planned",
                               "planning", "upcoming", "next", "tomorrow", "intends", "aims", "hopes"}) {
      if (w == c) return true;
    }
    if (w == "ll" && Adjacent(i) && (Punct(i - 1, "'") || Punct(i - 1, "\xE2\x80\x99"))) return true;
    if ((w == "set" || w == "slated") && (Word(i + 1, "to") || Word(i + 1, "for"))) return true;
    if (w == "going" && Word(i + 1, "to")) return true;
    return false;
  }

  static bool IsReportingVerb(std::string_view w) {
    for (std::string_view v : {"said", "says", "told", "announced", "reported", "added", "stated", "confirmed"}) {
      if (w == v) return true;
    }
    return false;
  }

  // A future cue in the twelve words before the expression (not reaching
  // back past the previous expression, a sentence end or a reporting verb:
  // in "..., he said on Monday" the date is when it was said); for an
  // expression that opens the text ("On Thursday, talks will ..."), in the
  // words after it up to a reporting verb or the next date.
  // A verb in the present tense right before the date's preposition
  // ("returns in March", "opens on Monday", "the vote is on Sunday"): news
  // uses it for what is scheduled.
  bool PresentScheduled(const Raw& r) const {
    std::size_t k = r.first;
    if (k > 0 && t_[k - 1].kind == 'w' && IsPreposition(t_[k - 1].low)) --k;
    if (k == r.first || k == 0 || t_[k - 1].kind != 'w') return false;
    // The present progressive a few words back ("are also sponsoring
    // debates ... in February"): what is being arranged is ahead.
    for (std::size_t i = k, words = 0; i-- > 1 && words < 10; ++words) {
      if (t_[i].kind == 'p' || IsReportingVerb(t_[i].low)) break;
      const std::string& w = t_[i].low;
      if (w.size() > 4 && w.compare(w.size() - 3, 3, "ing") == 0) {
        std::size_t j = i - 1;
        if (j > 0 && (t_[j].low == "also" || t_[j].low == "now" || t_[j].low == "still")) --j;
        if (t_[j].low == "is" || t_[j].low == "are" || t_[j].low == "am") return true;
      }
    }
    const std::string& v = t_[k - 1].low;
    for (std::string_view w : {"is", "are", "returns", "return", "opens", "open", "starts", "start", "begins",
                               "begin", "resumes", "resume", "reopens", "reopen", "ends", "expires", "arrives",
                               "arrive", "launches", "kicks", "comes", "takes", "goes", "closes", "runs", "meets",
                               "meet", "visits", "travels", "heads", "faces", "plays", "hosts"}) {
      if (v == w) return true;
    }
    return false;
  }

  bool FutureCue(const Raw& r, std::size_t lo) const {
    if (PresentScheduled(r)) return true;
    std::size_t words = 0;
    for (std::size_t i = r.first; i-- > lo && words < 12;) {
      if (Punct(i, ".") || Punct(i, ";") || IsReportingVerb(t_[i].low)) break;
      if (IsCue(i)) return true;
      words += t_[i].kind == 'w';
    }
    std::size_t lead = r.first;
    while (lead > 0 && (t_[lead - 1].kind == 'p' || IsPreposition(t_[lead - 1].low))) --lead;
    if (lead == 0) {
      for (std::size_t i = r.last; i < t_.size() && i < r.last + 12; ++i) {
        if (IsReportingVerb(t_[i].low) || Punct(i, ".") || Punct(i, ";")) break;
        if (IsCue(i)) return true;
      }
    }
    return false;
  }

  std::vector<Tok> t_;
};

}  // namespace

std::vector<RawMatch> FindRaw(std::string_view text) {
  Finder f(text);
  std::vector<RawMatch> out;
  for (Raw& r : f.Run()) {
    Span span = f.SpanOf(r);
    out.push_back({std::move(r), span});
  }
  return out;
}

}  // namespace parallax::temporal_detail
