#pragma once
// Engine: the whole pipeline in one call, for front ends (CLI, tests,
// later the server).
//
//   EngineOptions opt;
//   opt.analyze.summary_words = 80;
//   Report r = AnalyzePaths({"examples/"}, opt);
//   std::cout << RenderMarkdown(r);
//   return r.errors.empty() ? 0 : 1;
//
// ingest -> clean -> dedup -> cluster -> analyze. Inputs that fail are in
// Report::errors; everything else is analysed.

#include <string>
#include <vector>

#include "analyze/analyze.h"
#include "clean/cleaner.h"
#include "cluster/cluster.h"
#include "dedup/dedup.h"
#include "ingest/reader.h"
#include "report/report.h"

namespace parallax {

struct EngineOptions {
  IngestOptions ingest;
  CleanOptions clean;
  DedupOptions dedup;
  ClusterOptions cluster;
  AnalyzeOptions analyze;
  // Worker threads for cleaning, dedup signatures and per-story analysis; 0 = one per
  // hardware thread. The output is identical for any value.
  unsigned threads = 0;
};

Report AnalyzePaths(const std::vector<std::string>& paths, const EngineOptions& options);

// Runs clean, dedup, cluster and analyze on articles already read.
Report AnalyzeArticles(std::vector<Article> articles, std::vector<InputError> errors, const EngineOptions& options);

}  // namespace parallax
