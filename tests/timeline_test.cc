// The story timeline (src/analyze/timeline.cc): dated statements grouped
// across outlets, on invented articles, on the bundled examples and on the
// seed articles.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>

#include "analyze/analyze.h"
#include "clean/cleaner.h"
#include "ingest/reader.h"
#include "shared_data.h"

namespace parallax {
namespace {

Article Make(const std::string& id, std::optional<std::string> published, const std::string& text) {
  Article a;
  a.id = id;
  a.source = id + " News";
  a.published = std::move(published);
  a.raw = text;
  CleanArticle(&a, nullptr);
  return a;
}

const TimelineEntry* Find(const Story& s, const std::string& fragment) {
  for (const TimelineEntry& t : s.timeline) {
    if (t.text.find(fragment) != std::string::npos) return &t;
  }
  return nullptr;
}

// Three invented outlets: published on a Tuesday, on the Monday before, and
// without a date.
std::vector<Article> Outlets() {
  return {
      Make("tuesday", "2025-03-04",
           "PORTVILLE, Ostreva, March 4 (OPA) - Dockworkers walked off the job at the port of Portville on Monday over "
           "automated cranes.\n"
           "The union said it had delivered notice to the port authority on 20 February.\n"
           "Talks between the union and the port authority are set for Thursday.\n"
           "\"We will strike again next week,\" said union leader Anton Brezic.\n"),
      Make("monday", "2025-03-03",
           "Dockworkers at the port of Portville walked off the job on Monday in a dispute over automated cranes.\n"
           "Talks with the port authority are scheduled for Thursday, the union said.\n"
           "The port of Portville handled 2 million containers in 2024.\n"),
      Make("undated", std::nullopt,
           "Dockworkers walked off the job at the port of Portville on Monday over automated cranes, the union said.\n"
           "Nine ships were waiting at anchor outside the port of Portville.\n"),
  };
}

TEST(Timeline, ResolvesGroupsAcrossOutletsAndSortsByDate) {
  auto arts = Outlets();
  Story s = AnalyzeStory({&arts[0], &arts[1], &arts[2]});
  ASSERT_FALSE(s.timeline.empty());
  const TimelineEntry* walkout = Find(s, "walked off the job");
  ASSERT_NE(walkout, nullptr);
  EXPECT_EQ(walkout->date, "2025-03-03");  // Monday, from a Tuesday and from the Monday itself
  EXPECT_EQ(walkout->granularity, DateGranularity::kDay);
  // The undated article's "on Monday" agrees in its relative form.
  EXPECT_EQ(walkout->sources, (std::vector<std::string>{"tuesday", "monday", "undated"}));
  ASSERT_EQ(walkout->expressions.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    const Citation& c = walkout->expressions[k];
    const Article& a = *std::find_if(arts.begin(), arts.end(), [&](const Article& x) { return x.id == c.article; });
    EXPECT_EQ(a.text.substr(c.span.begin, c.span.size()), "Monday") << c.article;
    EXPECT_EQ(walkout->citations[k].article, c.article);
    EXPECT_LE(walkout->citations[k].span.begin, c.span.begin);
  }
  const TimelineEntry* talks = Find(s, "Talks");
  ASSERT_NE(talks, nullptr);
  EXPECT_EQ(talks->date, "2025-03-06");  // future: the Thursday after either publication day
  EXPECT_EQ(talks->sources.size(), 2u);
  const TimelineEntry* notice = Find(s, "notice");
  ASSERT_NE(notice, nullptr);
  EXPECT_EQ(notice->date, "2025-02-20");
  const TimelineEntry* year = Find(s, "containers");
  ASSERT_NE(year, nullptr);
  EXPECT_EQ(year->date, "2024");
  EXPECT_EQ(year->granularity, DateGranularity::kYear);
  // Chronological.
  std::vector<std::string> dates;
  for (const TimelineEntry& t : s.timeline) dates.push_back(t.date.value_or("~"));
  EXPECT_EQ(dates, (std::vector<std::string>{"2024", "2025-02-20", "2025-03-03", "2025-03-06"}));
  // Not in the timeline: the dateline's "March 4" and the quoted "next week".
  for (const TimelineEntry& t : s.timeline) {
    EXPECT_EQ(t.text.find("next week"), std::string::npos);
    for (const Citation& c : t.expressions) EXPECT_GT(c.span.begin, 40u) << t.text;
  }
}

TEST(Timeline, WithoutPublicationDatesEntriesStayRelative) {
  Article a = Make("a", std::nullopt, "The council voted on Tuesday to close the old bridge at Tarrow for repairs.\n");
  Article b = Make("b", std::nullopt, "On Tuesday the council voted to close the old bridge at Tarrow for repairs.\n");
  Story s = AnalyzeStory({&a, &b});
  ASSERT_EQ(s.timeline.size(), 1u);
  EXPECT_FALSE(s.timeline[0].date.has_value());
  EXPECT_EQ(s.timeline[0].relative, "Tuesday, on or before publication");
  EXPECT_EQ(s.timeline[0].sources.size(), 2u);
}

TEST(Timeline, CapsEntriesKeepingTheMostWidelyStated) {
  std::string one, two;
  const char* kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  for (int i = 0; i < 7; ++i) {
    one += std::string("The lighthouse keepers counted ") + std::to_string(i + 3) + " storks on " + kDays[i] + ".\n";
  }
  two = "The lighthouse keepers counted 5 storks on Wednesday.\n";
  Article a = Make("a", "2025-03-09", one);
  Article b = Make("b", "2025-03-09", two);
  AnalyzeOptions opt;
  opt.timeline_entries = 3;
  Story s = AnalyzeStory({&a, &b}, opt);
  ASSERT_EQ(s.timeline.size(), 3u);
  EXPECT_TRUE(std::any_of(s.timeline.begin(), s.timeline.end(),
                          [](const TimelineEntry& t) { return t.sources.size() == 2 && t.date == "2025-03-05"; }));
  EXPECT_TRUE(std::is_sorted(s.timeline.begin(), s.timeline.end(),
                             [](const TimelineEntry& x, const TimelineEntry& y) { return *x.date < *y.date; }));
}

// A date that only starts the span a sentence measures against ("the
// first title since 1908") is not the date of what it reports.
TEST(Timeline, DatesInSincePhrasesAreNotTheEventsDate) {
  std::vector<Article> arts = {
      Make("north", "2025-05-12",
           "Brennford won the cup on Saturday, the club's first title since 1908.\n"
           "Fans filled the square until dawn, and the mayor promised a parade.\n"),
      Make("south", "2025-05-12",
           "The Brennford side, without a title since 1908, lifted the cup in the final against Varro.\n"
           "The mayor promised a parade through the old town for the squad.\n"),
  };
  const Story s = AnalyzeStory({&arts[0], &arts[1]});
  for (const TimelineEntry& t : s.timeline) EXPECT_NE(t.date.value_or(""), "1908") << t.text;
  const TimelineEntry* won = Find(s, "won the cup");
  ASSERT_NE(won, nullptr);
  EXPECT_EQ(won->date.value_or("-"), "2025-05-10");
}

// A sentence shown out of its article that opens with "He" or "She" says
// whom it means; the citation still covers the sentence as written.
TEST(Timeline, PronounOpeningShowsThePerson) {
  std::vector<Article> arts = {
      Make("north", "2025-05-12",
           "Mayor Ilse Varga toured the flooded villages of the valley with engineers.\n"
           "She said on Sunday that the Orsa bridge would stay closed for a month.\n"),
  };
  const Story s = AnalyzeStory({&arts[0]});
  const TimelineEntry* t = Find(s, "would stay closed");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->text.rfind("[Ilse Varga] said on Sunday", 0), 0u) << t->text;
  ASSERT_EQ(t->citations.size(), 1u);
  const Span span = t->citations[0].span;
  EXPECT_EQ(arts[0].text.substr(span.begin, 3), "She");
}

TEST(Timeline, BadTextDoesNotCrash) {
  Article a;
  a.id = "bad";
  a.published = "2025-13-45";
  a.text = "On Monday \xC3\x28 in \xFF\xFE May 2013 " + std::string(200000, 'x') + " yesterday.\n\n\"\n";
  Article b;
  b.id = "empty";
  b.published = "";
  EXPECT_NO_FATAL_FAILURE(AnalyzeStory({&a, &b}));
}

std::vector<Article> ReadClean(const std::string& dir) {
  IngestResult in = ReadInputs({dir}, IngestOptions{});
  std::vector<Article> arts = std::move(in.articles);
  CleanCorpus(&arts);
  return arts;
}

void Print(const Story& s) {
  for (const TimelineEntry& t : s.timeline) {
    std::cout << "  " << (t.date ? *t.date + (t.modifier.empty() ? "" : " " + t.modifier) : "(" + t.relative + ")")
              << " [" << t.sources.size() << "] " << t.text.substr(0, 110) << "\n";
  }
}

// The bundled strike story: the dated outlets agree on Monday 3 March.
TEST(Timeline, ExampleStrikeHasDatedEntriesFromSeveralOutlets) {
  std::vector<Article> all = ReadClean(std::string(PARALLAX_SOURCE_DIR) + "/examples/articles");
  std::vector<const Article*> strike;
  for (const Article& a : all) {
    if (a.id.find("strike") != std::string::npos) strike.push_back(&a);
  }
  ASSERT_EQ(strike.size(), 5u);
  Story s = AnalyzeStory(strike);
  Print(s);
  std::size_t dated_multi = 0;
  for (const TimelineEntry& t : s.timeline) dated_multi += t.date.has_value() && t.sources.size() >= 2;
  EXPECT_GE(dated_multi, 2u);
  EXPECT_LE(s.timeline.size(), 12u);
}

// The five seed articles carry no publication date: their timeline is in
// relative form, and outlets still agree on some of it.
TEST(Timeline, SeedStoryTimelineCitesSeveralOutlets) {
  PARALLAX_REQUIRE_SHARED("seeds");
  std::vector<Article> arts = ReadClean(testing::SharedDataDir() + "/seeds");
  ASSERT_EQ(arts.size(), 5u);
  std::vector<const Article*> ptrs;
  for (const Article& a : arts) ptrs.push_back(&a);
  Story s = AnalyzeStory(ptrs);
  Print(s);
  ASSERT_FALSE(s.timeline.empty());
  std::size_t multi = 0;
  for (const TimelineEntry& t : s.timeline) {
    multi += t.sources.size() >= 2;
    EXPECT_TRUE(t.date.has_value() || !t.relative.empty());
  }
  EXPECT_GE(multi, 1u);
}

}  // namespace
}  // namespace parallax
