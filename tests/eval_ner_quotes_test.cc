// Tests for the NER (CoNLL-2003) and direct-quote (PolNeAR) evaluations:
// conlleval counting on hand-made tag sequences, the readers on small
// hand-written files, the quote metric on hand-computed cases, and (when
// ../shared/data is present) floors just below today's measured scores so
// that a regression shows.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "eval/ner_eval.h"
#include "eval/polnear.h"
#include "shared_data.h"
#include "text/utf8.h"

namespace parallax {
namespace {

namespace fs = std::filesystem;
using Tags = std::vector<std::string>;

ConllScores Score(const std::vector<Tags>& gold, const std::vector<Tags>& pred) {
  ConllScorer scorer;
  for (std::size_t i = 0; i < gold.size(); ++i) EXPECT_TRUE(scorer.AddSentence(gold[i], pred[i]).ok());
  return scorer.Scores();
}

// ---------------------------------------------------------------------------
// conlleval counting

TEST(ConllScorerTest, PerfectTaggingScoresOne) {
  const ConllScores s = Score({{"I-PER", "I-PER", "O", "I-LOC"}}, {{"I-PER", "I-PER", "O", "I-LOC"}});
  EXPECT_EQ(s.overall.gold, 2u);
  EXPECT_EQ(s.overall.predicted, 2u);
  EXPECT_EQ(s.overall.correct, 2u);
  EXPECT_DOUBLE_EQ(s.overall.F1(), 1.0);
  EXPECT_DOUBLE_EQ(s.Accuracy(), 1.0);
  EXPECT_EQ(s.by_type.at("PER").correct, 1u);
  EXPECT_EQ(s.by_type.at("LOC").correct, 1u);
}

TEST(ConllScorerTest, DisjointChunksScoreZero) {
  const ConllScores s = Score({{"I-PER", "O", "O"}}, {{"O", "O", "I-LOC"}});
  EXPECT_EQ(s.overall.gold, 1u);
  EXPECT_EQ(s.overall.predicted, 1u);
  EXPECT_EQ(s.overall.correct, 0u);
  EXPECT_DOUBLE_EQ(s.overall.F1(), 0.0);
  EXPECT_EQ(s.tokens, 3u);
  EXPECT_EQ(s.correct_tags, 1u);
}

TEST(ConllScorerTest, BoundaryErrorIsNotACorrectChunk) {
  // Too short and too long: both wrong, though the tokens mostly agree.
  ConllScores s = Score({{"I-ORG", "I-ORG", "O"}}, {{"I-ORG", "O", "O"}});
  EXPECT_EQ(s.overall.correct, 0u);
  EXPECT_EQ(s.correct_tags, 2u);
  s = Score({{"I-PER", "O"}}, {{"I-PER", "I-PER"}});
  EXPECT_EQ(s.overall.correct, 0u);
  // Precision 1/2, recall 1/2 when one of two chunks is right.
  s = Score({{"I-PER", "O", "I-LOC", "I-LOC"}}, {{"I-PER", "O", "I-LOC", "O"}});
  EXPECT_EQ(s.overall.correct, 1u);
  EXPECT_DOUBLE_EQ(s.overall.Precision(), 0.5);
  EXPECT_DOUBLE_EQ(s.overall.Recall(), 0.5);
}

TEST(ConllScorerTest, TypeErrorCountsAgainstBothTypes) {
  const ConllScores s = Score({{"I-PER", "I-PER"}}, {{"I-ORG", "I-ORG"}});
  EXPECT_EQ(s.overall.correct, 0u);
  EXPECT_EQ(s.by_type.at("PER").gold, 1u);
  EXPECT_EQ(s.by_type.at("PER").predicted, 0u);
  EXPECT_EQ(s.by_type.at("ORG").gold, 0u);
  EXPECT_EQ(s.by_type.at("ORG").predicted, 1u);
}

TEST(ConllScorerTest, Iob1AndIob2StartsAreTheSameChunks) {
  // IOB1 splits two adjacent PER chunks with B-; IOB2 writes B- on both.
  ConllScores s = Score({{"I-PER", "B-PER", "O", "I-LOC"}}, {{"B-PER", "B-PER", "O", "B-LOC"}});
  EXPECT_EQ(s.overall.gold, 3u);
  EXPECT_EQ(s.overall.predicted, 3u);
  EXPECT_EQ(s.overall.correct, 3u);
  // Accuracy compares whole tags, so I-PER vs B-PER is a token error.
  EXPECT_EQ(s.correct_tags, 2u);
  // Without the B-, the two people read as one chunk.
  s = Score({{"I-PER", "B-PER", "O"}}, {{"I-PER", "I-PER", "O"}});
  EXPECT_EQ(s.overall.gold, 2u);
  EXPECT_EQ(s.overall.predicted, 1u);
  EXPECT_EQ(s.overall.correct, 0u);
  // I- after a different type starts a chunk in both schemes.
  s = Score({{"I-PER", "I-LOC"}}, {{"B-PER", "B-LOC"}});
  EXPECT_EQ(s.overall.correct, 2u);
}

TEST(ConllScorerTest, SentenceBoundaryClosesChunks) {
  const ConllScores s = Score({{"O", "I-PER"}, {"I-PER", "O"}}, {{"O", "I-PER"}, {"I-PER", "O"}});
  EXPECT_EQ(s.overall.gold, 2u);
  EXPECT_EQ(s.overall.correct, 2u);
  EXPECT_EQ(s.tokens, 4u);
}

TEST(ConllScorerTest, MismatchedLengthsAreRejected) {
  ConllScorer scorer;
  EXPECT_FALSE(scorer.AddSentence({"O", "O"}, {"O"}).ok());
  EXPECT_FALSE(scorer.AddSentence({"X-PER"}, {"O"}).ok());
  EXPECT_EQ(scorer.Scores().tokens, 0u);
}

// ---------------------------------------------------------------------------
// CoNLL reader and tagger

TEST(ConllReaderTest, ReadsDocumentsWithTrailingDocstartAsIob1) {
  const std::string text =
      "EU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\n\nPeter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n"
      "\n-DOCSTART- -X- O O\n\nBRUSSELS NNP I-NP I-LOC\n\n-DOCSTART- -X- O O\n";
  auto c = ParseConll(text, "mem");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->documents.size(), 2u);
  EXPECT_EQ(c->documents[0].sentences.size(), 2u);
  EXPECT_EQ(c->sentences, 3u);
  EXPECT_EQ(c->tokens, 6u);
  EXPECT_EQ(c->scheme, IobScheme::kIob1);
  EXPECT_EQ(c->documents[1].sentences[0][0].tag, "I-LOC");
}

TEST(ConllReaderTest, DetectsIob2AndRejectsBadTags) {
  auto c = ParseConll("-DOCSTART- -X- -X- O\n\nEU B-ORG\nrejects O\n", "mem");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->scheme, IobScheme::kIob2);
  auto bad = ParseConll("EU NNP I-NP Q-ORG\n", "some/file");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("some/file:1"), std::string::npos);
}

TEST(ConllReaderTest, MissingFileNamesThePath) {
  auto c = ReadConll("/nonexistent/ner/eng.testa");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kNotFound);
  EXPECT_NE(c.status().message().find("/nonexistent/ner/eng.testa"), std::string::npos);
}

TEST(MentionsToTagsTest, AdjacentSameTypeMentionsGetBInIob1) {
  ConllDocument doc;
  doc.sentences.push_back({{"a", "O"}, {"b", "O"}, {"c", "O"}, {"d", "O"}});
  const std::vector<TokenMention> m = {{0, 0, 1, "PER"}, {0, 1, 3, "PER"}, {0, 3, 4, "LOC"}};
  EXPECT_EQ(MentionsToTags(doc, m, IobScheme::kIob1)[0], (Tags{"I-PER", "B-PER", "I-PER", "I-LOC"}));
  EXPECT_EQ(MentionsToTags(doc, m, IobScheme::kIob2)[0], (Tags{"B-PER", "B-PER", "I-PER", "B-LOC"}));
  // An overlapping mention cannot be written in BIO and is dropped.
  const std::vector<TokenMention> overlap = {{0, 0, 2, "ORG"}, {0, 1, 3, "PER"}};
  EXPECT_EQ(MentionsToTags(doc, overlap, IobScheme::kIob1)[0], (Tags{"I-ORG", "I-ORG", "O", "O"}));
}

TEST(FindDocumentMentionsTest, StoryTypingMakesASurnameAPerson) {
  ConllDocument doc;
  auto sentence = [](std::vector<std::string> words) {
    ConllSentence s;
    for (auto& w : words) s.push_back({w, "O"});
    return s;
  };
  doc.sentences.push_back(sentence({"Phil", "Simmons", "took", "four", "wickets", "on", "Friday", "."}));
  doc.sentences.push_back(sentence({"Later", ",", "Simmons", "said", "he", "was", "happy", "."}));
  NerOptions story;
  auto tags = TagDocument(doc, IobScheme::kIob1, story);
  EXPECT_EQ(tags[0][0], "I-PER");
  EXPECT_EQ(tags[0][1], "I-PER");
  EXPECT_EQ(tags[1][2], "I-PER");
  NerOptions alone;
  alone.story_typing = false;
  tags = TagDocument(doc, IobScheme::kIob1, alone);
  EXPECT_EQ(tags[0][0], "I-PER");
  EXPECT_NE(tags[1][2], "I-PER");  // on its own, one capitalised word has no type evidence
}

// ---------------------------------------------------------------------------
// PolNeAR reader

// Character (code point) offset of the first occurrence of `needle`, as brat
// counts.
std::size_t CharOffset(const std::string& text, const std::string& needle) {
  const std::size_t byte = text.find(needle);
  EXPECT_NE(byte, std::string::npos) << needle;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < byte;) {
    DecodeUtf8(text, &i);
    ++chars;
  }
  return chars;
}

std::string TLine(const std::string& text, const std::string& id, const std::string& label, const std::string& s) {
  const std::size_t b = CharOffset(text, s);
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    DecodeUtf8(s, &i);
    ++n;
  }
  return id + "\t" + label + " " + std::to_string(b) + " " + std::to_string(b + n) + "\t" + s + "\n";
}

const std::string kText =
    "Café owner Jean Dupont said: \xE2\x80\x9CWe will reopen on Monday.\xE2\x80\x9D He added that prices would "
    "rise.\n\n\xE2\x80\x9CIt is a scandal,\xE2\x80\x9D said the mayor. The \xE2\x80\x9Cso-called plan\xE2\x80\x9D "
    "failed.\n";

std::string Annotation() {
  std::string a;
  a += TLine(kText, "T1", "Source", "Jean Dupont");
  a += TLine(kText, "T2", "Cue", "said:");
  a += TLine(kText, "T3", "Content", "\xE2\x80\x9CWe will reopen on Monday.\xE2\x80\x9D");
  a += TLine(kText, "T4", "Attribution", "said:");
  a += "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n";
  a += TLine(kText, "T5", "Source", "He");
  a += TLine(kText, "T6", "Cue", "added");
  a += TLine(kText, "T7", "Content", "that prices would rise");
  a += TLine(kText, "T8", "Attribution", "added");
  a += "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7\n";
  a += TLine(kText, "T9", "Content", "It is a scandal,");
  a += TLine(kText, "T10", "Cue", "said the");
  a += TLine(kText, "T11", "Source", "the mayor");
  a += TLine(kText, "T12", "Attribution", "said the");
  a += "E3\tAttribution:T12 Content:T9 Cue:T10 Source:T11\n";
  return a;
}

TEST(PolnearReaderTest, GoldDirectQuotesAreQuotedSegmentsInsideContent) {
  auto art = ParsePolnearArticle(kText, Annotation(), "cafe", "mem.ann");
  ASSERT_TRUE(art.ok()) << art.status().message();
  EXPECT_EQ(art->attributions.size(), 3u);
  EXPECT_EQ(art->attributions[0].source_text, "Jean Dupont");
  ASSERT_EQ(art->quotes.size(), 2u);  // the paraphrase and the 2-word scare quote are not direct quotes
  auto at = [&](Span s) { return kText.substr(s.begin, s.size()); };
  EXPECT_EQ(at(art->quotes[0].span), "We will reopen on Monday.");
  EXPECT_EQ(art->quotes[0].speaker, "Jean Dupont");
  EXPECT_EQ(at(art->quotes[1].span), "It is a scandal,");
  EXPECT_EQ(art->quotes[1].speaker, "the mayor");
  // Offsets were characters: the span text matches although "é" is two bytes.
  EXPECT_EQ(at(art->attributions[1].content[0]), "that prices would rise");
}

TEST(PolnearReaderTest, BadAnnotationsNameTheFileAndLine) {
  auto past = ParsePolnearArticle(kText, "T1\tSource 5 9999\tx\n", "cafe", "x/a.ann");
  ASSERT_FALSE(past.ok());
  EXPECT_NE(past.status().message().find("x/a.ann:1"), std::string::npos);
  auto unknown = ParsePolnearArticle(kText, "T1\tSource 0 4\tCafé\nE1\tAttribution:T9 Source:T1\n", "cafe", "x/a.ann");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("x/a.ann:2"), std::string::npos);
}

TEST(PolnearReaderTest, LoadsASplitAndUsesTheFirstAnnotator) {
  const fs::path root = fs::temp_directory_path() / ("polnear_test_" + std::to_string(::getpid()));
  fs::create_directories(root / "data" / "dev" / "text");
  fs::create_directories(root / "data" / "dev" / "attributions");
  std::ofstream(root / "data" / "dev" / "text" / "wire_2016-09-01_cafe.txt") << kText;
  std::ofstream(root / "data" / "dev" / "attributions" / "wire_2016-09-01_cafe_aaaa.ann") << Annotation();
  // A second annotator who saw no attribution: not used.
  std::ofstream(root / "data" / "dev" / "attributions" / "wire_2016-09-01_cafe_bbbb.ann") << "";
  std::ofstream(root / "data" / "dev" / "text" / "orphan.txt") << "No annotation.\n";
  std::vector<InputError> errors;
  auto set = LoadPolnear(root.string(), "dev", &errors);
  ASSERT_TRUE(set.ok()) << set.status().message();
  ASSERT_EQ(set->size(), 1u);
  EXPECT_EQ((*set)[0].id, "wire_2016-09-01_cafe");
  EXPECT_EQ((*set)[0].quotes.size(), 2u);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].path.find("orphan.txt"), std::string::npos);

  auto missing = LoadPolnear(root.string(), "test", nullptr);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find((root / "data" / "test").string()), std::string::npos);
  fs::remove_all(root);
}

TEST(FindQuotedSegmentsTest, StraightMarksAndRunOnQuotes) {
  const std::string t = "He said \"yes it is\" and (\"no\").\n\"A quote that runs on\n\"Closed.\"";
  std::vector<std::string> got;
  for (Span s : FindQuotedSegments(t)) got.push_back(t.substr(s.begin, s.size()));
  EXPECT_EQ(got, (std::vector<std::string>{"yes it is", "no", "A quote that runs on", "Closed."}));
}

// ---------------------------------------------------------------------------
// Quote metric

TEST(ScoreQuotesTest, ExactAndHalfOverlapOneToOne) {
  const std::string t =
      "Sen. Jane Smith said \"one two three four.\" He said \"five six seven eight nine ten.\" Also \"alpha beta gamma "
      "delta.\"";
  auto span_of = [&](const std::string& s) {
    const std::size_t b = t.find(s);
    return Span{static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(b + s.size())};
  };
  const std::vector<GoldQuote> gold = {{span_of("one two three four."), "Sen. Jane Smith", span_of("Sen.")},
                                       {span_of("five six seven eight nine ten."), "He", span_of("He")}};
  const std::vector<PredictedQuote> pred = {
      {span_of("one two three four"), "Jane Smith"},  // exact once the final period is trimmed
      {span_of("five six seven"), ""},                // 3 of 6 gold words: exactly half
      {span_of("six seven eight"), "Jane Smith"},     // also half, but the gold quote is taken
      {span_of("alpha beta gamma delta."), ""},       // no gold quote
      {span_of("one two"), ""}};                      // under min_words: not counted
  QuoteScores s;
  ScoreQuotes(t, gold, pred, &s);
  EXPECT_EQ(s.gold, 2u);
  EXPECT_EQ(s.predicted, 4u);
  EXPECT_EQ(s.exact, 1u);
  EXPECT_EQ(s.overlap, 2u);
  EXPECT_DOUBLE_EQ(s.OverlapPrecision(), 0.5);
  EXPECT_DOUBLE_EQ(s.OverlapRecall(), 1.0);
  EXPECT_DOUBLE_EQ(s.ExactF1(), 2 * 0.25 * 0.5 / 0.75);
  EXPECT_EQ(s.speaker_pairs, 1u);  // "He" has no gold coreference: left out
  EXPECT_EQ(s.speaker_correct, 1u);
  EXPECT_EQ(s.pronoun_pairs, 1u);
  EXPECT_DOUBLE_EQ(GoldWordCoverage(t, gold[1].span, span_of("five six")), 2.0 / 6.0);
}

TEST(SpeakerMatchesTest, NameWordAndDescriptions) {
  EXPECT_TRUE(SpeakerMatches("Mr. Obama", SourceKind::kName, "Barack Obama"));
  EXPECT_TRUE(SpeakerMatches("Clinton spokesman Nick Merrill", SourceKind::kName, "Nick Merrill"));
  EXPECT_FALSE(SpeakerMatches("Clinton spokesman Nick Merrill", SourceKind::kName, "Hillary Clinton"));
  EXPECT_TRUE(SpeakerMatches("Donald Trump\xE2\x80\x99s campaign", SourceKind::kName, "Donald Trump"));
  EXPECT_TRUE(SpeakerMatches("Scheiderman, a Democrat whose office oversees charities,", SourceKind::kName,
                             "Eric Scheiderman"));
  EXPECT_TRUE(SpeakerMatches("the union", SourceKind::kDescription, "the union"));
  EXPECT_FALSE(SpeakerMatches("the Indiana governor", SourceKind::kDescription, "Mike Pence"));
  EXPECT_FALSE(SpeakerMatches("Mr. Obama", SourceKind::kName, ""));
  // The person's own name, not the place or suffix after it.
  EXPECT_TRUE(SpeakerMatches("Representative Charles B. Rangel of New York", SourceKind::kName, "Charles B. Rangel"));
  EXPECT_FALSE(SpeakerMatches("Representative Charles B. Rangel of New York", SourceKind::kName, "New York"));
  EXPECT_TRUE(SpeakerMatches("Vann R. Newkirk II, a writer for The Atlantic,", SourceKind::kName, "Vann R. Newkirk"));
  EXPECT_TRUE(SpeakerMatches("Rep. Elijah Cummings of Maryland, the panel's ranking Democrat", SourceKind::kName,
                             "Elijah Cummings"));
  EXPECT_TRUE(SpeakerMatches("Bank of America", SourceKind::kName, "Bank of America"));
  // A description ending in a common noun, then the person's bare name:
  // the name is the person, not the possessor or the party.
  EXPECT_TRUE(SpeakerMatches("Brandt's attorney, Lena Okafor,", SourceKind::kName, "Lena Okafor"));
  EXPECT_FALSE(SpeakerMatches("Brandt's attorney, Lena Okafor,", SourceKind::kName, "Olek Brandt"));
  EXPECT_TRUE(SpeakerMatches("the presumptive GOP nominee, Ray Tolliver,", SourceKind::kName, "Ray Tolliver"));
  // A possessive relative with no name of its own keeps the possessor's name word.
  EXPECT_TRUE(SpeakerMatches("Vesk's father", SourceKind::kName, "Vesk's father"));
  // An organisation by its initials and spelled out.
  EXPECT_TRUE(SpeakerMatches("the IFV", SourceKind::kName, "International Fruit Visitors"));
  EXPECT_TRUE(SpeakerMatches("the International Fruit Visitors", SourceKind::kName, "IFV"));
  EXPECT_FALSE(SpeakerMatches("the IFV", SourceKind::kName, "International Fruit Growers"));
}

TEST(ClassifySourceTest, PronounsNamesAndDescriptions) {
  const std::string t = "Officials said it was over. Later, officials met. He said no. Rep. Jim Jordan spoke.";
  EXPECT_EQ(ClassifySource("He", t, t.find("He said")), SourceKind::kPronoun);
  EXPECT_EQ(ClassifySource("who", t, 0), SourceKind::kPronoun);
  EXPECT_EQ(ClassifySource("", t, 0), SourceKind::kNone);
  EXPECT_EQ(ClassifySource("Officials", t, 0), SourceKind::kDescription);
  EXPECT_EQ(ClassifySource("a source", t, 0), SourceKind::kDescription);
  EXPECT_EQ(ClassifySource("Rep. Jim Jordan", t, t.find("Rep.")), SourceKind::kName);
}

// A determiner and a common noun at the head: the capitalised words are
// modifiers, not the speaker's name ("The Florida senator" is Marco Rubio,
// not Florida). A capitalised head, or a bare name in apposition, is a name.
TEST(ClassifySourceTest, DescriptionsWithCapitalisedModifiers) {
  const std::string t = "Later that day the senator spoke.";
  EXPECT_EQ(ClassifySource("The Norland senator", t, 0), SourceKind::kDescription);
  EXPECT_EQ(ClassifySource("the presumptive Unity Party nominee", t, 0), SourceKind::kDescription);
  EXPECT_EQ(ClassifySource("a former Ostrava Bank official who spoke on condition of anonymity", t, 0),
            SourceKind::kDescription);
  EXPECT_EQ(ClassifySource("one Velden Republican strategist", t, 0), SourceKind::kDescription);
  EXPECT_EQ(ClassifySource("the Velden Courier", t, 0), SourceKind::kName);
  EXPECT_EQ(ClassifySource("The leader of the Harbour League, Ilse Varga,", t, 0), SourceKind::kName);
  EXPECT_EQ(ClassifySource("Norland Senator Ada Rossi", t, 0), SourceKind::kName);
  EXPECT_EQ(ClassifySource("One Club for Growth ad", t, 0), SourceKind::kName);
}

// ---------------------------------------------------------------------------
// Real data: floors just below what we measure today.

TEST(RealDataTest, Conll2003Floors) {
  PARALLAX_REQUIRE_SHARED("ner/conll2003");
  const std::string dir = testing::SharedDataDir() + "/ner/conll2003/";
  auto testa = ReadConll(dir + "eng.testa");
  ASSERT_TRUE(testa.ok()) << testa.status().message();
  EXPECT_EQ(testa->documents.size(), 216u);
  EXPECT_EQ(testa->tokens, 51362u);
  EXPECT_EQ(testa->scheme, IobScheme::kIob1);
  const ConllScores a = EvaluateNer(*testa, NerOptions{});
  EXPECT_EQ(a.overall.gold, 5942u);  // the official entity count
  EXPECT_GE(a.overall.F1(), 0.50);   // measured 0.522
  auto testb = ReadConll(dir + "eng.testb");
  ASSERT_TRUE(testb.ok()) << testb.status().message();
  const ConllScores b = EvaluateNer(*testb, NerOptions{});
  EXPECT_EQ(b.overall.gold, 5648u);
  EXPECT_GE(b.overall.F1(), 0.468);  // measured 0.488
}

TEST(RealDataTest, PolnearDevFloors) {
  PARALLAX_REQUIRE_SHARED("quotes/polnear/data/dev");
  std::vector<InputError> errors;
  auto set = LoadPolnear(testing::SharedDataDir() + "/quotes/polnear", "dev", &errors);
  ASSERT_TRUE(set.ok()) << set.status().message();
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(set->size(), 84u);
  QuoteScores s;
  for (const PolnearArticle& a : *set) {
    std::size_t unmapped = 0;
    const auto predicted = PredictQuotes(a, &unmapped);
    s.unmapped += unmapped;
    ScoreQuotes(a.text, a.quotes, predicted, &s);
  }
  EXPECT_EQ(s.unmapped, 0u);
  EXPECT_GE(s.OverlapF1(), 0.95);       // measured 0.971
  EXPECT_GE(s.ExactF1(), 0.95);         // measured 0.971
  EXPECT_GE(s.SpeakerAccuracy(), 0.92);  // measured 0.954 (rules and models/speakers.model; descriptions not judged)
}

}  // namespace
}  // namespace parallax
