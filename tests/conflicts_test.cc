// Conflicts and updates (src/analyze/conflicts.cc) on invented articles:
// the same quantity of the same event with figures that cannot both be
// true is a conflict; numbers that are not about the claim, ranges that
// agree, a part against its total, converted units and two events on
// different days are not; a count that grew in later articles is an update.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analyze/analyze.h"
#include "analyze/context.h"
#include "clean/cleaner.h"

namespace parallax {
namespace {

Article Make(const std::string& id, const std::string& published, const std::string& text) {
  Article a;
  a.id = id;
  a.source = id + " Times";
  if (!published.empty()) a.published = published;
  a.raw = text;
  CleanArticle(&a, nullptr);
  return a;
}

// Two outlets, each with one sentence about the flood at Varro Bridge, the
// second sentence varying; returns the story's conflicts.
std::vector<Conflict> Pair(const std::string& first, const std::string& second, const std::string& date1 = "2025-06-02",
                           const std::string& date2 = "2025-06-02") {
  std::vector<Article> arts = {
      Make("east", date1,
           first + "\nThe river rose overnight after three days of rain in the hills.\n"
                   "Schools in the valley stayed closed on Monday.\n"),
      Make("west", date2,
           second + "\nOvernight the river rose after three days of rain in the hills.\n"
                    "Valley schools stayed closed on Monday.\n"),
  };
  return AnalyzeStory({&arts[0], &arts[1]}).conflicts;
}

TEST(Conflicts, DifferentCountsOfTheSameEventAreAConflict) {
  const auto c = Pair("Rescuers said 12 people were injured when the Varro Bridge collapsed into the flooded river.",
                      "Rescuers said 14 people were injured when the Varro Bridge collapsed into the flooded river.");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_FALSE(c[0].update);
  EXPECT_EQ(c[0].quantity, "injured");
  ASSERT_EQ(c[0].sides.size(), 2u);
  EXPECT_TRUE(c[0].dates.empty());
}

TEST(Conflicts, RangesAndRoundedFiguresThatAgreeAreNoConflict) {
  EXPECT_TRUE(Pair("More than 270 people were evacuated when the Varro Bridge collapsed into the flooded river.",
                   "Some 276 people were evacuated when the Varro Bridge collapsed into the flooded river.")
                  .empty());
  EXPECT_TRUE(Pair("At least 30 people were killed when the Varro Bridge collapsed into the flooded river.",
                   "About 32 people were killed when the Varro Bridge collapsed into the flooded river.")
                  .empty());
  EXPECT_TRUE(Pair("Turnout at the Varro Bridge referendum fell below 50 percent, the electoral office said on Monday.",
                   "Turnout at the Varro Bridge referendum fell to 47 percent, the electoral office said on Monday.")
                  .empty());
  // A range that excludes the other figure is still a conflict.
  EXPECT_EQ(Pair("More than 270 people were evacuated when the Varro Bridge collapsed into the flooded river.",
                 "Some 150 people were evacuated when the Varro Bridge collapsed into the flooded river.")
                .size(),
            1u);
}

TEST(Conflicts, FiguresThatDifferByATypoAgree) {
  EXPECT_TRUE(Pair("The Varro index closed down 1,861.81 points after the bridge collapsed into the flooded river.",
                   "The Varro index closed down 1,861.82 points after the bridge collapsed into the flooded river.")
                  .empty());
}

TEST(Conflicts, ARoundedFigureAgreesWithWhatRoundsToIt) {
  EXPECT_TRUE(Pair("The Varro council passed a $1.4 billion plan to rebuild the bridge that collapsed into the river.",
                   "The Varro council passed a $1.37 billion plan to rebuild the bridge that collapsed into the river.")
                  .empty());
  EXPECT_TRUE(Pair("The flood that followed the Varro Bridge collapse has left 500,000 people evacuated from their homes.",
                   "The flood that followed the Varro Bridge collapse has left 500,071 people evacuated from their homes.")
                  .empty());
  EXPECT_EQ(Pair("The flood that followed the Varro Bridge collapse has left 500,000 people evacuated from their homes.",
                 "The flood that followed the Varro Bridge collapse has left 620,071 people evacuated from their homes.")
                .size(),
            1u);
  // Two figures of the same precision still disagree.
  EXPECT_EQ(Pair("The Varro council passed a $1.4 billion plan to rebuild the bridge that collapsed into the river.",
                 "The Varro council passed a $1.7 billion plan to rebuild the bridge that collapsed into the river.")
                .size(),
            1u);
}

TEST(Conflicts, ConvertedUnitsAgree) {
  EXPECT_TRUE(Pair("The flood wave from the Varro Bridge collapse travelled 20 miles down the valley.",
                   "The flood wave from the Varro Bridge collapse travelled 30 km down the valley.")
                  .empty());
  // 20 miles against 80 km is a real difference.
  EXPECT_EQ(Pair("The flood wave from the Varro Bridge collapse travelled 20 miles down the valley.",
                 "The flood wave from the Varro Bridge collapse travelled 80 km down the valley.")
                .size(),
            1u);
}

TEST(Conflicts, NumbersNotAboutTheClaimAreIgnored) {
  // An age against a count, a caption counter, a year, a date.
  EXPECT_TRUE(Pair("Mayor Ilse Varga, 54, said the Varro Bridge collapsed into the flooded river on Monday.",
                   "Mayor Ilse Varga said 80 homes were lost when the Varro Bridge collapsed into the flooded river.")
                  .empty());
  EXPECT_TRUE(Pair("Caption 8 of 25: the Varro Bridge collapsed into the flooded river, killing residents.",
                   "The Varro Bridge collapsed into the flooded river, and 80 residents were killed.")
                  .empty());
  EXPECT_TRUE(Pair("The Varro Bridge, built in 1908, collapsed into the flooded river on June 1.",
                   "The Varro Bridge, built in 1911, collapsed into the flooded river on June 1.")
                  .size() <= 1u);
}

TEST(Conflicts, AReadingOnAScaleIsNoCount) {
  // "magnitude 6.1" is not a death toll (nor 6.2 against 6.1 a count that
  // disagrees), and "residents and injured" does not make 300 a count of
  // the injured: both sentences give about 300 dead.
  EXPECT_TRUE(Pair("A magnitude 6.2 earthquake hit the Varro valley on Saturday and killed at least 310 people, "
                   "officials said.",
                   "A magnitude 6.1 earthquake that killed more than 300 residents and injured at least 2,000 more "
                   "hit the Varro valley on Saturday, officials said.")
                  .empty());
  // The tolls themselves still disagree when they cannot both be true.
  EXPECT_EQ(Pair("A magnitude 6.1 earthquake hit the Varro valley on Saturday and killed 310 people, officials said.",
                 "A magnitude 6.1 earthquake hit the Varro valley on Saturday and killed 120 people, officials said.")
                .size(),
            1u);
}

TEST(Conflicts, ANarrowedMeasureIsAnotherQuantity) {
  // The headline price rise against the one without food and energy.
  EXPECT_TRUE(Pair("Consumer prices in the Varro valley increased 0.8 percent in April from March, the statistics office "
                   "said.",
                   "Excluding food and energy, consumer prices in the Varro valley increased 0.9 percent in April from "
                   "March, the statistics office said.")
                  .empty());
  EXPECT_EQ(Pair("Consumer prices in the Varro valley increased 0.8 percent in April from March, the statistics office "
                 "said.",
                 "Consumer prices in the Varro valley increased 1.4 percent in April from March, the statistics office "
                 "said.")
                .size(),
            1u);
}

TEST(Conflicts, APercentChangeIsComparedWithChangesOnlyWhateverTheVerb) {
  // The same change given with different verbs of rise still disagrees, as
  // "increased" against "increased" does.
  EXPECT_EQ(Pair("Ticket sales at the Varro ferry rose 8 percent in May from April, the operator said.",
                 "Ticket sales at the Varro ferry climbed 12 percent in May from April, the operator said.")
                .size(),
            1u);
  EXPECT_EQ(Pair("Ticket sales at the Varro ferry fell by 8 percent in May from April, the operator said.",
                 "Ticket sales at the Varro ferry dropped 12% in May from April, the operator said.")
                .size(),
            1u);
  // The same size of change agrees whatever the verb.
  EXPECT_TRUE(Pair("Ticket sales at the Varro ferry rose 8 percent in May from April, the operator said.",
                   "Ticket sales at the Varro ferry jumped 8% in May from April, the operator said.")
                  .empty());
  // A change is not a level: a rise of 4 percent to a share of 30 percent.
  EXPECT_TRUE(Pair("The ferry's share of valley traffic rose 4 percent in May, the operator said.",
                   "The ferry's share of valley traffic reached 30 percent in May, the operator said.")
                  .empty());
}

TEST(Conflicts, AFigureGivenForComparisonIsAnotherSubjects) {
  EXPECT_TRUE(Pair("The Varro index closed down 1,200 points, or 6.9%, after the bridge collapsed into the river.",
                   "The Varro index closed down 1,200 points after the bridge collapsed into the river, while the "
                   "Kessar index slid 5.9 percent.")
                  .empty());
}

TEST(Conflicts, APartIsNotComparedWithItsTotal) {
  EXPECT_TRUE(Pair("In all 140 residents were rescued from the roofs after the Varro Bridge collapsed.",
                   "In all 12 children and 128 residents were rescued from the roofs after the Varro Bridge collapsed.")
                  .empty());
  EXPECT_TRUE(Pair("Rescuers said 12 people were injured, including three firefighters, when the Varro Bridge fell.",
                   "Rescuers said 3 firefighters were injured when the Varro Bridge fell.")
                  .empty());
}

TEST(Conflicts, TwoEventsOnDifferentDaysAreNoConflict) {
  EXPECT_TRUE(Pair("On Monday the flood wave from the Varro Bridge collapse killed 12 people downstream.",
                   "On Wednesday the flood wave from the Varro Bridge collapse killed 3 people downstream.",
                   "2025-06-05", "2025-06-05")
                  .empty());
  // The same day in both: a conflict.
  EXPECT_EQ(Pair("On Monday the flood wave from the Varro Bridge collapse killed 12 people downstream.",
                 "On Monday the flood wave from the Varro Bridge collapse killed 3 people downstream.", "2025-06-05",
                 "2025-06-05")
                .size(),
            1u);
}

TEST(Conflicts, AGrowingTollInALaterArticleIsAnUpdateWithDates) {
  const auto c = Pair("Officials said 12 people were killed when the Varro Bridge collapsed into the flooded river.",
                      "Officials said 19 people were killed when the Varro Bridge collapsed into the flooded river.",
                      "2025-06-02", "2025-06-04");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_TRUE(c[0].update);
  EXPECT_EQ(c[0].dates, (std::vector<std::string>{"2025-06-02", "2025-06-04"}));
  EXPECT_NE(c[0].sides[0].text.find("12"), std::string::npos);  // oldest first
  // Reversed in time (the later article gives fewer): a disagreement is
  // not claimed across days, and not shown as an update either.
  const auto d = Pair("Officials said 19 people were killed when the Varro Bridge collapsed into the flooded river.",
                      "Officials said 12 people were killed when the Varro Bridge collapsed into the flooded river.",
                      "2025-06-02", "2025-06-04");
  for (const Conflict& x : d) EXPECT_FALSE(x.update);
}

// The candidate index finds every pair of sentences with figures that the
// similarity bar admits, on all the examples' and seeds' articles pooled
// into one story (a big story's sentences in other stories' words).
TEST(Conflicts, CandidateIndexFindsEveryPairAllPairsFind) {
  std::vector<Article> arts;
  for (const char* dir : {PARALLAX_SOURCE_DIR "/examples/articles", PARALLAX_SOURCE_DIR "/../shared/data/seeds"}) {
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      arts.push_back(Make(entry.path().filename().string(), "2025-06-02", text.str()));
    }
  }
  ASSERT_GE(arts.size(), 9u);
  std::vector<const Article*> ptrs;
  for (const Article& a : arts) ptrs.push_back(&a);
  const analyze_internal::StoryContext ctx = analyze_internal::BuildContext(ptrs);
  for (double bar : {0.2, 0.35, 0.5}) {
    const auto all = analyze_internal::SimilarFigurePairs(ctx, bar, true);
    EXPECT_EQ(analyze_internal::SimilarFigurePairs(ctx, bar, false), all) << "bar " << bar;
    EXPECT_FALSE(all.empty()) << "bar " << bar;
  }
}

}  // namespace
}  // namespace parallax
