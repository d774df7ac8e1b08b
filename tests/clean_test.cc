#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "clean/cleaner.h"
#include "text/utf8.h"
#include "ingest/reader.h"
#include "shared_data.h"

namespace parallax {
namespace {

Article Clean(const std::string& raw) {
  Article a;
  a.id = "t";
  a.raw = raw;
  CleanArticle(&a, nullptr);
  return a;
}

std::map<std::string, std::string> ReasonByLine(const Article& a) {
  std::map<std::string, std::string> out;
  for (const auto& r : a.removed) out[r.text] = r.reason;
  return out;
}

// An invented page with the kinds of furniture scrapers leave behind.
const char* kPage =
    "Harbour strike enters third day\n"
    "Harbour strike enters third day\n"
    "By Ana Costa\n"
    "Updated 14:32 GMT, 3 March 2025\n"
    "Share this story\n"
    "Facebook Twitter WhatsApp Email\n"
    "Dockworkers at the port of Kessar stayed off the job for a third day on Wednesday, leaving 38 ships at anchor.\n"
    "\"We will not back down,\" union leader Anton Brezic said. \"Not this week and not next.\"\n"
    "Crowds gather at the dock gates 02:14\n"
    "Police said nine people were arrested after a blockade at the north gate.\n"
    "Riot police line up at the north gate on Tuesday. (Photo: Jane Roe/Harbour Wire)\n"
    "ADVERTISEMENT\n"
    "Read more:\n"
    "Port automation plan unveiled\n"
    "Ministers meet union leaders\n"
    "The transport ministry called the strike unlawful and said talks would resume on Thursday.\n"
    "Solidarity at the gates today #KessarStrike https://social.example/p/123\n"
    "\xE2\x80\x94 Dockworkers Union (@KessarDockers) March 3, 2025\n"
    "Sign up for our morning newsletter\n"
    "Get our app for breaking news alerts.\n";

TEST(Clean, RemovesPageFurnitureAndKeepsProse) {
  Article a = Clean(kPage);
  auto why = ReasonByLine(a);
  EXPECT_EQ(a.title, "Harbour strike enters third day");
  EXPECT_EQ(why["Harbour strike enters third day"], "repeated line");
  EXPECT_EQ(why["By Ana Costa"], "byline");
  EXPECT_EQ(why["Updated 14:32 GMT, 3 March 2025"], "timestamp or reading time");
  EXPECT_EQ(why["Share this story"], "share or social widget");
  EXPECT_EQ(why["Facebook Twitter WhatsApp Email"], "share or social widget");
  EXPECT_EQ(why["Crowds gather at the dock gates 02:14"], "video caption");
  EXPECT_EQ(why["Riot police line up at the north gate on Tuesday. (Photo: Jane Roe/Harbour Wire)"],
            "image caption or credit");
  EXPECT_EQ(why["ADVERTISEMENT"], "advertisement");
  EXPECT_EQ(why["Read more:"], "related-articles link");
  EXPECT_EQ(why["Port automation plan unveiled"], "related-article headline");
  EXPECT_EQ(why["Ministers meet union leaders"], "related-article headline");
  EXPECT_EQ(why["\xE2\x80\x94 Dockworkers Union (@KessarDockers) March 3, 2025"], "embedded social post");
  EXPECT_FALSE(why["Solidarity at the gates today #KessarStrike https://social.example/p/123"].empty());
  EXPECT_EQ(why["Sign up for our morning newsletter"], "app or newsletter prompt");
  EXPECT_EQ(why["Get our app for breaking news alerts."], "app or newsletter prompt");
  // Prose and quotes stay, in order, one paragraph each.
  EXPECT_EQ(a.text,
            "Dockworkers at the port of Kessar stayed off the job for a third day on Wednesday, leaving 38 ships at anchor.\n\n"
            "\"We will not back down,\" union leader Anton Brezic said. \"Not this week and not next.\"\n\n"
            "Police said nine people were arrested after a blockade at the north gate.\n\n"
            "The transport ministry called the strike unlawful and said talks would resume on Thursday.");
  EXPECT_EQ(a.published, "2025-03-03");
}

// How to reach the reporter or the letters desk is not the story; a
// sentence that merely names an address-like handle is.
TEST(Clean, NewsroomContactLinesAreRemoved) {
  Article a = Clean(
      "Dockworkers at the port of Kessar stayed off the job for a third day on Wednesday, leaving 38 ships at anchor.\n\n"
      "The union said it would publish its demands at 10 a.m. on Thursday in front of the port gates.\n\n"
      "Have a tip? Ana Costa may be reached at acosta@harbourwire.example. Follow her on Twitter @AnaCosta.\n\n"
      "We'd like to hear what you think about this or any of our articles. Here's our email: letters@harbourwire.example.\n");
  auto reasons = ReasonByLine(a);
  EXPECT_EQ(reasons["Have a tip? Ana Costa may be reached at acosta@harbourwire.example. Follow her on Twitter @AnaCosta."],
            "newsroom contact line");
  EXPECT_EQ(reasons["We'd like to hear what you think about this or any of our articles. Here's our email: "
                    "letters@harbourwire.example."],
            "newsroom contact line");
  EXPECT_NE(a.text.find("publish its demands"), std::string::npos) << a.text;
  EXPECT_EQ(a.text.find("acosta@"), std::string::npos) << a.text;
}

// A notice that a widget needs JavaScript, and a "click here" sales pitch,
// are page furniture; a sentence that reports on a script is not.
TEST(Clean, ScriptNoticesAndClickHerePitchesAreRemoved) {
  Article a = Clean(
      "Dockworkers at the port of Kessar stayed off the job for a third day on Wednesday, leaving 38 ships at anchor.\n\n"
      "This slideshow requires JavaScript.\n\n"
      "The port authority said its new booking system, which requires JavaScript in the browser, had crashed twice "
      "during the strike and that engineers were working with the supplier to fix it before talks on Thursday.\n\n"
      "Get Harbour Weekly delivered through your letterbox every month. 12 issues for 11.99. Click here for more "
      "information.\n");
  auto reasons = ReasonByLine(a);
  EXPECT_EQ(reasons["This slideshow requires JavaScript."], "script notice (the page needs JavaScript)");
  EXPECT_EQ(reasons["Get Harbour Weekly delivered through your letterbox every month. 12 issues for 11.99. Click "
                    "here for more information."],
            "app or newsletter prompt");
  EXPECT_NE(a.text.find("new booking system"), std::string::npos) << a.text;
}

TEST(Clean, DecodesEntitiesDropsTagsNormalisesUnicode) {
  Article a = Clean("<p>The minister&rsquo;s plan &mdash; a <b>bold</b> move &amp; a risk, critics said.</p>\n"
                    "<script>track('x');</script>\n"
                    "Prices rose 3\xC2\xA0percent in Cafe\xCC\x81 Street, where a < b holds for all shops.\n");
  EXPECT_EQ(a.text,
            "The minister\xE2\x80\x99s plan \xE2\x80\x94 a bold move & a risk, critics said.\n\n"
            "Prices rose 3 percent in Caf\xC3\xA9 Street, where a < b holds for all shops.");
  ASSERT_FALSE(a.removed.empty());
  EXPECT_EQ(a.removed[0].reason, "script element (code, not text)");
}

TEST(Clean, RemovedBlocksRecordWhereTheyWere) {
  Article a = Clean("First paragraph of the story has enough words to be prose.\n"
                    "Interior Minister Dana Velkova\n"
                    "\"We will act,\" the minister said at the meeting in the capital.\n");
  ASSERT_EQ(a.removed.size(), 1u);
  EXPECT_EQ(a.removed[0].reason, "section heading or caption (not a sentence)");
  // The caption sat just above the quote paragraph.
  EXPECT_EQ(a.text.substr(a.removed[0].at, 2), "\n\n");
  EXPECT_EQ(a.text[a.removed[0].at + 2], '"');
}

TEST(Clean, RepeatedLinesAcrossTheCorpusAreBoilerplate) {
  std::vector<Article> corpus(4);
  for (int i = 0; i < 4; ++i) {
    corpus[i].id = std::string("a").append(std::to_string(i));
    corpus[i].raw = "Story number " + std::to_string(i) +
                    " tells of a different event with plenty of words in it.\nSupport our journalism today\n"
                    "A second paragraph follows the first one in this story.\n";
  }
  CleanCorpus(&corpus);
  for (const Article& a : corpus) {
    ASSERT_EQ(a.removed.size(), 1u) << a.id;
    EXPECT_EQ(a.removed[0].text, "Support our journalism today");
  }
}

TEST(Clean, HardWrappedParagraphsAreJoined) {
  // Wire copy wrapped at about 60 columns, paragraphs indented.
  Article a = Clean(
      "    The central bank of Ostreva raised its main interest rate\n"
      "by half a point on Thursday, the third rise this year, and\n"
      "said further increases could not be ruled out.\n"
      "    Governor Ilse Marn told reporters that inflation, now at\n"
      "6.2 pct, was still well above the bank's target of two pct\n"
      "and that wage growth remained strong.\n"
      "    Markets had expected the move.\n"
      "    The currency rose 0.4 pct against the euro after the\n"
      "decision was announced in the capital, Kessar.\n");
  EXPECT_EQ(a.text,
            "The central bank of Ostreva raised its main interest rate by half a point on Thursday, the third rise "
            "this year, and said further increases could not be ruled out.\n\n"
            "Governor Ilse Marn told reporters that inflation, now at 6.2 pct, was still well above the bank's "
            "target of two pct and that wage growth remained strong.\n\n"
            "Markets had expected the move.\n\n"
            "The currency rose 0.4 pct against the euro after the decision was announced in the capital, Kessar.");
  EXPECT_TRUE(a.removed.empty());
}

TEST(Clean, NoticeWithoutProseKeepsItsLines) {
  std::vector<Article> corpus(3);
  for (int i = 0; i < 3; ++i) {
    corpus[i].id = std::string("n").append(std::to_string(i));
    // Every line recurs in every article: all of it looks like boilerplate.
    corpus[i].raw = "Qtly div 10 cts vs 9 cts prior\nPay April 1\n";
  }
  CleanCorpus(&corpus);
  for (const Article& a : corpus) EXPECT_EQ(a.text, "Qtly div 10 cts vs 9 cts prior\n\nPay April 1") << a.id;
}

TEST(Clean, TextWithoutProseIsKept) {
  // A list of short lines with no sentence at all is not judged: nothing
  // to compare against, so nothing is dropped.
  Article a = Clean("Apples\nPears\nPlums\n");
  EXPECT_EQ(a.text, "Apples\n\nPears\n\nPlums");
}

// Regression: a feed item's one-paragraph description was dropped whole as
// a photo caption (an excerpt ending in the elision "[…]", read as a
// bracketed credit; "(pictured)" in running prose), leaving no article.
TEST(Clean, SoleParagraphOfAShortTextIsKept) {
  const std::string excerpt =
      "The city council voted on Tuesday to extend the night bus service to the harbour district, a change that "
      "residents and shift workers had sought for years. Councillors said the first routes would run from "
      "\xE2\x80\xA6 [\xE2\x80\xA6]";
  EXPECT_EQ(Clean(excerpt).text, excerpt);
  const std::string ellipsis = "Shop owners along the canal say the new parking rules have cut their trade by a third [...]";
  EXPECT_EQ(Clean(ellipsis).text, ellipsis);
  const std::string pictured =
      "Mayor Ines Varga (pictured), 52, said the new bridge would open in the spring after two years of delays";
  EXPECT_EQ(Clean(pictured).text, pictured);
  const std::string cue = "The paper's weekly podcast asks why rents in the old town doubled in five years";
  EXPECT_EQ(Clean(cue).text, cue);
  // Clearly boilerplate stays out, even alone.
  EXPECT_EQ(Clean("Download our app to get breaking news alerts on your phone").text, "");
  EXPECT_EQ(Clean("Read more...").text, "");
  EXPECT_EQ(Clean("Photo: Reuters").text, "");
}

// An elision mark is not a credit: the paragraph it ends stays in a longer
// text too, and a real bracketed credit still goes.
TEST(Clean, ElisionMarkIsNotACaptionCredit) {
  Article a = Clean(
      "Harbour workers returned to the docks on Monday after a week-long strike ended with a pay deal.\n"
      "The union said the agreement covered overtime, night shifts and training, and that members would vote on it "
      "within [\xE2\x80\xA6]\n"
      "Cranes stand idle at the container terminal [Harbour Press]\n");
  EXPECT_NE(a.text.find("within [\xE2\x80\xA6]"), std::string::npos) << a.text;
  EXPECT_EQ(a.text.find("Cranes stand idle"), std::string::npos) << a.text;
}

// The five real seed articles: junk goes, prose and quotes stay.
// Found by clean_fuzz (libFuzzer): control characters and a curly
// apostrophe among angle brackets made the cleaner cut a character in two.
TEST(Clean, TextAndTitleStayValidUtf8OnControlBytesAndAngleBrackets) {
  Article a;
  a.id = "f";
  a.path = "f.txt";
  a.raw = std::string("<p~0L\x01""`a\x00""\x00""pzrath<p~0l`apzraket\xe2""\x80""\x99""tttt(ttttttt\x01""\x00""\x00""\x00""\x00""\x00""\x00""ut<tKeth<p~1l`apzraket\xe2""\x80""\x99""tttt(tttttttttt(left)t<tKeth<p~t\xe2""\x80""\x99""tttt(tttttttttt(left)t<tKeth<p~0l`apzr>", 151);
  CleanArticle(&a, nullptr);
  EXPECT_TRUE(IsValidUtf8(a.text)) << a.text;
  EXPECT_TRUE(IsValidUtf8(a.title)) << a.title;
}

TEST(CleanSeeds, KeepsProseAndQuotesRemovesJunk) {
  PARALLAX_REQUIRE_SHARED("seeds");
  IngestResult in = ReadInputs({testing::SharedDataDir() + "/seeds"}, IngestOptions{});
  ASSERT_EQ(in.articles.size(), 5u);
  ASSERT_TRUE(in.errors.empty());
  CleanCorpus(&in.articles);
  std::set<std::string> all_reasons;
  for (const Article& a : in.articles) {
    std::set<std::string> reasons;
    for (const auto& r : a.removed) reasons.insert(r.reason);
    all_reasons.insert(reasons.begin(), reasons.end());
    // Every raw line that is a real sentence of 10+ words, or a quotation of
    // 8+ words, without links or hashtags, is kept.
    std::size_t i = 0;
    int prompts = 0;
    for (const auto& r : a.removed) prompts += r.reason == "app or newsletter prompt";
    EXPECT_LE(prompts, 2) << a.id;
    while (i < a.raw.size()) {
      std::size_t nl = a.raw.find('\n', i);
      if (nl == std::string::npos) nl = a.raw.size();
      std::string line = CleanInline(a.raw.substr(i, nl - i));
      i = nl + 1;
      std::size_t words = std::count(line.begin(), line.end(), ' ') + 1;
      bool link = line.find("http") != std::string::npos || line.find("pic.") != std::string::npos ||
                  line.find('#') != std::string::npos || line.find("(@") != std::string::npos;
      bool quote = line.find('"') != std::string::npos || line.find("\xE2\x80\x9C") != std::string::npos;
      bool sentence = !line.empty() && (line.back() == '.' || line.back() == '"' || line.back() == '?' ||
                                        line.ends_with("\xE2\x80\x9D") || line.ends_with("\xE2\x80\x9C"));
      if (link || line.empty()) continue;
      if ((sentence && words >= 10) || (quote && words >= 8)) {
        bool kept = a.text.find(line) != std::string::npos;
        bool prompt = false;
        for (const auto& r : a.removed) prompt = prompt || (r.text == line && r.reason == "app or newsletter prompt");
        EXPECT_TRUE(kept || prompt || line == a.title) << a.id << " lost prose: " << line;
      }
    }
    // No link, hashtag post, video duration or image file name survives.
    EXPECT_EQ(a.text.find("http"), std::string::npos) << a.id;
    EXPECT_EQ(a.text.find("pic.twitter"), std::string::npos) << a.id;
    EXPECT_EQ(a.text.find(".jpg"), std::string::npos) << a.id;
    EXPECT_EQ(a.text.find("(@"), std::string::npos) << a.id;
  }
  // The seeds carry app prompts, a video caption, share widgets, embedded
  // posts, related headlines and photo captions; each kind is recognised.
  for (const char* reason : {"app or newsletter prompt", "video caption", "share or social widget",
                             "embedded social post", "related-article headline", "image caption or credit",
                             "image file name", "advertisement"}) {
    EXPECT_TRUE(all_reasons.count(reason)) << "no block removed as: " << reason;
  }
}

}  // namespace
}  // namespace parallax
