#pragma once
// Helpers shared by the story store's tests (store_test.cc, store_crash_test.cc):
// paths, files, a temporary directory per test, stores opened or filled
// through the interface, and the merge scenario's articles.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "ingest/reader.h"
#include "store/store.h"

namespace parallax::store_testing {

namespace fs = std::filesystem;
inline std::string ExamplesDir() { return std::string(PARALLAX_SOURCE_DIR) + "/examples/articles"; }
inline std::string Binary() { return std::string(PARALLAX_BINARY_DIR) + "/parallax"; }

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

// A fresh directory per test, removed at the end.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            ("parallax-store-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

inline std::unique_ptr<Store> MustOpen(const std::string& path) {
  auto s = OpenStore(path);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? std::move(*s) : nullptr;
}

inline StoreIngestSummary MustIngest(Store& store, const std::vector<std::string>& paths, const std::string& at = "") {
  IngestResult in = ReadInputs(paths, IngestOptions{});
  StoreIngestOptions opt;
  opt.engine.threads = 2;
  opt.at = at;
  auto sum = store.Ingest(std::move(in.articles), std::move(in.errors), opt);
  EXPECT_TRUE(sum.ok()) << sum.status().message();
  return sum.ok() ? *sum : StoreIngestSummary{};
}

inline SearchQuery Q(const std::string& query) {
  SearchQuery q;
  q.query = query;
  return q;
}

inline StoreOpenOptions ReadOnly() {
  StoreOpenOptions o;
  o.read_only = true;
  return o;
}

inline std::set<std::vector<std::string>> Memberships(const std::vector<Story>& stories) {
  std::set<std::vector<std::string>> out;
  for (const Story& s : stories) {
    std::vector<std::string> m = s.articles;
    std::sort(m.begin(), m.end());
    out.insert(m);
  }
  return out;
}

inline std::string ArticleFile(const std::string& title, const std::string& source, const std::string& date,
                    const std::string& body) {
  return "---\ntitle: " + title + "\nsource: " + source + "\npublished: " + date + "\n---\n" + body + "\n";
}

// Two stories of day one, brought together by an article of day two.
inline void WriteMergeInputs(const TempDir& dir) {
  fs::create_directories(dir / "d1");
  fs::create_directories(dir / "d2");
  WriteFile(dir / "d1/bridge.txt",
            ArticleFile("Castermoor closes Harbin Lane bridge after inspectors find cracks", "Castermoor Post",
                        "2025-04-01",
                        "The Harbin Lane bridge in Castermoor was closed on Tuesday after inspectors found cracks in "
                        "two of its steel girders, the city council said.\n\nTraffic is being diverted through the old "
                        "town while engineers examine the damaged girders of the Harbin Lane bridge."));
  WriteFile(dir / "d1/ferry.txt",
            ArticleFile("Ferry operator Tolland Lines adds sailings across the Wendle estuary", "Estuary Courier",
                        "2025-04-01",
                        "Tolland Lines will run extra ferry sailings across the Wendle estuary from Thursday, the "
                        "operator announced, with boats every twenty minutes at peak hours.\n\nTolland Lines chief "
                        "executive Maren Oakes said the extra ferry sailings would carry commuters until further notice."));
  WriteFile(dir / "d2/both.txt",
            ArticleFile("Extra Tolland Lines ferries for commuters while Harbin Lane bridge stays shut", "Wendle Gazette",
                        "2025-04-02",
                        "With the Harbin Lane bridge in Castermoor closed over cracked steel girders, Tolland Lines is "
                        "adding ferry sailings across the Wendle estuary for commuters.\n\nMaren Oakes of Tolland Lines "
                        "said the extra ferry sailings would run every twenty minutes until engineers reopen the Harbin "
                        "Lane bridge."));
}

}  // namespace parallax::store_testing
