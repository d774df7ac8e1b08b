#include "eval/extraction_sets.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>
#include <utility>

#include "core/hash.h"
#include "ingest/charset.h"
#include "ingest/html.h"

namespace parallax {
namespace {

namespace fs = std::filesystem;

Result<nlohmann::json> ReadJson(const std::string& path) {
  Result<std::string> bytes = ReadGzipFile(path);
  if (!bytes.ok()) return bytes.status();
  nlohmann::json j = nlohmann::json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidInput(path + ": malformed JSON");
  return j;
}

std::vector<std::string> StringList(const nlohmann::json& obj, const char* key) {
  std::vector<std::string> out;
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

// trafilatura's comparison: runs of whitespace become one space, ends trimmed.
std::string NormalizeSpace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    const bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (ws) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

Result<ExtractionSet> LoadSnippetSet(const std::string& dir) {
  const fs::path tests = fs::path(dir) / "tests";
  const std::string path = (tests / "evaldata.json").string();
  Result<nlohmann::json> data = ReadJson(path);
  if (!data.ok()) return data.status();
  if (!data->is_object()) return InvalidInput(path + ": expected a JSON object {url: {file, with, without}}");
  ExtractionSet set;
  set.dir = dir;
  set.name = fs::path(dir).filename().string();
  set.metric = ExtractionMetric::kSnippets;
  std::error_code ec;
  for (const auto& [url, item] : data->items()) {
    if (!item.is_object() || !item.contains("file") || !item["file"].is_string()) {
      return InvalidInput(path + ": item " + url + " has no \"file\"");
    }
    const std::string file = item["file"].get<std::string>();
    SetPage page;
    page.id = url;
    page.tuning = InTuningHalf(url);
    page.with = StringList(item, "with");
    page.without = StringList(item, "without");
    // The pages were gzipped when the set was staged (one was not).
    page.html_path = (tests / "eval" / (file + ".gz")).string();
    for (const fs::path& candidate : {tests / "eval" / (file + ".gz"), tests / "cache" / (file + ".gz"),
                                      tests / "eval" / file, tests / "cache" / file}) {
      if (fs::exists(candidate, ec)) {
        page.html_path = candidate.string();
        break;
      }
    }
    set.pages.push_back(std::move(page));
  }
  return set;
}

}  // namespace

std::vector<std::string> ListExtractionSets(const std::string& extraction_root) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(extraction_root, ec)) {
    if (!e.is_directory(ec)) continue;
    if (fs::exists(e.path() / "ground-truth.json", ec) || fs::exists(e.path() / "tests" / "evaldata.json", ec)) {
      out.push_back(e.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<ExtractionSet> LoadExtractionSet(const std::string& dir) {
  std::error_code ec;
  if (fs::exists(fs::path(dir) / "tests" / "evaldata.json", ec)) return LoadSnippetSet(dir);
  Result<ExtractionBenchmark> b = LoadExtractionBenchmark(dir);
  if (!b.ok()) return b.status();
  ExtractionSet set;
  set.dir = dir;
  set.name = fs::path(dir).filename().string();
  set.metric = ExtractionMetric::kShingles;
  set.systems = std::move(b->systems);
  for (ExtractionPage& p : b->pages) {
    SetPage page;
    page.tuning = InTuningHalf(p.id);
    page.id = std::move(p.id);
    page.html_path = std::move(p.html_path);
    page.truth = std::move(p.truth);
    set.pages.push_back(std::move(page));
  }
  return set;
}

PageScore ScoreSetPage(const ExtractionSet& set, const SetPage& page, std::string_view prediction) {
  PageScore s;
  if (set.metric == ExtractionMetric::kShingles) {
    s.match = MatchDocument(page.truth, prediction);
  } else {
    const std::string out = NormalizeSpace(prediction);
    for (const std::string& w : page.with) {
      const std::string n = NormalizeSpace(w);
      if (out.find(n) != std::string::npos) {
        s.match.tp += 1;
      } else {
        s.match.fn += 1;
      }
    }
    for (const std::string& w : page.without) {
      if (out.find(NormalizeSpace(w)) != std::string::npos) s.match.fp += 1;
    }
  }
  const double d = 2 * s.match.tp + s.match.fp + s.match.fn;
  s.f1 = d == 0 ? 1.0 : 2 * s.match.tp / d;
  return s;
}

HalfScores AggregateHalf(const ExtractionSet& set, const std::vector<PageScore>& scores, DevHalf half) {
  HalfScores h;
  std::vector<DocumentMatch> docs;
  double tp = 0, fp = 0, fn = 0;
  for (std::size_t i = 0; i < set.pages.size() && i < scores.size(); ++i) {
    if (set.pages[i].tuning != (half == DevHalf::kTuning)) continue;
    ++h.pages;
    if (scores[i].f1 < 0.5) ++h.below_half;
    docs.push_back(scores[i].match);
    tp += scores[i].match.tp;
    fp += scores[i].match.fp;
    fn += scores[i].match.fn;
  }
  if (set.metric == ExtractionMetric::kShingles) {
    h.f1 = AggregateExtractionScores(docs).f1;
  } else {
    h.f1 = 2 * tp + fp + fn == 0 ? 0.0 : 2 * tp / (2 * tp + fp + fn);
  }
  return h;
}

Result<std::map<std::string, std::string>> RunPeer(const ExtractionSet& set, const std::string& peers_dir,
                                                   const std::string& peer, const std::string& cache_dir) {
  const std::string program = peers_dir + "/bin/extract-" + peer;
  const fs::path base = fs::path(cache_dir) / set.name;
  const fs::path in_dir = base / "html";
  const fs::path out_dir = base / peer;
  const fs::path done = base / (peer + ".done");
  std::error_code ec;
  // The file name of a page: a hash of its id (ids may be URLs).
  auto key = [](const std::string& id) {
    char buf[24];
    std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(Fnv1a64(id)));
    return std::string(buf);
  };
  if (!fs::exists(done, ec)) {
    if (!fs::exists(program, ec)) return Status(StatusCode::kNotFound, program + ": no such peer program");
    fs::create_directories(in_dir, ec);
    if (ec) return Status(StatusCode::kPermissionDenied, in_dir.string() + ": cannot be created");
    for (const SetPage& p : set.pages) {
      const fs::path file = in_dir / (key(p.id) + ".html");
      if (fs::exists(file, ec)) continue;
      Result<std::string> html = ReadGzipFile(p.html_path);
      std::ofstream out(file, std::ios::binary);
      if (html.ok()) out << *html;  // an unreadable page is an empty one for every system
    }
    fs::remove_all(out_dir, ec);
    // Paths are ours (the data and cache folders), quoted for the shell.
    auto quote = [](const std::string& s) {
      std::string q = "'";
      for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
      return q + "'";
    };
    const std::string cmd = quote(program) + " --batch " + quote(in_dir.string()) + " " + quote(out_dir.string()) +
                            " > " + quote((base / (peer + ".log")).string()) + " 2>&1";
    const int rc = std::system(cmd.c_str());
    if (rc != 0) {
      return Status(StatusCode::kInternal,
                    program + " exited with status " + std::to_string(rc) + " (see " + (base / (peer + ".log")).string() + ")");
    }
    std::ofstream(done) << "ok\n";
  }
  std::map<std::string, std::string> texts;
  for (const SetPage& p : set.pages) {
    std::ifstream in(out_dir / (key(p.id) + ".txt"), std::ios::binary);
    std::ostringstream s;
    if (in) s << in.rdbuf();
    texts[p.id] = s.str();
  }
  return texts;
}

std::string ExtractMainText(std::string_view html_bytes) {
  Result<std::string> utf8 = HtmlToUtf8(html_bytes, "");
  Result<HtmlDocument> doc = ExtractHtml(utf8.ok() ? std::string_view(*utf8) : html_bytes);
  return doc.ok() ? std::move(doc->text) : std::string();
}

}  // namespace parallax
