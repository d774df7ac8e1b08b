// Pathological inputs: each must finish in seconds with a clear result (the
// CTest TIMEOUT property is the guard; no test here measures time). The
// inputs are generated here: a multi-megabyte single line of prose, a
// million nested tags, a million quotation marks, a million one-letter
// lines, words of megabytes.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "engine/budget.h"
#include "text/segment.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// One paragraph of `units` copies of a two-sentence unit whose first
// sentence holds a quotation with two sentences inside it.
std::string QuotedProse(std::size_t units) {
  std::string s;
  for (std::size_t i = 0; i < units; ++i) {
    s += "Anna Kovac said: \"We go on strike. We stay out until day " + std::to_string(i % 97) +
         ".\" Then the talks at the port of Velden stopped. ";
  }
  s.pop_back();
  return s;
}

TEST(Pathology, SentenceSplitterIsLinearOnALongParagraphOfQuotes) {
  // 60,000 units, about 5.6 MB on one line: quadratic before (the closing
  // quote check rescanned the paragraph at every boundary).
  const std::string text = QuotedProse(60000);
  ASSERT_GT(text.size(), 5u << 20);
  const std::vector<parallax::Span> s = parallax::SplitSentences(text);
  ASSERT_EQ(s.size(), 120000u);
  EXPECT_EQ(text.substr(s[0].begin, s[0].size()), "Anna Kovac said: \"We go on strike. We stay out until day 0.\"");
  EXPECT_EQ(text.substr(s[1].begin, s[1].size()), "Then the talks at the port of Velden stopped.");
  EXPECT_EQ(text.substr(s.back().begin, s.back().size()), "Then the talks at the port of Velden stopped.");
}

TEST(Pathology, AnOpenQuoteThatNeverClosesDoesNotJoinTheRest) {
  // A quotation opened and never closed: its sentences stay sentences.
  std::string text = "\"It opens here. ";
  for (int i = 0; i < 100000; ++i) text += "And it goes on. ";
  const std::vector<parallax::Span> s = parallax::SplitSentences(text);
  EXPECT_EQ(s.size(), 100001u);
}

parallax::Article ArticleWith(std::string text) {
  parallax::Article a;
  a.id = "a";
  a.path = "a.txt";
  a.text = std::move(text);
  return a;
}

TEST(Pathology, BudgetsSplitALongParagraphAtSentenceEndsAndNameTheBudget) {
  parallax::TextBudgets b;
  parallax::Article a = ArticleWith(QuotedProse(3000));  // about 280 KB, one paragraph
  const std::size_t size = a.text.size();
  const std::vector<std::string> notes = parallax::ApplyTextBudgets(&a, b);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].rfind("paragraph budget: 1 paragraph over 65,536 bytes", 0), 0u) << notes[0];
  EXPECT_EQ(a.text.size(), size);  // nothing moved
  std::size_t pieces = 0;
  for (parallax::Span p : parallax::SplitParagraphs(a.text)) {
    ++pieces;
    EXPECT_LE(p.size(), b.paragraph_bytes);
    // Each piece starts at a sentence start.
    EXPECT_TRUE(a.text.compare(p.begin, 5, "Anna ") == 0 || a.text.compare(p.begin, 5, "Then ") == 0);
  }
  EXPECT_GE(pieces, size / b.paragraph_bytes + 1);
}

TEST(Pathology, BudgetsCutTheArticleWordsAndParagraphCountAndKeepRemovedOffsets) {
  parallax::TextBudgets b;
  b.article_bytes = 4000;
  b.paragraphs = 3;
  b.word_bytes = 10;
  b.sentence_bytes = 40;
  std::string text = "First paragraph here.\n\nA word " + std::string(50, 'x') + " ends.\n\nThird one.\n\nFourth.\n\nFifth.";
  parallax::Article a = ArticleWith(text);
  a.removed.push_back({"caption", "caption", static_cast<std::uint32_t>(text.find("Third"))});
  const std::vector<std::string> notes = parallax::ApplyTextBudgets(&a, b);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0], "word budget: 1 word without spaces (longest 50 bytes) cut to 10 bytes");
  EXPECT_EQ(notes[1], "paragraph count budget: 5 paragraphs is over 3; only the first 3 are analysed");
  EXPECT_EQ(a.text, "First paragraph here.\n\nA word xxxxxxxxxx ends.\n\nThird one.");
  EXPECT_EQ(a.text.substr(a.removed[0].at, 5), "Third");

  parallax::Article big = ArticleWith(std::string(3000, 'y') + " " + std::string(3000, 'z'));
  b.word_bytes = 5000;
  const std::vector<std::string> n2 = parallax::ApplyTextBudgets(&big, b);
  ASSERT_GE(n2.size(), 1u);
  EXPECT_EQ(n2[0], "article budget: clean text of 6,001 bytes is over 4,000; only the first 3,000 bytes are analysed");
  EXPECT_EQ(big.text, std::string(3000, 'y'));
}

TEST(Pathology, ALongSentenceIsBrokenAtSpaces) {
  parallax::TextBudgets b;
  b.sentence_bytes = 100;
  std::string text;
  for (int i = 0; i < 200; ++i) text += "word" + std::to_string(i) + " ";
  text += "end.";
  parallax::Article a = ArticleWith(text);
  const std::vector<std::string> notes = parallax::ApplyTextBudgets(&a, b);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].rfind("sentence budget: 1 sentence over 100 bytes", 0), 0u) << notes[0];
  for (parallax::Span s : parallax::SplitSentences(a.text)) EXPECT_LE(s.size(), 100u);
  EXPECT_EQ(a.text.size(), text.size());
}

// ------------------------------------------------------ the whole pipeline

std::string Binary() { return std::string(PARALLAX_BINARY_DIR) + "/parallax"; }

class Scratch {
 public:
  Scratch() {
    char tmpl[] = "/tmp/parallax_path_XXXXXX";
    if (const char* made = mkdtemp(tmpl)) path_ = made;
  }
  ~Scratch() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Outcome {
  int exit_code = -1;
  std::string err;
  json report;
};

// `parallax analyze --threads 1 -f json FILE` on `content` written to FILE.
Outcome Analyze(const std::string& name, const std::string& content) {
  Scratch dir;
  const std::string in = dir / name;
  {
    std::ofstream o(in, std::ios::binary);
    o << content;
  }
  const std::string cmd = "exec '" + Binary() + "' analyze --threads 1 -f json -o '" + (dir / "r.json") + "' '" + in +
                          "' </dev/null >/dev/null 2>'" + (dir / "err") + "'";
  const int status = std::system(cmd.c_str());
  Outcome r;
  if (status != -1 && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  r.err = ReadAll(dir / "err");
  const std::string out = ReadAll(dir / "r.json");
  if (!out.empty()) r.report = json::parse(out, nullptr, false);
  return r;
}

bool Has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

TEST(Pathology, FiveMegabyteLineOfProseIsAnalysedWithinTheArticleBudget) {
  std::string text = "Port strike in Velden\n\n" + QuotedProse(55000) + "\n";
  ASSERT_GT(text.size(), 5'000'000u);
  const Outcome r = Analyze("line.txt", text);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Has(r.err, "line.txt: article budget: clean text of")) << r.err;
  EXPECT_TRUE(Has(r.err, "line.txt: paragraph budget:")) << r.err;
  ASSERT_TRUE(r.report.is_object()) << r.err;
  ASSERT_EQ(r.report.at("articles").size(), 1u);
  ASSERT_EQ(r.report.at("stories").size(), 1u);
  // The quotes are found and given to their speaker.
  const json& quotes = r.report.at("stories")[0].at("quotes");
  ASSERT_FALSE(quotes.empty());
  EXPECT_EQ(quotes[0].at("speaker"), "Anna Kovac");
}

TEST(Pathology, MillionNestedTagsEndWithANamedResult) {
  std::string html = "<html><body>";
  for (int i = 0; i < 1000000; ++i) html += "<div>";
  html += "<p>Deep text that no reader would find at this depth, said Anna Kovac.</p></body></html>";
  const Outcome r = Analyze("deep.html", html);
  EXPECT_EQ(r.exit_code, 2) << r.err;  // nothing could be read
  EXPECT_TRUE(Has(r.err, "deep.html: HTML page without article text")) << r.err;
}

TEST(Pathology, MillionQuotationMarksAreAnalysed) {
  std::string text = "Marks\n\n";
  for (int i = 0; i < 1000000; ++i) text += "\"a.\" ";
  const Outcome r = Analyze("marks.txt", text);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Has(r.err, "marks.txt: article budget:")) << r.err;
  ASSERT_TRUE(r.report.is_object()) << r.err;
  EXPECT_EQ(r.report.at("articles").size(), 1u);

  // A single run of a million marks is one word over the word budget.
  const Outcome w = Analyze("run.txt", "Marks\n\n" + std::string(1000000, '"') + "\n");
  EXPECT_TRUE(Has(w.err, "run.txt: word budget: 1 word without spaces (longest 1,000,000 bytes)")) << w.err;
}

TEST(Pathology, MillionOneLetterLinesStopAtTheParagraphCountBudget) {
  std::string text = "Letters\n\n";
  for (int i = 0; i < 1000000; ++i) text += static_cast<char>('a' + i % 26), text += '\n';
  const Outcome r = Analyze("letters.txt", text);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Has(r.err, "letters.txt: paragraph count budget:")) << r.err;
  ASSERT_TRUE(r.report.is_object()) << r.err;
  EXPECT_EQ(r.report.at("articles").size(), 1u);
}

TEST(Pathology, VeryLongWordsAreCutToTheWordBudget) {
  std::string text = "Long words\n\n";
  for (int i = 0; i < 40; ++i) text += std::string(100000, static_cast<char>('a' + i % 26)) + " ";
  text += "end.\n";
  const Outcome r = Analyze("words.txt", text);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Has(r.err, "words.txt: word budget: 40 words without spaces (longest 100,000 bytes) cut to 1,024 bytes"))
      << r.err;
  ASSERT_TRUE(r.report.is_object()) << r.err;
  EXPECT_EQ(r.report.at("articles").size(), 1u);
}

TEST(Pathology, ManyShortLinesNamingAPlaceAreAnalysedWithinTheBudget) {
  // 150,000 short lines, each naming a place: joined into one paragraph by
  // the cleaner; thousands of names in one article (the name finder matched
  // each tagged name against every rule mention before).
  std::string text = "Many lines\n\n";
  for (int i = 0; i < 150000; ++i) text += "Line " + std::to_string(i) + " says the port of Velden is closed.\n";
  const Outcome r = Analyze("lines.txt", text);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Has(r.err, "lines.txt: article budget: clean text of")) << r.err;
  ASSERT_TRUE(r.report.is_object()) << r.err;
  ASSERT_EQ(r.report.at("stories").size(), 1u);
  bool velden = false;
  for (const json& e : r.report.at("stories")[0].at("entities")) velden = velden || e.at("name") == "Velden";
  EXPECT_TRUE(velden) << r.report.at("stories")[0].at("entities").dump();
}

}  // namespace
