// Bulk and streamed input formats: WARC (.warc, .warc.gz), RSS/Atom feeds,
// JSON Lines (.gz, .zst), standard input with format sniffing.
#include <gtest/gtest.h>
#include <zlib.h>
#include <unistd.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "ingest/reader.h"
#include "shared_data.h"

namespace parallax {
namespace {

namespace fs = std::filesystem;
using ::parallax::testing::ReadAll;
using ::parallax::testing::SharedDataDir;

std::string Gzip(std::string_view data) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string Zstd(std::string_view data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  std::size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

std::string GunzipFile(const std::string& path) {
  std::string gz = ReadAll(path);
  z_stream zs{};
  inflateInit2(&zs, 16 + MAX_WBITS);
  std::string out;
  zs.next_in = reinterpret_cast<Bytef*>(gz.data());
  zs.avail_in = static_cast<uInt>(gz.size());
  char buf[65536];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof(buf) - zs.avail_out);
  }
  inflateEnd(&zs);
  return out;
}

std::string WarcRecord(const std::string& type, const std::string& uri, const std::string& block,
                       const std::string& content_type = "application/http; msgtype=response") {
  std::string r = "WARC/1.0\r\nWARC-Type: " + type + "\r\n";
  if (!uri.empty()) r += "WARC-Target-URI: " + uri + "\r\n";
  r += "WARC-Date: 2025-03-04T10:00:00Z\r\nContent-Type: " + content_type + "\r\n";
  r += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
  return r;
}

std::string HttpResponse(const std::string& status, const std::string& headers, const std::string& body) {
  return "HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
         body;
}

const char kPage[] =
    "<html><head><title>Harbour ferry resumes</title></head><body><article>"
    "<p>The harbour ferry resumed its winter timetable on Monday after a week of repairs to the landing stage, "
    "the operator said in a statement.</p><p>Crossings will run every twenty minutes until the spring, with "
    "extra boats at weekends.</p></article></body></html>";

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("parallax-formats-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string Write(const std::string& name, const std::string& content) const {
    std::string p = (path_ / name).string();
    std::ofstream out(p, std::ios::binary);
    out << content;
    return p;
  }

 private:
  fs::path path_;
  static inline int counter_ = 0;
};

IngestResult ReadString(const std::string& content) {
  std::istringstream in(content);
  IngestResult r;
  ReadStream(in, "-", IngestOptions{}, &r);
  return r;
}

std::set<std::string> ErrorPaths(const IngestResult& r) {
  std::set<std::string> paths;
  for (const auto& e : r.errors) paths.insert(e.path);
  return paths;
}

// ---- inputs that must not be lost or misread ---------------------------------

// A report Parallax wrote into its own input folder is skipped with a note,
// in each of its three formats, whatever its name; an article that merely
// talks about a report is read.
TEST(OwnReports, ParallaxReportsAreSkippedWithANoteNotReadAsArticles) {
  TempDir dir;
  dir.Write("report.json", "{\n  \"parallax_version\": \"0.1.0\",\n  \"articles\": [\n    {\"id\": \"x\"}\n  ]\n}\n");
  dir.Write("summary.md", "# Parallax report\n\n2 articles, 1 story.\n\n## Ferry resumes\n");
  dir.Write("page.html",
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Parallax report</title></head>"
            "<body><h1>Parallax report</h1><p>2 articles, 1 story.</p></body></html>");
  dir.Write("story.txt", "# Parallax report on the harbour\n\nThe parallax report on the harbour ferry was published "
                         "on Monday, the operator said.\n");
  IngestResult r = ReadInputs({dir.Write("keep.txt", "The ferry resumed on Monday, the operator said.")}, {});
  ASSERT_EQ(r.articles.size(), 1u);
  std::string base = dir.Write("keep.txt", "The ferry resumed on Monday, the operator said.");
  base = base.substr(0, base.rfind('/'));
  r = ReadInputs({base}, {});
  std::set<std::string> ids;
  for (const Article& a : r.articles) ids.insert(a.id);
  EXPECT_EQ(ids, (std::set<std::string>{"keep", "story"}));
  EXPECT_TRUE(r.errors.empty()) << r.errors[0].path << ": " << r.errors[0].message;
  ASSERT_EQ(r.stats.notes.size(), 3u);
  std::set<std::string> notes;
  for (const InputError& n : r.stats.notes) notes.insert(n.path.substr(n.path.rfind('/') + 1) + ": " + n.message);
  EXPECT_EQ(notes, (std::set<std::string>{"page.html: skipped: a Parallax HTML report, not articles",
                                          "report.json: skipped: a Parallax JSON report, not articles",
                                          "summary.md: skipped: a Parallax Markdown report, not articles"}));
  // Gzipped, from standard input: the same.
  IngestResult in = ReadString(Gzip("{\"parallax_version\": \"0.1.0\", \"articles\": []}"));
  EXPECT_TRUE(in.articles.empty());
  EXPECT_TRUE(in.errors.empty());
  ASSERT_EQ(in.stats.notes.size(), 1u);
}

// A Latin-1 text file is read (ICU's detector guesses its charset) and the
// guess is named in a note; binary data is still refused.
TEST(Charset, Latin1TextFileIsReadAndTheGuessIsNamed) {
  TempDir dir;
  const std::string latin1 =
      "Caf\xE9 owners protest in Kessar\n\nThe owners of the caf\xE9s near the harbour said on Monday that the new "
      "r\xE8gles on opening hours would cost them dearly, and that they would close for a day in protest. "
      "\xAB We cannot go on like this \xBB, said one owner, whose caf\xE9 has stood on the quay since 1962.\n";
  IngestResult r = ReadInputs({dir.Write("cafe.txt", latin1)}, {});
  ASSERT_EQ(r.articles.size(), 1u) << (r.errors.empty() ? "" : r.errors[0].message);
  EXPECT_NE(r.articles[0].raw.find("Caf\xC3\xA9 owners"), std::string::npos);
  EXPECT_NE(r.articles[0].raw.find("r\xC3\xA8gles"), std::string::npos);
  EXPECT_NE(r.articles[0].raw.find("\xC2\xAB We cannot"), std::string::npos);
  ASSERT_EQ(r.stats.notes.size(), 1u);
  EXPECT_NE(r.stats.notes[0].message.find("not UTF-8: read as ISO-8859-1"), std::string::npos) << r.stats.notes[0].message;
  // UTF-8 text gets no note.
  r = ReadInputs({dir.Write("utf8.txt", "Caf\xC3\xA9 owners protest.")}, {});
  EXPECT_TRUE(r.stats.notes.empty());
  // Binary data is not text in any charset.
  r = ReadInputs({dir.Write("blob.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16))}, {});
  EXPECT_TRUE(r.articles.empty());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("binary"), std::string::npos);
}

// SGML newswire as research corpora ship it (TREC, DUC, TAC): one article
// per <DOC>, sniffed without an extension; the wire's control codes are
// dropped and its entities decoded.
TEST(Sgml, OneArticlePerDocWithDocnoHeadlineDateAndParagraphs) {
  TempDir dir;
  const std::string sgml =
      "<DOC>\n<DOCNO> VWS19990125.0001 </DOCNO>\n<DOCTYPE> NEWS STORY </DOCTYPE>\n"
      "<DATE_TIME> 1999-01-25 19:19 </DATE_TIME>\n<HEADER>\nA7843 &Cx1f; ttj-z\nu w &Cx13;  &Cx11;  BC-FERRY-VWS &LR;\n</HEADER>\n"
      "<BODY>\n<HEADLINE>\nFerry strike ends in Velden &amp; Kessar\n</HEADLINE>\n<TEXT>\n<P>\n"
      "   VELDEN _ The ferry strike ended on Monday after the union\naccepted a pay offer, the operator said.\n</P>\n"
      "<P>\n   ``We are glad it is over,'' said Anna Kovac &QL;, a\ncommuter.\n</P>\n</TEXT>\n</BODY>\n</DOC>\n"
      "<DOC>\n<DOCNO> VWS19990126.0002 </DOCNO>\n<HL> Bridge toll &lt;raised&gt; </HL>\n<TEXT>\n"
      "   The bridge toll rises by 5 &#37; in March, the council said.\n   Drivers were not consulted.\n</TEXT>\n</DOC>\n"
      "<DOC id=\"VWS_ENG_19990127.0003\" type=\"story\">\n<TEXT>\n<P>Third story text here.</P>\n</TEXT>\n</DOC>\n"
      "<DOC>\n<DOCNO> VWS19990128.0004 </DOCNO>\n<TEXT>\n&Cx13;\n</TEXT>\n</DOC>\n";
  IngestResult r = ReadInputs({dir.Write("VWS19990125", sgml)}, {});
  ASSERT_EQ(r.articles.size(), 3u);
  const Article& a = r.articles[0];
  EXPECT_EQ(a.id, "VWS19990125.0001");
  EXPECT_EQ(a.title, "Ferry strike ends in Velden & Kessar");
  EXPECT_EQ(a.published, "1999-01-25");
  EXPECT_EQ(a.raw,
            "VELDEN _ The ferry strike ended on Monday after the union accepted a pay offer, the operator said.\n\n"
            "\xE2\x80\x9CWe are glad it is over,\xE2\x80\x9D said Anna Kovac , a commuter.");
  EXPECT_EQ(r.articles[1].id, "VWS19990126.0002");
  EXPECT_EQ(r.articles[1].title, "Bridge toll <raised>");
  // Without <P>, an indented line starts a paragraph.
  EXPECT_EQ(r.articles[1].raw, "The bridge toll rises by 5 % in March, the council said.\n\nDrivers were not consulted.");
  EXPECT_EQ(r.articles[2].id, "VWS_ENG_19990127.0003");
  EXPECT_EQ(r.articles[2].raw, "Third story text here.");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].path.find("#VWS19990128.0004"), std::string::npos);
  EXPECT_NE(r.errors[0].message.find("without text"), std::string::npos);
  // Standard input and .sgml: the same.
  EXPECT_EQ(ReadString(sgml).articles.size(), 3u);
  EXPECT_EQ(ReadInputs({dir.Write("wire.sgml", sgml)}, {}).articles.size(), 3u);
}

// ---- WARC from the shared warcio test files ----------------------------------

std::string WarcTests() { return SharedDataDir() + "/bulk/warc-tests/data/"; }

TEST(Warc, ExampleGzYieldsTheExampleComPage) {
  PARALLAX_REQUIRE_SHARED("bulk/warc-tests/data");
  for (const char* name : {"example.warc.gz", "example.warc"}) {
    IngestResult r = ReadInputs({WarcTests() + name}, IngestOptions{});
    EXPECT_TRUE(r.errors.empty()) << name << ": " << (r.errors.empty() ? "" : r.errors[0].message);
    ASSERT_EQ(r.articles.size(), 1u) << name;
    const Article& a = r.articles[0];
    EXPECT_EQ(a.title, "Example Domain");
    EXPECT_EQ(a.url, "http://example.com/");
    EXPECT_EQ(a.source, "example.com");
    EXPECT_EQ(a.id, "example-3");
    EXPECT_EQ(a.path, WarcTests() + name + "#record 3");
    EXPECT_NE(a.raw.find("illustrative examples"), std::string::npos);  // gzip Content-Encoding decoded
    EXPECT_EQ(r.stats.records_skipped, 5u);  // 2 warcinfo, 2 request, 1 revisit
  }
}

TEST(Warc, ChunkedAndResourceRecords) {
  PARALLAX_REQUIRE_SHARED("bulk/warc-tests/data");
  IngestResult chunked = ReadInputs({WarcTests() + "example-iana.org-chunked.warc"}, IngestOptions{});
  EXPECT_TRUE(chunked.errors.empty());
  ASSERT_EQ(chunked.articles.size(), 1u);
  EXPECT_EQ(chunked.articles[0].url, "http://www.iana.org/");
  EXPECT_EQ(chunked.articles[0].raw.find("\r\n1c37"), std::string::npos);
  IngestResult resource = ReadInputs({WarcTests() + "example-resource.warc.gz"}, IngestOptions{});
  EXPECT_TRUE(resource.errors.empty());
  ASSERT_EQ(resource.articles.size(), 1u);
  EXPECT_EQ(resource.articles[0].title, "Example Domain");
  // JSON responses are counted, not errors; requests are skipped.
  IngestResult post = ReadInputs({WarcTests() + "post-test.warc.gz"}, IngestOptions{});
  EXPECT_TRUE(post.articles.empty());
  EXPECT_TRUE(post.errors.empty());
  EXPECT_EQ(post.stats.pages_not_text, 3u);
  EXPECT_EQ(post.stats.records_skipped, 3u);
}

TEST(Warc, BrokenFilesNameTheRecordAndKeepTheGoodOnes) {
  PARALLAX_REQUIRE_SHARED("bulk/warc-tests/data");
  // The response's Content-Length is 2 bytes short: its gzip body is cut and
  // stray bytes follow. One error for that record; the rest is read.
  IngestResult trunc = ReadInputs({WarcTests() + "example-trunc.warc"}, IngestOptions{});
  ASSERT_EQ(trunc.errors.size(), 1u);
  EXPECT_EQ(trunc.errors[0].path, WarcTests() + "example-trunc.warc#record 3");
  EXPECT_NE(trunc.errors[0].message.find("truncated"), std::string::npos) << trunc.errors[0].message;
  EXPECT_TRUE(trunc.articles.empty());
  EXPECT_EQ(trunc.stats.records_skipped, 3u);  // 2 warcinfo before, 1 request after the bad record

  // Gzip members that do not match records, and a Content-Length one byte
  // short: the page is read, the framing error is reported on its record.
  IngestResult chunks = ReadInputs({WarcTests() + "example-wrong-chunks.warc.gz"}, IngestOptions{});
  ASSERT_EQ(chunks.errors.size(), 1u);
  EXPECT_EQ(chunks.errors[0].path, WarcTests() + "example-wrong-chunks.warc.gz#record 1");
  EXPECT_NE(chunks.errors[0].message.find("stray bytes"), std::string::npos);
  ASSERT_EQ(chunks.articles.size(), 1u);
  EXPECT_EQ(chunks.articles[0].title, "Example Domain");

  // One gzip member for the whole file and an unknown extension: sniffed
  // and read; the 302 is counted.
  IngestResult whole = ReadInputs({WarcTests() + "example-bad.warc.gz.bad"}, IngestOptions{});
  EXPECT_TRUE(whole.errors.empty());
  ASSERT_EQ(whole.articles.size(), 1u);
  EXPECT_EQ(whole.articles[0].url, "http://example.com?example=1");
  EXPECT_EQ(whole.stats.pages_not_ok, 1u);

  IngestResult arc = ReadInputs({WarcTests() + "bad.arc", WarcTests() + "example.arc.gz"}, IngestOptions{});
  ASSERT_EQ(arc.errors.size(), 2u);
  for (const auto& e : arc.errors) EXPECT_NE(e.message.find("ARC"), std::string::npos);

  // wget's log and manifest records are not pages.
  IngestResult wget = ReadInputs({WarcTests() + "example-wget-bad-target-uri.warc.gz"}, IngestOptions{});
  EXPECT_TRUE(wget.errors.empty());
  ASSERT_EQ(wget.articles.size(), 1u);
  EXPECT_EQ(wget.articles[0].url, "http://example.com/");
}

TEST(Warc, EveryTestFileGivesArticlesErrorsOrCounts) {
  PARALLAX_REQUIRE_SHARED("bulk/warc-tests/data");
  IngestResult all = ReadInputs({WarcTests()}, IngestOptions{});
  EXPECT_EQ(ErrorPaths(all).size(), all.errors.size()) << "one error per file or record";
  EXPECT_GE(all.articles.size(), 8u);
}

// ---- a WARC built from real news pages -------------------------------------------

TEST(Warc, ScrapinghubPagesReadBackWithTheirUrls) {
  PARALLAX_REQUIRE_SHARED("extraction/scrapinghub-dev/html");
  const std::string dir = SharedDataDir() + "/extraction/scrapinghub-dev/html/";
  std::vector<std::string> pages;
  for (const auto& e : fs::directory_iterator(dir)) pages.push_back(e.path().filename().string());
  std::sort(pages.begin(), pages.end());
  ASSERT_GE(pages.size(), 3u);
  std::string warc_gz = Gzip(WarcRecord("warcinfo", "", "software: test\r\n", "application/warc-fields"));
  std::vector<std::string> urls;
  for (int i = 0; i < 3; ++i) {
    std::string html = GunzipFile(dir + pages[i]);
    std::string url = "https://news" + std::to_string(i) + ".example/story/" + std::to_string(i);
    urls.push_back(url);
    std::string body = html;
    std::string headers = "Content-Type: text/html; charset=utf-8\r\n";
    if (i == 1) {  // chunked transfer
      std::ostringstream chunked;
      for (std::size_t p = 0; p < html.size(); p += 4000) {
        std::string part = html.substr(p, 4000);
        chunked << std::hex << part.size() << "\r\n" << part << "\r\n";
      }
      chunked << "0\r\n\r\n";
      body = chunked.str();
      headers += "Transfer-Encoding: chunked\r\n";
    } else if (i == 2) {  // gzip content encoding
      body = Gzip(html);
      headers += "Content-Encoding: gzip\r\n";
    }
    std::string http = "HTTP/1.1 200 OK\r\n" + headers + "\r\n" + body;
    warc_gz += Gzip(WarcRecord("request", url, "GET / HTTP/1.1\r\n\r\n", "application/http; msgtype=request"));
    warc_gz += Gzip(WarcRecord("response", url, http));
  }
  warc_gz += Gzip(WarcRecord("response", "https://news.example/missing",
                             HttpResponse("404 Not Found", "Content-Type: text/html\r\n", "<html>gone</html>")));
  warc_gz += Gzip(WarcRecord("response", "https://news.example/logo.png",
                             HttpResponse("200 OK", "Content-Type: image/png\r\n", std::string("\x89PNG\0\0", 6))));
  TempDir tmp;
  std::string path = tmp.Write("three.warc.gz", warc_gz);
  IngestResult r = ReadInputs({path}, IngestOptions{});
  EXPECT_TRUE(r.errors.empty()) << r.errors[0].path << ": " << r.errors[0].message;
  ASSERT_EQ(r.articles.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(r.articles[i].url, urls[i]);
    EXPECT_GT(r.articles[i].raw.size(), 500u) << "page " << i;
    EXPECT_FALSE(r.articles[i].title.empty());
    EXPECT_TRUE(r.articles[i].from_html);
  }
  EXPECT_EQ(r.articles[1].id, "three-5");
  EXPECT_EQ(r.articles[1].path, path + "#record 5");
  EXPECT_EQ(r.stats.pages_not_ok, 1u);
  EXPECT_EQ(r.stats.pages_not_text, 1u);
  EXPECT_EQ(r.stats.records_skipped, 4u);

  // A budget smaller than the pages: each record is refused by name.
  IngestOptions small;
  small.max_article_bytes = 1000;
  IngestResult limited = ReadInputs({path}, small);
  EXPECT_TRUE(limited.articles.empty());
  EXPECT_EQ(limited.errors.size(), 3u);
  for (const auto& e : limited.errors) EXPECT_NE(e.message.find("over the limit"), std::string::npos) << e.message;
}

// ---- WARC edge cases built in the test ---------------------------------------------

TEST(Warc, CharsetsAreConvertedAndBadBytesReported) {
  const std::string latin1_body =
      "<html><body><article><p>Le caf\xE9 du port rouvre ses portes lundi apr\xE8s des travaux de r\xE9novation, a "
      "annonc\xE9 la mairie dans un communiqu\xE9.</p></article></body></html>";
  const std::string meta_1251 =
      "<html><head><meta charset=\"windows-1251\"></head><body><article><p>\xCF\xF0\xE8\xE2\xE5\xF2, "
      "this page declares its charset in a meta tag and has enough words to be an article body.</p></article>"
      "</body></html>";
  const std::string bad_sjis = "<html><body><p>broken \x81</p></body></html>";
  std::string warc =
      WarcRecord("response", "http://a.example/1",
                 HttpResponse("200 OK", "Content-Type: text/html; charset=ISO-8859-1\r\n", latin1_body)) +
      WarcRecord("response", "http://a.example/2", HttpResponse("200 OK", "Content-Type: text/html\r\n", meta_1251)) +
      WarcRecord("response", "http://a.example/3",
                 HttpResponse("200 OK", "Content-Type: text/html; charset=shift_jis\r\n", bad_sjis)) +
      WarcRecord("response", "http://a.example/4",
                 HttpResponse("200 OK", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", "5\r\nabc")) +
      WarcRecord("response", "http://a.example/5",
                 HttpResponse("200 OK", "Content-Type: text/html\r\nContent-Encoding: br\r\n", "xx"));
  IngestResult r = ReadString(warc);
  ASSERT_EQ(r.articles.size(), 2u);
  EXPECT_NE(r.articles[0].raw.find("Le caf\xC3\xA9 du port"), std::string::npos);
  EXPECT_NE(r.articles[1].raw.find("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"), std::string::npos);  // Привет
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0].path, "stdin#record 3");
  EXPECT_NE(r.errors[0].message.find("invalid bytes for charset shift_jis"), std::string::npos) << r.errors[0].message;
  EXPECT_EQ(r.errors[1].path, "stdin#record 4");
  EXPECT_NE(r.errors[1].message.find("chunked"), std::string::npos);
  EXPECT_EQ(r.errors[2].path, "stdin#record 5");
  EXPECT_NE(r.errors[2].message.find("Content-Encoding"), std::string::npos);
}

TEST(Warc, GarbageBetweenRecordsAndTruncationAreReportedOnce) {
  std::string good = WarcRecord("response", "http://b.example/", HttpResponse("200 OK", "Content-Type: text/html\r\n", kPage));
  std::string warc = good + "some junk that is not a record\r\n" + good;
  IngestResult r = ReadString(warc);
  EXPECT_EQ(r.articles.size(), 2u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].path, "stdin#record 1");

  // Cut inside the second record's content.
  std::string cut = good + good.substr(0, good.size() - 100);
  IngestResult t = ReadString(cut);
  EXPECT_EQ(t.articles.size(), 1u);
  ASSERT_EQ(t.errors.size(), 1u);
  EXPECT_EQ(t.errors[0].path, "stdin#record 2");
  EXPECT_NE(t.errors[0].message.find("truncated"), std::string::npos);

  // Same in gzip, cut inside the second member.
  std::string gz = Gzip(good) + Gzip(good);
  IngestResult g = ReadString(gz.substr(0, gz.size() - 40));
  EXPECT_EQ(g.articles.size(), 1u);
  ASSERT_EQ(g.errors.size(), 1u);
  EXPECT_EQ(g.errors[0].path, "stdin#record 2");
  EXPECT_NE(g.errors[0].message.find("truncated gzip"), std::string::npos) << g.errors[0].message;

  // Missing Content-Length: the record cannot be delimited; the next one is found.
  std::string no_len = "WARC/1.0\r\nWARC-Type: response\r\n\r\nHTTP/1.1 200 OK\r\n\r\nabc\r\n\r\n" + good;
  IngestResult n = ReadString(no_len);
  EXPECT_EQ(n.articles.size(), 1u);
  ASSERT_EQ(n.errors.size(), 1u);
  EXPECT_NE(n.errors[0].message.find("Content-Length"), std::string::npos);
}

// ---- feeds ----------------------------------------------------------------------------

const char kRss[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>The Lantern Gazette</title>
  <link>https://lantern.example/</link>
  <!-- a comment with <item> inside must be ignored -->
  <item>
    <title>Ferry service returns to the harbour</title>
    <link>https://lantern.example/2025/ferry</link>
    <pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate>
    <description><![CDATA[<p>The ferry is <b>back</b> after repairs &amp; inspections.</p><p>Crossings every twenty minutes.</p>]]></description>
  </item>
  <item>
    <title>Library extends opening hours &amp; adds a reading room</title>
    <link>https://lantern.example/2025/library</link>
    <dc:date>2025-03-05T08:30:00Z</dc:date>
    <description>Short summary only.</description>
    <content:encoded><![CDATA[<div><p>The town library will open until nine on weekdays.</p><script>track()</script><p>A new reading room opens in April.</p></div>]]></content:encoded>
  </item>
  <item>
    <title>Headline-only item about the spring fair</title>
    <link>https://lantern.example/2025/fair</link>
  </item>
</channel>
</rss>
)";

const char kAtom[] = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Riverside Courier</title>
  <entry>
    <title>Bridge repairs finish early</title>
    <link rel="self" href="https://courier.example/api/bridge"/>
    <link rel="alternate" type="text/html" href="https://courier.example/bridge"/>
    <id>tag:courier.example,2025:1</id>
    <published>2025-02-28T17:45:00+01:00</published>
    <updated>2025-03-01T09:00:00Z</updated>
    <content type="html">&lt;p&gt;Engineers finished the bridge repairs two days early, the council said.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Market moves indoors</title>
    <link href="https://courier.example/market"/>
    <updated>2025-03-02T12:00:00Z</updated>
    <summary>The weekly market moves into the old station hall for the winter.</summary>
  </entry>
</feed>
)";

TEST(Feed, Rss2ItemsWithCdataEntitiesAndDates) {
  IngestResult r = ReadString(kRss);
  EXPECT_TRUE(r.errors.empty()) << r.errors[0].message;
  ASSERT_EQ(r.articles.size(), 3u);
  const Article& a = r.articles[0];
  EXPECT_EQ(a.title, "Ferry service returns to the harbour");
  EXPECT_EQ(a.url, "https://lantern.example/2025/ferry");
  EXPECT_EQ(a.published, "2025-03-04");
  EXPECT_EQ(a.source, "The Lantern Gazette");
  EXPECT_EQ(a.raw, "The ferry is back after repairs & inspections.\n\nCrossings every twenty minutes.");
  EXPECT_EQ(a.path, "stdin#item 1");
  EXPECT_EQ(a.id, "stdin-1");
  const Article& b = r.articles[1];
  EXPECT_EQ(b.title, "Library extends opening hours & adds a reading room");
  EXPECT_EQ(b.published, "2025-03-05");
  EXPECT_EQ(b.raw, "The town library will open until nine on weekdays.\n\nA new reading room opens in April.");
  EXPECT_EQ(r.articles[2].raw, "Headline-only item about the spring fair");  // the title stands in for the text
}

TEST(Feed, AtomEntriesAndFileExtensions) {
  TempDir tmp;
  std::string atom = tmp.Write("courier.atom", kAtom);
  std::string xml = tmp.Write("lantern.xml", kRss);
  std::string other = tmp.Write("config.xml", "<?xml version=\"1.0\"?><config><a>1</a></config>");
  IngestResult r = ReadInputs({atom, xml, other}, IngestOptions{});
  ASSERT_EQ(r.articles.size(), 5u);
  const Article& a = r.articles[0];
  EXPECT_EQ(a.title, "Bridge repairs finish early");
  EXPECT_EQ(a.url, "https://courier.example/bridge");
  EXPECT_EQ(a.published, "2025-02-28");
  EXPECT_EQ(a.source, "Riverside Courier");
  EXPECT_EQ(a.raw, "Engineers finished the bridge repairs two days early, the council said.");
  EXPECT_EQ(a.id, "courier-1");
  EXPECT_EQ(r.articles[1].published, "2025-03-02");
  EXPECT_EQ(r.articles[1].url, "https://courier.example/market");
  EXPECT_EQ(r.articles[2].id, "lantern-1");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].path, other);
  EXPECT_NE(r.errors[0].message.find("not an RSS or Atom feed"), std::string::npos);
}

TEST(Feed, MalformedFeedKeepsTheItemsRead) {
  std::string feed = kRss;
  // Cut in the middle of the second item.
  IngestResult cut = ReadString(feed.substr(0, feed.find("<dc:date>")));
  ASSERT_EQ(cut.articles.size(), 1u);
  ASSERT_EQ(cut.errors.size(), 1u);
  EXPECT_EQ(cut.errors[0].path, "stdin");
  EXPECT_NE(cut.errors[0].message.find("truncated"), std::string::npos);
  // A mismatched end tag after the first item.
  std::string bad = feed;
  bad.replace(bad.find("</link>\n    <dc:date>"), 7, "</lnk>");
  IngestResult mis = ReadString(bad);
  EXPECT_GE(mis.articles.size(), 1u);
  ASSERT_EQ(mis.errors.size(), 1u);
  EXPECT_NE(mis.errors[0].message.find("malformed feed at line"), std::string::npos) << mis.errors[0].message;
}

// ---- JSON Lines ------------------------------------------------------------------------

const char kJsonl[] =
    "{\"title\": \"Tram line opens\", \"link\": \"https://metro.example/tram\", \"date_published\": \"2025-01-02 "
    "07:00:00+00:00\", \"outlet\": \"Metro Wire\", \"description\": \"The new tram line opened on Thursday.\"}\n"
    "{\"link\": \"https://metro.example/no-body\"}\n"  // no body and no headline
    "{\"id\": \"x2\", \"summary\": \"<p>Council <b>approves</b> the budget.</p>\", \"url\": \"https://www.city.example/b\"}\n";

TEST(JsonLines, CompressedStreamsAndFeedStyleFields) {
  TempDir tmp;
  std::string gz = tmp.Write("wire.jsonl.gz", Gzip(kJsonl));
  std::string zst = tmp.Write("wire2.ndjson.zst", Zstd(kJsonl));
  std::string plain = tmp.Write("wire3.jsonl", kJsonl);
  for (const std::string& path : {gz, zst, plain}) {
    IngestResult r = ReadInputs({path}, IngestOptions{});
    ASSERT_EQ(r.articles.size(), 2u) << path;
    EXPECT_EQ(r.articles[0].title, "Tram line opens");
    EXPECT_EQ(r.articles[0].url, "https://metro.example/tram");
    EXPECT_EQ(r.articles[0].source, "Metro Wire");
    EXPECT_EQ(r.articles[0].published, "2025-01-02");
    EXPECT_EQ(r.articles[0].raw, "The new tram line opened on Thursday.");
    EXPECT_EQ(r.articles[1].id, "x2");
    EXPECT_EQ(r.articles[1].raw, "Council approves the budget.");
    EXPECT_EQ(r.articles[1].source, "city.example");
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].path, path + ":2");
  }
  EXPECT_EQ(ReadInputs({gz}, IngestOptions{}).articles[0].id, "wire-1");
}

TEST(JsonLines, TruncatedAndCorruptCompressionIsAnErrorNotACrash) {
  std::string many;
  for (int i = 0; i < 2000; ++i) {
    many += "{\"id\": \"n" + std::to_string(i) + "\", \"text\": \"Line " + std::to_string(i) +
            " of a long stream, with a few words to compress.\"}\n";
  }
  std::string gz = Gzip(many);
  IngestResult cut = ReadString(gz.substr(0, gz.size() / 2));
  EXPECT_GT(cut.articles.size(), 10u);
  EXPECT_LT(cut.articles.size(), 2000u);
  ASSERT_EQ(cut.errors.size(), 1u);
  EXPECT_NE(cut.errors[0].message.find("truncated gzip"), std::string::npos);
  EXPECT_NE(cut.errors[0].path.find("stdin"), std::string::npos);

  std::string zst = Zstd(many);
  IngestResult zcut = ReadString(zst.substr(0, zst.size() - 7));
  ASSERT_GE(zcut.errors.size(), 1u);
  EXPECT_NE(zcut.errors.back().message.find("zstd"), std::string::npos);

  IngestResult trailing = ReadString(Gzip(many) + "not gzip at all");
  EXPECT_EQ(trailing.articles.size(), 2000u);
  ASSERT_EQ(trailing.errors.size(), 1u);
  EXPECT_NE(trailing.errors[0].message.find("not gzip"), std::string::npos);

  for (std::size_t n : {0, 1, 2, 10, 18}) {
    IngestResult tiny = ReadString(gz.substr(0, n));
    EXPECT_TRUE(tiny.articles.empty());
    EXPECT_EQ(tiny.errors.size(), 1u) << n;
  }
}

// ---- standard input -------------------------------------------------------------------------

TEST(Stdin, EachFormatIsSniffed) {
  EXPECT_EQ(ReadString(kJsonl).articles.size(), 2u);
  EXPECT_EQ(ReadString(Gzip(kJsonl)).articles.size(), 2u);
  EXPECT_EQ(ReadString(Zstd(kJsonl)).articles.size(), 2u);
  EXPECT_EQ(ReadString(kAtom).articles.size(), 2u);
  EXPECT_EQ(ReadString(Gzip(kRss)).articles.size(), 3u);
  std::string warc = WarcRecord("response", "http://c.example/", HttpResponse("200 OK", "Content-Type: text/html\r\n", kPage));
  IngestResult w = ReadString(warc);
  ASSERT_EQ(w.articles.size(), 1u);
  EXPECT_EQ(w.articles[0].url, "http://c.example/");
  IngestResult html = ReadString(kPage);
  ASSERT_EQ(html.articles.size(), 1u);
  EXPECT_TRUE(html.articles[0].from_html);
  EXPECT_EQ(html.articles[0].title, "Harbour ferry resumes");
  EXPECT_EQ(html.articles[0].id, "stdin");
  IngestResult text = ReadString("A plain line of text from a pipe.\n");
  ASSERT_EQ(text.articles.size(), 1u);
  EXPECT_FALSE(text.articles[0].from_html);
  for (const std::string& bad : {std::string(), std::string("\x89PNG\r\n\x1a\n\0\0\0", 11), std::string("\x1f\x8b")}) {
    IngestResult r = ReadString(bad);
    EXPECT_TRUE(r.articles.empty());
    EXPECT_EQ(r.errors.size(), 1u);
  }
}

// ---- robustness -----------------------------------------------------------------------------

// Random byte edits of valid inputs: never a crash, and every input gives
// articles, errors or counted skips, with at most one error per item.
TEST(Robustness, MutatedWarcAndFeedsNeverCrash) {
  std::string page = WarcRecord("response", "http://d.example/", HttpResponse("200 OK", "Content-Type: text/html\r\n", kPage));
  std::string chunked = WarcRecord(
      "response", "http://e.example/",
      HttpResponse("200 OK", "Content-Type: text/html; charset=iso-8859-1\r\nTransfer-Encoding: chunked\r\n",
                   "10\r\n<html><body><p>C\r\n20\r\naf\xE9 news with enough words in it\r\n0\r\n\r\n"));
  const std::vector<std::string> seeds = {page + chunked, Gzip(page) + Gzip(chunked), kRss, kAtom, kJsonl,
                                          Gzip(kJsonl)};
  std::mt19937 rng(20250304);
  int runs = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string data = seeds[iter % seeds.size()];
    int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits && !data.empty(); ++e) {
      std::size_t at = rng() % data.size();
      switch (rng() % 4) {
        case 0: data[at] = static_cast<char>(rng() & 0xff); break;
        case 1: data.erase(at, 1 + rng() % 16); break;
        case 2: data.insert(at, std::string(1 + rng() % 4, static_cast<char>(rng() & 0xff))); break;
        default: data.resize(at); break;
      }
    }
    IngestResult r = ReadString(data);
    const IngestStats& s = r.stats;
    EXPECT_TRUE(!r.articles.empty() || !r.errors.empty() || s.records_skipped + s.pages_not_ok + s.pages_not_text > 0)
        << "iteration " << iter << " gave nothing";
    EXPECT_EQ(ErrorPaths(r).size(), r.errors.size()) << "iteration " << iter << ": two errors for one item";
    ++runs;
  }
  EXPECT_EQ(runs, 3000);
}

}  // namespace
}  // namespace parallax
