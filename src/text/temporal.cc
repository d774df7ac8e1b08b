#include "text/temporal.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "text/dates.h"
#include "text/temporal_parse.h"

namespace parallax {
namespace {

using namespace temporal_detail;

std::string Ymd(int y, int m, int d) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}
std::string Ym(int y, int m) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  return buf;
}
std::string YearStr(int y) { return std::to_string(y); }

std::string IsoWeek(long day, long* monday) {
  long thursday = day - Weekday(day) + 3;
  int y, m, d;
  CivilFromDays(thursday, &y, &m, &d);
  long jan1 = Days(y, 1, 1);
  int week = static_cast<int>((thursday - jan1) / 7 + 1);
  *monday = day - Weekday(day);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", y, week);
  return buf;
}

std::string Plural(long n, std::string_view unit) {
  return std::to_string(n) + " " + std::string(unit) + (n == 1 ? "" : "s");
}

// "9 days before publication", "the week of publication".
std::string OffsetText(int n, std::string_view unit) {
  if (n == 0) return unit == "day" ? "publication day" : "the " + std::string(unit) + " of publication";
  if (n == -1) return "the " + std::string(unit) + " before publication";
  if (n == 1) return "the " + std::string(unit) + " after publication";
  return Plural(std::abs(n), unit) + (n < 0 ? " before publication" : " after publication");
}

std::string DirText(Dir dir) {
  switch (dir) {
    case Dir::kLast: return "before publication";
    case Dir::kNext: return "after publication";
    case Dir::kFuture: return "on or after publication";
    case Dir::kThis: return "of the publication week";
    case Dir::kDefault: break;
  }
  return "on or before publication";
}

void SetMonthRange(int y, int m, const std::string& modifier, TemporalExpression* e) {
  int lo = 1, hi = DaysIn(y, m);
  if (modifier == "early") hi = 10;
  if (modifier == "mid") lo = 11, hi = 20;
  if (modifier == "late") lo = 21;
  e->first_day = Days(y, m, lo);
  e->last_day = Days(y, m, hi);
}

void SetYearRange(int y, const std::string& modifier, TemporalExpression* e) {
  int lo = 1, hi = 12;
  if (modifier == "early") hi = 4;
  if (modifier == "mid") lo = 5, hi = 8;
  if (modifier == "late") lo = 9;
  e->first_day = Days(y, lo, 1);
  e->last_day = Days(y, hi, DaysIn(y, hi));
}

// Resolves `r` against the publication day `pub` (nullopt: unknown).
std::optional<TemporalExpression> Resolve(const Raw& r, std::optional<long> pub) {
  TemporalExpression e;
  e.modifier = r.modifier;
  auto day = [&](long dd) {
    int y, m, d;
    CivilFromDays(dd, &y, &m, &d);
    e.value = Ymd(y, m, d);
    e.granularity = DateGranularity::kDay;
    e.first_day = e.last_day = dd;
  };
  auto month = [&](int y, int m) {
    e.value = Ym(y, m);
    e.granularity = DateGranularity::kMonth;
    SetMonthRange(y, m, e.modifier, &e);
  };
  auto year = [&](int y) {
    e.value = YearStr(y);
    e.granularity = DateGranularity::kYear;
    SetYearRange(y, e.modifier, &e);
  };
  int py = 0, pm = 0, pd = 0;
  if (pub) CivilFromDays(*pub, &py, &pm, &pd);
  switch (r.kind) {
    case Kind::kAbsDay:
      day(Days(r.y, r.m, r.d));
      e.relative = *e.value;
      return e;
    case Kind::kAbsMonth:
      month(r.y, r.m);
      e.relative = *e.value;
      return e;
    case Kind::kAbsYear:
      year(r.y);
      e.relative = *e.value;
      return e;
    case Kind::kMonthDay: {
      e.granularity = DateGranularity::kDay;
      e.relative = std::string(kMonthNames[static_cast<std::size_t>(r.m - 1)]) + " " + std::to_string(r.d) +
                   ", year not stated";
      if (!pub) return e;
      if (r.year_given) {
        if (!ValidDate(py + r.year_offset, r.m, r.d)) return std::nullopt;
        day(Days(py + r.year_offset, r.m, r.d));
        return e;
      }
      std::optional<long> best;
      for (int y = py - 1; y <= py + 1; ++y) {
        if (!ValidDate(y, r.m, r.d)) continue;
        long c = Days(y, r.m, r.d);
        if (!best || std::labs(c - *pub) < std::labs(*best - *pub)) best = c;
      }
      // A future cue takes the next occurrence, unless that is more than
      // half a year away (then the cue is more likely misread).
      if (r.dir == Dir::kFuture && *best < *pub) {
        for (int y = py; y <= py + 1; ++y) {
          if (!ValidDate(y, r.m, r.d)) continue;
          long c = Days(y, r.m, r.d);
          if (c >= *pub) {
            if (c - *pub <= 183) best = c;
            break;
          }
        }
      }
      if (!best) return std::nullopt;  // February 29 in no nearby year
      day(*best);
      return e;
    }
    case Kind::kMonth: {
      e.granularity = DateGranularity::kMonth;
      e.relative = std::string(kMonthNames[static_cast<std::size_t>(r.m - 1)]) + ", " + DirText(r.dir);
      if (r.dir == Dir::kThis) e.relative = std::string(kMonthNames[static_cast<std::size_t>(r.m - 1)]) + " of the publication year";
      if (!pub) return e;
      if (r.year_given) {
        month(py + r.year_offset, r.m);
        return e;
      }
      int y = py;
      switch (r.dir) {
        case Dir::kLast: y = r.m < pm ? py : py - 1; break;
        case Dir::kNext: y = r.m > pm ? py : py + 1; break;
        case Dir::kFuture: y = r.m >= pm ? py : py + 1; break;
        case Dir::kThis: y = py; break;
        case Dir::kDefault: y = r.m <= pm ? py : py - 1; break;
      }
      month(y, r.m);
      return e;
    }
    case Kind::kWeekday: {
      e.granularity = DateGranularity::kDay;
      Dir dir = r.dir == Dir::kThis ? Dir::kDefault : r.dir;
      e.relative = std::string(kWeekdayNames[static_cast<std::size_t>(r.wd)]) + ", " + DirText(dir);
      if (!pub) return e;
      int pw = Weekday(*pub);
      long dd = *pub;
      switch (dir) {
        case Dir::kLast: dd = *pub - ((pw - r.wd + 6) % 7 + 1); break;
        case Dir::kNext: dd = *pub + ((r.wd - pw + 6) % 7 + 1); break;
        case Dir::kFuture: dd = *pub + (r.wd - pw + 7) % 7; break;
        default: dd = *pub - (pw - r.wd + 7) % 7; break;
      }
      day(dd);
      return e;
    }
    case Kind::kOffsetDays:
      e.granularity = DateGranularity::kDay;
      e.relative = OffsetText(r.n, "day");
      if (pub) day(*pub + r.n);
      return e;
    case Kind::kOffsetWeeks: {
      e.granularity = DateGranularity::kWeek;
      e.relative = OffsetText(r.n, "week");
      if (!pub) return e;
      long monday = 0;
      e.value = IsoWeek(*pub + 7L * r.n, &monday);
      e.first_day = monday;
      e.last_day = monday + 6;
      return e;
    }
    case Kind::kOffsetMonths: {
      e.granularity = DateGranularity::kMonth;
      e.relative = OffsetText(r.n, "month");
      if (!pub) return e;
      int total = py * 12 + (pm - 1) + r.n;
      month(total / 12, total % 12 + 1);
      return e;
    }
    case Kind::kOffsetYears:
      e.granularity = DateGranularity::kYear;
      e.relative = OffsetText(r.n, "year");
      if (pub) year(py + r.n);
      return e;
  }
  return std::nullopt;
}

}  // namespace

std::vector<TemporalExpression> FindTemporalExpressions(std::string_view text,
                                                        std::optional<std::string_view> published) {
  std::optional<long> pub;
  if (published && published->size() >= 10) {
    int y = 0, m = 0, d = 0;
    if (std::sscanf(std::string(published->substr(0, 10)).c_str(), "%4d-%2d-%2d", &y, &m, &d) == 3 &&
        ValidDate(y, m, d) && y >= 1800 && y <= 2199) {
      pub = Days(y, m, d);
    }
  }
  std::vector<TemporalExpression> out;
  for (const RawMatch& m : FindRaw(text)) {
    std::optional<TemporalExpression> e = Resolve(m.raw, pub);
    if (!e) continue;
    e->span = m.span;
    out.push_back(std::move(*e));
  }
  return out;
}

}  // namespace parallax