// Framing (src/analyze/framing.h): weighted log-odds with an informative
// Dirichlet prior, per outlet of a story, and its place in the JSON report.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analyze/analyze.h"
#include "analyze/framing.h"
#include "clean/cleaner.h"
#include "report/report.h"
#include "shared_data.h"

namespace parallax {
namespace {

Article MakeArticle(std::string id, std::optional<std::string> source, std::string text) {
  Article a;
  a.id = std::move(id);
  a.source = std::move(source);
  a.text = std::move(text);
  return a;
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

bool HasTermContaining(const std::vector<FramingTerm>& terms, const std::string& word) {
  for (const FramingTerm& t : terms) {
    if (t.term.find(word) != std::string::npos) return true;
  }
  return false;
}

// Two outlets of ten terms each: a says "rebels" 4 times, b "fighters" 4
// times, both "town" 6 times. Pooled prior: rebels 4, fighters 4, town 12
// (20 terms); alpha_0 = 0.5 * 20 = 10, so alpha_rebels = 10 * 4 / 20 = 2.
//   delta = log((4 + 2) / (10 + 10 - 4 - 2)) - log((0 + 2) / (10 + 10 - 0 - 2))
//         = log(6 / 14) - log(2 / 18) = log(54 / 14) = 1.3499267
//   var   = 1 / 6 + 1 / 2 = 0.6666667,  z = 1.3499267 / 0.8164966 = 1.6533
TEST(Framing, LogOddsMatchesTheFormulaByHand) {
  LogOddsScore s = WeightedLogOdds(4, 10, 0, 10, 2, 10);
  EXPECT_NEAR(s.delta, std::log(54.0 / 14.0), 1e-12);
  EXPECT_NEAR(s.delta, 1.3499267, 1e-6);
  EXPECT_NEAR(s.variance, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(s.z, 1.6533, 1e-4);

  TermCounts a = {{"rebels", 4}, {"town", 6}};
  TermCounts b = {{"fighters", 4}, {"town", 6}};
  TermCounts prior = a;
  AddCounts(b, &prior);
  FramingOptions all;
  all.min_z = -100;
  all.prior_weight = 0.5;
  std::vector<FramingTerm> t = DistinctiveTerms(a, b, prior, all);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].term, "rebels");
  EXPECT_NEAR(t[0].z, 1.6533, 1e-4);
  EXPECT_EQ(t[0].count, 4);
  // "town": same count on both sides, so no difference at all.
  EXPECT_EQ(t[1].term, "town");
  EXPECT_NEAR(t[1].z, 0.0, 1e-12);
  // Symmetry: b's "fighters" scores as a's "rebels" does.
  std::vector<FramingTerm> tb = DistinctiveTerms(b, a, prior, all);
  EXPECT_EQ(tb[0].term, "fighters");
  EXPECT_NEAR(tb[0].z, t[0].z, 1e-12);
  // At 1.96, four uses against ten terms are not enough.
  FramingOptions strict;
  strict.prior_weight = 0.5;
  EXPECT_TRUE(DistinctiveTerms(a, b, prior, strict).empty());
}

TEST(Framing, CountsLowerCasedContentWordsAndAdjacentPairs) {
  TermCounts c = CountFramingTerms("The Dock workers' union, and dock workers.");
  EXPECT_EQ(c["dock"], 2);
  EXPECT_EQ(c["dock workers"], 2);
  EXPECT_EQ(c.count("the"), 0u);
  EXPECT_EQ(c.count("and"), 0u);
  // Punctuation breaks a phrase: no "union dock".
  EXPECT_EQ(c.count("union dock"), 0u);
  EXPECT_EQ(CountFramingTerms("Dock workers", false).count("dock workers"), 0u);
}

// Names are counted whole, not torn: a hyphenated word is one word, a
// three-word name one term, and no pair inside a longer capitalised run
// ("un security", "president bashar") is counted.
TEST(Framing, NamesAndHyphenatedWordsAreNotTorn) {
  TermCounts c = CountFramingTerms(
      "The UN Security Council met. President Bashar al-Assad spoke. A war-ravaged city. "
      "Russian President Vladimir Putin left. The World Health Organization warned.");
  EXPECT_EQ(c["al-assad"], 1);
  EXPECT_EQ(c.count("al"), 0u);
  EXPECT_EQ(c["assad"], 1);  // a compound's last part is a word too
  EXPECT_EQ(c["ravaged"], 1);
  EXPECT_EQ(c["bashar al-assad"], 1);
  EXPECT_EQ(c.count("president bashar"), 0u);
  EXPECT_EQ(c["war-ravaged"], 1);
  EXPECT_EQ(c["war-ravaged city"], 1);
  EXPECT_EQ(c["un security council"], 1);
  EXPECT_EQ(c.count("un security"), 0u);
  EXPECT_EQ(c.count("security council"), 0u);
  EXPECT_EQ(c["vladimir putin"], 1);
  EXPECT_EQ(c["russian president"], 1);
  EXPECT_EQ(c.count("president vladimir"), 0u);
  EXPECT_EQ(CountFramingTerms("said former president Donald Trump").count("president donald"), 0u);
  // An organisation's name keeps its words, title-like ones included.
  EXPECT_EQ(c["world health organization"], 1);
  EXPECT_EQ(c.count("health organization"), 0u);
  // Pairs of lower-case words and into the next word are as before.
  EXPECT_EQ(c["council met"], 1);
  EXPECT_EQ(c["putin left"], 1);
  // A date is not a word.
  EXPECT_TRUE(CountFramingTerms("On 2016-10-12 it rained.").count("2016-10-12") == 0);
}

// A word is not listed when a phrase holding it is, at least as often: a
// three-word name covers its words as a pair does.
TEST(Framing, APhraseCoversItsWords) {
  TermCounts a, b;
  for (int k = 0; k < 6; ++k) CountFramingTerms("The International Criminal Court ruled.", true, &a);
  for (int k = 0; k < 6; ++k) CountFramingTerms("The judges ruled on the case.", true, &b);
  TermCounts prior = a;
  AddCounts(b, &prior);
  FramingOptions options;
  options.min_z = 1.0;
  std::vector<FramingTerm> t = DistinctiveTerms(a, b, prior, options);
  ASSERT_FALSE(t.empty());
  EXPECT_EQ(t[0].term, "international criminal court");
  for (const FramingTerm& x : t) {
    EXPECT_TRUE(x.term != "international" && x.term != "criminal" && x.term != "court") << x.term;
  }
}

TEST(Framing, AWordOnlyOneOutletRepeatsIsDistinctive) {
  Article a = MakeArticle("a", "Outlet A", Repeat("Militants shelled the river port overnight. ", 8));
  Article b = MakeArticle("b", "Outlet B", Repeat("Soldiers shelled the river port overnight. ", 8));
  std::vector<OutletFraming> f = FramingByOutlet({&a, &b});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].outlet, "Outlet A");
  EXPECT_EQ(f[0].articles, std::vector<std::string>{"a"});
  ASSERT_FALSE(f[0].terms.empty());
  EXPECT_TRUE(HasTermContaining(f[0].terms, "militants"));
  EXPECT_FALSE(HasTermContaining(f[0].terms, "soldiers"));
  EXPECT_FALSE(HasTermContaining(f[0].terms, "port"));  // shared: not distinctive
  EXPECT_TRUE(HasTermContaining(f[1].terms, "soldiers"));
  for (const FramingTerm& t : f[0].terms) {
    EXPECT_GE(t.z, t.significant ? 1.96 : 1.0) << t.term;
    EXPECT_GE(t.count, 2) << t.term;
  }
}

// Below 1.96 an outlet still gets its leading terms, marked not
// significant; a word both outlets use alike is never among them.
TEST(Framing, WeakTermsFillUpToMinListedAndAreMarked) {
  Article a = MakeArticle("a", "Outlet A", "Militants shelled the river port. Militants fled. The river port burned.");
  Article b = MakeArticle("b", "Outlet B", "Soldiers shelled the river port. Soldiers fled. The river port burned.");
  std::vector<OutletFraming> f = FramingByOutlet({&a, &b});
  ASSERT_EQ(f.size(), 2u);
  ASSERT_FALSE(f[0].terms.empty());
  EXPECT_EQ(f[0].terms[0].term, "militants");
  EXPECT_FALSE(f[0].terms[0].significant);
  EXPECT_GE(f[0].terms[0].z, 1.0);
  EXPECT_FALSE(HasTermContaining(f[0].terms, "port"));
  FramingOptions strict;
  strict.min_listed = 0;
  EXPECT_TRUE(FramingByOutlet({&a, &b}, strict)[0].terms.empty());
}

TEST(Framing, AnOutletNamingItselfIsNotFraming) {
  Article a = MakeArticle("a", "Harbour Gazette", Repeat("Militants shelled the port, the Gazette learned. ", 12));
  Article b = MakeArticle("b", "Outlet B", Repeat("Soldiers shelled the port, officials said. ", 12));
  std::vector<OutletFraming> f = FramingByOutlet({&a, &b});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_TRUE(HasTermContaining(f[0].terms, "militants"));
  EXPECT_FALSE(HasTermContaining(f[0].terms, "gazette"));
}

TEST(Framing, OneOutletStoryHasNoFraming) {
  Article a = MakeArticle("a", "Outlet A", Repeat("Militants shelled the river port overnight. ", 8));
  Article b = MakeArticle("b", "Outlet A", Repeat("Soldiers shelled the river port overnight. ", 8));
  EXPECT_TRUE(FramingByOutlet({&a, &b}).empty());
  EXPECT_TRUE(FramingByOutlet({&a}).empty());
  EXPECT_TRUE(AnalyzeStory({&a}).framing.empty());
}

TEST(Framing, AnalyzeStoryFillsItPerOutlet) {
  Article a = MakeArticle("a", std::nullopt, Repeat("Militants shelled the river port overnight. ", 8));
  Article b = MakeArticle("b", std::nullopt, Repeat("Soldiers shelled the river port overnight. ", 8));
  Story s = AnalyzeStory({&a, &b});
  ASSERT_EQ(s.framing.size(), 2u);
  EXPECT_EQ(s.framing[0].outlet, "a");  // no source: the article id
  EXPECT_TRUE(HasTermContaining(s.framing[0].terms, "militants"));
}

TEST(Framing, EachSeedOutletGetsDistinctiveTerms) {
  PARALLAX_REQUIRE_SHARED("seeds");
  std::vector<Article> articles;
  for (const auto& e : std::filesystem::directory_iterator(testing::SharedDataDir() + "/seeds")) {
    if (e.path().extension() != ".txt") continue;
    articles.push_back(MakeArticle(e.path().stem().string(), std::nullopt, testing::ReadAll(e.path().string())));
  }
  ASSERT_EQ(articles.size(), 5u);
  for (Article& a : articles) std::swap(a.raw, a.text);
  CleanCorpus(&articles);  // as the pipeline does: embedded posts and links go
  std::vector<const Article*> ptrs;
  for (const Article& a : articles) ptrs.push_back(&a);
  std::vector<OutletFraming> f = FramingByOutlet(ptrs);
  ASSERT_EQ(f.size(), 5u);
  // Five short articles (about 300 to 600 words once cleaned) give little
  // evidence: a word one outlet uses three times and the others never
  // reaches z of about 1.8 to 2.1, so not every outlet clears 1.96.
  // Every outlet is still shown its leading terms (issue 5: how RT's
  // wording differs), the weak ones marked.
  std::size_t with_terms = 0;
  for (const OutletFraming& o : f) {
    bool significant = false;
    EXPECT_GE(o.terms.size(), 1u) << o.outlet;
    EXPECT_LE(o.terms.size(), 8u) << o.outlet;
    for (const FramingTerm& t : o.terms) {
      EXPECT_GE(t.z, t.significant ? 1.96 : 1.0) << o.outlet << ": " << t.term;
      EXPECT_GE(t.count, 2) << o.outlet << ": " << t.term;
      significant = significant || t.significant;
    }
    with_terms += significant;
  }
  EXPECT_GE(with_terms, 3u);
}

TEST(Framing, JsonReportHasTheDocumentedFramingField) {
  Report r;
  Story s;
  s.id = "s1";
  s.framing.push_back({"Outlet <A>", {"a"}, {{"rebels", 2.5, 4}}});
  s.framing.push_back({"Outlet B", {"b"}, {}});
  r.stories.push_back(s);
  auto j = nlohmann::json::parse(RenderJson(r));
  const auto& f = j["stories"][0]["framing"];
  ASSERT_TRUE(f.is_array());
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0]["outlet"], "Outlet <A>");
  EXPECT_EQ(f[0]["articles"][0], "a");
  EXPECT_EQ(f[0]["terms"][0]["term"], "rebels");
  EXPECT_DOUBLE_EQ(f[0]["terms"][0]["z"].get<double>(), 2.5);
  EXPECT_EQ(f[0]["terms"][0]["count"], 4);
  EXPECT_EQ(f[0]["terms"][0]["significant"], true);
  EXPECT_TRUE(f[1]["terms"].empty());
  const std::string doc = testing::ReadAll(std::string(PARALLAX_SOURCE_DIR) + "/docs/json-format.md");
  EXPECT_NE(doc.find("| `framing` |"), std::string::npos);
  EXPECT_NE(doc.find("**OutletFraming**"), std::string::npos);
  for (const char* k : {"\"outlet\"", "\"articles\"", "\"terms\"", "\"term\"", "\"z\"", "\"count\""}) {
    EXPECT_NE(doc.find(k), std::string::npos) << k;
  }
  // Markdown and HTML show it; HTML escapes the outlet name.
  EXPECT_NE(RenderMarkdown(r).find("### How each outlet tells it"), std::string::npos);
  const std::string html = RenderHtml(r);
  EXPECT_NE(html.find("How each outlet tells it"), std::string::npos);
  EXPECT_EQ(html.find("Outlet <A>"), std::string::npos);
  EXPECT_NE(html.find("Outlet &lt;A&gt;"), std::string::npos);
}

// By default people see only significant terms: a lean listed to fill the
// JSON is not shown in Markdown or HTML, and an outlet with nothing
// significant is left out.
TEST(Framing, MarkdownAndHtmlListOnlySignificantTerms) {
  Report r;
  Story s;
  s.id = "s1";
  FramingTerm weak{"regime", 1.2, 3};
  weak.significant = false;
  s.framing.push_back({"Outlet A", {"a"}, {{"rebels", 2.5, 4}, weak}});
  s.framing.push_back({"Outlet B", {"b"}, {weak}});
  r.stories.push_back(s);
  const std::string md = RenderMarkdown(r), html = RenderHtml(r);
  for (const std::string& out : {md, html}) {
    EXPECT_NE(out.find("rebels (4, z 2.5)"), std::string::npos) << out;
    EXPECT_EQ(out.find("regime"), std::string::npos) << out;
    EXPECT_EQ(out.find("Outlet B"), std::string::npos) << out;
  }
  auto j = nlohmann::json::parse(RenderJson(r));
  EXPECT_EQ(j["stories"][0]["framing"][0]["terms"].size(), 2u);  // JSON keeps the lean, flagged
  EXPECT_EQ(j["stories"][0]["framing"][0]["terms"][1]["significant"], false);
  // Nothing significant anywhere: no section.
  r.stories[0].framing[0].terms = {weak};
  EXPECT_EQ(RenderMarkdown(r).find("How each outlet tells it"), std::string::npos);
}

}  // namespace
}  // namespace parallax
