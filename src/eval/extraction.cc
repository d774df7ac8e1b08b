#include "eval/extraction.h"

#include <unicode/uchar.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "text/utf8.h"

namespace parallax {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kShingleSize = 4;

// Shingles keyed by their tokens joined with a space: tokens never hold a
// space, and shingles of different lengths have different space counts, so
// the key is unambiguous.
std::unordered_map<std::string, int> Shingles(const std::vector<std::string>& tokens) {
  std::unordered_map<std::string, int> out;
  if (tokens.empty()) return out;
  // The benchmark slides at least once, so 1-3 tokens make one short shingle.
  const std::size_t n = tokens.size() >= kShingleSize ? tokens.size() - kShingleSize + 1 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    std::string key = tokens[i];
    for (std::size_t j = i + 1; j < std::min(tokens.size(), i + kShingleSize); ++j) {
      key += ' ';
      key += tokens[j];
    }
    ++out[key];
  }
  return out;
}

double Mean(double sum, std::size_t n) { return n == 0 ? 0.0 : sum / static_cast<double>(n); }

struct Point {
  double f1 = 0.0;
  double precision = 0.0;
  double recall = 0.0;
  double accuracy = 0.0;
};

// The figures over documents[indices[k]]: one pass, so that bootstrap
// resamples cost no copies.
template <typename IndexAt>
Point Figures(const std::vector<DocumentMatch>& documents, std::size_t n, IndexAt index_at) {
  double p_sum = 0.0, r_sum = 0.0, exact = 0.0;
  std::size_t p_n = 0, r_n = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const DocumentMatch& d = documents[index_at(k)];
    if (d.tp + d.fp > 0) {
      p_sum += d.tp / (d.tp + d.fp);
      ++p_n;
    }
    if (d.tp + d.fn > 0) {
      r_sum += d.tp / (d.tp + d.fn);
      ++r_n;
    }
    if (d.exact) exact += 1.0;
  }
  Point pt;
  pt.precision = Mean(p_sum, p_n);
  pt.recall = Mean(r_sum, r_n);
  pt.f1 = pt.precision + pt.recall > 0 ? 2 * pt.precision * pt.recall / (pt.precision + pt.recall) : 0.0;
  pt.accuracy = Mean(exact, n);
  return pt;
}

double SampleStd(const std::vector<double>& v) {
  if (v.size() < 2) return 0.0;
  double mean = 0.0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double ss = 0.0;
  for (double x : v) ss += (x - mean) * (x - mean);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

// SplitMix64: tiny, and the same numbers on every platform and standard
// library (std::uniform_int_distribution is not), so a spread printed today
// can be reproduced elsewhere.
std::uint64_t NextRandom(std::uint64_t* state) {
  std::uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

bool IsPythonWordChar(char32_t c) {
  if (c == U'_') return true;
  if (c < 0x80) return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9');
  const auto cp = static_cast<UChar32>(c);
  // Python's str.isalnum(): a letter (Lu Ll Lt Lm Lo) or any numeric type
  // (decimal, digit, numeric), which is what its \w tests.
  return u_isalpha(cp) || u_getIntPropertyValue(cp, UCHAR_NUMERIC_TYPE) != U_NT_NONE;
}

std::vector<std::string> WordTokens(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  bool in_word = false;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t at = i;
    const bool word = IsPythonWordChar(DecodeUtf8(text, &i));
    if (word && !in_word) start = at;
    if (!word && in_word) out.emplace_back(text.substr(start, at - start));
    in_word = word;
  }
  if (in_word) out.emplace_back(text.substr(start));
  return out;
}

DocumentMatch MatchDocument(std::string_view truth, std::string_view prediction) {
  const std::vector<std::string> truth_tokens = WordTokens(truth);
  const std::vector<std::string> pred_tokens = WordTokens(prediction);
  const auto truth_shingles = Shingles(truth_tokens);
  const auto pred_shingles = Shingles(pred_tokens);
  double tp = 0, fp = 0, fn = 0;
  for (const auto& [key, n] : pred_shingles) {
    const auto it = truth_shingles.find(key);
    const int t = it == truth_shingles.end() ? 0 : it->second;
    tp += std::min(n, t);
    fp += std::max(0, n - t);
  }
  for (const auto& [key, t] : truth_shingles) {
    const auto it = pred_shingles.find(key);
    fn += std::max(0, t - (it == pred_shingles.end() ? 0 : it->second));
  }
  DocumentMatch m;
  if (const double sum = tp + fp + fn; sum > 0) {
    m.tp = tp / sum;
    m.fp = fp / sum;
    m.fn = fn / sum;
  }
  m.exact = truth_tokens == pred_tokens;
  return m;
}

ExtractionScores AggregateExtractionScores(const std::vector<DocumentMatch>& documents, int bootstrap_samples,
                                           std::uint64_t seed) {
  ExtractionScores s;
  s.documents = documents.size();
  const std::size_t n = documents.size();
  const Point all = Figures(documents, n, [](std::size_t k) { return k; });
  s.f1 = all.f1;
  s.precision = all.precision;
  s.recall = all.recall;
  s.accuracy = all.accuracy;
  if (bootstrap_samples < 2 || n == 0) return s;

  std::vector<double> f1, precision, recall, accuracy;
  std::vector<std::size_t> pick(n);
  std::uint64_t state = seed;
  for (int b = 0; b < bootstrap_samples; ++b) {
    // Modulo bias is below 1e-17 for any realistic n: irrelevant here.
    for (std::size_t& k : pick) k = static_cast<std::size_t>(NextRandom(&state) % n);
    const Point pt = Figures(documents, n, [&pick](std::size_t k) { return pick[k]; });
    f1.push_back(pt.f1);
    precision.push_back(pt.precision);
    recall.push_back(pt.recall);
    accuracy.push_back(pt.accuracy);
  }
  s.f1_std = SampleStd(f1);
  s.precision_std = SampleStd(precision);
  s.recall_std = SampleStd(recall);
  s.accuracy_std = SampleStd(accuracy);
  return s;
}

Result<std::string> ReadGzipFile(const std::string& path, std::size_t max_bytes) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return Status(StatusCode::kNotFound, path + ": no such file");
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) return Status(StatusCode::kPermissionDenied, path + ": cannot be opened");
  std::string out;
  char buf[1 << 16];
  int n = 0;
  while ((n = gzread(f, buf, sizeof(buf))) > 0) {
    if (out.size() + static_cast<std::size_t>(n) > max_bytes) {
      gzclose(f);
      return Status(StatusCode::kTooLarge, path + ": more than " + std::to_string(max_bytes) + " bytes uncompressed");
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  std::string error;
  if (n < 0) {
    int code = 0;
    error = gzerror(f, &code);
  }
  gzclose(f);
  if (n < 0) return Status(StatusCode::kInvalidInput, path + ": not a readable gzip file (" + error + ")");
  return out;
}

namespace {

Result<nlohmann::json> ReadJsonFile(const std::string& path) {
  Result<std::string> bytes = ReadGzipFile(path);
  if (!bytes.ok()) return bytes.status();
  nlohmann::json j = nlohmann::json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidInput(path + ": malformed JSON");
  return j;
}

// The string field `key` of a JSON object, or "" (the benchmark reads a
// missing or null articleBody as an empty text).
std::string StringField(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object()) return "";
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

Result<ExtractionBenchmark> LoadExtractionBenchmark(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status(StatusCode::kNotFound, dir + ": no such directory (expected the scrapinghub-dev benchmark)");
  }
  const std::string truth_path = (fs::path(dir) / "ground-truth.json").string();
  const fs::path html_dir = fs::path(dir) / "html";
  if (!fs::is_directory(html_dir, ec)) return Status(StatusCode::kNotFound, html_dir.string() + ": no such directory");
  Result<nlohmann::json> truth = ReadJsonFile(truth_path);
  if (!truth.ok()) return truth.status();
  if (!truth->is_object()) return InvalidInput(truth_path + ": expected a JSON object {id: {articleBody, url}}");

  ExtractionBenchmark b;
  b.dir = dir;
  for (const auto& [id, item] : truth->items()) {  // nlohmann's object is a std::map: id order
    if (!item.is_object()) return InvalidInput(truth_path + ": item " + id + " is not an object");
    b.pages.push_back(
        {id, StringField(item, "url"), StringField(item, "articleBody"), (html_dir / (id + ".html.gz")).string()});
  }
  for (const fs::directory_entry& e : fs::directory_iterator(fs::path(dir) / "output", ec)) {
    const std::string name = e.path().filename().string();
    for (std::string_view ext : {".json.gz", ".json"}) {
      if (name.size() > ext.size() && name.ends_with(ext)) {
        b.systems.push_back(name.substr(0, name.size() - ext.size()));
        break;
      }
    }
  }
  // A missing output/ only means no published rows; our own rows still count.
  std::sort(b.systems.begin(), b.systems.end());
  b.systems.erase(std::unique(b.systems.begin(), b.systems.end()), b.systems.end());
  return b;
}

Result<std::map<std::string, std::string>> LoadSystemOutput(const std::string& dir, const std::string& system) {
  const fs::path base = fs::path(dir) / "output";
  std::string path = (base / (system + ".json.gz")).string();
  std::error_code ec;
  if (!fs::exists(path, ec)) path = (base / (system + ".json")).string();
  Result<nlohmann::json> j = ReadJsonFile(path);
  if (!j.ok()) return j.status();
  const nlohmann::json* items = &*j;
  // Some systems wrap their output with the version that produced it.
  if (j->is_object() && j->contains("output") && j->contains("version") && (*j)["output"].is_object()) {
    items = &(*j)["output"];
  }
  if (!items->is_object()) return InvalidInput(path + ": expected a JSON object {id: {articleBody}}");
  std::map<std::string, std::string> out;
  for (const auto& [id, item] : items->items()) out[id] = StringField(item, "articleBody");
  return out;
}

}  // namespace parallax
