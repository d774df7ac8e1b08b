#include "eval/summarization_data.h"

#include "eval/cluster_data.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <utility>

#include "ingest/reader.h"

namespace parallax {
namespace {

namespace fs = std::filesystem;

void Report(std::vector<InputError>* errors, std::string path, std::string message) {
  if (errors != nullptr) errors->push_back({std::move(path), std::move(message)});
}

Result<std::string> ReadFile(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return Status(StatusCode::kNotFound, path.string() + ": not a readable file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(StatusCode::kPermissionDenied, path.string() + ": cannot be opened");
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return Status(StatusCode::kPermissionDenied, path.string() + ": read error");
  return std::move(s).str();
}

// Entries of a directory, sorted by name so that runs are reproducible.
std::vector<fs::path> SortedEntries(const fs::path& dir, bool directories) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (directories ? it->is_directory(type_ec) : it->is_regular_file(type_ec)) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Status MissingPart(const fs::path& path, const std::string& expected) {
  return Status(StatusCode::kNotFound, path.string() + " not found; expected " + expected);
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(s[i])) != std::toupper(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// One DUC paragraph: tags dropped, LDC typesetting codes (&QL; &UR; ...)
// turned into spaces, TeX-style quotes straightened, whitespace collapsed.
std::string CleanSgmlParagraph(std::string_view s) {
  std::string out;
  bool space = false;
  auto put = [&](char c) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      space = !out.empty();
      return;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '<' && i + 1 < s.size() && (std::isalpha(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '/')) {
      const std::size_t close = s.find('>', i);
      if (close != std::string_view::npos) {
        put(' ');
        i = close;
        continue;
      }
    }
    if (c == '&') {
      const std::size_t semi = s.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 8 && semi > i + 1) {
        const std::string name = Upper(std::string(s.substr(i + 1, semi - i - 1)));
        const bool alpha =
            std::all_of(name.begin(), name.end(), [](char x) { return std::isalpha(static_cast<unsigned char>(x)); });
        if (alpha) {
          if (name == "AMP")
            put('&');
          else if (name == "LT")
            put('<');
          else if (name == "GT")
            put('>');
          else
            put(' ');
          i = semi;
          continue;
        }
      }
    }
    if (i + 1 < s.size() && ((c == '`' && s[i + 1] == '`') || (c == '\'' && s[i + 1] == '\''))) {
      put('"');
      ++i;
      continue;
    }
    put(c);
  }
  return out;
}

// The paragraphs of a DUC document's <TEXT> blocks: at <P> tags when there
// are any; otherwise newswire marks a paragraph by indenting its first line
// (or by a blank line).
std::vector<std::string> DucParagraphs(std::string_view doc) {
  std::vector<std::string> paragraphs;
  std::size_t from = 0;
  while (true) {
    std::size_t open = std::string_view::npos;
    for (std::size_t p = doc.find('<', from); p != std::string_view::npos; p = doc.find('<', p + 1)) {
      if (StartsWithIgnoreCase(doc.substr(p), "<TEXT>")) {
        open = p;
        break;
      }
    }
    if (open == std::string_view::npos) break;
    std::size_t close = std::string_view::npos;
    for (std::size_t p = doc.find('<', open + 6); p != std::string_view::npos; p = doc.find('<', p + 1)) {
      if (StartsWithIgnoreCase(doc.substr(p), "</TEXT>")) {
        close = p;
        break;
      }
    }
    const std::size_t end = close == std::string_view::npos ? doc.size() : close;
    const std::string_view block = doc.substr(open + 6, end - open - 6);
    from = end;
    std::vector<std::string_view> pieces;
    const bool has_p = block.find("<P>") != std::string_view::npos || block.find("<p>") != std::string_view::npos;
    std::size_t start = 0, pos = 0;
    while (pos <= block.size()) {
      const std::size_t nl = std::min(block.find('\n', pos), block.size());
      const std::string_view line = block.substr(pos, nl - pos);
      const bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
      const bool tag = StartsWithIgnoreCase(line, "<P>") || StartsWithIgnoreCase(line, "</P>");
      const bool indented = !has_p && !line.empty() && line[0] == '\t';
      if ((blank || tag || indented) && pos > start) {
        pieces.push_back(block.substr(start, pos - start));
        start = pos;
      }
      pos = nl + 1;
    }
    if (start < block.size()) pieces.push_back(block.substr(start));
    for (std::string_view piece : pieces) {
      std::string p = CleanSgmlParagraph(piece);
      if (!p.empty()) paragraphs.push_back(std::move(p));
    }
    if (close == std::string_view::npos) break;
  }
  return paragraphs;
}

// Wraps content as an Article through the ordinary text reader.
void AddDocument(std::string_view content, const std::string& id, const std::string& path,
                 SummarizationCluster* cluster, std::vector<InputError>* errors) {
  Result<Article> a = ParseTextArticle(content, id, path);
  if (!a.ok()) {
    Report(errors, path, a.status().message());
    return;
  }
  cluster->documents.push_back(std::move(*a));
}

std::string FileName(const fs::path& p) { return p.filename().string(); }



}  // namespace

Result<SummarizationDataset> LoadDuc2003(const std::string& data_root, std::vector<InputError>* errors) {
  const fs::path root = fs::path(data_root) / "summarization" / "duc2003";
  const fs::path docs = root / "docs.without.headlines";
  const fs::path models = root / "models";
  std::error_code ec;
  if (!fs::is_directory(docs, ec)) {
    return MissingPart(docs, "the DUC 2003 document clusters (one folder per cluster, e.g. d100a/, of SGML files)");
  }
  if (!fs::is_directory(models, ec)) {
    return MissingPart(models, "the DUC 2003 model summaries (files such as D100.M.100.A.G.html)");
  }
  const std::vector<fs::path> model_files = SortedEntries(models, /*directories=*/false);
  SummarizationDataset ds;
  ds.name = "duc2003";
  for (const fs::path& dir : SortedEntries(docs, /*directories=*/true)) {
    SummarizationCluster c;
    c.id = FileName(dir);
    if (c.id.size() < 2) continue;
    // "d100a" -> "D100.M.100.A.": the trailing letter is the task's
    // selector letter, the rest the topic.
    const std::string prefix =
        Upper(c.id.substr(0, c.id.size() - 1)) + ".M.100." + Upper(c.id.substr(c.id.size() - 1)) + ".";
    for (const fs::path& f : SortedEntries(dir, /*directories=*/false)) {
      Result<std::string> content = ReadFile(f);
      if (!content.ok()) {
        Report(errors, f.string(), content.status().message());
        continue;
      }
      std::string body;
      for (const std::string& p : DucParagraphs(*content)) body += (body.empty() ? "" : "\n\n") + p;
      if (body.empty()) {
        Report(errors, f.string(), "no <TEXT> paragraphs in this DUC document");
        continue;
      }
      AddDocument(body, FileName(f), f.string(), &c, errors);
    }
    for (const fs::path& m : model_files) {
      if (FileName(m).rfind(prefix, 0) != 0) continue;
      Result<std::string> content = ReadFile(m);
      if (!content.ok()) {
        Report(errors, m.string(), content.status().message());
        continue;
      }
      c.references.push_back(std::move(*content));
    }
    if (c.references.empty()) Report(errors, dir.string(), "no model summary " + prefix + "* in " + models.string());
    if (c.documents.empty() || c.references.empty()) continue;
    ds.clusters.push_back(std::move(c));
  }
  if (ds.clusters.empty()) return MissingPart(docs, "at least one cluster folder with documents and model summaries");
  return ds;
}

Result<SummarizationDataset> LoadTac2011(const std::string& data_root, std::vector<InputError>* errors) {
  const fs::path root = fs::path(data_root) / "summarization" / "tac2011";
  const fs::path sources = root / "SourceTexts";
  const fs::path models = root / "Model Summaries" / "English";
  const fs::path submissions = root / "correctedSubmissions";
  std::error_code ec;
  if (!fs::is_directory(sources, ec)) return MissingPart(sources, "the TAC 2011 source texts (M0000.english ...)");
  if (!fs::is_directory(models, ec)) return MissingPart(models, "the TAC 2011 model summaries (M000.A.250 ...)");
  SummarizationDataset ds;
  ds.name = "tac2011";
  std::map<std::string, SummarizationCluster> clusters;
  for (const fs::path& f : SortedEntries(sources, /*directories=*/false)) {
    const std::string name = FileName(f);
    if (name.size() < 5 || name.find(".english") == std::string::npos) continue;
    SummarizationCluster& c = clusters[name.substr(0, 4)];
    c.id = name.substr(0, 4);
    Result<std::string> content = ReadFile(f);
    if (!content.ok()) {
      Report(errors, f.string(), content.status().message());
      continue;
    }
    AddDocument(*content, name.substr(0, name.find('.')), f.string(), &c, errors);
  }
  for (const fs::path& m : SortedEntries(models, /*directories=*/false)) {
    const std::string name = FileName(m);
    auto it = clusters.find(name.substr(0, name.find('.')));
    if (it == clusters.end()) continue;
    Result<std::string> content = ReadFile(m);
    if (!content.ok()) {
      Report(errors, m.string(), content.status().message());
      continue;
    }
    it->second.references.push_back(std::move(*content));
  }
  for (auto& [id, c] : clusters) {
    if (c.documents.empty() || c.references.empty()) {
      Report(errors, (sources / id).string(), "cluster without documents or model summaries; skipped");
      continue;
    }
    ds.clusters.push_back(std::move(c));
  }
  if (ds.clusters.empty()) return MissingPart(sources, "at least one cluster with source texts and model summaries");
  // Participants, in numeric order (ID1, ID2, ..., ID10).
  std::vector<fs::path> systems = SortedEntries(submissions, /*directories=*/true);
  std::sort(systems.begin(), systems.end(), [](const fs::path& a, const fs::path& b) {
    const std::string x = FileName(a), y = FileName(b);
    return x.size() != y.size() ? x.size() < y.size() : x < y;
  });
  for (const fs::path& dir : systems) {
    PublishedSystem s;
    s.name = FileName(dir);
    for (const fs::path& f : SortedEntries(dir / "English", /*directories=*/false)) {
      Result<std::string> content = ReadFile(f);
      if (!content.ok()) {
        Report(errors, f.string(), content.status().message());
        continue;
      }
      s.summaries[FileName(f)] = std::move(*content);
    }
    if (!s.summaries.empty()) ds.systems.push_back(std::move(s));
  }
  return ds;
}

Result<SummarizationDataset> LoadMultiNewsSample(const std::string& data_root, std::vector<InputError>* errors) {
  const fs::path root = fs::path(data_root) / "summarization" / "multinews-sample100";
  const fs::path sample = root / "results" / "sample" / "sample_100_seed42.tsv";
  Result<std::string> content = ReadFile(sample);
  if (!content.ok()) {
    return MissingPart(sample, "the Multi-News sample, a quoted TSV with header row_id, split, document, summary");
  }
  const auto rows = ParseQuotedTsv(*content);
  if (rows.empty() || rows[0].size() < 4 || rows[0][0] != "row_id" || rows[0][2] != "document" ||
      rows[0][3] != "summary") {
    return Status(StatusCode::kInvalidInput,
                  sample.string() + ": expected a header row_id, split, document, summary (tab-separated)");
  }
  SummarizationDataset ds;
  ds.name = "multinews";
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    const std::string where = sample.string() + ":row " + std::to_string(r);
    if (row.size() < 4 || row[0].empty()) {
      Report(errors, where, "expected 4 fields (row_id, split, document, summary)");
      continue;
    }
    SummarizationCluster c;
    c.id = row[0];
    std::string_view doc = row[2];
    int k = 0;
    while (true) {
      const std::size_t sep = doc.find("|||||");
      const std::string_view piece = doc.substr(0, sep);
      if (piece.find_first_not_of(" \t\r\n") != std::string_view::npos) {
        AddDocument(piece, c.id + "-" + std::to_string(++k), where, &c, errors);
      }
      if (sep == std::string_view::npos) break;
      doc.remove_prefix(sep + 5);
    }
    c.references.push_back(row[3]);
    if (c.documents.empty()) {
      Report(errors, where, "no source article");
      continue;
    }
    ds.clusters.push_back(std::move(c));
  }
  std::sort(ds.clusters.begin(), ds.clusters.end(),
            [](const SummarizationCluster& a, const SummarizationCluster& b) { return a.id < b.id; });
  const fs::path outputs = root / "results" / "summaries";
  for (const fs::path& f : SortedEntries(outputs, /*directories=*/false)) {
    const std::string name = FileName(f);
    const std::string suffix = "_sample.tsv";
    if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    Result<std::string> text = ReadFile(f);
    if (!text.ok()) {
      Report(errors, f.string(), text.status().message());
      continue;
    }
    PublishedSystem s;
    s.name = name.substr(0, name.size() - suffix.size());
    const auto out_rows = ParseQuotedTsv(*text);
    for (std::size_t r = 1; r < out_rows.size(); ++r) {
      if (out_rows[r].size() >= 2) s.summaries[out_rows[r][0]] = out_rows[r][1];
    }
    if (!s.summaries.empty()) ds.systems.push_back(std::move(s));
  }
  return ds;
}

}  // namespace parallax
