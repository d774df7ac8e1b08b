#include "ingest/reader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "ingest/html.h"
#include "text/dates.h"
#include "text/utf8.h"

namespace parallax {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Checks shared by every text format; returns a message or "".
std::string CheckText(std::string_view content) {
  if (TrimView(content).empty()) return "empty: no text";
  if (LooksBinary(content)) return "binary data, not text";
  std::size_t bad = 0;
  if (!IsValidUtf8(content, &bad)) return "invalid UTF-8 at byte " + std::to_string(bad);
  return "";
}

void SetPublished(Article* a, std::string_view value) {
  std::string_view v = TrimView(value);
  if (v.empty()) return;
  if (auto iso = ParseDate(v)) a->published = *iso;
}

void SetSourceFromUrl(Article* a) {
  if (a->source) return;
  std::string host = HostOfUrl(a->url);
  if (!host.empty()) a->source = host;
}

enum class Format { kText, kHtml, kJsonLines, kUnknown };

Format FormatOf(const std::string& path) {
  std::string ext = Lower(std::filesystem::path(path).extension().string());
  if (ext == ".txt" || ext == ".text" || ext == ".md" || ext.empty()) return Format::kText;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return Format::kHtml;
  if (ext == ".jsonl" || ext == ".ndjson") return Format::kJsonLines;
  return Format::kUnknown;
}

bool StartsLikeHtml(std::string_view s) {
  std::string head = Lower(TrimView(s.substr(0, 512)));
  return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0 || head.rfind("<head", 0) == 0;
}

std::string StemOf(const std::string& path) { return std::filesystem::path(path).stem().string(); }

}  // namespace

std::string HostOfUrl(std::string_view url) {
  std::size_t p = url.find("://");
  if (p == std::string_view::npos) return "";
  std::string_view rest = url.substr(p + 3);
  std::size_t end = rest.find_first_of("/?#");
  std::string_view host = rest.substr(0, end);
  if (std::size_t at = host.find('@'); at != std::string_view::npos) host = host.substr(at + 1);
  if (std::size_t colon = host.find(':'); colon != std::string_view::npos) host = host.substr(0, colon);
  std::string h = Lower(host);
  if (h.rfind("www.", 0) == 0) h = h.substr(4);
  return h;
}

Result<Article> ParseTextArticle(std::string_view content, const std::string& id, const std::string& path) {
  if (std::string problem = CheckText(content); !problem.empty()) return InvalidInput(problem);
  Article a;
  a.id = id;
  a.path = path;
  std::string_view body = content;
  // Skip a UTF-8 byte-order mark.
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  std::string_view lead = body;
  while (!lead.empty() && (lead.front() == '\n' || lead.front() == '\r' || lead.front() == ' ')) lead.remove_prefix(1);
  if (lead.substr(0, 3) == "---") {
    std::size_t first_nl = lead.find('\n');
    if (first_nl != std::string_view::npos && TrimView(lead.substr(0, first_nl)) == "---") {
      std::size_t pos = first_nl + 1;
      bool closed = false;
      Article meta;
      while (pos < lead.size()) {
        std::size_t nl = lead.find('\n', pos);
        std::string_view line = lead.substr(pos, (nl == std::string_view::npos ? lead.size() : nl) - pos);
        pos = nl == std::string_view::npos ? lead.size() : nl + 1;
        if (TrimView(line) == "---") { closed = true; break; }
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string key = Lower(TrimView(line.substr(0, colon)));
        std::string value(TrimView(line.substr(colon + 1)));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
          value = value.substr(1, value.size() - 2);
        }
        if (key == "title") meta.title = value;
        else if (key == "source" || key == "outlet" || key == "site") { if (!value.empty()) meta.source = value; }
        else if (key == "url" || key == "link") meta.url = value;
        else if (key == "published" || key == "date") SetPublished(&meta, value);
      }
      // Only a closed block is front matter; an unclosed "---" is text.
      if (closed) {
        a.title = meta.title;
        a.source = meta.source;
        a.url = meta.url;
        a.published = meta.published;
        body = lead.substr(pos);
      }
    }
  }
  if (TrimView(body).empty()) return InvalidInput("empty: front matter but no article text");
  a.raw = std::string(body);
  SetSourceFromUrl(&a);
  return a;
}

Result<Article> ParseHtmlArticle(std::string_view html, const std::string& id, const std::string& path) {
  if (std::string problem = CheckText(html); !problem.empty()) return InvalidInput(problem);
  Result<HtmlDocument> doc = ExtractHtml(html);
  if (!doc.ok()) return doc.status();
  if (TrimView(doc->text).empty()) return InvalidInput("HTML page without article text");
  Article a;
  a.id = id;
  a.path = path;
  a.title = doc->title;
  a.url = doc->canonical_url;
  if (doc->site_name && !doc->site_name->empty()) a.source = *doc->site_name;
  if (doc->published) SetPublished(&a, *doc->published);
  a.raw = doc->text;
  a.from_html = true;
  SetSourceFromUrl(&a);
  return a;
}

std::vector<Article> ParseJsonLines(std::string_view content, const std::string& path, const IngestOptions& options,
                                    std::vector<InputError>* errors) {
  std::vector<Article> out;
  std::size_t pos = 0;
  std::size_t line_no = 0;
  const std::string stem = StemOf(path);
  while (pos < content.size()) {
    std::size_t nl = content.find('\n', pos);
    std::string_view line = content.substr(pos, (nl == std::string_view::npos ? content.size() : nl) - pos);
    pos = nl == std::string_view::npos ? content.size() : nl + 1;
    ++line_no;
    const std::string where = path + ":" + std::to_string(line_no);
    if (TrimView(line).empty()) continue;
    auto fail = [&](const std::string& msg) { errors->push_back({where, msg}); };
    if (line.size() > options.max_article_bytes) {
      fail("line of " + std::to_string(line.size()) + " bytes, over the limit of " +
           std::to_string(options.max_article_bytes));
      continue;
    }
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      std::string msg = e.what();
      // nlohmann messages start with "[json.exception.parse_error.101] ".
      if (std::size_t b = msg.find("] "); b != std::string::npos) msg = msg.substr(b + 2);
      fail("malformed JSON: " + msg);
      continue;
    }
    if (!j.is_object()) { fail("malformed article: expected a JSON object"); continue; }
    auto str = [&](const char* key) -> std::string {
      auto it = j.find(key);
      if (it == j.end() || it->is_null()) return "";
      if (it->is_string()) return it->get<std::string>();
      if (it->is_number()) return it->dump();
      return "";
    };
    std::string id = str("id");
    if (id.empty()) id = stem + "-" + std::to_string(line_no);
    std::string text = str("text");
    std::string html = str("html");
    Result<Article> a = !text.empty() ? ParseTextArticle(text, id, where)
                        : !html.empty() ? ParseHtmlArticle(html, id, where)
                                        : Result<Article>(InvalidInput("no \"text\" or \"html\" field"));
    if (!a.ok()) { fail(a.status().message()); continue; }
    if (std::string t = str("title"); !t.empty()) a->title = t;
    if (std::string s = str("source"); !s.empty()) a->source = s;
    if (std::string u = str("url"); !u.empty()) a->url = u;
    if (std::string p = str("published"); !p.empty()) SetPublished(&a.value(), p);
    SetSourceFromUrl(&a.value());
    out.push_back(std::move(a).value());
  }
  return out;
}

IngestResult ReadInputs(const std::vector<std::string>& paths, const IngestOptions& options, const FileSystem& fs) {
  IngestResult result;
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    if (fs.IsDirectory(p)) {
      std::vector<Status> errs;
      std::vector<std::string> listed = fs.ListFiles(p, &errs);
      for (const Status& s : errs) {
        // File-system messages read "PATH: problem"; the error names the
        // entry itself, not the directory it was found in.
        const std::string& m = s.message();
        std::size_t sep = m.find(": ");
        if (sep != std::string::npos && m.rfind(p, 0) == 0) {
          result.errors.push_back({m.substr(0, sep), m.substr(sep + 2)});
        } else {
          result.errors.push_back({p, m});
        }
      }
      if (listed.empty() && errs.empty()) result.errors.push_back({p, "directory holds no files"});
      files.insert(files.end(), listed.begin(), listed.end());
    } else if (!fs.Exists(p)) {
      result.errors.push_back({p, "no such file or directory"});
    } else {
      files.push_back(p);
    }
  }
  for (const std::string& f : files) {
    Format format = FormatOf(f);
    const std::uint64_t limit = format == Format::kJsonLines ? options.max_jsonl_bytes : options.max_article_bytes;
    Result<std::string> content = fs.ReadFile(f, limit);
    if (!content.ok()) {
      std::string msg = content.status().message();
      // The file system names the path; the error line names it once.
      if (msg.rfind(f + ": ", 0) == 0) msg = msg.substr(f.size() + 2);
      result.errors.push_back({f, msg});
      continue;
    }
    if (format == Format::kUnknown) {
      std::string problem = CheckText(*content);
      if (!problem.empty()) {
        result.errors.push_back({f, "unsupported file (" + problem + ")"});
        continue;
      }
      format = StartsLikeHtml(*content) ? Format::kHtml : Format::kText;
    }
    if (format == Format::kJsonLines) {
      if (std::string problem = CheckText(*content); !problem.empty()) {
        result.errors.push_back({f, problem});
        continue;
      }
      std::vector<Article> got = ParseJsonLines(*content, f, options, &result.errors);
      for (auto& a : got) result.articles.push_back(std::move(a));
      continue;
    }
    Result<Article> a = format == Format::kHtml ? ParseHtmlArticle(*content, StemOf(f), f)
                                                : ParseTextArticle(*content, StemOf(f), f);
    if (!a.ok()) {
      result.errors.push_back({f, a.status().message()});
      continue;
    }
    result.articles.push_back(std::move(a).value());
  }
  // Unique ids, stable in input order.
  std::unordered_map<std::string, int> seen;
  for (Article& a : result.articles) {
    int n = ++seen[a.id];
    if (n > 1) a.id += "~" + std::to_string(n);
  }
  return result;
}

}  // namespace parallax
