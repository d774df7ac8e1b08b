#include "engine/engine.h"

#include <mutex>

#include "core/parallel.h"
#include "dedup/dedup.h"
#include "engine/budget.h"

namespace parallax {

namespace {

void Notify(const EngineOptions& options, const char* stage, std::size_t done, std::size_t total) {
  if (options.progress) options.progress(Progress{stage, done, total});
}

}  // namespace

Report AnalyzePaths(const std::vector<std::string>& paths, const EngineOptions& options, IngestStats* skipped) {
  Notify(options, "read", 0, 0);
  IngestOptions ingest = options.ingest;
  ingest.threads = options.threads;
  IngestResult in = ReadInputs(paths, ingest);
  Notify(options, "read", in.articles.size(), in.articles.size());
  if (skipped) *skipped = in.stats;
  return AnalyzeArticles(std::move(in.articles), std::move(in.errors), options);
}

Report AnalyzeArticles(std::vector<Article> articles, std::vector<InputError> errors, const EngineOptions& options) {
  Report report;
  const std::size_t n = articles.size();
  // Whether the input itself gave a headline (metadata, a JSON Lines or feed
  // field) rather than the cleaner taking one from the text.
  std::vector<std::uint8_t> titled(n);
  for (std::size_t i = 0; i < n; ++i) titled[i] = !articles[i].title.empty();
  Notify(options, "clean", 0, n);
  CleanCorpus(&articles, options.clean, options.threads);
  // Budgets on article, paragraph, sentence and word size keep every later
  // stage fast on any input; each one exceeded is reported.
  for (Article& a : articles) {
    for (std::string& why : ApplyTextBudgets(&a, options.budgets)) errors.push_back({a.path, std::move(why)});
  }
  Notify(options, "clean", n, n);
  Notify(options, "dedup", 0, n);
  DedupResult dedup = FindDuplicates(articles, options.dedup, options.threads);
  Notify(options, "dedup", n, n);
  report.duplicate_of = std::move(dedup.duplicate_of);
  report.duplicate_similarity = std::move(dedup.similarity);
  // Cluster the canonical copies; duplicates join their original's story.
  std::vector<std::size_t> canonical;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    if (report.duplicate_of[i]) continue;
    // An input that gave a headline (a feed item, a record, front matter)
    // and whose body is only a teaser ("Read more...", a bare link) is
    // still a headline: it joins a story by its title. An HTML page, or a
    // text file with no given headline, that holds nothing but furniture is
    // a failed extraction, and is reported.
    if (articles[i].text.empty() && !(titled[i] && !articles[i].from_html)) {
      errors.push_back({articles[i].path, "no article text left after cleaning (only page furniture)"});
      continue;
    }
    canonical.push_back(i);
  }
  std::vector<const Article*> to_cluster;
  to_cluster.reserve(canonical.size());
  for (std::size_t i : canonical) to_cluster.push_back(&articles[i]);
  const std::size_t m = to_cluster.size();
  Notify(options, "cluster", 0, m);
  std::vector<std::vector<std::size_t>> groups;
  if (options.single_story) {
    if (m > 0) groups.emplace_back();
    for (std::size_t k = 0; k < m; ++k) groups[0].push_back(k);
  } else {
    groups = options.incremental
                 ? ClusterArticlesInDateOrder(to_cluster, options.cluster, options.threads, 0,
                                              [&](std::size_t done) { Notify(options, "cluster", done, m); })
                 : ClusterArticles(to_cluster, options.cluster, options.threads);
  }
  Notify(options, "cluster", m, m);
  report.stories.resize(groups.size());
  std::mutex progress_mu;
  std::size_t analysed = 0;
  Notify(options, "analyze", 0, m);
  ParallelFor(groups.size(), options.threads, [&](std::size_t gi) {
    std::vector<const Article*> members;
    for (std::size_t k : groups[gi]) members.push_back(&articles[canonical[k]]);
    // One story alone (--single-story, or one group) gets every thread.
    AnalyzeOptions analyze = options.analyze;
    if (groups.size() == 1) analyze.threads = options.threads;
    report.stories[gi] = AnalyzeStory(members, analyze);
    if (options.progress) {
      std::lock_guard<std::mutex> lock(progress_mu);
      analysed += members.size();
      Notify(options, "analyze", analysed, m);
    }
  });
  // Duplicates are cited as members of their original's story.
  std::vector<std::size_t> story_of(articles.size(), groups.size());
  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    for (std::size_t k : groups[gi]) story_of[canonical[k]] = gi;
  }
  for (std::size_t i = 0; i < articles.size(); ++i) {
    if (!report.duplicate_of[i]) continue;
    std::size_t gi = story_of[*report.duplicate_of[i]];
    if (gi < groups.size()) report.stories[gi].articles.push_back(articles[i].id);
  }
  report.articles = std::move(articles);
  report.errors = std::move(errors);
  return report;
}

}  // namespace parallax
