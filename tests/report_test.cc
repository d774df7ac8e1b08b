#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "report/report.h"

namespace parallax {
namespace {

Report Sample() {
  Report r;
  Article a;
  a.id = "a<1>";
  a.source = "Outlet & Co";
  a.title = "<script>alert(1)</script> headline";
  a.text = "Body with <b>markup-looking</b> text & \"quotes\".\n\nSecond paragraph.";
  a.removed.push_back({"<img src=x onerror=alert(2)>", "image caption or credit", 0});
  r.articles.push_back(a);
  r.duplicate_of.push_back(std::nullopt);
  Story s;
  s.id = "s1";
  s.title = a.title;
  s.articles = {a.id};
  s.summary.push_back({"Summary <i>sentence</i>.", {a.id}, {a.id, {0, 4}}});
  s.facts.push_back({"Fact.", {a.id}, {{a.id, {0, 4}}}});
  Conflict conflict;
  conflict.sides = {{"12 <b>injured</b>.", {a.id}, {{a.id, {0, 4}}}}, {"14 injured.", {a.id}, {{a.id, {5, 9}}}}};
  conflict.quantity = "injured";
  s.conflicts.push_back(conflict);
  s.quotes.push_back({"Jane Roe", "We <will> win", false, "said", {a.id}, {{a.id, {5, 9}}}, {{a.id, {0, 4}}}});
  Entity e;
  e.name = "Jane Roe";
  e.type = EntityType::kPerson;
  e.mentions = 2;
  e.sources = {a.id};
  s.entities.push_back(e);
  r.stories.push_back(s);
  r.errors.push_back({"bad.txt", "invalid UTF-8 at byte 3"});
  return r;
}

// The streamed JSON is laid out exactly as one dump of the whole document,
// for any thread count and across block boundaries (512 elements a block).
TEST(Report, StreamedJsonEqualsWholeDocumentDumpAtAnyThreadCount) {
  Report r = Sample();
  for (int k = 0; k < 1100; ++k) {
    Article a = r.articles[0];
    a.id = std::string("copy-").append(std::to_string(k));
    r.articles.push_back(a);
    r.duplicate_of.push_back(k % 3 == 0 ? std::optional<std::size_t>(0) : std::nullopt);
    Story s = r.stories[0];
    s.id = std::string("s").append(std::to_string(k + 2));
    r.stories.push_back(s);
  }
  std::string one, two;
  {
    std::ostringstream o;
    WriteJson(r, o, 1);
    one = o.str();
  }
  {
    std::ostringstream o;
    WriteJson(r, o, 2);
    two = o.str();
  }
  EXPECT_EQ(one, two);
  const nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(one);
  EXPECT_EQ(parsed.dump(2) + "\n", one);
  EXPECT_EQ(parsed["articles"].size(), 1101u);
  EXPECT_EQ(parsed["stories"].size(), 1101u);
  EXPECT_EQ(parsed["articles"][4]["duplicate_of"], "a<1>");  // copy-3
  EXPECT_TRUE(parsed["articles"][3]["duplicate_of"].is_null());
  Report empty;
  std::ostringstream o;
  WriteJson(empty, o);
  EXPECT_EQ(nlohmann::ordered_json::parse(o.str()).dump(2) + "\n", o.str());
}

TEST(Report, JsonHasTheDocumentedFields) {
  auto j = nlohmann::json::parse(RenderJson(Sample()));
  const auto& a = j["articles"][0];
  for (const char* k : {"id", "source", "title", "published", "text", "removed"}) EXPECT_TRUE(a.contains(k)) << k;
  EXPECT_TRUE(a["published"].is_null());
  EXPECT_EQ(a["removed"][0]["reason"], "image caption or credit");
  const auto& s = j["stories"][0];
  for (const char* k : {"id", "title", "articles", "summary", "facts", "quotes", "entities"}) EXPECT_TRUE(s.contains(k)) << k;
  EXPECT_EQ(s["summary"][0]["sources"][0], "a<1>");
  EXPECT_EQ(s["quotes"][0]["speaker"], "Jane Roe");
  ASSERT_EQ(s["conflicts"].size(), 1u);
  EXPECT_EQ(s["conflicts"][0]["sides"][1]["text"], "14 injured.");
  EXPECT_EQ(s["quotes"][0]["text"], "We <will> win");
  EXPECT_EQ(s["entities"][0]["type"], "person");
  EXPECT_EQ(s["entities"][0]["mentions"], 2);
  EXPECT_EQ(j["errors"][0]["path"], "bad.txt");
  EXPECT_EQ(s["facts"][0]["support"], 1);
  EXPECT_EQ(s["facts"][0]["outlets"], 1);
}

// A fact's `support` counts articles and `outlets` distinct outlets: two
// articles of one source are one outlet; an article without a source is
// an outlet of its own.
TEST(Report, FactOutletsCountDistinctSources) {
  Report r = Sample();
  for (const char* id : {"b", "c", "d"}) {
    Article a = r.articles[0];
    a.id = id;
    a.title = "Title " + std::string(id);
    a.source = std::string(id) == "d" ? std::nullopt : std::optional<std::string>("Wire Desk");
    r.articles.push_back(a);
    r.duplicate_of.push_back(std::nullopt);
  }
  r.stories[0].articles = {"a<1>", "b", "c", "d"};
  r.stories[0].facts[0].sources = {"a<1>", "b", "c", "d"};
  auto j = nlohmann::json::parse(RenderJson(r));
  EXPECT_EQ(j["stories"][0]["facts"][0]["support"], 4);
  EXPECT_EQ(j["stories"][0]["facts"][0]["outlets"], 3);  // Outlet & Co, Wire Desk, d
  // d has no source: its title names it.
  EXPECT_NE(RenderMarkdown(r).find("- (3/3) Fact. [Outlet & Co, Wire Desk \xC3\x97" "2, Title d]"), std::string::npos)
      << RenderMarkdown(r);
}

// An article without a source is labelled by its URL's host, else its
// title, never by its (often hash-like) file name.
TEST(Report, OutletWithoutANameIsLabelledByHostOrTitle) {
  Report r = Sample();
  Article& a = r.articles[0];
  a.id = "003_13607bf804bb5cf6";
  a.source = std::nullopt;
  a.url = "https://www.harbour-gazette.example/news/strike?id=4";
  a.title = "Dockers walk out at Kessar";
  r.stories[0].articles = {a.id};
  r.stories[0].facts[0].sources = {a.id};
  std::string md = RenderMarkdown(r);
  EXPECT_NE(md.find("[harbour-gazette.example]"), std::string::npos) << md;
  EXPECT_EQ(md.find("[003_13607bf804bb5cf6]"), std::string::npos) << md;
  a.url.clear();
  md = RenderMarkdown(r);
  EXPECT_NE(md.find("[Dockers walk out at Kessar]"), std::string::npos) << md;
  a.title = "Dockers at the port of Kessar walk out for a third day as talks with the operator collapse";
  md = RenderMarkdown(r);
  EXPECT_NE(md.find("[Dockers at the port of Kessar walk out\xE2\x80\xA6]"), std::string::npos) << md;
}

// In HTML each citation links to its sentence in the article's text,
// where the sentence is highlighted, escaped like the rest of the text.
TEST(Report, HtmlCitationsLinkToTheHighlightedSentence) {
  Report r = Sample();
  // The fact cites bytes 0-4 ("Body"); a single-source claim cites the
  // markup-looking words.
  const std::string id = r.articles[0].id;
  r.stories[0].single_source.push_back({"Claim.", {id}, {{id, {10, 31}}}});
  const std::string html = RenderHtml(r);
  EXPECT_NE(html.find("<a class=\"chip\" href=\"#c0-0-4\""), std::string::npos) << html;
  EXPECT_NE(html.find("<mark id=\"c0-0-4\">Body</mark>"), std::string::npos) << html;
  EXPECT_NE(html.find("href=\"#c0-10-31\""), std::string::npos) << html;
  EXPECT_NE(html.find("<mark id=\"c0-10-31\">&lt;b&gt;markup-looking&lt;/b&gt;</mark>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<b>markup"), std::string::npos);
  // A span outside the text links nowhere and marks nothing.
  r.stories[0].single_source[0].citations[0].span = {10, 100000};
  const std::string bad = RenderHtml(r);
  EXPECT_EQ(bad.find("c0-10-100000"), std::string::npos);
}

// Conflicts carry their kind; an update gives its dates.
TEST(Report, ConflictKindAndUpdateDates) {
  Report r = Sample();
  auto j = nlohmann::json::parse(RenderJson(r));
  EXPECT_EQ(j["stories"][0]["conflicts"][0]["kind"], "conflict");
  EXPECT_EQ(j["stories"][0]["conflicts"][0]["quantity"], "injured");
  r.stories[0].conflicts[0].update = true;
  r.stories[0].conflicts[0].dates = {"2025-03-03", "2025-03-04"};
  j = nlohmann::json::parse(RenderJson(r));
  EXPECT_EQ(j["stories"][0]["conflicts"][0]["kind"], "update");
  EXPECT_EQ(j["stories"][0]["conflicts"][0]["dates"][1], "2025-03-04");
  EXPECT_NE(RenderMarkdown(r).find("updated (2025-03-04): 14 injured."), std::string::npos) << RenderMarkdown(r);
}

TEST(Report, HtmlEscapesEveryPieceOfArticleText) {
  std::string html = RenderHtml(Sample());
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("<img src=x"), std::string::npos);
  EXPECT_EQ(html.find("<b>markup"), std::string::npos);
  EXPECT_EQ(html.find("<will>"), std::string::npos);
  EXPECT_EQ(html.find("<b>injured"), std::string::npos);  // a conflict side
  EXPECT_NE(html.find("12 &lt;b&gt;injured&lt;/b&gt;."), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;img src=x onerror=alert(2)&gt;"), std::string::npos);
  EXPECT_NE(html.find("Outlet &amp; Co"), std::string::npos);
  // The page loads nothing and runs nothing.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
}

TEST(Report, MarkdownNamesOutletsAndErrors) {
  std::string md = RenderMarkdown(Sample());
  EXPECT_NE(md.find("# Parallax report"), std::string::npos);
  EXPECT_NE(md.find("[Outlet & Co]"), std::string::npos);
  EXPECT_NE(md.find("**Jane Roe**"), std::string::npos);
  EXPECT_NE(md.find("### Where outlets give different numbers"), std::string::npos);
  EXPECT_NE(md.find("`bad.txt`: invalid UTF-8 at byte 3"), std::string::npos);
}

TEST(Report, TimelineInJsonMarkdownAndEscapedHtml) {
  Report r = Sample();
  const std::string id = r.articles[0].id;
  TimelineEntry dated;
  dated.date = "2016-10";
  dated.granularity = DateGranularity::kMonth;
  dated.modifier = "mid";
  dated.text = "Talks <b>stalled</b> in mid-October.";
  dated.sources = {id};
  dated.citations = {{id, {0, 36}}};
  dated.expressions = {{id, {22, 35}}};
  TimelineEntry relative;
  relative.relative = "Monday, on or before publication";
  relative.text = "Rebels left on Monday.";
  relative.sources = {id};
  r.stories[0].timeline = {dated, relative};

  auto j = nlohmann::json::parse(RenderJson(r));
  const auto& t = j["stories"][0]["timeline"];
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0]["date"], "2016-10");
  EXPECT_EQ(t[0]["granularity"], "month");
  EXPECT_EQ(t[0]["modifier"], "mid");
  EXPECT_TRUE(t[0]["relative"].is_null());
  EXPECT_EQ(t[0]["expressions"][0]["span"][1], 35);
  EXPECT_TRUE(t[1]["date"].is_null());
  EXPECT_TRUE(t[1]["modifier"].is_null());
  EXPECT_EQ(t[1]["relative"], "Monday, on or before publication");

  std::string md = RenderMarkdown(r);
  EXPECT_NE(md.find("### Timeline"), std::string::npos);
  EXPECT_NE(md.find("- **2016-10 (mid)**: Talks"), std::string::npos);
  EXPECT_NE(md.find("- **Monday, on or before publication**: Rebels left on Monday. [Outlet & Co]"), std::string::npos);

  std::string html = RenderHtml(r);
  EXPECT_NE(html.find("<h3>Timeline</h3>"), std::string::npos);
  EXPECT_NE(html.find("<time datetime=\"2016-10\">2016-10 (mid)</time> Talks &lt;b&gt;stalled&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<b>stalled"), std::string::npos);
}

// Counts read as English: "1 article, 1 story", "1 mention in 1 article".
TEST(Report, CountsAgreeWithTheirNouns) {
  Report r = Sample();
  std::string md = RenderMarkdown(r);
  EXPECT_NE(md.find("1 article, 1 story, 1 input with errors."), std::string::npos) << md;
  EXPECT_NE(md.find("*1 article: Outlet & Co*"), std::string::npos) << md;
  EXPECT_NE(md.find("- Jane Roe (person, 2 mentions in 1 article)"), std::string::npos) << md;
  std::string html = RenderHtml(r);
  EXPECT_NE(html.find("1 article, 1 story</p>"), std::string::npos);
  r.articles.push_back(r.articles[0]);
  r.articles.back().id = "b";
  r.duplicate_of.push_back(0);
  r.duplicate_similarity = {1.0, 1.0};
  r.stories.push_back(r.stories[0]);
  r.stories[0].entities[0].mentions = 1;
  r.stories[0].entities[0].sources = {"a<1>", "b"};
  md = RenderMarkdown(r);
  EXPECT_NE(md.find("2 articles, 2 stories, 1 duplicate (1 exact, 0 near)"), std::string::npos) << md;
  EXPECT_NE(md.find("- Jane Roe (person, 1 mention in 2 articles)"), std::string::npos) << md;
}

// An ISO week reads as the week of its Monday in Markdown and HTML; the
// machine-readable value stays ISO 8601 (JSON, <time datetime>).
TEST(Report, IsoWeeksReadAsTheWeekOfTheirMonday) {
  Report r = Sample();
  for (const char* w : {"2016-W41", "2020-W01", "2015-W53"}) {
    TimelineEntry t;
    t.date = w;
    t.granularity = DateGranularity::kWeek;
    t.text = std::string("Week ") + w;
    t.sources = {"a<1>"};
    r.stories[0].timeline.push_back(t);
  }
  const std::string md = RenderMarkdown(r);
  EXPECT_NE(md.find("- **week of 2016-10-10**: Week 2016-W41"), std::string::npos) << md;
  EXPECT_NE(md.find("- **week of 2019-12-30**: Week 2020-W01"), std::string::npos) << md;  // week 1 holds 4 January
  EXPECT_NE(md.find("- **week of 2015-12-28**: Week 2015-W53"), std::string::npos) << md;
  const std::string html = RenderHtml(r);
  EXPECT_NE(html.find("<time datetime=\"2016-W41\">week of 2016-10-10</time>"), std::string::npos);
  EXPECT_NE(RenderJson(r).find("\"2016-W41\""), std::string::npos);
}

TEST(Report, EscapeHtml) { EXPECT_EQ(EscapeHtml("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;"); }

}  // namespace
}  // namespace parallax
