// Speaker attribution patterns, one hand-written (invented) sentence each.
// Regression tests for the PolNeAR speaker-accuracy work (GitHub issue 4).

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "analyze/analyze.h"
#include "analyze/quotes_model.h"
#include "analyze/speakers.h"
#include "clean/cleaner.h"

namespace parallax {
namespace {

// The speaker our pipeline gives the quote holding `fragment` in `text`
// (one article, one story); "<no quote>" when no quote holds it.
std::string SpeakerOf(const std::string& text, const std::string& fragment) {
  Article a;
  a.id = "a";
  a.raw = text;
  CleanArticle(&a, nullptr);
  const Story s = AnalyzeStory({&a});
  for (const Quote& q : s.quotes) {
    if (q.text.find(fragment) != std::string::npos) return q.speaker;
  }
  return "<no quote>";
}

TEST(QuoteSpeakers, NameBeforeAnAppositionAfterTheQuote) {
  EXPECT_EQ(SpeakerOf("Ferries stopped on Monday.\n"
                      "\"We will rebuild the bridge by spring,\" Mara Lindqvist, a deputy who once worked for Olek "
                      "Brandt, said.\n",
                      "rebuild the bridge"),
            "Mara Lindqvist");
}

TEST(QuoteSpeakers, NameBeforeAnAppositionBeforeTheQuote) {
  EXPECT_EQ(SpeakerOf("The budget passed on Tuesday.\n"
                      "Tomas Reyes, who advises Governor Ilse Varga, said: \"The budget is sound and fair.\"\n",
                      "budget is sound"),
            "Tomas Reyes");
}

TEST(QuoteSpeakers, PersonBeforeNestedAppositionsWinsOverTheOrganisation) {
  EXPECT_EQ(SpeakerOf("Teachers marched on Friday.\n"
                      "Joan Okafor, president of the Federation of Harbour Teachers, which represents 9,000 staff, "
                      "said the day showed that \"parents are standing with their schools.\"\n",
                      "standing with their schools"),
            "Joan Okafor");
}

TEST(QuoteSpeakers, SentenceSubjectWithoutASpeechVerb) {
  EXPECT_EQ(SpeakerOf("The housing plan was published in March.\n"
                      "In April, Senator Pavel Okoro dismissed the plan as \"a gift to the landlords.\"\n",
                      "gift to the landlords"),
            "Pavel Okoro");
}

TEST(QuoteSpeakers, ParticipleAfterACommaTakesTheSentenceSubject) {
  EXPECT_EQ(SpeakerOf("The court ruled on Friday.\n"
                      "Governor Hal Brenner criticised the ruling of the judge Ada Kowal, writing: \"This court has "
                      "lost its way.\"\n",
                      "lost its way"),
            "Hal Brenner");
}

TEST(QuoteSpeakers, PronounRightBeforeTheVerb) {
  EXPECT_EQ(SpeakerOf("Lena Parkes spoke after the ceremony.\n"
                      "Parkes says she admires Omar Vale for what she calls \"a rare kind of courage.\"\n",
                      "rare kind of courage"),
            "Lena Parkes");
}

TEST(QuoteSpeakers, SaysOfNamesTheTopicNotTheSpeaker) {
  EXPECT_EQ(SpeakerOf("Arno Fiskar spoke to reporters on Monday.\n"
                      "The retired general says of Omar Vale, \"He never once backed down from a fight.\"\n",
                      "never once backed down"),
            "Arno Fiskar");
}

TEST(QuoteSpeakers, AccordingToBeforeTheQuote) {
  EXPECT_EQ(SpeakerOf("The count ended at midnight.\n"
                      "According to Ivo Salas, \"the vote was rigged from the very start.\"\n",
                      "rigged from the very start"),
            "Ivo Salas");
}

TEST(QuoteSpeakers, PossessorOfAWordForSpeech) {
  EXPECT_EQ(SpeakerOf("The panel met for three hours.\n"
                      "Following the hearing the panel examined Rosa Tamm's claim that the port was \"losing money "
                      "every single week.\"\n",
                      "losing money"),
            "Rosa Tamm");
}

TEST(QuoteSpeakers, UnknownCapitalisedNameIsKept) {
  const std::string speaker = SpeakerOf("Gerd Hollis voted against the bill.\n"
                                        "\"Nobody expected the bill to pass this year,\" the Ledgerpoint reported.\n",
                                        "Nobody expected");
  EXPECT_NE(speaker.find("Ledgerpoint"), std::string::npos) << speaker;
}

TEST(QuoteSpeakers, SentenceInitialCommonWordIsNotAName) {
  const std::string speaker = SpeakerOf("Clara Voss was treated in May.\n"
                                        "After saying her knee was \"so swollen I could not walk,\" she left.\n",
                                        "so swollen");
  EXPECT_EQ(speaker, "Clara Voss");
}

TEST(QuoteSpeakers, NextSentenceWithItsOwnQuoteDoesNotAttribute) {
  EXPECT_EQ(SpeakerOf("Dana Velkova spoke after the vote.\n"
                      "\"We are not leaving this town.\" The harbour authority said it would review \"every single "
                      "contract we signed.\"\n",
                      "not leaving this town"),
            "Dana Velkova");
}

TEST(QuoteSpeakers, TitleInQuotesDoesNotPassItsSpeakerOn) {
  EXPECT_EQ(SpeakerOf("The trial ended on Friday.\n"
                      "\"It was a fair hearing,\" Rina Osei, a lawyer for Tom Bakker, said on the \"Morning Desk "
                      "Show.\" \"The judge listened to everyone in the room.\"\n",
                      "judge listened"),
            "Rina Osei");
}

TEST(QuoteSpeakers, SpeakerOfAReportedSentenceCarriesToTheNextQuote) {
  EXPECT_EQ(SpeakerOf("The talks failed on Monday.\n"
                      "The council stayed quiet while Ana Cruzado negotiated, Piet Holm said. \"We waited for six hours "
                      "and nobody came out.\"\n",
                      "waited for six hours"),
            "Piet Holm");
}

TEST(QuoteSpeakers, LongAppositionAfterTheQuote) {
  EXPECT_EQ(SpeakerOf("The first lady's office has no budget line.\n"
                      "\"There is no job description for this post at all,\" Helen Marsh, who served as Nora Quill's "
                      "chief of staff during the whole of the second term, told a radio station.\n",
                      "no job description"),
            "Helen Marsh");
}

TEST(QuoteSpeakers, PersonBeforeAPartyLabel) {
  EXPECT_EQ(SpeakerOf("The primary ended late.\n"
                      "After winning the state, Gov. John Reardon (R-OH), said, \"We are going all the way to the "
                      "convention.\"\n",
                      "all the way to the convention"),
            "John Reardon");
}

TEST(QuoteSpeakers, NameAndAnyVerbClosingTheSentence) {
  EXPECT_EQ(SpeakerOf("Sean Dorsey interviewed the candidate on Monday.\n"
                      "\"Would the wall be negotiable at all?\" Dorsey pressed.\n",
                      "wall be negotiable"),
            "Sean Dorsey");
}

TEST(QuoteSpeakers, TitledNameTheTaggerMissedInALeadIn) {
  const std::string speaker = SpeakerOf("Dr. Wardle stated:\n"
                                        "\"The department is not about equal justice any more.\"\n",
                                        "equal justice");
  EXPECT_NE(speaker.find("Wardle"), std::string::npos) << speaker;
}

TEST(QuoteSpeakers, PronounOpeningTheClauseOfTheVerb) {
  EXPECT_EQ(SpeakerOf("Erin Maddox, the activist and lawyer, backed the plan of Tom Brill on Saturday, adding that "
                      "she had not called for a resignation because she thought \"we need to focus on the people "
                      "first.\"\n",
                      "focus on the people"),
            "Erin Maddox");
}

TEST(QuoteSpeakers, NameRightBeforeAColon) {
  EXPECT_EQ(SpeakerOf("The early polls were wrong.\n"
                      "The timing does not surprise the pollster Daniel Shaw: \"Late deciders always break for the "
                      "challenger.\"\n",
                      "Late deciders"),
            "Daniel Shaw");
}

TEST(QuoteSpeakers, AsClauseBeforeTheQuote) {
  EXPECT_EQ(SpeakerOf("The rule can be changed at will.\n"
                      "As the analyst David Byrne pointed out in December, \"the delegates will have many chances to "
                      "change it.\"\n",
                      "many chances"),
            "David Byrne");
}

TEST(QuoteSpeakers, ParticipialOpeningWithSeveralCommas) {
  EXPECT_EQ(SpeakerOf("The primary is on Tuesday.\n"
                      "Speaking at a town hall in Salem, Oregon, Mark Fenwick went after his rival, calling him \"a "
                      "total stiff with no plan.\"\n",
                      "total stiff"),
            "Mark Fenwick");
}

TEST(QuoteSpeakers, ConjunctionBeforeTheSubject) {
  EXPECT_EQ(SpeakerOf("Several senators were asked about the tour.\n"
                      "But Sen. Paul Tomasz refused to discuss it, responding that he is \"not going to go into what "
                      "my campaign is doing.\"\n",
                      "not going to go into"),
            "Paul Tomasz");
}

TEST(QuoteSpeakers, AbbreviatedDelegateTitleIsNotTheSpeaker) {
  EXPECT_EQ(SpeakerOf("The delegation met the island's mayors on Friday.\n"
                      "Del. Marta Quillon told reporters the money \"will not reach the harbour before winter.\"\n",
                      "will not reach the harbour"),
            "Marta Quillon");
}

TEST(QuoteSpeakers, QuoteInASentenceThatNamesNobody) {
  EXPECT_EQ(SpeakerOf("Anna Berg spoke in the town hall on Sunday.\n"
                      "\"She has kept the same friends since school,\" Berg said. That makes her \"a reliable and "
                      "trustworthy person.\"\n",
                      "reliable and trustworthy"),
            "Anna Berg");
}

TEST(QuoteSpeakers, AsClauseInALeadInParagraph) {
  EXPECT_EQ(SpeakerOf("The agency stayed silent.\n"
                      "As the Harbour Gazette reported on Friday, the agency was still refusing to comment:\n"
                      "\"The agency is reluctant to call the fire an act of arson, citing the inquiry.\"\n",
                      "reluctant to call the fire"),
            "Harbour Gazette");
}

TEST(QuoteSpeakers, VerbJoinedByAndSharesTheSubject) {
  EXPECT_EQ(SpeakerOf("The city was calm on Sunday.\n"
                      "Donald Marsh, the mayor's rival, bemoaned the unrest in Charlotte Hale's district and said he "
                      "thought money was a \"very, very big factor in the violence.\"\n",
                      "very big factor"),
            "Donald Marsh");
}

TEST(QuoteSpeakers, ClauseAfterTheQuoteIsNotAnAttribution) {
  EXPECT_EQ(SpeakerOf("The debate ran late.\n"
                      "The clip shows Tom Riley saying during the debate, \"That makes me smart and careful,\" when "
                      "Clara Voss blasted him for not paying tax.\n",
                      "makes me smart"),
            "Tom Riley");
}

TEST(QuoteSpeakers, FirstPersonWhenAVerbSitsBeforeTheLaterSpeechVerb) {
  EXPECT_EQ(SpeakerOf("The clip was released on Monday.\n"
                      "\"Keep your hands where we can see them,\" Mary Blake sings to Hana Ruiz before asking her "
                      "a question.\n",
                      "Keep your hands"),
            "Mary Blake");
}

TEST(QuoteSpeakers, ClauseBetweenCommasIsNotAnApposition) {
  EXPECT_EQ(SpeakerOf("Bob Carver spoke first.\n"
                      "Like Carver, Ana Mendez also rejected the idea that members could pull away from the bill, "
                      "arguing that there is \"flexibility for the administration\" in the regime.\n",
                      "flexibility for the administration"),
            "Ana Mendez");
}

TEST(QuoteSpeakers, SeveralIntroductoryPhrasesBeforeTheSubject) {
  EXPECT_EQ(SpeakerOf("The senator met the candidate.\n"
                      "On Thursday, after staying neutral for months, Ellen Warwick appeared with Rachel Moss and "
                      "endorsed Clara Voss, saying, \"I think a fighter in the lead is what this country needs.\"\n",
                      "fighter in the lead"),
            "Ellen Warwick");
}

TEST(QuoteSpeakers, SignatureAfterADashKeepsTheWholeName) {
  const std::string speaker = SpeakerOf("Readers sent us their views.\n"
                                        "\"He does not answer to anyone and respects no one at all.\" \xE2\x80\x95 "
                                        "Christina N Luis Olidem\n"
                                        "More views from readers will follow in the next edition of this page.\n",
                                        "answer to anyone");
  EXPECT_EQ(speaker, "Christina N Luis Olidem");
}

TEST(QuoteSpeakers, LastPersonOfATitledNameAfterTheQuote) {
  EXPECT_EQ(SpeakerOf("The judge ruled on Thursday.\n"
                      "\"We are pleased with the well-reasoned decision,\" Varga lawyer Marc Kessler said.\n",
                      "well-reasoned decision"),
            "Marc Kessler");
}

TEST(QuoteSpeakers, InvertedSpeakerAfterAPrepositionalPhrase) {
  EXPECT_EQ(SpeakerOf("Voters met the candidates on Monday.\n"
                      "\"This will be a real challenge\" for Clara Voss, said Madeleine Kunert.\n",
                      "real challenge"),
            "Madeleine Kunert");
}

TEST(QuoteSpeakers, CountryAsTheSubjectOfASpeechVerb) {
  EXPECT_EQ(SpeakerOf("Leaders condemned the test on Friday.\n"
                      "Japan said the launch was \"a grave threat to the whole region.\"\n",
                      "grave threat"),
            "Japan");
}

TEST(QuoteSpeakers, ConjunctionThenIntroductoryPhrase) {
  EXPECT_EQ(SpeakerOf("Dale Trumbo gave an interview on Monday.\n"
                      "But to give you the tenor of the interview, Dale Trumbo went on to praise his new golf club in "
                      "Florida, \"which is a phenomenal area.\"\n",
                      "phenomenal area"),
            "Dale Trumbo");
}

TEST(QuoteSpeakers, AdverbialOpeningBeforeTheSubject) {
  EXPECT_EQ(SpeakerOf("The attack happened at night.\n"
                      "Immediately after the attack, Dale Trumbo issued a statement, \"Last night our nation was "
                      "attacked by cowards.\"\n",
                      "our nation was attacked"),
            "Dale Trumbo");
}

TEST(QuoteSpeakers, OrganisationAfterTheArticleIsTheSubject) {
  const std::string speaker = SpeakerOf("The bureau has a new chief.\n"
                                        "On its official website, the FBI lists \"public corruption as its top "
                                        "criminal priority.\"\n",
                                        "public corruption");
  EXPECT_NE(speaker.find("FBI"), std::string::npos) << speaker;
}

TEST(QuoteSpeakers, AsClauseAfterAConjunction) {
  EXPECT_EQ(SpeakerOf("The filing came out on Monday.\n"
                      "But as Ellen Ruskin pointed out, \"the tax returns are far more detailed than the filing.\"\n",
                      "far more detailed"),
            "Ellen Ruskin");
}

TEST(QuoteSpeakers, PronounSubjectKeepsThePersonBeforeOverALaterName) {
  // "He" opens the sentence: Tomas Berg, named later in it, is whom
  // Ekvall wants called, not the one who "added" the quote.
  EXPECT_EQ(SpeakerOf("Lorries queued at the border on Tuesday.\n\n"
                      "Jonas Ekvall, head of the hauliers' association, said his members were losing money. "
                      "\"Every day costs us,\" Ekvall said.\n\n"
                      "He urged the government to call Prime Minister Tomas Berg for a quick settlement. "
                      "\"We are paying for a dispute that is not ours,\" he added.\n",
                      "paying for a dispute"),
            "Jonas Ekvall");
}

// A sentence that opens "According to X," with no speech verb before its
// quotes gives them to X, not to the person the sentence is about.
TEST(QuoteSpeakers, AccordingToAtTheSentenceStartNamesTheSourceOfLaterQuotes) {
  const std::string text =
      "Talks on the port dispute resume on Thursday.\n\n"
      "According to the Transport Ministry, Minister Mirela Sadovan will propose a \"phased approach\" to the "
      "cranes, \"including a guarantee that no crane operator loses a job this year.\"\n";
  EXPECT_EQ(SpeakerOf(text, "including a guarantee"), "Transport Ministry");
  // A speech verb before the quote still decides.
  EXPECT_EQ(SpeakerOf("According to the Transport Ministry, Minister Mirela Sadovan said \"the talks will "
                      "go on all week.\"\n",
                      "talks will go on"),
            "Mirela Sadovan");
}

// Issue 17, possessive relatives: "X's father told ..." and "..., X's
// family said" name the relative, not X.
TEST(QuoteSpeakers, PossessiveRelativeSpeaksNotThePersonNamed) {
  const std::string text =
      "Wolves defender Orlan Vesk collapsed during the match on Sunday and was taken to hospital.\n\n"
      "Vesk's father told the players: \"He is awake and he asked about the score.\"\n\n"
      "\"We are grateful for every message we have received,\" Vesk's family said in a statement.\n\n"
      "\"I will be back on the pitch before the spring,\" Vesk said later.\n";
  EXPECT_EQ(SpeakerOf(text, "asked about the score"), "Vesk's father");
  EXPECT_EQ(SpeakerOf(text, "grateful for every message"), "Vesk's family");
  // The person named still speaks for themself.
  EXPECT_EQ(SpeakerOf(text, "back on the pitch"), "Orlan Vesk");
}

TEST(QuoteSpeakers, PossessiveAgentSpeaksAfterTheQuote) {
  EXPECT_EQ(SpeakerOf("Singer Dalia Moreno cancelled her tour on Friday.\n\n"
                      "\"She needs rest and she will be back next year,\" Moreno's manager said.\n",
                      "needs rest"),
            "Moreno's manager");
}

// Issue 17, an organisation speaks: "the cooperative said" is the
// cooperative named before, not the villages the story is about.
TEST(QuoteSpeakers, OrganisationNamedByItsHeadNounSpeaks) {
  EXPECT_EQ(SpeakerOf("Hail fell over the villages of Orsa, Bellmere and Tarn Cross on Sunday.\n\n"
                      "The Varro Fruit Growers' Cooperative said up to 40 percent of the blossom was lost. "
                      "\"Some of our members have lost a whole year's work,\" the cooperative said in a "
                      "statement.\n",
                      "whole year's work"),
            "Varro Fruit Growers' Cooperative");
}

// Issue 17, a place never speaks: a farmer in Lindmoor is not Lindmoor.
TEST(QuoteSpeakers, PlaceNeverSpeaks) {
  const std::string speaker = SpeakerOf("Floods hit the town of Lindmoor on Friday.\n\n"
                                        "\"The water came up to the windows in an hour,\" a farmer in Lindmoor "
                                        "said.\n",
                                        "came up to the windows");
  EXPECT_NE(speaker, "Lindmoor");
  EXPECT_NE(speaker, "<no quote>");
}

// The ranking itself: a place that is not the subject of a speech verb is
// never picked, however the trees score it; serialisation round-trips.
TEST(SpeakerModel, NeverPicksAPlaceAndRoundTrips) {
  // Trees that like places: label 1 exactly for rows with kSfPlace set.
  std::vector<std::vector<double>> rows;
  std::vector<int> labels;
  for (int i = 0; i < 200; ++i) {
    std::vector<double> f(kSpeakerFeatureCount, 0.0);
    f[kSfPlace] = i % 2;
    f[kSfDistance] = i % 7;
    rows.push_back(f);
    labels.push_back(i % 2);
  }
  BoostedTrees::Options o;
  o.trees = 20;
  const SpeakerModel model(BoostedTrees::Fit(rows, labels, o));
  SpeakerChoice choice;
  SpeakerCandidate person{"Ada Rossi", {}, std::vector<double>(kSpeakerFeatureCount, 0.0)};
  SpeakerCandidate place{"Lindmoor", {}, std::vector<double>(kSpeakerFeatureCount, 0.0)};
  place.features[kSfPlace] = 1;
  choice.candidates = {place, person};
  choice.rule_pick = 1;
  ASSERT_GT(model.Score(place), model.Score(person));
  EXPECT_EQ(model.Pick(choice), 1u);
  // As the subject of a speech verb in the quote's sentence it may speak.
  choice.candidates[0].features[kSfSubjectOfVerb] = 1;
  choice.candidates[0].features[kSfInSentence] = 1;
  EXPECT_EQ(model.Pick(choice), 0u);

  auto parsed = SpeakerModel::Parse(model.Serialise(), "test");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->Serialise(), model.Serialise());
  EXPECT_DOUBLE_EQ(parsed->Score(person), model.Score(person));
  EXPECT_FALSE(SpeakerModel::Parse("trees 1 2 3\n", "bad").ok());
  // Every feature has its own name (the model file and docs refer to them).
  EXPECT_STREQ(SpeakerFeatureName(kSfRulePick), "rule_pick");
  EXPECT_STREQ(SpeakerFeatureName(kSfSentenceNames), "sentence_names");
  EXPECT_STREQ(SpeakerFeatureName(kSpeakerFeatureCount), "?");
}

// The shipped model, when present, reads this build's features.
TEST(SpeakerModel, ShippedModelLoads) {
  auto m = SpeakerModel::Load(DefaultSpeakerModelPath());
  if (!m.ok()) GTEST_SKIP() << "no speaker model at " << DefaultSpeakerModelPath() << ": " << m.status().message();
  SpeakerCandidate c{"x", {}, std::vector<double>(kSpeakerFeatureCount, 0.0)};
  EXPECT_TRUE(std::isfinite(m->Score(c)));
}

// Quote or not: the features of quotations in an invented article, read
// through CollectSpeakerChoices (each quote's features ride with its
// candidates).
TEST(QuoteModel, FeaturesOfATitleAndOfAQuote) {
  Article a;
  a.id = "q";
  a.raw =
      "Harbour talks stall again\n\n"
      "Ilse Varga, the port director, was interviewed on \"Harbour Watch Tonight.\"\n\n"
      "\"We will not reopen the north quay until the cranes are safe,\" Varga said on the programme.\n";
  CleanArticle(&a, nullptr);
  const std::vector<SpeakerChoice> choices = CollectSpeakerChoices({&a});
  ASSERT_EQ(choices.size(), 2u);
  const std::vector<double>& title = choices[0].quote_features;
  const std::vector<double>& quote = choices[1].quote_features;
  ASSERT_EQ(title.size(), static_cast<std::size_t>(kQuoteFeatureCount));
  ASSERT_EQ(quote.size(), static_cast<std::size_t>(kQuoteFeatureCount));
  EXPECT_EQ(title[kQfTitleCase], 1);
  EXPECT_EQ(title[kQfAfterOn], 1);
  EXPECT_EQ(title[kQfAfterPreposition], 1);
  EXPECT_EQ(title[kQfEndsSentence], 1);
  EXPECT_EQ(title[kQfPersonalPronoun], 0);
  EXPECT_EQ(quote[kQfTitleCase], 0);
  EXPECT_EQ(quote[kQfPersonalPronoun], 1);  // "We"
  EXPECT_EQ(quote[kQfVerbWord], 1);         // "will", "not", "are"
  EXPECT_EQ(quote[kQfEndsComma], 1);
  EXPECT_EQ(quote[kQfOpensParagraph], 1);
  EXPECT_EQ(quote[kQfVerbDistance], 1);  // "Varga said": one word after the quote
  EXPECT_EQ(quote[kQfRuleSpeaker], 1);
  EXPECT_NEAR(quote[kQfWords], std::log1p(12.0), 1e-9);
  // The shipped model, when present, trusts the quote more than the title
  // and keeps the quote.
  auto m = QuoteModel::Load(DefaultQuoteModelPath());
  if (!m.ok()) GTEST_SKIP() << "no quote model at " << DefaultQuoteModelPath() << ": " << m.status().message();
  EXPECT_LT(m->Probability(title), m->Probability(quote));
  EXPECT_TRUE(m->Keep(quote));
}

// The decision itself: a quotation stays when its probability reaches the
// bar; the file round-trips and a garbled one is refused.
TEST(QuoteModel, KeepsByTheBarAndRoundTrips) {
  std::vector<std::vector<double>> rows;
  std::vector<int> labels;
  for (int i = 0; i < 200; ++i) {
    std::vector<double> f(kQuoteFeatureCount, 0.0);
    f[kQfTitleCase] = i % 2;
    f[kQfWords] = i % 5;
    rows.push_back(f);
    labels.push_back(i % 2 == 0 ? 1 : 0);  // title case: not a quote
  }
  BoostedTrees::Options o;
  o.trees = 30;
  const QuoteModel model(BoostedTrees::Fit(rows, labels, o), 0.5);
  std::vector<double> title(kQuoteFeatureCount, 0.0), quote(kQuoteFeatureCount, 0.0);
  title[kQfTitleCase] = 1;
  EXPECT_FALSE(model.Keep(title));
  EXPECT_TRUE(model.Keep(quote));
  EXPECT_TRUE(QuoteModel(BoostedTrees::Fit(rows, labels, o), 0.0).Keep(title));

  auto parsed = QuoteModel::Parse(model.Serialise(), "test");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->Serialise(), model.Serialise());
  EXPECT_DOUBLE_EQ(parsed->bar(), 0.5);
  EXPECT_DOUBLE_EQ(parsed->Probability(title), model.Probability(title));
  std::string bad_bar = model.Serialise();
  bad_bar.replace(bad_bar.find("bar 0.5"), 7, "bar 1.5");
  EXPECT_FALSE(QuoteModel::Parse(bad_bar, "bad").ok());
  EXPECT_FALSE(QuoteModel::Parse("parallax-speakers 1\n", "bad").ok());
  EXPECT_FALSE(QuoteModel::Parse("parallax-quotes 1\nbar x\n", "bad").ok());
  EXPECT_FALSE(QuoteModel::Parse(model.Serialise().substr(0, 60), "cut").ok());
  EXPECT_STREQ(QuoteFeatureName(kQfWords), "words");
  EXPECT_STREQ(QuoteFeatureName(kQfRepeated), "repeated");
  EXPECT_STREQ(QuoteFeatureName(kQuoteFeatureCount), "?");
}

// The same quote across articles is one entry: a quote whose words another
// contains joins it, and the entry keeps the longest wording, so a third
// article quoting only the longer wording's tail joins it too (the index
// of merged quotes by word follows the wording it keeps). A quote sharing
// only a few words stays apart.
TEST(QuoteMerge, ContainedWordingsJoinTheLongestSeen) {
  const std::vector<std::string> texts = {
      "Ferries stopped on Monday.\n\"We will rebuild the harbour bridge,\" Mara Lindqvist said.\n",
      "The port reopened on Tuesday.\n\"The storm took everything we had,\" Olek Brandt said.\n",
      "Repairs began on Wednesday.\n\"We will rebuild the harbour bridge before the winter storms return,\" "
      "Mara Lindqvist told reporters.\n",
      "Crews arrived on Thursday.\n\"Before the winter storms return,\" the work must end, Mara Lindqvist said.\n",
      "Boats waited on Friday.\n\"We will paint the harbour office green,\" Olek Brandt said.\n"};
  std::vector<Article> articles(texts.size());
  std::vector<const Article*> ptrs;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    articles[i].id = std::string(1, 'a') + std::to_string(i);
    articles[i].source = std::string("outlet") + std::to_string(i);
    articles[i].raw = texts[i];
    CleanArticle(&articles[i], nullptr);
    ptrs.push_back(&articles[i]);
  }
  const Story s = AnalyzeStory(ptrs);
  const Quote* bridge = nullptr;
  for (const Quote& q : s.quotes) {
    if (q.text.find("harbour bridge") != std::string::npos) {
      ASSERT_EQ(bridge, nullptr) << "the bridge quote is listed twice";
      bridge = &q;
    }
  }
  ASSERT_NE(bridge, nullptr);
  EXPECT_EQ(bridge->text, "We will rebuild the harbour bridge before the winter storms return");
  EXPECT_EQ(bridge->sources, (std::vector<std::string>{"a0", "a2", "a3"}));
  EXPECT_EQ(bridge->speaker, "Mara Lindqvist");
  std::size_t brandt = 0;
  for (const Quote& q : s.quotes) brandt += q.speaker == "Olek Brandt";
  EXPECT_EQ(brandt, 2u);  // "the harbour" and "we" in common are not the same quote
}

}  // namespace
}  // namespace parallax
