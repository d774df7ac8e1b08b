// Google Benchmark: named-entity tagging speed (tokens per second, one
// core) on CoNLL-2003 testb, and the model's load time.
//
//   cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DPARALLAX_BUILD_BENCH=ON
//   cmake --build build-bench --target ner_bench && build-bench/bench/ner_bench
//
// Needs ../shared/data/ner/conll2003/eng.testb (or $PARALLAX_SHARED/data/...).

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "eval/ner_eval.h"
#include "ner/tagger.h"

namespace {

std::string DataDir() {
  if (const char* env = std::getenv("PARALLAX_SHARED")) return std::string(env) + "/data";
  return std::string(PARALLAX_SOURCE_DIR) + "/../shared/data";
}
const std::string kModel = std::string(PARALLAX_SOURCE_DIR) + "/models/ner-conll2003.model";

void BM_NerLoadModel(benchmark::State& state) {
  for (auto _ : state) {
    auto m = parallax::NerModel::Load(kModel);
    if (!m.ok()) {
      state.SkipWithError(m.status().message().c_str());
      return;
    }
    benchmark::DoNotOptimize(m->feature_count());
  }
}
BENCHMARK(BM_NerLoadModel)->Unit(benchmark::kMillisecond);

void BM_NerTagConllTestb(benchmark::State& state) {
  auto model = parallax::NerModel::Load(kModel);
  auto corpus = parallax::ReadConll(DataDir() + "/ner/conll2003/eng.testb");
  if (!model.ok() || !corpus.ok()) {
    state.SkipWithError(!model.ok() ? model.status().message().c_str() : corpus.status().message().c_str());
    return;
  }
  std::vector<parallax::NerDocument> docs;
  std::size_t tokens = 0;
  for (const auto& d : corpus->documents) {
    docs.push_back(parallax::ConllWords(d));
    for (const auto& s : docs.back()) tokens += s.size();
  }
  for (auto _ : state) {
    for (const auto& d : docs) benchmark::DoNotOptimize(model->Tag(d));
  }
  state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(tokens) * static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
}
BENCHMARK(BM_NerTagConllTestb)->Unit(benchmark::kMillisecond)->MinTime(3.0);

}  // namespace

BENCHMARK_MAIN();
