// dedup_throughput: times near-duplicate detection on a JSON Lines corpus
// and writes the duplicate groups in the peers' format, so the same file can
// be given to /work/shared/peers/bin/dedup-* and the groups compared
// (bench/dedup_agreement.py). Built only with -DPARALLAX_BUILD_BENCH=ON.
//
//   dedup_throughput IN.jsonl [--threshold T] [--threads N] [--repeat R] > groups.jsonl
//
// stdout: {"id", "cluster"} per article (cluster = index of its canonical
// copy). stderr: one JSON object with the timings (best of R runs).

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/parallel.h"
#include "dedup/dedup.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: dedup_throughput IN.jsonl [--threshold T] [--threads N] [--repeat R]\n";
    return 2;
  }
  double threshold = parallax::DedupOptions{}.near_threshold;
  unsigned threads = 0;
  int repeat = 3;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--threshold") threshold = std::stod(argv[i + 1]);
    else if (flag == "--threads") threads = static_cast<unsigned>(std::stoul(argv[i + 1]));
    else if (flag == "--repeat") repeat = std::stoi(argv[i + 1]);
    else {
      std::cerr << "unknown flag " << flag << "\n";
      return 2;
    }
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "cannot read " << argv[1] << "\n";
    return 2;
  }
  std::vector<parallax::Article> articles;
  std::size_t bytes = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    parallax::Article a;
    a.id = j.value("id", "");
    a.text = j.value("text", "");
    if (j.contains("published") && j["published"].is_string()) a.published = j["published"].get<std::string>();
    bytes += a.text.size();
    articles.push_back(std::move(a));
  }
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
  double best_sig = 1e300, best_all = 1e300;
  parallax::DedupResult r;
  for (int k = 0; k < repeat; ++k) {
    // Shingles + signatures alone.
    std::vector<parallax::MinHashSignature> sigs(articles.size());
    auto t0 = Clock::now();
    parallax::ParallelFor(articles.size(), threads, [&](std::size_t i) {
      sigs[i] = parallax::ComputeMinHash(parallax::ShingleHashes(articles[i].text));
    });
    auto t1 = Clock::now();
    // The whole of FindDuplicates: exact, shingles, signatures, LSH, verification.
    r = parallax::FindDuplicates(articles, parallax::DedupOptions{.near_threshold = threshold}, threads);
    auto t2 = Clock::now();
    best_sig = std::min(best_sig, seconds(t0, t1));
    best_all = std::min(best_all, seconds(t1, t2));
  }
  std::size_t dups = 0, exact = 0;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    std::size_t c = r.duplicate_of[i] ? *r.duplicate_of[i] : i;
    dups += r.duplicate_of[i].has_value();
    exact += r.duplicate_of[i] && r.exact[i];
    std::cout << nlohmann::json{{"id", articles[i].id}, {"cluster", c}}.dump() << "\n";
  }
  const double n = static_cast<double>(articles.size());
  nlohmann::json stats = {{"tool", "parallax-dedup"},
                          {"docs", articles.size()},
                          {"MB", static_cast<double>(bytes) / 1e6},
                          {"threads", parallax::ResolveThreads(threads)},
                          {"threshold", threshold},
                          {"duplicates", dups},
                          {"exact", exact},
                          {"signatures_s", best_sig},
                          {"signatures_docs_per_s", n / best_sig},
                          {"find_duplicates_s", best_all},
                          {"find_duplicates_docs_per_s", n / best_all}};
  std::cerr << stats.dump() << "\n";
  return 0;
}
