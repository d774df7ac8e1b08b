#include "eval/paraphrase_data.h"

#include <nlohmann/json.hpp>

#include "core/file.h"
#include "eval/extraction.h"

namespace parallax {
namespace {

constexpr std::uint64_t kMaxFileBytes = std::uint64_t{64} << 20;

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) return out;
    start = p + 1;
  }
}

std::vector<std::string_view> Lines(std::string_view content) {
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  std::vector<std::string_view> lines = Split(content, '\n');
  for (auto& l : lines) {
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

std::string DecodeSgmlEntities(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      if (s.substr(i, 4) == "&lt;") { out += '<'; i += 3; continue; }
      if (s.substr(i, 4) == "&gt;") { out += '>'; i += 3; continue; }
      if (s.substr(i, 5) == "&amp;") { out += '&'; i += 4; continue; }
      if (s.substr(i, 4) == "&#3;") { i += 3; continue; }
    }
    out += s[i];
  }
  return out;
}

}  // namespace

Result<std::vector<SentencePair>> ReadMrpc(const std::string& path) {
  Result<std::string> content = DefaultFileSystem().ReadFile(path, kMaxFileBytes);
  if (!content.ok()) return content.status();
  std::vector<SentencePair> out;
  std::vector<std::string_view> lines = Lines(*content);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string_view> f = Split(lines[i], '\t');
    if (f.size() != 5 || (f[0] != "0" && f[0] != "1")) {
      return InvalidInput(path + ":" + std::to_string(i + 1) + ": expected 5 tab-separated fields, quality 0 or 1");
    }
    out.push_back({std::string(f[1]), std::string(f[2]), std::string(f[3]), std::string(f[4]), f[0] == "1" ? 1.0 : 0.0});
  }
  if (out.empty()) return Status(StatusCode::kEmpty, path + ": no sentence pairs");
  return out;
}

Result<std::set<std::pair<std::string, std::string>>> ReadMrpcIdPairs(const std::string& path) {
  Result<std::string> content = DefaultFileSystem().ReadFile(path, kMaxFileBytes);
  if (!content.ok()) return content.status();
  std::set<std::pair<std::string, std::string>> out;
  for (std::string_view line : Lines(*content)) {
    std::vector<std::string_view> f = Split(line, '\t');
    if (f.size() != 2) return InvalidInput(path + ": expected two ids per line");
    out.emplace(std::string(f[0]), std::string(f[1]));
  }
  return out;
}

Result<std::vector<SentencePair>> ReadSts(const std::string& path) {
  Result<std::string> content = DefaultFileSystem().ReadFile(path, kMaxFileBytes);
  if (!content.ok()) return content.status();
  std::vector<SentencePair> out;
  std::vector<std::string_view> lines = Lines(*content);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::vector<std::string_view> f = Split(lines[i], '\t');
    if (f.size() < 7) return InvalidInput(path + ":" + std::to_string(i + 1) + ": expected 7 or 9 tab-separated fields");
    SentencePair p{std::string(f[0]), std::string(f[1]), std::string(f[5]), std::string(f[6]), 0.0};
    try {
      p.score = std::stod(std::string(f[4]));
    } catch (const std::exception&) {
      return InvalidInput(path + ":" + std::to_string(i + 1) + ": bad score");
    }
    out.push_back(std::move(p));
  }
  if (out.empty()) return Status(StatusCode::kEmpty, path + ": no sentence pairs");
  return out;
}

Result<std::vector<std::string>> ReadBulkNews(const std::string& bulk) {
  const FileSystem& fs = DefaultFileSystem();
  std::vector<std::string> docs;
  std::vector<Status> errors;
  // Reuters-21578: the <BODY> of each story.
  if (fs.IsDirectory(bulk + "/reuters21578")) {
    for (const std::string& path : fs.ListFiles(bulk + "/reuters21578", &errors)) {
      if (path.size() < 4 || path.substr(path.size() - 4) != ".sgm") continue;
      Result<std::string> content = fs.ReadFile(path, kMaxFileBytes);
      if (!content.ok()) continue;
      std::string_view s = *content;
      for (std::size_t p = s.find("<BODY>"); p != std::string_view::npos; p = s.find("<BODY>", p)) {
        p += 6;
        std::size_t e = s.find("</BODY>", p);
        if (e == std::string_view::npos) break;
        docs.push_back(DecodeSgmlEntities(s.substr(p, e - p)));
        p = e;
      }
    }
  }
  // BBC News: plain text, one article per file.
  if (fs.IsDirectory(bulk + "/bbc-news-2225")) {
    for (const std::string& path : fs.ListFiles(bulk + "/bbc-news-2225", &errors)) {
      if (path.size() < 4 || path.substr(path.size() - 4) != ".txt" || path.find("README") != std::string::npos) continue;
      Result<std::string> content = fs.ReadFile(path, kMaxFileBytes);
      if (content.ok()) docs.push_back(std::move(*content));
    }
  }
  // RSS headlines: title and description of each item.
  const std::string rss = bulk + "/rss-headlines-2023/rss_entries_2023_en.jsonl.gz";
  if (fs.Exists(rss)) {
    Result<std::string> content = ReadGzipFile(rss, std::size_t{1} << 30);
    if (content.ok()) {
      for (std::string_view line : Split(*content, '\n')) {
        if (line.empty()) continue;
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) continue;
        std::string text = j.value("title", std::string());
        std::string description = j.value("description", std::string());
        if (!description.empty()) text += ". " + description;
        if (!text.empty()) docs.push_back(std::move(text));
      }
    }
  }
  if (docs.empty()) return Status(StatusCode::kNotFound, bulk + ": no bulk news found");
  return docs;
}

}  // namespace parallax
