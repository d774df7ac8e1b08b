// Entity types checked against the story's own evidence
// (src/analyze/entities.cc), on articles we wrote: a country named with its
// people's adjective or "in X" is a place, not a person; "X Inc" and "X
// chief executive" make a company; a gate is a place, not an organisation;
// "Mr X" keeps a person a person.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analyze/analyze.h"
#include "clean/cleaner.h"

namespace parallax {
namespace {

Article Make(const std::string& id, const std::string& text) {
  Article a;
  a.id = id;
  a.source = id + " Post";
  a.published = "2025-04-02";
  a.raw = text;
  CleanArticle(&a, nullptr);
  return a;
}

const Entity* Named(const Story& s, const std::string& name) {
  for (const Entity& e : s.entities) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

TEST(EntityTypes, StoryEvidenceCorrectsPersonTypes) {
  std::vector<Article> arts = {
      Make("north",
           "Talks between Drovnia and the ferry operators broke down on Tuesday, officials in Drovnia said.\n"
           "The Drovnian transport minister said the Skelling Gate would stay closed to lorries until Friday.\n"
           "Halvik Inc, which runs the ferries, said its crews would return when the Skelling Gate reopened.\n"
           "Halvik chief executive Marta Oyen said the company had lost money every day of the closure.\n"),
      Make("south",
           "Ferry services to Drovnia stopped on Tuesday after talks with the operators collapsed.\n"
           "Halvik said it would keep its ships in port while the Skelling Gate stayed shut.\n"
           "Drovnia's government said lorries would be turned back at the Skelling Gate until Friday.\n"
           "Mr Oyen, a brother of the chief executive, said drivers had waited for two days.\n"),
  };
  const Story s = AnalyzeStory({&arts[0], &arts[1]});
  const Entity* country = Named(s, "Drovnia");
  ASSERT_NE(country, nullptr);
  EXPECT_EQ(country->type, EntityType::kPlace);
  const Entity* company = Named(s, "Halvik");
  const Entity* company_inc = Named(s, "Halvik Inc");
  ASSERT_TRUE(company != nullptr || company_inc != nullptr);
  EXPECT_EQ((company != nullptr ? company : company_inc)->type, EntityType::kOrganization);
  const Entity* gate = Named(s, "Skelling Gate");
  ASSERT_NE(gate, nullptr);
  EXPECT_EQ(gate->type, EntityType::kPlace);
  const Entity* person = Named(s, "Marta Oyen");
  ASSERT_NE(person, nullptr);
  EXPECT_EQ(person->type, EntityType::kPerson);
}

TEST(EntityTypes, ANameListedWithPlacesIsAPlace) {
  // The tagger calls "Abel Norton" a person; listed with two villages it is
  // a village. In a list of people it stays a person, and "Mr" evidence
  // keeps it one.
  Article flood = Make("flood",
                       "Floods cut off the villages of Dunmere, Harlow and Abel Norton on Sunday, the regional "
                       "council said.\n\n"
                       "Rescuers reached Dunmere and Harlow by boat, and people in Harlow were taken to a school.\n");
  const Story s = AnalyzeStory({&flood});
  const Entity* village = Named(s, "Abel Norton");
  ASSERT_NE(village, nullptr);
  EXPECT_EQ(village->type, EntityType::kPlace);

  Article mr = Make("mr",
                    "Floods cut off the villages of Dunmere, Harlow and Abel Norton on Sunday, the regional council "
                    "said.\n\n"
                    "Rescuers reached Dunmere and Harlow by boat, and Mr Abel Norton thanked them in Harlow.\n");
  const Story with_mr = AnalyzeStory({&mr});
  const Entity* person = Named(with_mr, "Abel Norton");
  ASSERT_NE(person, nullptr);
  EXPECT_EQ(person->type, EntityType::kPerson);
}

TEST(EntityNames, AGivenNameAloneIsThePersonNamedInFull) {
  std::vector<Article> arts = {
      Make("north",
           "Tobias Renn scored twice as Brennwick beat Aldgate 3-1 in the cup on Saturday.\n"
           "\"Tobias was outstanding,\" manager Petra Lind said after the match.\n"),
      Make("south",
           "Brennwick reached the semi-finals after Tobias Renn scored twice against Aldgate.\n"
           "Petra Lind praised the whole team after the match.\n"),
  };
  const Story s = AnalyzeStory({&arts[0], &arts[1]});
  EXPECT_EQ(Named(s, "Tobias"), nullptr);
  const Entity* renn = Named(s, "Tobias Renn");
  ASSERT_NE(renn, nullptr);
  EXPECT_EQ(renn->mentions, 3);
}

TEST(EntityNames, AGivenNameSharedByTwoPeopleStaysApart) {
  std::vector<Article> arts = {
      Make("north",
           "Tobias Renn and Tobias Hallam scored as Brennwick beat Aldgate 3-1 in the cup on Saturday.\n"
           "\"Tobias was outstanding,\" manager Petra Lind said after the match.\n"),
  };
  const Story s = AnalyzeStory({&arts[0]});
  const Entity* renn = Named(s, "Tobias Renn");
  ASSERT_NE(renn, nullptr);
  EXPECT_EQ(renn->mentions, 1);
}

}  // namespace
}  // namespace parallax
