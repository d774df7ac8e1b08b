#include <gtest/gtest.h>

#include "text/dates.h"
#include "text/segment.h"
#include "text/terms.h"
#include "text/utf8.h"

namespace parallax {
namespace {

std::vector<std::string> Sentences(const std::string& text) {
  std::vector<std::string> out;
  for (Span s : SplitSentences(text)) out.push_back(text.substr(s.begin, s.size()));
  return out;
}

TEST(Utf8, ValidatesAndLocatesBadBytes) {
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D"));
  std::size_t at = 0;
  EXPECT_FALSE(IsValidUtf8("abc\xC3\x28xyz", &at));
  EXPECT_EQ(at, 3u);
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // beyond U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x80"));          // truncated
}

TEST(Utf8, DetectsBinary) {
  EXPECT_TRUE(LooksBinary(std::string("PK\x03\x04\0\0", 6)));
  EXPECT_FALSE(LooksBinary("Plain text.\nWith lines.\n"));
}

TEST(Normalize, NfcEntitiesAndWhitespace) {
  // "e" + combining acute -> precomposed U+00E9.
  EXPECT_EQ(NormalizeNfc("Cafe\xCC\x81"), "Caf\xC3\xA9");
  EXPECT_EQ(DecodeHtmlEntities("A &amp; B &mdash; &#8220;x&#x201D; &bogus; &"),
            "A & B \xE2\x80\x94 \xE2\x80\x9Cx\xE2\x80\x9D &bogus; &");
  EXPECT_EQ(NormalizeWhitespace("  a\xC2\xA0\xC2\xA0 b\t c \r\nd\xE2\x80\x8B"), "a b c\nd");
}

TEST(Sentences, NoSplitAfterTitlesAcronymsInitialsAndDates) {
  auto s = Sentences("Mr. Smith met U.S. officials on Oct. 19 in Washington. J. R. Doe was there. The U.N. Security Council voted.");
  ASSERT_EQ(s.size(), 3u) << ::testing::PrintToString(s);
  EXPECT_EQ(s[0], "Mr. Smith met U.S. officials on Oct. 19 in Washington.");
  EXPECT_EQ(s[1], "J. R. Doe was there.");
}

TEST(Sentences, NoSplitInsideAQuotation) {
  auto s = Sentences("\"We will fight. We will win,\" she said. Then she left.");
  ASSERT_EQ(s.size(), 2u) << ::testing::PrintToString(s);
  EXPECT_EQ(s[0], "\"We will fight. We will win,\" she said.");
  auto c = Sentences("He said: \xE2\x80\x9CIt is over. Go home.\xE2\x80\x9D Nobody moved.");
  ASSERT_EQ(c.size(), 2u) << ::testing::PrintToString(c);
}

TEST(Sentences, ParagraphsAlwaysEndASentence) {
  auto s = Sentences("A headline without a period\n\nThe body starts here. It goes on.");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0], "A headline without a period");
}

TEST(Tokenize, WordsNumbersPunctuationWithByteSpans) {
  std::string t = "Russia's veto, 11 of 15 \xE2\x80\x94 caf\xC3\xA9.";
  auto toks = Tokenize(t);
  std::vector<std::string> words;
  for (const Token& k : toks) {
    if (k.kind != TokenKind::kPunct) words.push_back(t.substr(k.span.begin, k.span.size()));
  }
  EXPECT_EQ(words, (std::vector<std::string>{"Russia's", "veto", "11", "of", "15", "caf\xC3\xA9"}));
}

TEST(Terms, StemsDropsStopWordsAndPossessives) {
  Stemmer st;
  auto t = ContentTerms("The investigators said Russia's investigations were investigated", &st);
  EXPECT_EQ(t, (std::vector<std::string>{"investig", "russia", "investig", "investig"}));
}

TEST(Dates, ParsesCommonNewsFormats) {
  EXPECT_EQ(ParseDate("2016-10-10T08:00:00Z"), "2016-10-10");
  EXPECT_EQ(ParseDate("October 10, 2016"), "2016-10-10");
  EXPECT_EQ(ParseDate("13 October, 2016"), "2016-10-13");
  EXPECT_EQ(ParseDate("Mon, 10 Oct 2016 08:00:00 GMT"), "2016-10-10");
  EXPECT_EQ(ParseDate("Oct. 9, 2016"), "2016-10-09");
  EXPECT_FALSE(ParseDate("February 30, 2016").has_value());
  EXPECT_FALSE(ParseDate("yesterday").has_value());
  EXPECT_EQ(*DaysSinceEpoch("1970-01-02"), 1);
  EXPECT_EQ(*DaysSinceEpoch("2016-10-19") - *DaysSinceEpoch("2016-10-10"), 9);
}

}  // namespace
}  // namespace parallax
