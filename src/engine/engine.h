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

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "analyze/analyze.h"
#include "clean/cleaner.h"
#include "cluster/cluster.h"
#include "dedup/dedup.h"
#include "engine/budget.h"
#include "ingest/reader.h"
#include "report/report.h"

namespace parallax {

// Where a run is, for a progress display. Stages run one after the other
// over all articles: "read", "clean", "dedup", "cluster", "analyze".
struct Progress {
  const char* stage = "";
  std::size_t done = 0;   // articles through this stage so far
  std::size_t total = 0;  // articles this stage will handle
};

struct EngineOptions {
  IngestOptions ingest;
  CleanOptions clean;
  DedupOptions dedup;
  ClusterOptions cluster;
  AnalyzeOptions analyze;
  // Size budgets applied to each clean text before dedup (engine/budget.h).
  TextBudgets budgets;
  // Worker threads for reading files, cleaning, dedup signatures, clustering and per-story analysis
  // (it overrides ingest.threads);
  // 0 = one per hardware thread. The output is identical for any value.
  unsigned threads = 0;
  // Cluster as a stream would: articles in publication-date order, one
  // StoryIndex batch per day (ClusterArticlesInDateOrder). Default false:
  // one batch clustering of everything (measured against it in
  // bench/results/2026-11-23-clustering-scale.md).
  bool incremental = false;
  // Treat every canonical article as one story and skip clustering: for a
  // set the user already grouped (say, one event's coverage by several
  // outlets). Duplicates are still found and cited. Default false.
  bool single_story = false;
  // Called at the start and end of each stage and as articles go through
  // clustering (incremental) and analysis; never concurrently, but possibly
  // from a worker thread. Often: throttle the display. Unset: no calls.
  std::function<void(const Progress&)> progress;
};

// *skipped, if given, receives what ingest left out on purpose (IngestStats:
// WARC records that are not pages, non-200 or non-text responses).
Report AnalyzePaths(const std::vector<std::string>& paths, const EngineOptions& options,
                    IngestStats* skipped = nullptr);

// Runs clean, dedup, cluster and analyze on articles already read.
Report AnalyzeArticles(std::vector<Article> articles, std::vector<InputError> errors, const EngineOptions& options);

}  // namespace parallax
