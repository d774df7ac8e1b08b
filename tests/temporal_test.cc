// Temporal expressions: finding them, with spans, and resolving them
// against a publication date (src/text/temporal.h).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "text/temporal.h"

namespace parallax {
namespace {

// 2016-10-10 was a Monday.
constexpr std::string_view kMonday = "2016-10-10";

struct Found {
  std::string text;
  std::string value;  // "-" when unresolved
};

std::vector<Found> Find(std::string_view s, std::optional<std::string_view> pub = kMonday) {
  std::vector<Found> out;
  for (const TemporalExpression& e : FindTemporalExpressions(s, pub)) {
    out.push_back({std::string(s.substr(e.span.begin, e.span.size())), e.value.value_or("-")});
  }
  return out;
}

// The only expression's resolved value ("none" when there is none, "many"
// when there are several).
std::string Value(std::string_view s, std::optional<std::string_view> pub = kMonday) {
  auto f = Find(s, pub);
  if (f.empty()) return "none";
  if (f.size() > 1) return "many";
  return f[0].value;
}

TEST(Temporal, WeekdaysAreTheLatestSuchDayOnOrBeforePublication) {
  EXPECT_EQ(Value("Lavrov spoke in Istanbul on Monday."), "2016-10-10");  // the publication weekday: that day
  EXPECT_EQ(Value("The vote took place on Tuesday."), "2016-10-04");
  EXPECT_EQ(Value("Sunday night's strikes hit the east."), "2016-10-09");
  EXPECT_EQ(Value("Rebels said last Monday that they would leave."), "2016-10-03");
  EXPECT_EQ(Value("Last Tuesday the council met."), "2016-10-04");
}

TEST(Temporal, FutureCuesAndNextMoveWeekdaysAfterPublication) {
  EXPECT_EQ(Value("Talks are set for Thursday."), "2016-10-13");
  EXPECT_EQ(Value("The ministers will meet again on Friday."), "2016-10-14");
  EXPECT_EQ(Value("They meet again next Monday."), "2016-10-17");
  EXPECT_EQ(Value("On Thursday, the two sides will meet in Geneva."), "2016-10-13");
  EXPECT_EQ(Value("Rovers will learn their semi-final opponents when the draw is made on Monday evening."),
            "2016-10-10");
  EXPECT_EQ(Value("Rovers will learn their semi-final opponents when the draw is made on Tuesday evening."),
            "2016-10-11");
  EXPECT_EQ(Value("The union will strike again, its leader said on Friday."), "2016-10-07");
  // The reporting verb dates the opening expression, not the future after it.
  EXPECT_EQ(Find("On Friday, the union said it will strike.")[0].value, "2016-10-07");
}

TEST(Temporal, WeekdaysAcrossMonthAndYearBoundaries) {
  // 2017-01-02 was a Monday; 2016 was a leap year.
  EXPECT_EQ(Value("The attack happened on Friday.", "2017-01-02"), "2016-12-30");
  EXPECT_EQ(Value("Police said on Monday.", "2016-03-01"), "2016-02-29");
  EXPECT_EQ(Value("It rained on Sunday.", "2016-03-01T09:00:00Z"), "2016-02-28");
  EXPECT_EQ(Value("They will vote on Tuesday.", "2016-12-29"), "2017-01-03");
}

TEST(Temporal, DaysAroundPublication) {
  EXPECT_EQ(Value("He said yesterday that talks failed."), "2016-10-09");
  EXPECT_EQ(Value("Today the council meets."), "2016-10-10");
  EXPECT_EQ(Value("The vote is tomorrow."), "2016-10-11");
  EXPECT_EQ(Value("Shelling continued last night."), "2016-10-09");
  EXPECT_EQ(Value("Markets fell this morning."), "2016-10-10");
  EXPECT_EQ(Value("It was announced tonight."), "2016-10-10");
}

TEST(Temporal, RelativeWeeksMonthsYears) {
  EXPECT_EQ(Value("Prices rose last week."), "2016-W40");
  EXPECT_EQ(Value("Earlier this week, the UN met."), "2016-W41");
  EXPECT_EQ(Value("The summit is next month."), "2016-11");
  EXPECT_EQ(Value("Sales fell last year."), "2015");
  EXPECT_EQ(Value("Sales fell last month.", "2017-01-02"), "2016-12");
  EXPECT_EQ(Value("It was built last week.", "2017-01-02"), "2016-W52");
  // Durations are not dates.
  EXPECT_EQ(Value("Over the last week, prices rose."), "none");
  EXPECT_EQ(Value("In the past year, prices rose."), "none");
}

TEST(Temporal, AgoWithDigitsAndNumberWords) {
  EXPECT_EQ(Value("The fighting began nine days ago."), "2016-10-01");
  EXPECT_EQ(Value("The fighting began 10 days ago."), "2016-09-30");
  EXPECT_EQ(Value("He left three weeks ago."), "2016-W38");
  EXPECT_EQ(Value("A year ago, the city fell."), "2015");
  EXPECT_EQ(Value("Twenty-five years ago it was built."), "1991");
  EXPECT_EQ(Value("It opened two months ago."), "2016-08");
  EXPECT_EQ(Value("It opened a few days ago."), "none");  // vague
}

TEST(Temporal, MonthAndDay) {
  EXPECT_EQ(Value("Putin is scheduled to visit France on October 19."), "2016-10-19");
  EXPECT_EQ(Value("Putin visited on Oct. 3."), "2016-10-03");
  EXPECT_EQ(Value("Notice was given on 20 September."), "2016-09-20");
  EXPECT_EQ(Value("It happened on the 4th of October."), "2016-10-04");
  EXPECT_EQ(Value("The deal was signed on October 19, 2014."), "2014-10-19");
  EXPECT_EQ(Value("The deal was signed on 19 October 2014."), "2014-10-19");
  EXPECT_EQ(Value("Monday, October 3, was quiet."), "2016-10-03");
  EXPECT_EQ(Value("The file is dated 2014-10-19."), "2014-10-19");
  EXPECT_EQ(Value("Sept. 30th was the deadline."), "2016-09-30");
  // Nearest occurrence across the year boundary.
  EXPECT_EQ(Value("The shooting on December 30 shocked the city.", "2017-01-02"), "2016-12-30");
  EXPECT_EQ(Value("The vote on January 3 was delayed.", "2016-12-30"), "2017-01-03");
  EXPECT_EQ(Value("It happened on February 29.", "2017-01-02"), "2016-02-29");
  // Future cues: the next occurrence, within half a year; "would have" is past.
  EXPECT_EQ(Value("The summit will open on March 2.", "2016-10-10"), "2017-03-02");
  EXPECT_EQ(Value("The summit will open on October 2.", "2016-10-10"), "2016-10-02");
  EXPECT_EQ(Value("Agencies would have shut on Oct. 1, but Congress acted.", "1998-10-06"), "1998-10-01");
  EXPECT_EQ(Value("February 30 is not a date."), "none");
}

TEST(Temporal, MonthsAndYears) {
  EXPECT_EQ(Value("The siege began in August 2013."), "2013-08");
  EXPECT_EQ(Value("The siege began in 2013."), "2013");
  EXPECT_EQ(Value("Prices have risen since March."), "2016-03");
  EXPECT_EQ(Value("The plant closed in December."), "2015-12");  // past: the latest December
  EXPECT_EQ(Value("The plant will close in December."), "2016-12");
  EXPECT_EQ(Value("The plant closed last May."), "2016-05");
  EXPECT_EQ(Value("The plant closed last October."), "2015-10");
  EXPECT_EQ(Value("The talks began in early October."), "2016-10");
  EXPECT_EQ(Value("Fighting flared in mid-October."), "2016-10");
  EXPECT_EQ(Value("It was built in late 2013."), "2013");
  EXPECT_EQ(Value("It was built in mid-2013."), "2013");
  EXPECT_EQ(Value("By the end of March, it had ended."), "2016-03");
  auto e = FindTemporalExpressions("Fighting flared in mid-October.", kMonday);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].modifier, "mid");
  EXPECT_EQ(e[0].granularity, DateGranularity::kMonth);
  EXPECT_EQ(e[0].last_day - e[0].first_day, 9);
}

// "June 12 last year" is a day of the year before publication, not this
// year's June 12; a month with "next year" is next year's.
TEST(Temporal, MonthDayWithLastOrNextYear) {
  const auto f = Find("The ferry sank on June 12 last year with 40 people aboard.");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].text, "June 12 last year");
  EXPECT_EQ(f[0].value, "2015-06-12");
  EXPECT_EQ(Value("The bridge reopens in March next year."), "2017-03");
  EXPECT_EQ(Value("The ferry sank on June 12, this year."), "2016-06-12");
  // Without "last year" the nearest June 12 stays as before.
  EXPECT_EQ(Value("The ferry sank on June 12."), "2016-06-12");
}

// A verb in the present tense before the date is what is scheduled: in a
// January article "returns in March" is the coming March.
TEST(Temporal, PresentTenseScheduleIsFuture) {
  EXPECT_EQ(Value("The festival returns in March.", "2017-01-20"), "2017-03");
  EXPECT_EQ(Value("The runoff is on Sunday."), "2016-10-16");
  // The present progressive a few words back: what is being arranged.
  EXPECT_EQ(Value("Two channels are also sponsoring debates on the same dates in February.", "2017-09-20"), "2018-02");
  // The past tense (simple or progressive) keeps the latest such month.
  EXPECT_EQ(Value("The festival returned in March.", "2017-01-20"), "2016-03");
  EXPECT_EQ(Value("Two channels were sponsoring debates on the same dates in February.", "2017-09-20"), "2017-02");
}

TEST(Temporal, NotDates) {
  EXPECT_EQ(Value("He may resign."), "none");
  EXPECT_EQ(Value("May I ask a question?"), "none");
  EXPECT_EQ(Value("Theresa May said the plan would work."), "none");
  EXPECT_EQ(Value("Protesters will march to the square."), "none");
  EXPECT_EQ(Value("The March on Washington was peaceful."), "none");
  EXPECT_EQ(Value("August Strindberg wrote plays."), "none");
  EXPECT_EQ(Value("The Sunday Times reported the deal."), "none");
  EXPECT_EQ(Value("Shoppers queued for Black Friday deals."), "none");
  EXPECT_EQ(Value("Stores open on Mondays."), "none");
  EXPECT_EQ(Value("USA Today reported it."), "none");
  EXPECT_EQ(Value("The 2013-14 season was long."), "none");
  EXPECT_EQ(Value("There were 2013 votes."), "none");
  EXPECT_EQ(Value("A total of 12,2013 was paid in 2,013 instalments."), "none");
  EXPECT_EQ(Value("The score was 19 to 3."), "none");
}

TEST(Temporal, NoPublicationDateKeepsItRelative) {
  auto e = FindTemporalExpressions("Lavrov spoke in Istanbul on Monday, nine days ago.", std::nullopt);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_FALSE(e[0].value.has_value());
  EXPECT_EQ(e[0].relative, "Monday, on or before publication");
  EXPECT_FALSE(e[1].value.has_value());
  EXPECT_EQ(e[1].relative, "9 days before publication");
  EXPECT_EQ(Value("Putin will visit on October 19.", std::nullopt), "-");
  EXPECT_EQ(FindTemporalExpressions("Putin will visit on October 19.", std::nullopt)[0].relative,
            "October 19, year not stated");
  // A date with its year needs no anchor.
  EXPECT_EQ(Value("The deal was signed on October 19, 2014.", std::nullopt), "2014-10-19");
  EXPECT_EQ(Value("The deal was signed in 2014.", "not a date"), "2014");
  EXPECT_EQ(Value("The deal was signed yesterday.", "not a date"), "-");
}

TEST(Temporal, SpansExcludePrepositionsAndKeepQualifiers) {
  auto f = Find("Putin will visit on October 19, and left last Tuesday night after talks in early 2013.");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].text, "October 19");
  EXPECT_EQ(f[1].text, "last Tuesday night");
  EXPECT_EQ(f[2].text, "early 2013");
}

TEST(Temporal, BadInputDoesNotCrash) {
  EXPECT_TRUE(FindTemporalExpressions("", kMonday).empty());
  EXPECT_TRUE(FindTemporalExpressions("", std::nullopt).empty());
  EXPECT_EQ(Value("on Monday \xC3\x28\xFF\xFE October \xE2\x80 19"), "2016-10-10");
  std::string huge(2'000'000, '9');
  EXPECT_TRUE(FindTemporalExpressions(huge, kMonday).empty());
  std::string days;
  for (int i = 0; i < 100000; ++i) days += "on Monday ";
  EXPECT_EQ(FindTemporalExpressions(days, kMonday).size(), 100000u);
  std::string junk;
  for (unsigned i = 0; i < 300000; ++i) junk += static_cast<char>((i * 7919u) % 256u);
  FindTemporalExpressions(junk, kMonday);
  FindTemporalExpressions("2016-10-10 - May 2016 last", "9999-99-99");
}

}  // namespace
}  // namespace parallax
