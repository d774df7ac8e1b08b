#include <gtest/gtest.h>

#include <map>

#include "ingest/reader.h"

namespace parallax {
namespace {

// A file system in memory, to test listing and error paths without disk.
class MemFs final : public FileSystem {
 public:
  std::map<std::string, std::string> files;
  std::map<std::string, Status> broken;
  Result<std::string> ReadFile(const std::string& path, std::uint64_t max_bytes) const override {
    if (auto b = broken.find(path); b != broken.end()) return b->second;
    auto it = files.find(path);
    if (it == files.end()) return Status(StatusCode::kNotFound, path + ": no such file");
    if (it->second.size() > max_bytes) return Status(StatusCode::kTooLarge, path + ": too large");
    return it->second;
  }
  std::vector<std::string> ListFiles(const std::string& dir, std::vector<Status>*) const override {
    std::vector<std::string> out;
    for (auto& [p, c] : files) if (p.rfind(dir + "/", 0) == 0) out.push_back(p);
    for (auto& [p, s] : broken) if (p.rfind(dir + "/", 0) == 0) out.push_back(p);
    std::sort(out.begin(), out.end());
    return out;
  }
  bool IsDirectory(const std::string& path) const override {
    for (auto& [p, c] : files) if (p.rfind(path + "/", 0) == 0) return true;
    return false;
  }
  bool Exists(const std::string& path) const override { return files.count(path) || broken.count(path) || IsDirectory(path); }
};

TEST(Ingest, TextWithFrontMatter) {
  auto a = ParseTextArticle("---\ntitle: Port strike\nsource: The Ledger\nurl: https://www.ledger.example/a\n"
                            "published: March 4, 2025\n---\nBody text here.\n",
                            "port", "port.txt");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->title, "Port strike");
  EXPECT_EQ(a->source, "The Ledger");
  EXPECT_EQ(a->url, "https://www.ledger.example/a");
  EXPECT_EQ(a->published, "2025-03-04");
  EXPECT_EQ(a->raw, "Body text here.\n");
}

TEST(Ingest, OutletFromUrlHostWhenNoSource) {
  auto a = ParseTextArticle("---\nurl: https://www.news.example:8080/x?y\n---\nText.", "x", "x.txt");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->source, "news.example");
  auto b = ParseTextArticle("Just text, no metadata.", "y", "y.txt");
  ASSERT_TRUE(b.ok());
  EXPECT_FALSE(b->source.has_value());
  EXPECT_EQ(b->raw, "Just text, no metadata.");
}

TEST(Ingest, UnclosedFrontMatterIsText) {
  auto a = ParseTextArticle("---\ntitle: not closed\nThe story goes on.", "z", "z.txt");
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->title.empty());
  EXPECT_NE(a->raw.find("The story goes on."), std::string::npos);
}

TEST(Ingest, RejectsEmptyBinaryAndInvalidUtf8WithReasons) {
  EXPECT_NE(ParseTextArticle("  \n\n", "e", "e").status().message().find("empty"), std::string::npos);
  EXPECT_NE(ParseTextArticle(std::string("ab\0cd", 5), "b", "b").status().message().find("binary"), std::string::npos);
  EXPECT_NE(ParseTextArticle("ok \xC3\x28 bad", "u", "u").status().message().find("invalid UTF-8 at byte 3"),
            std::string::npos);
  EXPECT_NE(ParseTextArticle("---\ntitle: x\n---\n", "m", "m").status().message().find("empty"), std::string::npos);
}

TEST(Ingest, JsonLinesReportsEachBadLine) {
  std::vector<InputError> errors;
  auto arts = ParseJsonLines(
      "{\"id\": \"a1\", \"source\": \"Wire\", \"title\": \"T\", \"published\": \"2025-03-04T10:00:00Z\", \"text\": \"Hello world.\"}\n"
      "{\"id\": \"a2\", \"text\": \"unterminated\n"
      "\n"
      "[1, 2]\n"
      "{\"id\": \"a4\", \"source\": \"Wire\"}\n"
      "{\"url\": \"https://site.example/p\", \"html\": \"<html><body><article><p>Paragraph one of the page is long enough to count as text, with commas, words and more words.</p></article></body></html>\"}\n",
      "feed.jsonl", IngestOptions{}, &errors);
  ASSERT_EQ(arts.size(), 2u);
  EXPECT_EQ(arts[0].id, "a1");
  EXPECT_EQ(arts[0].source, "Wire");
  EXPECT_EQ(arts[0].published, "2025-03-04");
  EXPECT_EQ(arts[1].id, "feed-6");  // no id: file stem and line number
  EXPECT_EQ(arts[1].source, "site.example");
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].path, "feed.jsonl:2");
  EXPECT_NE(errors[0].message.find("malformed JSON"), std::string::npos);
  EXPECT_EQ(errors[1].path, "feed.jsonl:4");
  EXPECT_EQ(errors[2].path, "feed.jsonl:5");
  EXPECT_NE(errors[2].message.find("no \"text\" or \"html\""), std::string::npos);
}

// README: a record that gives a headline but no body is kept as a headline.
TEST(Ingest, JsonLinesRecordWithTitleAndEmptyDescriptionIsAHeadline) {
  std::vector<InputError> errors;
  auto arts = ParseJsonLines(
      "{\"id\": \"h1\", \"title\": \"Ferry strike called off\", \"description\": \"\", \"link\": \"https://harbour.example/a\"}\n"
      "{\"id\": \"h2\", \"title\": \"Bridge reopens\", \"summary\": \"<p> </p>\"}\n"
      "{\"id\": \"h3\", \"title\": \"Council meets\"}\n"
      "{\"id\": \"x4\", \"description\": \"\"}\n",
      "rss.jsonl", IngestOptions{}, &errors);
  ASSERT_EQ(arts.size(), 3u);
  EXPECT_EQ(arts[0].id, "h1");
  EXPECT_EQ(arts[0].title, "Ferry strike called off");
  EXPECT_EQ(arts[0].source, "harbour.example");
  EXPECT_TRUE(arts[0].raw.empty());
  EXPECT_EQ(arts[1].title, "Bridge reopens");
  EXPECT_EQ(arts[2].title, "Council meets");
  ASSERT_EQ(errors.size(), 1u);  // no headline and no body: still an error
  EXPECT_EQ(errors[0].path, "rss.jsonl:4");
}

TEST(Ingest, ReadInputsGoesOnAfterBadFilesAndKeepsIdsUnique) {
  MemFs fs;
  fs.files["in/a/story.txt"] = "First article text.";
  fs.files["in/b/story.txt"] = "Second article, same file name.";
  fs.files["in/empty.txt"] = "";
  fs.files["in/page.html"] = "<html><head><title>Page</title></head><body><article><p>"
                              "A paragraph of real text in a page, long enough to be the article body, with commas."
                              "</p></article></body></html>";
  fs.files["in/data.bin"] = std::string("\x89PNG\0\0\0", 7);
  fs.broken["in/locked.txt"] = Status(StatusCode::kPermissionDenied, "in/locked.txt: cannot be read (Permission denied)");
  IngestResult r = ReadInputs({"in", "missing"}, IngestOptions{}, fs);
  ASSERT_EQ(r.articles.size(), 3u);
  EXPECT_EQ(r.articles[0].id, "story");
  EXPECT_EQ(r.articles[1].id, "story~2");
  EXPECT_EQ(r.articles[2].id, "page");
  EXPECT_EQ(r.articles[2].title, "Page");
  std::map<std::string, std::string> err;
  for (const auto& e : r.errors) err[e.path] = e.message;
  EXPECT_EQ(err.size(), 4u);
  EXPECT_NE(err["in/empty.txt"].find("empty"), std::string::npos);
  EXPECT_NE(err["in/data.bin"].find("unsupported"), std::string::npos);
  EXPECT_NE(err["in/locked.txt"].find("cannot be read"), std::string::npos);
  EXPECT_NE(err["missing"].find("no such file"), std::string::npos);
}

// Files are read on several threads; articles, errors and their order must
// not depend on how many.
TEST(Ingest, ReadInputsSameResultForAnyThreadCount) {
  MemFs fs;
  for (int i = 0; i < 40; ++i) {
    const std::string n = std::to_string(i);
    if (i % 7 == 3) {
      fs.files["in/f" + n + ".txt"] = "";
    } else if (i % 2 == 0) {
      fs.files["in/f" + n + ".html"] = "<html><head><title>Page " + n + "</title></head><body><article><p>Paragraph " + n +
                                       " of a page, long enough to be the article body, with commas, and more.</p>"
                                       "</article></body></html>";
    } else {
      fs.files["in/f" + n + ".txt"] = "Text article number " + n + ".";
    }
  }
  IngestOptions one;
  one.threads = 1;
  IngestResult base = ReadInputs({"in"}, one, fs);
  ASSERT_EQ(base.articles.size(), 34u);
  ASSERT_EQ(base.errors.size(), 6u);
  for (unsigned threads : {2u, 3u, 8u}) {
    IngestOptions opt;
    opt.threads = threads;
    IngestResult r = ReadInputs({"in"}, opt, fs);
    ASSERT_EQ(r.articles.size(), base.articles.size()) << threads;
    for (std::size_t i = 0; i < r.articles.size(); ++i) {
      EXPECT_EQ(r.articles[i].id, base.articles[i].id);
      EXPECT_EQ(r.articles[i].title, base.articles[i].title);
      EXPECT_EQ(r.articles[i].raw, base.articles[i].raw);
    }
    ASSERT_EQ(r.errors.size(), base.errors.size());
    for (std::size_t i = 0; i < r.errors.size(); ++i) EXPECT_EQ(r.errors[i].path, base.errors[i].path);
  }
}

TEST(Ingest, OverLimitIsReported) {
  MemFs fs;
  fs.files["big.txt"] = std::string(2000, 'a');
  IngestOptions opt;
  opt.max_article_bytes = 1000;
  IngestResult r = ReadInputs({"big.txt"}, opt, fs);
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].path, "big.txt");
}

}  // namespace
}  // namespace parallax
