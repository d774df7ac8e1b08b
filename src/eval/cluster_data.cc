#include "eval/cluster_data.h"

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

#include "core/file.h"

namespace parallax {
namespace {

constexpr std::string_view kAllSidesPath =
    "summarization/allsides-roundups/raw_crawled/headline_11_2021-10-19_crawled_all.jsonl";
constexpr std::string_view kMultiNewsPath = "summarization/multinews-sample100/results/sample/sample_100_seed42.tsv";
constexpr std::string_view kMultiNewsSeparator = "|||||";
// Both files are a few MB; the budget only stops a wrong path (say, a disk
// image) from being read whole.
constexpr std::uint64_t kMaxFileBytes = std::uint64_t{1} << 30;

void Report(std::vector<InputError>* errors, std::string path, std::string message) {
  if (errors != nullptr) errors->push_back({std::move(path), std::move(message)});
}

std::string_view Trim(std::string_view s) {
  const std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string JoinPath(const std::string& root, std::string_view rel) {
  return root.empty() || root.back() == '/' ? root + std::string(rel) : root + "/" + std::string(rel);
}

std::string StringOr(const nlohmann::json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

// Story ids are numbers in the file; strings are accepted too so that a
// re-export does not break the reader.
std::string IdText(const nlohmann::json& id) {
  if (id.is_string()) return id.get<std::string>();
  if (id.is_number_integer()) return std::to_string(id.get<long long>());
  return "";
}

}  // namespace

std::vector<std::vector<std::string>> ParseQuotedTsv(const std::string& content) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  bool row_started = false;  // so that a final line break adds no empty row
  for (std::size_t i = 0; i < content.size(); ++i) {
    const char c = content[i];
    if (quoted) {
      if (c != '"') {
        field.push_back(c);
      } else if (i + 1 < content.size() && content[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else {
        quoted = false;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      row_started = true;
    } else if (c == '\t') {
      row.push_back(std::move(field));
      field.clear();
      row_started = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < content.size() && content[i + 1] == '\n') ++i;
      if (row_started) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
      }
      field.clear();
      row.clear();
      row_started = false;
    } else {
      field.push_back(c);
      row_started = true;
    }
  }
  if (row_started) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<LabeledArticle>> LoadAllSidesStories(const std::string& data_root, std::vector<InputError>* errors) {
  const std::string path = JoinPath(data_root, kAllSidesPath);
  Result<std::string> content = DefaultFileSystem().ReadFile(path, kMaxFileBytes);
  if (!content.ok()) return content.status();
  std::vector<LabeledArticle> out;
  std::string_view rest = *content;
  for (std::size_t line_no = 1; !rest.empty(); ++line_no) {
    const std::size_t nl = rest.find('\n');
    const std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (Trim(line).empty()) continue;
    const std::string where = path + ":" + std::to_string(line_no);
    const nlohmann::json story = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (story.is_discarded() || !story.is_object()) {
      Report(errors, where, "not a JSON object");
      continue;
    }
    const std::string story_id = story.contains("id") ? IdText(story["id"]) : "";
    if (story_id.empty()) {
      Report(errors, where, "story without an id");
      continue;
    }
    const auto news = story.find("news");
    if (news == story.end() || !news->is_object()) continue;
    for (const auto& [stance, item] : news->items()) {
      if (!item.is_object()) {
        Report(errors, where, "news." + stance + " is not an object");
        continue;
      }
      std::string body;
      if (const auto paragraphs = item.find("newBody"); paragraphs != item.end() && paragraphs->is_array()) {
        for (const auto& p : *paragraphs) {
          if (!p.is_string()) continue;
          const std::string_view text = Trim(p.get_ref<const std::string&>());
          if (text.empty()) continue;
          if (!body.empty()) body += "\n\n";
          body += text;
        }
      }
      if (body.empty()) {
        Report(errors, where, "news." + stance + " has no body text");
        continue;
      }
      LabeledArticle la;
      la.event_key = "allsides-" + story_id;
      la.article.id = la.event_key + "-" + stance;
      la.article.path = where;
      la.article.title = StringOr(item, "newsTitle");
      la.article.url = StringOr(item, "newsLink");
      if (std::string source = StringOr(item, "newsSource"); !source.empty()) la.article.source = std::move(source);
      la.article.raw = std::move(body);
      out.push_back(std::move(la));
    }
  }
  return out;
}

Result<std::vector<LabeledArticle>> LoadMultiNewsClusters(const std::string& data_root,
                                                          std::vector<InputError>* errors) {
  const std::string path = JoinPath(data_root, kMultiNewsPath);
  Result<std::string> content = DefaultFileSystem().ReadFile(path, kMaxFileBytes);
  if (!content.ok()) return content.status();
  const std::vector<std::vector<std::string>> rows = ParseQuotedTsv(*content);
  if (rows.empty()) return InvalidInput(path + ": empty file (expected a header with row_id and document)");
  std::size_t id_col = rows[0].size(), doc_col = rows[0].size();
  for (std::size_t c = 0; c < rows[0].size(); ++c) {
    if (rows[0][c] == "row_id") id_col = c;
    if (rows[0][c] == "document") doc_col = c;
  }
  if (id_col == rows[0].size() || doc_col == rows[0].size()) {
    return InvalidInput(path + ": header has no row_id and document columns");
  }
  std::vector<LabeledArticle> out;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const std::vector<std::string>& row = rows[r];
    const std::string row_id = id_col < row.size() ? std::string(Trim(row[id_col])) : "";
    const std::string where = path + ":" + (row_id.empty() ? "row " + std::to_string(r) : row_id);
    if (row_id.empty() || doc_col >= row.size()) {
      Report(errors, where, "row without row_id or document");
      continue;
    }
    const std::string_view document = row[doc_col];
    int k = 0;
    std::size_t start = 0;
    while (start <= document.size()) {
      std::size_t end = document.find(kMultiNewsSeparator, start);
      if (end == std::string_view::npos) end = document.size();
      const std::string_view text = Trim(document.substr(start, end - start));
      ++k;
      if (text.empty()) {
        Report(errors, where, "source article " + std::to_string(k) + " is empty");
      } else {
        LabeledArticle la;
        la.event_key = "multinews-" + row_id;
        la.article.id = la.event_key + "-" + std::to_string(k);
        la.article.path = where;
        la.article.raw = std::string(text);
        out.push_back(std::move(la));
      }
      start = end + kMultiNewsSeparator.size();
    }
  }
  return out;
}

}  // namespace parallax
