// The background document-frequency table (background.h): its file
// format, its lookup, and its making from a collection of articles.

#include "cluster/background.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cluster/article_features.h"
#include "core/file.h"
#include "core/hash.h"
#include "core/parallel.h"

namespace parallax {

using cluster_internal::MapKey;

double BackgroundDf::Prior(std::uint64_t key) const {
  if (documents == 0 || weight <= 0) return 0;
  const std::uint32_t* df = map_.Find(MapKey(key));
  return df == nullptr ? 0 : weight * static_cast<double>(*df) / static_cast<double>(documents);
}

void BackgroundDf::Index() {
  map_ = FlatMap64<std::uint32_t>(terms.size());
  for (const auto& [key, df] : terms) map_.Insert(MapKey(key), df);
  std::string bytes;
  auto put = [&](const void* p, std::size_t n) { bytes.append(static_cast<const char*>(p), n); };
  put(&documents, sizeof documents);
  put(&weight, sizeof weight);
  for (const auto& [key, df] : terms) {
    put(&key, sizeof key);
    put(&df, sizeof df);
  }
  fingerprint_ = Fnv1a64(bytes);
}

namespace {

std::string Exact(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

std::string BackgroundDf::Serialise() const {
  std::string out =
      "# Parallax background document frequencies for clustering (docs/clustering.md, \"Background idf\"):\n"
      "# per clustering feature (a hashed stem or name), the documents of the collection that hold it\n";
  out += "documents " + std::to_string(documents) + "\n";
  out += "weight " + Exact(weight) + "\n";
  out += "min_df " + std::to_string(min_df) + "\n";
  out += "made_by " + made_by + "\n";
  out += "terms " + std::to_string(terms.size()) + "\n";
  out.reserve(out.size() + terms.size() * 24);
  char line[40];
  for (const auto& [key, df] : terms) {
    std::snprintf(line, sizeof line, "%016" PRIx64 " %" PRIu32 "\n", key, df);
    out += line;
  }
  return out;
}

Result<BackgroundDf> BackgroundDf::Parse(std::string_view text, const std::string& origin) {
  BackgroundDf bg;
  std::size_t line_no = 0, pos = 0;
  auto fail = [&](const std::string& why) {
    return InvalidInput(origin + ":" + std::to_string(line_no) + ": " + why);
  };
  bool seen_documents = false, seen_weight = false;
  std::size_t expected = 0;
  bool in_terms = false;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string line(text.substr(pos, end - pos));
    pos = end + 1;
    ++line_no;
    if (in_terms) {
      unsigned long long key = 0;
      unsigned long df = 0;
      int used = 0;
      if (line.size() < 18 || line[16] != ' ' || std::sscanf(line.c_str(), "%16llx %lu%n", &key, &df, &used) != 2 ||
          static_cast<std::size_t>(used) != line.size() || df == 0 || df > bg.documents) {
        return fail("expected 'KEY DF' (16 hex digits, a count of documents)");
      }
      if (!bg.terms.empty() && bg.terms.back().first >= key) return fail("keys must ascend");
      bg.terms.emplace_back(key, static_cast<std::uint32_t>(df));
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    const std::size_t sp = line.find(' ');
    const std::string key = line.substr(0, sp);
    const std::string value = sp == std::string::npos ? "" : line.substr(sp + 1);
    char* rest = nullptr;
    if (key == "made_by") {
      bg.made_by = value;
    } else if (key == "documents" || key == "min_df" || key == "terms") {
      const unsigned long long v = std::strtoull(value.c_str(), &rest, 10);
      if (value.empty() || *rest != '\0' || value[0] == '-') return fail("'" + key + "' needs a count");
      if (key == "documents") {
        bg.documents = v;
        seen_documents = true;
      } else if (key == "min_df") {
        if (v == 0 || v > 0xFFFFFFFFull) return fail("min_df must be at least 1");
        bg.min_df = static_cast<std::uint32_t>(v);
      } else {
        if (!seen_documents || !seen_weight) return fail("'terms' must follow 'documents' and 'weight'");
        if (v > text.size() / 18) return fail("more terms announced than the file can hold");
        expected = static_cast<std::size_t>(v);
        bg.terms.reserve(expected);
        in_terms = true;
      }
    } else if (key == "weight") {
      const double v = std::strtod(value.c_str(), &rest);
      if (value.empty() || *rest != '\0' || !(v >= 0) || v > 1e9) return fail("weight must be a number >= 0");
      bg.weight = v;
      seen_weight = true;
    } else {
      return fail("unknown line '" + key + "'");
    }
  }
  if (!in_terms || bg.terms.size() != expected) {
    return InvalidInput(origin + ": truncated background table (needs documents, weight, and the terms announced)");
  }
  bg.Index();
  return bg;
}

BackgroundDf BuildBackgroundDf(const std::vector<const Article*>& articles, std::uint32_t min_df, double weight,
                               const std::string& made_by, unsigned threads) {
  const std::size_t n = articles.size();
  const std::size_t chunks = std::max<std::size_t>(1, std::min<std::size_t>(ResolveThreads(threads), n));
  std::vector<FlatMap64<std::uint32_t>> counts(chunks);
  ParallelFor(chunks, threads, [&](std::size_t c) {
    cluster_internal::FeatureScratch fs;
    FlatMap64<std::uint32_t>& mine = counts[c];
    for (std::size_t k = c * n / chunks, end = (c + 1) * n / chunks; k < end; ++k) {
      // Each key once per article (ArticleFeatures sums repeats).
      for (const auto& [key, f] : cluster_internal::ArticleFeatures(*articles[k], &fs, nullptr)) {
        ++*mine.Insert(MapKey(key), 0).first;
      }
    }
  });
  FlatMap64<std::uint32_t> total;
  for (const auto& part : counts) {
    part.ForEach([&](std::uint64_t key, std::uint32_t df) { *total.Insert(key, 0).first += df; });
  }
  BackgroundDf bg;
  bg.documents = n;
  bg.weight = weight;
  bg.min_df = std::max<std::uint32_t>(1, min_df);
  bg.made_by = made_by;
  // MapKey moves only kEmpty, which no stored key is; kept as the map has it.
  total.ForEach([&](std::uint64_t key, std::uint32_t df) {
    if (df >= bg.min_df) bg.terms.emplace_back(key, df);
  });
  std::sort(bg.terms.begin(), bg.terms.end());
  bg.Index();
  return bg;
}

std::string DefaultBackgroundDfPath() {
#ifdef PARALLAX_MODEL_DIR
  const std::string models = PARALLAX_MODEL_DIR;
#else
  const std::string models = "models";
#endif
  return LocateModelFile("PARALLAX_BACKGROUND_DF", "background-df.model", models);
}

Result<BackgroundDf> LoadBackgroundDf(const std::string& path) {
  auto text = DefaultFileSystem().ReadFile(path, 64u << 20);
  if (!text.ok()) return text.status();
  return BackgroundDf::Parse(*text, path);
}

std::shared_ptr<const BackgroundDf> DefaultBackgroundDf(std::string* why) {
  return LoadModelOnce<BackgroundDf>(
      "PARALLAX_BACKGROUND_DF", [] { return LoadBackgroundDf(DefaultBackgroundDfPath()); }, why);
}

}  // namespace parallax
