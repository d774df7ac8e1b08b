#include "ingest/html.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "eval/extraction.h"
#include "ingest/html_classify.h"
#include "learn/boosting.h"

namespace parallax {
namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// `parallax clean page.html` shows what the page held besides its text and
// why (it used to say "removed (0)"); the text itself is the same with or
// without the list.
TEST(ExtractHtmlTest, DroppedRegionsAreListedInPageOrderWithReasons) {
  const std::string page =
      "<html><head><title>Ferry strike ends | Harbour Times</title><script>var x = 1;</script></head><body>"
      "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
      "<div class=\"cookie-banner\">We use cookies to improve your experience. Accept all cookies?</div>"
      "<article><h1>Ferry strike ends after union accepts pay offer</h1>"
      "<p>The ferry strike in Velden ended on Monday after the union accepted a pay offer of four percent, the "
      "operator said in a statement.</p>"
      "<p>Crossings will run on the normal timetable from Tuesday morning, with extra boats at the weekend to "
      "clear the backlog of cars.</p><aside>Read also: Bridge toll rises in March</aside></article>"
      "<div style=\"display: none\">Hidden promo text</div>"
      "<footer>Harbour Times, 1 Quay Street, Velden. All rights reserved.</footer></body></html>";
  Result<HtmlDocument> plain = ExtractHtml(page);
  Result<HtmlDocument> listed = ExtractHtml(page, true);
  ASSERT_TRUE(plain.ok() && listed.ok());
  EXPECT_EQ(plain->text, listed->text);
  EXPECT_TRUE(plain->dropped.empty());
  std::vector<std::string> got;
  for (const HtmlDocument::Dropped& d : listed->dropped) got.push_back(d.reason + " | " + d.text);
  const std::vector<std::string> want = {
      "navigation (<nav>, <menu>) | Home News",
      "class or id names page furniture (cookie-banner) | We use cookies to improve your experience. Accept all cookies?",
      "headline (the title) | Ferry strike ends after union accepts pay offer",
      "aside (<aside>) | Read also: Bridge toll rises in March",
      "hidden element | Hidden promo text",
      "footer (<footer>) | Harbour Times, 1 Quay Street, Velden. All rights reserved."};
  EXPECT_EQ(got, want);
}

TEST(ExtractHtmlTest, KeepsOnlyArticleParagraphs) {
  const std::string html = R"(<!doctype html><html lang="en"><head><title>Storm hits coast | Daily Bugle</title></head>
<body>
<header class="site-header"><a href="/">Daily Bugle</a></header>
<nav><ul><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div id="cookie-banner">We use cookies, click accept to continue browsing.</div>
<main><article>
  <h1>Storm hits coast</h1>
  <p>The storm reached the coast on Tuesday night, bringing heavy rain, strong winds and flooding to several towns.</p>
  <figure><img src="a.jpg"><figcaption>A flooded street, photographed by a reader.</figcaption></figure>
  <p>"We have never seen water this high," said the mayor, who asked residents to stay indoors until the morning.</p>
  <h2>Clean-up begins</h2>
  <p>Crews began clearing roads at dawn, and power was restored to most homes by noon, officials said.</p>
  <div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
</article></main>
<aside><h3>Most read</h3><p>Another story, with commas, that is long enough to look like a paragraph of prose.</p></aside>
<div class="newsletter-signup"><p>Sign up for our newsletter, it is free, weekly, and full of news you can use.</p></div>
<footer><p>Copyright Daily Bugle, all rights reserved, since 1962 and forever more.</p></footer>
</body></html>)";
  Result<HtmlDocument> r = ExtractHtml(html);
  ASSERT_TRUE(r.ok()) << r.status().message();
  const std::string& text = r->text;
  EXPECT_TRUE(Contains(text, "The storm reached the coast on Tuesday night"));
  EXPECT_TRUE(Contains(text, "\"We have never seen water this high,\" said the mayor"));
  EXPECT_TRUE(Contains(text, "Clean-up begins"));
  EXPECT_TRUE(Contains(text, "power was restored to most homes by noon, officials said."));
  for (const char* junk : {"World", "cookies", "flooded street", "Share on Facebook", "Most read",
                           "Another story", "newsletter", "Copyright", "Daily Bugle"}) {
    EXPECT_FALSE(Contains(text, junk)) << junk << " leaked into: " << text;
  }
  // Paragraphs are separated by one blank line; the headline is not text.
  EXPECT_TRUE(Contains(text, "officials said.") && Contains(text, "the morning.\n\nClean-up begins"));
  EXPECT_FALSE(Contains(text, "Storm hits coast"));
  EXPECT_EQ(r->title, "Storm hits coast");
  EXPECT_EQ(r->language, "en");
}

// A section headed by a heading classed as related reading is that list,
// even when its teasers are <article> elements with more text than the
// article itself (WordPress "You may like..." boxes).
TEST(ExtractHtmlTest, SectionLabelledAsRelatedReadingIsDropped) {
  std::string teasers;
  for (int k = 0; k < 6; ++k) {
    teasers += "<article class=\"postbox\"><a href=\"/p" + std::to_string(k) +
               "\">Teaser</a><p>Another reflection on patience, courage and hope, written for readers who want a "
               "word of comfort every morning, with many more lines of gentle advice, carefully chosen and "
               "shared with friends and family every single day …</p></article>";
  }
  const std::string html =
      "<html><body><article class=\"postbox\"><h1>Only those who love themselves</h1>"
      "<p>Living a true experience of love is one of the greatest pleasures of life, and expressing it depends "
      "on each person's ideas, habits and fears, as the author explains in this short reflection.</p></article>"
      "<article class=\"postbox\"><h3 class=\"relatedpoststitle\">You may like...</h3>" +
      teasers + "</article></body></html>";
  Result<HtmlDocument> r = ExtractHtml(html);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(Contains(r->text, "Living a true experience of love")) << r->text;
  EXPECT_FALSE(Contains(r->text, "Another reflection on patience")) << r->text;

  // The page's own article is never taken for the list, whatever its
  // first heading says.
  const std::string own =
      "<html><body><div><h2 class=\"related-title\">Budget</h2><h1>Council passes the budget</h1>"
      "<p>The council passed the budget on Tuesday by seven votes to two, after a debate that lasted most of "
      "the evening and ended with a vote on road spending.</p></div></body></html>";
  r = ExtractHtml(own);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(Contains(r->text, "The council passed the budget")) << r->text;
}

// A call-to-action box (a donation appeal, a sign-up pitch) after the
// article is not its text.
TEST(ExtractHtmlTest, CallToActionBoxIsDropped) {
  const std::string html =
      "<html><body><article><h1>Ambassador's net worth claim</h1>"
      "<p>A viral post claimed that the former ambassador has a net worth of 17 million dollars, a figure for "
      "which no public record gives any support, as the financial disclosures filed in 2019 show.</p>"
      "<p>The disclosures list assets worth between one and two million dollars, mostly retirement accounts "
      "and a house, according to the filing made public by the State Department.</p></article>"
      "<div class=\"zone-widget custom-cta-letter\"><h4>A Word to Our Loyal Readers</h4><p>Support our newsroom "
      "and make a difference for readers everywhere, because this work, done every day at no cost to you, is "
      "far from free to produce, and we cannot afford to slow down.</p></div></body></html>";
  Result<HtmlDocument> r = ExtractHtml(html);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(Contains(r->text, "The disclosures list assets")) << r->text;
  EXPECT_FALSE(Contains(r->text, "Support our newsroom")) << r->text;
}

TEST(ExtractHtmlTest, CollapsesWhitespaceAndDecodesEntities) {
  const std::string html =
      "<html><body><article><p>Caf&eacute;   prices\n\n rose &amp; fell,\tand rose again, "
      "all week long, said traders.</p><p>Line one<br>line two<br><br>New paragraph, "
      "after a double break, continues here.</p></article></body></html>";
  Result<HtmlDocument> r = ExtractHtml(html);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(Contains(r->text, "Caf\xC3\xA9 prices rose & fell, and rose again")) << r->text;
  EXPECT_TRUE(Contains(r->text, "Line one\nline two\n\nNew paragraph")) << r->text;
}

TEST(ExtractHtmlTest, MetadataFromJsonLd) {
  const std::string html = R"(<html><head>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
  {"@type":"WebSite","name":"Ignored"},
  {"@type":"NewsArticle","headline":"Budget passes","datePublished":"2019-11-19T10:15:00-05:00",
   "author":[{"@type":"Person","name":"Ana Ruiz"},{"@type":"Person","name":"Li Wei"}],
   "publisher":{"@type":"Organization","name":"The Courier"}}]}</script>
</head><body><article><h1>Budget passes</h1><p>The budget passed on a narrow vote, with three members absent, after a long debate.</p></article></body></html>)";
  Result<HtmlDocument> r = ExtractHtml(html);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->published.has_value());
  EXPECT_EQ(*r->published, "2019-11-19T10:15:00");
  ASSERT_TRUE(r->site_name.has_value());
  EXPECT_EQ(*r->site_name, "The Courier");
  EXPECT_EQ(r->author, "Ana Ruiz, Li Wei");
  EXPECT_EQ(r->title, "Budget passes");
}

TEST(ExtractHtmlTest, MetadataFromMetaTags) {
  const std::string html = R"(<html lang="de"><head>
<title>Wahl entschieden - Stadtblatt</title>
<meta property="og:title" content="Wahl entschieden | Stadtblatt">
<meta property="og:site_name" content="Stadtblatt">
<meta property="og:url" content="https://example.org/og">
<link rel="canonical" href="https://example.org/wahl">
<meta name="author" content="Jana Berg">
<meta property="article:published_time" content="2020-03-01T08:00:00Z">
</head><body><p>Die Wahl ist entschieden, sagte der Leiter, nachdem alle Stimmen gezählt waren.</p></body></html>)";
  Result<HtmlDocument> r = ExtractHtml(html);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->title, "Wahl entschieden");
  EXPECT_EQ(r->site_name.value_or(""), "Stadtblatt");
  EXPECT_EQ(r->canonical_url, "https://example.org/wahl");
  EXPECT_EQ(r->author, "Jana Berg");
  EXPECT_EQ(r->published.value_or(""), "2020-03-01T08:00:00");
  EXPECT_EQ(r->language, "de");
}

TEST(ExtractHtmlTest, TitleFallsBackToTitleTagWithoutSiteSuffix) {
  const std::string html =
      "<html><head><title>Council approves new park plan | City News</title></head>"
      "<body><p>The council approved the plan, which adds trees, benches and a playground.</p>"
      "</body></html>";
  Result<HtmlDocument> r = ExtractHtml(html);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->title, "Council approves new park plan");
  EXPECT_FALSE(r->published.has_value());
}

TEST(ExtractHtmlTest, DateInPlainScriptIsIgnored) {
  // Analytics scripts carry dates that are not the article's; only JSON-LD
  // scripts are read.
  const std::string html = R"(<html><head>
<script>var page = {"datePublished": "2001-01-01", "pubdate": "2001-01-01"};</script>
</head><body><article><p>The bridge reopened to traffic on Monday, after two years of repairs and delays.</p></article>
<div class="related-stories"><ul><li><a href="/x">Older story</a> <time datetime="2002-02-02">Feb 2</time></li></ul></div>
</body></html>)";
  Result<HtmlDocument> r = ExtractHtml(html);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->published.has_value()) << *r->published;
}

TEST(ExtractHtmlTest, TimeElementInsideArticle) {
  const std::string html = R"(<html><body><article>
<div class="byline">By Sam Lee, <time datetime="2018-10-09T16:02:36+01:00">October 9</time></div>
<p>The senate adjourned early on Tuesday, after members paid tribute to two colleagues.</p>
<p>Members observed a minute of silence, and the session resumes next week, the clerk said.</p>
</article></body></html>)";
  Result<HtmlDocument> r = ExtractHtml(html);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->published.value_or(""), "2018-10-09T16:02:36");
}

TEST(ExtractHtmlTest, EmptyInputIsAnError) {
  for (const std::string& in : {std::string(), std::string(" \n\t ")}) {
    Result<HtmlDocument> r = ExtractHtml(in);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kEmpty);
  }
}

TEST(ExtractHtmlTest, BinaryInputIsRejected) {
  std::string binary("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  Result<HtmlDocument> r = ExtractHtml(binary);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  EXPECT_FALSE(r.status().message().empty());
}

TEST(ExtractHtmlTest, RandomBytesNeverCrash) {
  // Deterministic pseudo-random bytes, with and without NULs, and with
  // HTML-ish fragments mixed in.
  std::uint32_t state = 12345;
  auto next = [&] {
    state = state * 1664525u + 1013904223u;
    return state >> 24;
  };
  const char* pieces[] = {"<div", "<p>", "</", "<script>", "&amp", "&#", "<!--", "<![CDATA[",
                          "<table>", "<svg><foreignObject>", "\xF0\x9F", "\xC3", ">", "\""};
  for (int round = 0; round < 200; ++round) {
    std::string s;
    int n = static_cast<int>(next() % 400);
    for (int i = 0; i < n; ++i) {
      if (next() % 4 == 0) {
        s += pieces[next() % (sizeof(pieces) / sizeof(pieces[0]))];
      } else {
        s.push_back(static_cast<char>(round % 2 == 0 ? next() : 0x20 + next() % 0x60));
      }
    }
    Result<HtmlDocument> r = ExtractHtml(s);
    if (r.ok()) {
      EXPECT_LE(r->text.size(), s.size() * 4);
    }
  }
}

TEST(ExtractHtmlTest, DeepNestingIsBounded) {
  std::string html = "<html><body><p>Shallow paragraph, kept, with enough words to count as prose.</p>";
  for (int i = 0; i < 10000; ++i) html += "<div>";
  html += "deep text";
  for (int i = 0; i < 10000; ++i) html += "</div>";
  html += "</body></html>";
  Result<HtmlDocument> r = ExtractHtml(html);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(Contains(r->text, "Shallow paragraph"));
  // Beyond depth 500 nothing is read.
  EXPECT_FALSE(Contains(r->text, "deep text"));

  // Unclosed nesting to the end of input.
  std::string unclosed;
  for (int i = 0; i < 10000; ++i) unclosed += "<div><span><b>";
  EXPECT_TRUE(ExtractHtml(unclosed).ok());
}

// Regression (libxml2 parser): a page without a charset declaration is
// UTF-8, not re-read as Latin-1 at its first non-ASCII byte, and an invalid
// byte becomes U+FFFD without changing the text after it.
TEST(ExtractHtmlTest, Utf8WithoutDeclarationAndInvalidBytes) {
  const std::string html =
      "<html><body><article><p>Caf\xC3\xA9 owners in \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 said on "
      "Monday that prices would rise, again, this winter.</p><p>A stray \xFF byte here, then "
      "na\xC3\xAFve text that must stay as it was written, with commas.</p></article></body></html>";
  Result<HtmlDocument> r = ExtractHtml(html);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(Contains(r->text, "Caf\xC3\xA9 owners in \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"));
  EXPECT_TRUE(Contains(r->text, "A stray \xEF\xBF\xBD byte here, then na\xC3\xAFve text"));

  // A declared charset is ignored: the readers have converted to UTF-8.
  const std::string declared =
      "<html><head><meta charset=\"iso-8859-1\"></head><body><article><p>Caf\xC3\xA9 owners said on "
      "Monday that prices would rise, again, this winter, and next.</p></article></body></html>";
  Result<HtmlDocument> d = ExtractHtml(declared);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(Contains(d->text, "Caf\xC3\xA9 owners"));
}

// Regression (libxml2 parser): end tags are matched against the stack of
// open elements, so a page of unclosed elements followed by stray end tags
// was quadratic; parsing stops at depth 1000.
TEST(ExtractHtmlTest, StrayEndTagsUnderDeepNestingAreFast) {
  std::string html = "<html><body><p>Shallow paragraph, kept, with enough words to count as prose.</p>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  for (int i = 0; i < 100000; ++i) html += "</p>";
  Result<HtmlDocument> r = ExtractHtml(html);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(Contains(r->text, "Shallow paragraph"));
}

// Comments, styles and scripts are dropped before parsing (JSON-LD kept);
// markup-like text inside them or inside attribute values changes nothing.
TEST(ExtractHtmlTest, ScriptsStylesAndCommentsAreSkippedJsonLdKept) {
  const std::string html = R"(<html><head>
<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-03-04"}</script>
<style>p { color: red } /* </p> */</style></head><body>
<!-- <script> a comment that opens a script, never closed -->
<article><p title="a <!-- b">First paragraph of the report, long enough, with commas, and words.</p>
<SCRIPT>var s = "<p>not article text, from a script</p>";</SCRIPT >
<p>Second paragraph, after the script, also long enough, with commas, and words.</p></article>
<!-- unclosed comment at the end)";
  Result<HtmlDocument> r = ExtractHtml(html);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(Contains(r->text, "First paragraph of the report"));
  EXPECT_TRUE(Contains(r->text, "Second paragraph, after the script"));
  EXPECT_FALSE(Contains(r->text, "not article text"));
  EXPECT_FALSE(Contains(r->text, "color"));
  ASSERT_TRUE(r->published.has_value());
  EXPECT_EQ(*r->published, "2020-03-04");
}

// Legacy names without their ';' are decoded in text as HTML5 does;
// escaped ones ("&amp;copy") stay text, and nothing is decoded twice.
TEST(ExtractHtmlTest, LegacyEntitiesWithoutSemicolon) {
  const std::string html =
      "<html><body><article><p title=\"&copy x\">Rights &copy 2024 Harbour Times, Q&amp A and AT&T, "
      "the tag &amp;copy 2024 is written so, and prices rose by 5&nbsp%, again, this winter.</p>"
      "</article></body></html>";
  Result<HtmlDocument> r = ExtractHtml(html);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(Contains(r->text, "Rights \xC2\xA9 2024 Harbour Times, Q& A and AT&T")) << r->text;
  EXPECT_TRUE(Contains(r->text, "the tag &copy 2024 is written so")) << r->text;
  EXPECT_TRUE(Contains(r->text, "by 5 %, again")) << r->text;
}

TEST(ExtractHtmlTest, UnclosedTagsStillYieldText) {
  const std::string html =
      "<html><body><div class=story><p>First paragraph of the story, which never closes its tags,"
      " and goes on<p>Second paragraph, also unclosed, with more words, and more<p>Third";
  Result<HtmlDocument> r = ExtractHtml(html);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(Contains(r->text, "First paragraph of the story"));
  EXPECT_TRUE(Contains(r->text, "Second paragraph, also unclosed"));
}

TEST(ExtractHtmlTest, NoArticleTextIsOkAndEmpty) {
  Result<HtmlDocument> r = ExtractHtml("<html><head><title>Just a title</title></head><body></body></html>");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->text.empty());
  EXPECT_EQ(r->title, "Just a title");
}

TEST(ExtractHtmlTest, RefusesInputOverBudget) {
  std::string big((64u << 20) + 1, 'a');
  Result<HtmlDocument> r = ExtractHtml(big);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kTooLarge);
}

// ---------------------------------------------------------------------------
// Quality on the Scrapinghub article-extraction benchmark (dev split), with
// the benchmark's metric: word 4-gram shingle precision and recall per page,
// averaged over pages.

std::string SharedRoot() {
  if (const char* env = std::getenv("PARALLAX_SHARED"); env != nullptr && *env != '\0') return env;
  return std::string(PARALLAX_SOURCE_DIR) + "/../shared";
}

TEST(ExtractHtmlBenchmarkTest, OverlapWithGoldText) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(SharedRoot()) / "data/extraction/scrapinghub-dev";
  if (!fs::exists(dir / "ground-truth.json") || !fs::is_directory(dir / "html")) {
    GTEST_SKIP() << "benchmark data not found at " << dir
                 << " (set PARALLAX_SHARED to the shared folder)";
  }
  // The metric and the reader live in eval/extraction.h, the one
  // implementation that `parallax eval extract` also uses.
  Result<ExtractionBenchmark> bench = LoadExtractionBenchmark(dir.string());
  ASSERT_TRUE(bench.ok()) << bench.status().message();
  std::vector<DocumentMatch> docs;
  for (const ExtractionPage& page : bench->pages) {
    Result<std::string> html = ReadGzipFile(page.html_path);
    ASSERT_TRUE(html.ok()) << html.status().message();
    Result<HtmlDocument> r = ExtractHtml(*html);
    ASSERT_TRUE(r.ok()) << page.id << ": " << r.status().message();
    docs.push_back(MatchDocument(page.truth, r->text));
  }
  ASSERT_GT(docs.size(), 0u) << "no benchmark pages found in " << dir;
  const ExtractionScores s = AggregateExtractionScores(docs);
  std::cout << "scrapinghub-dev: " << s.documents << " pages, P=" << s.precision << " R=" << s.recall
            << " F1=" << s.f1 << "\n";
  EXPECT_GE(s.f1, 0.85);
}

}  // namespace
}  // namespace parallax

// ---------------------------------------------------------------------------
// The learned block classifier's inputs and model file (ingest/html_classify.h).

namespace parallax {
namespace {

const char* kHarbourPage =
    "<html><body><div class=\"site\">"
    "<div class=\"story\"><h1>Ferry strike ends after union accepts pay offer</h1>"
    "<p>The ferry strike in Velden ended on Monday after the union accepted a pay offer of four percent, "
    "the harbour authority said in a statement.</p>"
    "<p>Crossings to the islands resume on Tuesday morning, with extra sailings in the evening to clear the "
    "backlog of freight, according to the operator.</p>"
    "<p>The union had walked out for nine days, saying wages had fallen behind prices for three years.</p></div>"
    "<div class=\"links\"><a href=\"/a\">Weather warning for the coast tonight</a><br><br>"
    "<a href=\"/b\">Council approves the new harbour wall</a></div>"
    "<div>Harbour Times, 12 Quay Street, Velden. All rights reserved 2024.</div>"
    "</div></body></html>";

TEST(HtmlBlockRowsTest, EveryBlockHasTheFeaturesAndTheRulesPick) {
  Result<std::vector<HtmlBlockRow>> rows = HtmlBlockRows(kHarbourPage);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_GE(rows->size(), 6u);
  std::string rules_text;
  for (const HtmlBlockRow& r : *rows) {
    EXPECT_EQ(r.features.size(), static_cast<std::size_t>(html_internal::kBlockFeatureCount)) << r.text;
    if (!r.kept_by_rules) continue;
    if (!rules_text.empty()) rules_text += "\n\n";
    rules_text += r.text;
  }
  // The rows' rule flags give exactly ExtractHtml's text: the three
  // paragraphs, not the headline, the link list or the address line.
  Result<HtmlDocument> doc = ExtractHtml(kHarbourPage);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(rules_text, doc->text);
  EXPECT_TRUE(doc->text.starts_with("The ferry strike in Velden ended on Monday"));
  EXPECT_FALSE(doc->text.find("Quay Street") != std::string::npos);
  // Link density (feature 1) of the link-list blocks is 1, of the prose 0.
  for (const HtmlBlockRow& r : *rows) {
    if (r.text.starts_with("Weather warning")) {
      EXPECT_DOUBLE_EQ(r.features[1], 1.0);
    }
    if (r.text.starts_with("The ferry strike")) {
      EXPECT_DOUBLE_EQ(r.features[1], 0.0);
    }
  }
}

// "promoted" (a CMS flag on a front-page article: "node-article
// node-promoted") is not "promo": the article inside was dropped whole and
// the page had no text. A promotion box is still boilerplate.
TEST(ExtractHtmlTest, PromotedArticleIsNotAPromoBox) {
  const std::string page =
      "<html><body><div class=\"node node-article node-promoted\"><div class=\"content\">"
      "<p>The allotment society voted on Saturday to open its gardens to schools on weekday mornings, "
      "its chair said after the meeting.</p>"
      "<p>Children from three schools will tend their own beds from April, with seeds paid for by the "
      "society's spring market.</p></div></div>"
      "<div class=\"promotion-box\"><p>Subscribe today and get three months of garden tips, "
      "recipes and offers for half the price.</p></div></body></html>";
  Result<HtmlDocument> doc = ExtractHtml(page);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_TRUE(doc->text.starts_with("The allotment society voted on Saturday")) << doc->text;
  EXPECT_NE(doc->text.find("seeds paid for"), std::string::npos) << doc->text;
  EXPECT_EQ(doc->text.find("Subscribe today"), std::string::npos) << doc->text;
}

TEST(HtmlBlockRowsTest, BadInputFailsAsExtractHtmlDoes) {
  EXPECT_EQ(HtmlBlockRows("   ").status().code(), StatusCode::kEmpty);
  EXPECT_EQ(HtmlBlockRows(std::string("a\0b", 3)).status().code(), StatusCode::kInvalidInput);
}

TEST(BlockModelTest, ModelTextRoundTripsAndDamageIsNamed) {
  // A tiny model fitted on made-up rows: long prose blocks are text.
  std::vector<std::vector<double>> rows;
  std::vector<int> labels;
  for (int i = 0; i < 200; ++i) {
    std::vector<double> r(html_internal::kBlockFeatureCount, 0.0);
    r[0] = i % 2 == 0 ? 6.0 : 2.0;
    rows.push_back(r);
    labels.push_back(i % 2 == 0 ? 1 : 0);
  }
  BoostedTrees::Options o;
  o.trees = 20;
  const BoostedTrees trees = BoostedTrees::Fit(rows, labels, o);
  const std::string text = BlockModelText(trees.Serialise(), 0.25, 0.9);
  Result<html_internal::BlockModel> m = html_internal::BlockModel::Parse(text, "extract-blocks.model");
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_DOUBLE_EQ(m->keep_in(), 0.25);
  EXPECT_DOUBLE_EQ(m->add_out(), 0.9);
  EXPECT_GT(m->Probability(rows[0]), 0.5);
  EXPECT_LT(m->Probability(rows[1]), 0.5);

  Result<html_internal::BlockModel> garbled = html_internal::BlockModel::Parse("trees 3\n", "m.model");
  ASSERT_FALSE(garbled.ok());
  EXPECT_NE(garbled.status().message().find("m.model:1"), std::string::npos) << garbled.status().message();
  std::string wrong_width = text;
  wrong_width.replace(wrong_width.find(' '), 3, " 35");  // "extract-blocks 36" -> 35
  Result<html_internal::BlockModel> stale = html_internal::BlockModel::Parse(wrong_width, "m.model");
  ASSERT_FALSE(stale.ok());
  EXPECT_NE(stale.status().message().find("retrain"), std::string::npos) << stale.status().message();
  Result<html_internal::BlockModel> cut = html_internal::BlockModel::Parse(text.substr(0, text.size() / 2), "m.model");
  EXPECT_FALSE(cut.ok());
}

// An old table layout whose article cell carries an id and class that our
// furniture words match ("print", "sidebar"): the first look finds no
// prose at all, the second, without those words, finds the article. A
// photo page whose only paragraph is a licence note stays without text.
TEST(ExtractHtmlTest, ArticleHiddenByFurnitureWordsIsFoundOnASecondLook) {
  const std::string para =
      "<p>The harbour authority said on Tuesday that dredging of the eastern channel, delayed twice by storms, "
      "would resume next month, and that ships of up to 12 metres draught could use it again by spring.</p>";
  const std::string page =
      "<html><head><title>Harbour works resume</title></head><body><table><tr>"
      "<td class=\"navigation\"><a href=\"/\">Home</a> <a href=\"/news\">News</a></td>"
      "<td id=\"print-area\" class=\"sidebar-wide\"><h2>Harbour works resume</h2>" +
      para + para + para + "</td></tr></table></body></html>";
  Result<HtmlDocument> doc = ExtractHtml(page);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_NE(doc->text.find("dredging of the eastern channel"), std::string::npos) << doc->text;
  EXPECT_EQ(doc->text.find("Home"), std::string::npos) << doc->text;

  const std::string gallery =
      "<html><head><title>Velvet</title></head><body><div class=\"sidebar\"><h2>Velvet</h2>"
      "<img src=\"a.jpg\"><img src=\"b.jpg\"><p>All photos are licensed under a free licence, which means that "
      "you may share them, as long as you credit the photographer.</p></div></body></html>";
  Result<HtmlDocument> g = ExtractHtml(gallery);
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(g->text.find("licensed"), std::string::npos) << g->text;

  // The first look found only a one-line call to action: not an article.
  const std::string cta = "<html><body><div class=\"widget-share\">" + para + para + para +
                          "</div><p>Sign up for our newsletter today!</p></body></html>";
  Result<HtmlDocument> c = ExtractHtml(cta);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_NE(c->text.find("dredging of the eastern channel"), std::string::npos) << c->text;

  // An old template that wraps the story in a <form> smaller than a page:
  // the form rule's size guess took it for a widget.
  const std::string form = "<html><body><p>| Monday , December 31 , 2007 |</p><form name=\"f\" action=\"/s\">"
                           "<table><tr><td>" + para + para + para + "</td></tr></table></form></body></html>";
  Result<HtmlDocument> f = ExtractHtml(form);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_NE(f->text.find("dredging of the eastern channel"), std::string::npos) << f->text;

  // A short post the first look found (a paragraph) keeps it: the longer
  // comment thread the words hid stays hidden.
  const std::string post =
      "<html><body><article><h1>Keeper emails</h1><p>For the past week I have been getting great advice by email "
      "from a startup newsletter, first on bootstrapping, then on running a business in five hours a week.</p>"
      "</article><div class=\"comments\">" + para + para + para + "</div></body></html>";
  Result<HtmlDocument> q = ExtractHtml(post);
  ASSERT_TRUE(q.ok()) << q.status().message();
  EXPECT_NE(q->text.find("bootstrapping"), std::string::npos) << q->text;
  EXPECT_EQ(q->text.find("dredging"), std::string::npos) << q->text;
}

// Templates whose layout tags hold the story: one leaves its site <header>
// (or <nav>) open, so the parser puts the whole page inside it; another puts
// the story (headline, itemprop=articleBody, one long paragraph) in an
// <aside>, one paragraph just over 500 characters. The first look drops both as page furniture and finds nothing;
// the second look doubts those tags too. Where the first look found the
// article, the site header and a real aside stay out.
TEST(ExtractHtmlTest, StoryInsideHeaderOrAsideIsFoundOnASecondLook) {
  const std::string para =
      "<p>The harbour authority said on Tuesday that dredging of the eastern channel, delayed twice by storms, "
      "would resume next month, and that ships of up to 12 metres draught could use it again by spring. "
      "Pilots had asked for the work since the summer, when two freighters touched the bottom at low tide, and "
      "the city council agreed last week to share the cost with the port's owners. Work will stop at night, the "
      "authority added, so that residents of the old town are not kept awake by the dredgers and their tugs.</p>";
  const std::string open_header =
      "<html><head><title>Harbour works resume</title></head><body><header><div class=\"logo\">Harbour Times</div>"
      "<ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li></ul>"
      "<div class=\"wrap\"><h1>Harbour works resume</h1>" + para + "</div></body></html>";
  Result<HtmlDocument> h = ExtractHtml(open_header);
  ASSERT_TRUE(h.ok()) << h.status().message();
  EXPECT_NE(h->text.find("dredging of the eastern channel"), std::string::npos) << h->text;

  const std::string in_aside =
      "<html><body><header><a href=\"/\">Home</a> <a href=\"/abo\">Subscribe</a></header><main>"
      "<aside class=\"direct-content\"><h1>Harbour works resume</h1><div class=\"teaser\" itemprop=\"description\">"
      "Dredging resumes next month.</div><article><div itemprop=\"articleBody\">" + para +
      "</div></article></aside></main><footer>Harbour Times, 1 Quay Street</footer></body></html>";
  Result<HtmlDocument> a = ExtractHtml(in_aside);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_NE(a->text.find("dredging of the eastern channel"), std::string::npos) << a->text;
  EXPECT_EQ(a->text.find("Quay Street"), std::string::npos) << a->text;

  // A <nav> left open holds the page (headline and story): kept on the
  // second look because it holds the headline.
  const std::string open_nav =
      "<html><body><nav class=\"navbar\"><a href=\"/\">Home</a><div><ul><li><a href=\"/news\">News</a></li></ul>"
      "<div class=\"wrap\"><h1>Harbour works resume</h1>" + para + "</div></body></html>";
  Result<HtmlDocument> v = ExtractHtml(open_nav);
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_NE(v->text.find("dredging of the eastern channel"), std::string::npos) << v->text;

  // The first look finds the article: the header's and the aside's text stay out.
  const std::string normal =
      "<html><body><header><p>Harbour Times, the city's daily paper since 1887, read by forty thousand people "
      "every morning.</p></header><article><h1>Harbour works resume</h1>" + para + para +
      "</article><aside><p>Also today: the ferry timetable changes on Sunday, with fewer boats in the evening "
      "and a new stop at the university quay.</p></aside></body></html>";
  Result<HtmlDocument> n = ExtractHtml(normal);
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_NE(n->text.find("dredging of the eastern channel"), std::string::npos) << n->text;
  EXPECT_EQ(n->text.find("forty thousand"), std::string::npos) << n->text;
  EXPECT_EQ(n->text.find("ferry timetable"), std::string::npos) << n->text;
}

// An article whose text wrapper's class holds a furniture word beside
// content words ("s-article-text js-dynamic-advertorial"): the first look
// keeps only the standfirst (a paragraph, more than the 150 characters that
// call for the second look by themselves). The second look finds twice the
// prose inside the page's <article> holding the <h1>, so its answer wins.
// A short post beside a comment thread outside the <article> keeps the post.
TEST(ExtractHtmlTest, StandfirstAloneGivesWayToTheArticleTextOnASecondLook) {
  const std::string para =
      "<p>The harbour authority said on Tuesday that dredging of the eastern channel, delayed twice by storms, "
      "would resume next month, and that ships of up to 12 metres draught could use it again by spring.</p>";
  const std::string standfirst =
      "<p class=\"lead\">Dredging of the eastern channel resumes next month after two delays, the harbour "
      "authority says, and pilots welcome the news after a summer of groundings.</p>";
  const std::string page =
      "<html><body><nav><a href=\"/\">Home</a></nav><article id=\"content\"><h1>Harbour works resume</h1>" +
      standfirst + "<div class=\"column article-text js-dynamic-advertorial\">" + para + para + para + para +
      "</div></article><footer>Harbour Times</footer></body></html>";
  Result<HtmlDocument> doc = ExtractHtml(page);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_NE(doc->text.find("ships of up to 12 metres"), std::string::npos) << doc->text;

  const std::string post =
      "<html><body><article><h1>Keeper emails</h1>" + standfirst +
      "</article><div class=\"comments\">" + para + para + para + para + "</div></body></html>";
  Result<HtmlDocument> q = ExtractHtml(post);
  ASSERT_TRUE(q.ok()) << q.status().message();
  EXPECT_NE(q->text.find("pilots welcome the news"), std::string::npos) << q->text;
  EXPECT_EQ(q->text.find("ships of up to 12 metres"), std::string::npos) << q->text;
}

// A list article whose items are <figure>s (a photo, a heading and a
// paragraph each): the figures are the text. A news photo's caption beside
// the story stays out.
TEST(ExtractHtmlTest, ListArticleMadeOfFiguresKeepsTheirText) {
  std::string items;
  for (int i = 1; i <= 4; ++i) {
    items += "<figure><img src=\"p" + std::to_string(i) + ".jpg\"><h3>" + std::to_string(i) +
             ". A paper lantern costume</h3><p>What you need: an old white sheet, a torch, a length of string and an "
             "afternoon with scissors; cut the sheet into a tube, hang the torch inside it, and walk slowly so "
             "that the light sways the way it does on a real lantern.</p></figure>";
  }
  const std::string page =
      "<html><body><article><h1>Cheap costumes</h1><p>Cheap and easy costumes are all that matter this year, and "
      "here are the best ideas.</p><div class=\"list\">" + items + "</div></article></body></html>";
  Result<HtmlDocument> doc = ExtractHtml(page);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_NE(doc->text.find("A paper lantern costume"), std::string::npos) << doc->text;

  const std::string para =
      "<p>The harbour authority said on Tuesday that dredging of the eastern channel, delayed twice by storms, "
      "would resume next month, and that ships of up to 12 metres draught could use it again by spring.</p>";
  const std::string news =
      "<html><body><article><h1>Harbour works resume</h1><figure><img src=\"h.jpg\"><figcaption>A dredger in "
      "the eastern channel last spring, before the storms that delayed the work twice; the authority says the "
      "channel will be open to ships of up to 12 metres draught by spring.</figcaption></figure>" +
      para + para + "</article></body></html>";
  Result<HtmlDocument> n = ExtractHtml(news);
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_NE(n->text.find("dredging of the eastern channel"), std::string::npos) << n->text;
  EXPECT_EQ(n->text.find("A dredger in the eastern channel"), std::string::npos) << n->text;
}

// A blog post whose title links to its own permalink: the paragraph after
// it is the post, not a teaser under a linked headline (which counts for
// little), so a sidebar box with a longer sentence must not win. A title
// linking elsewhere still marks a teaser.
TEST(ExtractHtmlTest, HeadlineLinkedToThePageItselfIsNotATeaser) {
  const auto page = [](const std::string& head, const std::string& href) {
    return "<html><head><title>Harbour fair</title>" + head +
           "</head><body><div class=\"main\"><h2 class=\"date\">May 4, 2024</h2>"
           "<div class=\"entry\"><h3><a href=\"" +
           href +
           "\">Harbour fair draws record crowd</a></h3><div class=\"entry-body\">"
           "<p>The harbour fair drew its largest crowd yet on Saturday, with stalls from forty villages, "
           "boat rides for children and a brass band that played until dusk, the organisers said, adding "
           "that next year the fair will run over two days to ease the queues at the quay.</p></div></div></div>"
           "<div class=\"box\"><div class=\"note\">The views in this blog are mine alone and not those of "
           "my employer or of anyone I have worked for in the past or will work for in the future.</div></div>"
           "</body></html>";
  };
  const std::string canonical = "<link rel=\"canonical\" href=\"https://www.example.org/2024/05/harbour-fair.html\">";
  for (const std::string& href : {std::string("https://example.org/2024/05/harbour-fair.html"),
                                  std::string("http://www.example.org/2024/05/harbour-fair.html#top"),
                                  std::string("/2024/05/harbour-fair.html")}) {
    Result<HtmlDocument> doc = ExtractHtml(page(canonical, href));
    ASSERT_TRUE(doc.ok()) << doc.status().message();
    EXPECT_TRUE(doc->text.starts_with("The harbour fair drew its largest crowd")) << href << ": " << doc->text;
    EXPECT_EQ(doc->text.find("views in this blog"), std::string::npos) << href << ": " << doc->text;
  }
  // og:url names the page when there is no canonical link.
  Result<HtmlDocument> og = ExtractHtml(
      page("<meta property=\"og:url\" content=\"https://example.org/2024/05/harbour-fair.html\">",
           "https://example.org/2024/05/harbour-fair.html"));
  ASSERT_TRUE(og.ok()) << og.status().message();
  EXPECT_TRUE(og->text.starts_with("The harbour fair drew its largest crowd")) << og->text;
  // Linked to another page, the headline and its paragraph are a teaser.
  Result<HtmlDocument> teaser = ExtractHtml(page(canonical, "https://example.org/2024/04/ferry-timetable.html"));
  ASSERT_TRUE(teaser.ok()) << teaser.status().message();
  EXPECT_EQ(teaser->text.find("The harbour fair drew its largest crowd"), std::string::npos) << teaser->text;
}

}  // namespace
}  // namespace parallax
