#include "engine/engine.h"

#include "core/parallel.h"
#include "dedup/dedup.h"

namespace parallax {

Report AnalyzePaths(const std::vector<std::string>& paths, const EngineOptions& options) {
  IngestResult in = ReadInputs(paths, options.ingest);
  return AnalyzeArticles(std::move(in.articles), std::move(in.errors), options);
}

Report AnalyzeArticles(std::vector<Article> articles, std::vector<InputError> errors, const EngineOptions& options) {
  Report report;
  CleanCorpus(&articles, options.clean, options.threads);
  DedupResult dedup = FindDuplicates(articles, options.dedup, options.threads);
  report.duplicate_of = std::move(dedup.duplicate_of);
  report.duplicate_similarity = std::move(dedup.similarity);
  // Cluster the canonical copies; duplicates join their original's story.
  std::vector<std::size_t> canonical;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    if (report.duplicate_of[i]) continue;
    if (articles[i].text.empty()) {
      errors.push_back({articles[i].path, "no article text left after cleaning (only page furniture)"});
      continue;
    }
    canonical.push_back(i);
  }
  std::vector<const Article*> to_cluster;
  to_cluster.reserve(canonical.size());
  for (std::size_t i : canonical) to_cluster.push_back(&articles[i]);
  std::vector<std::vector<std::size_t>> groups = ClusterArticles(to_cluster, options.cluster);
  report.stories.resize(groups.size());
  ParallelFor(groups.size(), options.threads, [&](std::size_t gi) {
    std::vector<const Article*> members;
    for (std::size_t k : groups[gi]) members.push_back(&articles[canonical[k]]);
    report.stories[gi] = AnalyzeStory(members, options.analyze);
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
