#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "shared_data.h"

#include "text/dates.h"
#include "text/segment.h"
#include "text/terms.h"
#include "text/utf8.h"
#include "text/words.h"

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

TEST(Sentences, APeriodThatLostItsSpaceStillEndsASentence) {
  // Text extracted without the space after a period ("week.The") is two
  // sentences, so a claim is not listed glued to the next one.
  auto s = Sentences("The ferry sailed late last week.The harbour master said the crossing was calm!Nobody was hurt.");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0], "The ferry sailed late last week.");
  EXPECT_EQ(s[1], "The harbour master said the crossing was calm!");
  // Host names, paths and addresses stay whole.
  auto h = Sentences("Details are at www.kessar.example.Com and at harbour.gov/notices.Today the port reopened.");
  ASSERT_EQ(h.size(), 1u);
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

// Found by dates_fuzz: a day number too long for an int threw out of
// ParseDate (std::stoi), which a JSON Lines "published" field could reach.
TEST(Dates, AnOverlongDayNumberIsNoDateNotACrash) {
  EXPECT_FALSE(ParseDate("March 4888888888888888888888888888, 2025").has_value());
  EXPECT_FALSE(ParseDate("March 123, 2025").has_value());
  EXPECT_EQ(ParseDate("March 4, 2025"), "2025-03-04");
}

// TokenizeFast must give ICU's tokens: same spans, same kinds.
std::string TokenDiff(const std::string& text) {
  const std::vector<Token> slow = TokenizeIcu(text);
  std::vector<Token> fast;
  TokenizeFast(text, &fast);
  const std::size_t n = std::min(slow.size(), fast.size());
  for (std::size_t k = 0; k < n; ++k) {
    if (slow[k].span.begin != fast[k].span.begin || slow[k].span.end != fast[k].span.end ||
        slow[k].kind != fast[k].kind) {
      return "token " + std::to_string(k) + ": ICU \"" + text.substr(slow[k].span.begin, slow[k].span.size()) +
             "\" kind " + std::to_string(int(slow[k].kind)) + ", fast \"" +
             text.substr(fast[k].span.begin, fast[k].span.size()) + "\" kind " + std::to_string(int(fast[k].kind));
    }
  }
  if (slow.size() != fast.size()) {
    return "ICU " + std::to_string(slow.size()) + " tokens, fast " + std::to_string(fast.size());
  }
  return "";
}

TEST(TokenizeFast, AgreesWithIcuOnHardCases) {
  const std::vector<std::string> cases = {
      "Russia's veto, 11 of 15 \xE2\x80\x94 caf\xC3\xA9.",
      "Don't stop: the U.S. and U.K. sent 1,200.50 troops (3.5%) at 10:30 a.m.",
      "O\xE2\x80\x99" "Brien said \xE2\x80\x9Cno\xE2\x80\x9D \xE2\x80\x94 twice... really?!",
      "e-mail, co-operate, state-of-the-art; x_y __init__ _ 12_34 3pm pm3 a1b2",
      "cafe\xCC\x81 na\xC3\xAFve \xC3\x89lys\xC3\xA9" "e, \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0, "
      "\xD8\xA7\xD9\x84\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 \xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1",
      "\xE5\x8C\x97\xE4\xBA\xAC\xE5\xB8\x82 Beijing \xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5",
      "smile \xF0\x9F\x98\x80 flag \xF0\x9F\x87\xAB\xF0\x9F\x87\xB7 $5 \xE2\x82\xAC" "10 #tag @user http://a.b/c?d=1",
      "line one\nline two\r\n\ttabbed\xC2\xA0nbsp 'quoted' \"double\" 's -5 +3 1.2.3 a.b.c 1..2 a''b",
      "bad \xFF\xFE bytes \xC3 end",
      "mp3 3pm a1b2 a1b a1 1a 1a1 x_1 1_x _1 1_ a_ __ 1__ a1_ 1_a_ 3.5a a3.5 a.3 3.a jane.doe@example.org og:title",
      "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7\xF0\x9F\x87\xAB x \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD "
      "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9 a\xE2\x80\x8D" "b",
      "signs \xE2\x80\x8D\xE2\x99\x80\xEF\xB8\x8F Mode, a \xE2\x80\x8D\xE2\x80\x8D b \xE2\x99\x80\xE2\x80\x8D\xE2\x99\x80",
      "\xD7\x93\xD7\x92\xD7\x9C \xD7\x92\xD7\xA8\xD7\xA9' \xD7\xA6\xD7\x94\"\xD7\x9C \xD7\x90'\xD7\x91 \xD7\x90'1 \xD7\x90'' \xD7\x90\" x'",
      "\xCC\x81start x \xCC\x81 y \xCC\x81\xCC\x81 .\xCC\x81 a\xC2\xAD b\n\xCC\x81line",
      "",
  };
  for (const std::string& c : cases) EXPECT_EQ(TokenDiff(c), "") << "text: " << c;
}

// Random strings over the characters the word rules treat differently
// (ASCII letters, digits, "_", "@", the separators inside words, spaces,
// line breaks, punctuation) with a few non-ASCII ones among them: a
// combining accent, a soft hyphen, a curly apostrophe, an accented letter,
// a zero-width joiner, an emoji, a Hebrew letter. Covers the ASCII path
// and its hand-overs to the general one, in every neighbourhood.
TEST(TokenizeFast, AgreesWithIcuOnRandomStrings) {
  const std::vector<std::string> alphabet = {
      "a", "Z", "s", "9", "0", "_", "@", ".", ",", ";", ":", "'", "\"", "-", " ", " ", "\n", "\t", "!", "#",
      "\xCC\x81", "\xC2\xAD", "\xE2\x80\x99", "\xC3\xA9", "\xE2\x80\x8D", "\xF0\x9F\x98\x80", "\xD7\x90"};
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  int differ = 0;
  std::string first;
  for (int c = 0; c < 4000; ++c) {
    std::string text;
    const std::size_t len = 1 + next() % 24;
    // Mostly ASCII, as news text is: the non-ASCII entries (the last
    // seven) one pick in eight.
    for (std::size_t k = 0; k < len; ++k) {
      const std::size_t ascii = alphabet.size() - 7;
      text += next() % 8 == 0 ? alphabet[ascii + next() % 7] : alphabet[next() % ascii];
    }
    const std::string d = TokenDiff(text);
    if (!d.empty() && differ++ == 0) first = "\"" + text + "\": " + d;
  }
  EXPECT_EQ(differ, 0) << first;
}

TEST(TokenizeFast, AgreesWithIcuOnTheExamples) {
  const std::string dir = std::string(PARALLAX_SOURCE_DIR) + "/examples/articles";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string text = testing::ReadAll(entry.path().string());
    EXPECT_EQ(TokenDiff(text), "") << entry.path();
    ++files;
  }
  EXPECT_GE(files, 5);
}

// Real news: BBC articles (600 of them) and the seed articles with their
// page junk. Counts texts whose tokens differ at all.
TEST(TokenizeFast, AgreesWithIcuOnRealNews) {
  PARALLAX_REQUIRE_SHARED("bulk/bbc-news-2225");
  PARALLAX_REQUIRE_SHARED("seeds");
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(testing::SharedDataDir() + "/bulk/bbc-news-2225")) {
    if (entry.is_regular_file() && entry.path().extension() == ".txt") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  if (paths.size() > 600) paths.resize(600);
  for (const auto& entry : std::filesystem::directory_iterator(testing::SharedDataDir() + "/seeds")) {
    paths.push_back(entry.path());
  }
  std::size_t texts = 0, differ = 0;
  std::string first;
  for (const auto& entry : paths) {
    const std::string text = testing::ReadAll(entry.string());
    if (!IsValidUtf8(text)) continue;
    ++texts;
    const std::string d = TokenDiff(text);
    if (!d.empty()) {
      ++differ;
      if (first.empty()) first = entry.string() + ": " + d;
    }
  }
  EXPECT_GE(texts, 505u);
  EXPECT_EQ(differ, 0u) << first;
}

}  // namespace
}  // namespace parallax

#include "core/split.h"

// The dev split is fixed by id: these values are part of every reported
// tuning/validation figure, so a change of the hash must fail here.
TEST(DevSplit, HalvesAreFixedByIdAndBalanced) {
  EXPECT_EQ(parallax::DevHalfOf("story-1"), parallax::DevHalfOf(std::string("story-1")));
  int tuning = 0;
  for (int i = 0; i < 10000; ++i) tuning += parallax::InTuningHalf("item-" + std::to_string(i)) ? 1 : 0;
  EXPECT_GT(tuning, 4800);
  EXPECT_LT(tuning, 5200);
  std::string pattern;
  for (int i = 0; i < 16; ++i) pattern += parallax::InTuningHalf("item-" + std::to_string(i)) ? 'T' : 'V';
  EXPECT_EQ(pattern, "TVVTVTVTTVTTVTTT");
}
