// Google Benchmark: the text hot paths, one core, on real news (the BBC
// News articles of ../shared/data/bulk/bbc-news-2225, about 5 MB).
//
//   cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DPARALLAX_BUILD_BENCH=ON
//   cmake --build build-bench --target text_bench && build-bench/bench/text_bench
//
// bytes_per_second is over the input text; items_per_second counts
// documents (MinHash, clustering) or tokens (word segmentation).
// Needs $PARALLAX_SHARED/data or ../shared/data beside the checkout.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "clean/cleaner.h"
#include "cluster/cluster.h"
#include "dedup/dedup.h"
#include "text/segment.h"
#include "text/utf8.h"
#include "text/words.h"

namespace {

std::string DataDir() {
  if (const char* env = std::getenv("PARALLAX_SHARED")) return std::string(env) + "/data";
  return std::string(PARALLAX_SOURCE_DIR) + "/../shared/data";
}

// The BBC articles as raw text, sorted by path; empty when absent.
const std::vector<std::string>& Texts() {
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> out;
    const std::filesystem::path dir = DataDir() + "/bulk/bbc-news-2225";
    if (!std::filesystem::exists(dir)) return out;
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
      if (e.is_regular_file() && e.path().extension() == ".txt") paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      std::ifstream in(p, std::ios::binary);
      std::ostringstream s;
      s << in.rdbuf();
      if (parallax::IsValidUtf8(s.str())) out.push_back(s.str());
    }
    return out;
  }();
  return texts;
}

std::int64_t TotalBytes() {
  std::int64_t n = 0;
  for (const auto& t : Texts()) n += static_cast<std::int64_t>(t.size());
  return n;
}

bool NeedData(benchmark::State& state) {
  if (!Texts().empty()) return true;
  state.SkipWithError(("needs " + DataDir() + "/bulk/bbc-news-2225").c_str());
  return false;
}

void BM_Utf8Validate(benchmark::State& state) {
  if (!NeedData(state)) return;
  for (auto _ : state) {
    for (const auto& t : Texts()) benchmark::DoNotOptimize(parallax::IsValidUtf8(t));
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_Utf8Validate)->Unit(benchmark::kMillisecond);

void BM_NormalizeWhitespace(benchmark::State& state) {
  if (!NeedData(state)) return;
  for (auto _ : state) {
    for (const auto& t : Texts()) benchmark::DoNotOptimize(parallax::NormalizeWhitespace(t));
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_NormalizeWhitespace)->Unit(benchmark::kMillisecond);

// The whole cleaner (boilerplate index over the corpus, then each article).
void BM_CleanCorpus(benchmark::State& state) {
  if (!NeedData(state)) return;
  std::vector<parallax::Article> articles;
  for (const auto& t : Texts()) {
    parallax::Article a;
    a.id = std::to_string(articles.size());
    a.raw = t;
    articles.push_back(std::move(a));
  }
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<parallax::Article> copy = articles;
    state.ResumeTiming();
    parallax::CleanCorpus(&copy, {}, 1);
    benchmark::DoNotOptimize(copy.data());
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_CleanCorpus)->Unit(benchmark::kMillisecond);

void BM_SplitSentences(benchmark::State& state) {
  if (!NeedData(state)) return;
  for (auto _ : state) {
    for (const auto& t : Texts()) benchmark::DoNotOptimize(parallax::SplitSentences(t));
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
}
BENCHMARK(BM_SplitSentences)->Unit(benchmark::kMillisecond);

// Word segmentation: ICU's break iterator, and the same tokens without it.
void BM_TokenizeIcu(benchmark::State& state) {
  if (!NeedData(state)) return;
  std::int64_t tokens = 0;
  for (auto _ : state) {
    for (const auto& t : Texts()) tokens += static_cast<std::int64_t>(parallax::TokenizeIcu(t).size());
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
  state.SetItemsProcessed(tokens);
}
BENCHMARK(BM_TokenizeIcu)->Unit(benchmark::kMillisecond);

void BM_TokenizeFast(benchmark::State& state) {
  if (!NeedData(state)) return;
  std::vector<parallax::Token> buffer;
  std::int64_t tokens = 0;
  for (auto _ : state) {
    for (const auto& t : Texts()) {
      parallax::TokenizeFast(t, &buffer);
      tokens += static_cast<std::int64_t>(buffer.size());
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
  state.SetItemsProcessed(tokens);
}
BENCHMARK(BM_TokenizeFast)->Unit(benchmark::kMillisecond);

// Shingles and the MinHash signature of each document.
void BM_MinHash(benchmark::State& state) {
  if (!NeedData(state)) return;
  for (auto _ : state) {
    for (const auto& t : Texts()) benchmark::DoNotOptimize(parallax::ComputeMinHash(parallax::ShingleHashes(t)));
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(Texts().size()));
}
BENCHMARK(BM_MinHash)->Unit(benchmark::kMillisecond);

// Story clustering of the whole set on one thread (features, candidates,
// average link).
void BM_ClusterArticles(benchmark::State& state) {
  if (!NeedData(state)) return;
  std::vector<parallax::Article> articles;
  for (const auto& t : Texts()) {
    parallax::Article a;
    a.id = std::to_string(articles.size());
    a.text = t;
    articles.push_back(std::move(a));
  }
  for (auto _ : state) benchmark::DoNotOptimize(parallax::ClusterArticles(articles, {}, 1));
  state.SetBytesProcessed(state.iterations() * TotalBytes());
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(articles.size()));
}
BENCHMARK(BM_ClusterArticles)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
