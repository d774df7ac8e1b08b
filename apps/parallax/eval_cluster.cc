// parallax eval cluster: story clustering against gold events, on one or
// more datasets, with the trivial partitions as bounds beside our figures.

#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "clean/cleaner.h"
#include "cluster/cluster.h"
#include "commands.h"
#include "eval/cluster_data.h"
#include "eval/clustering_metrics.h"
#include "eval/events.h"

namespace parallax::cli {
namespace {

struct Row {
  std::string dataset;
  std::string system;
  ClusteringScores scores;
};

using Loader = Result<std::vector<LabeledArticle>> (*)(const std::string&, std::vector<InputError>*);

struct Dataset {
  const char* name;
  Loader load;
};

constexpr Dataset kDatasets[] = {
    {"events-dev", &LoadEventsDev},
    {"allsides", &LoadAllSidesStories},
    {"multinews", &LoadMultiNewsClusters},
};

// Scores our clustering of one pile, plus the two trivial partitions: "all
// singletons" has perfect B-cubed precision and "one cluster" perfect
// recall, so a figure only means something next to them.
struct RunOptions {
  ClusterOptions cluster;
  bool incremental = false;
  std::size_t batch_size = 0;  // 0: one batch per publication day
};

std::vector<int> Labels(const std::vector<std::vector<std::size_t>>& stories, std::size_t n) {
  std::vector<int> labels(n, -1);
  for (std::size_t s = 0; s < stories.size(); ++s) {
    for (std::size_t i : stories[s]) labels[i] = static_cast<int>(s);
  }
  return labels;
}

void ScoreDataset(const char* name, std::vector<LabeledArticle> loaded, const RunOptions& run, std::vector<Row>* rows) {
  std::vector<Article> articles;
  std::vector<int> gold;
  std::map<std::string, int> keys;
  for (auto& la : loaded) {
    gold.push_back(keys.emplace(la.event_key, static_cast<int>(keys.size())).first->second);
    articles.push_back(std::move(la.article));
  }
  CleanCorpus(&articles);
  const std::vector<int> predicted = Labels(ClusterArticles(articles, run.cluster, 0), articles.size());
  std::vector<int> singletons(articles.size());
  for (std::size_t i = 0; i < singletons.size(); ++i) singletons[i] = static_cast<int>(i);
  const std::vector<int> one_cluster(articles.size(), 0);
  rows->push_back({name, "parallax", ScoreClustering(gold, predicted)});
  if (run.incremental) {
    // Fed in date order, as a stream; scored against gold and against the
    // batch clustering (agreement of the two ways).
    std::vector<const Article*> ptrs;
    for (const Article& a : articles) ptrs.push_back(&a);
    const std::vector<int> incremental =
        Labels(ClusterArticlesInDateOrder(ptrs, run.cluster, 0, run.batch_size), articles.size());
    rows->push_back({name, "incremental", ScoreClustering(gold, incremental)});
    rows->push_back({name, "incr. vs batch", ScoreClustering(predicted, incremental)});
  }
  rows->push_back({name, "all singletons", ScoreClustering(gold, singletons)});
  rows->push_back({name, "one cluster", ScoreClustering(gold, one_cluster)});
}

void PrintTable(const std::vector<Row>& rows, const RunOptions& run) {
  std::printf("threshold %.3f, window %d days%s; articles cleaned (CleanCorpus) per dataset, then clustered\n",
              run.cluster.threshold, run.cluster.window_days, run.cluster.window_days == 0 ? " (unlimited)" : "");
  if (run.incremental) {
    std::printf("incremental: date order, %s; \"incr. vs batch\" scores it with the batch stories as gold\n",
                run.batch_size == 0 ? "one batch per day" : (std::to_string(run.batch_size) + " articles a batch").c_str());
  }
  std::printf("\n");
  std::printf("%-11s %-15s %8s %6s %6s %7s %7s %7s %7s %7s\n", "dataset", "system", "articles", "gold", "pred", "B3-P",
              "B3-R", "B3-F1", "ARI", "NMI");
  for (const Row& r : rows) {
    const ClusteringScores& s = r.scores;
    std::printf("%-11s %-15s %8zu %6zu %6zu %7.4f %7.4f %7.4f %7.4f %7.4f\n", r.dataset.c_str(), r.system.c_str(),
                s.items, s.gold_clusters, s.predicted_clusters, s.bcubed_precision, s.bcubed_recall, s.bcubed_f1, s.ari,
                s.nmi);
  }
}

void PrintJson(const std::vector<Row>& rows, const RunOptions& run) {
  nlohmann::ordered_json j;
  j["threshold"] = run.cluster.threshold;
  j["window_days"] = run.cluster.window_days;
  if (run.incremental) j["batch_size"] = run.batch_size;
  j["results"] = nlohmann::ordered_json::array();
  for (const Row& r : rows) {
    const ClusteringScores& s = r.scores;
    nlohmann::ordered_json o;
    o["dataset"] = r.dataset;
    o["system"] = r.system;
    o["items"] = s.items;
    o["gold_clusters"] = s.gold_clusters;
    o["predicted_clusters"] = s.predicted_clusters;
    o["bcubed_precision"] = s.bcubed_precision;
    o["bcubed_recall"] = s.bcubed_recall;
    o["bcubed_f1"] = s.bcubed_f1;
    o["ari"] = s.ari;
    o["nmi"] = s.nmi;
    j["results"].push_back(std::move(o));
  }
  std::printf("%s\n", j.dump(2).c_str());
}

}  // namespace

void RegisterEvalCluster(CLI::App& eval, int* exit_code) {
  struct Opts {
    std::string data_root = kDefaultDataRoot;
    std::string dataset = "events-dev";
    bool json = false;
    RunOptions run;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd =
      eval.add_subcommand("cluster", "Story clustering against gold events: B-cubed precision/recall/F1, ARI, NMI");
  cmd->add_option("--data", o->data_root,
                  "Folder holding clustering/events-dev.tsv and summarization/ (the documents and the AllSides and "
                  "Multi-News sets)")
      ->capture_default_str();
  cmd->add_option("--dataset", o->dataset,
                  "events-dev: DUC 2003 + TAC 2011 gold events; allsides: AllSides left/centre/right stories; "
                  "multinews: 100 Multi-News clusters; all: the three")
      ->check(CLI::IsMember({"events-dev", "allsides", "multinews", "all"}))
      ->capture_default_str();
  cmd->add_option("--cluster-threshold", o->run.cluster.threshold, "Clustering threshold to evaluate")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--window", o->run.cluster.window_days,
                  "Longest span of a story in days (earliest to latest dated article); 0: unlimited")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_flag("--incremental", o->run.incremental,
                "Also cluster incrementally (date order, StoryIndex) and score it against gold and against batch");
  cmd->add_option("--batch-size", o->run.batch_size,
                  "With --incremental: articles per batch; 0: one batch per publication day")
      ->capture_default_str();
  cmd->add_flag("--json", o->json, "Print the scores as JSON");
  cmd->callback([o, exit_code] {
    std::vector<InputError> errors;
    std::vector<Row> rows;
    for (const Dataset& d : kDatasets) {
      if (o->dataset != "all" && o->dataset != d.name) continue;
      auto loaded = d.load(o->data_root, &errors);
      if (!loaded.ok()) {
        // Asked-for data that is not there is fatal: a table without the
        // row would read as if it had been measured.
        PrintErrors(errors);
        std::cerr << "parallax: " << d.name << ": " << loaded.status().message() << "\n";
        *exit_code = kExitFatal;
        return;
      }
      ScoreDataset(d.name, std::move(*loaded), o->run, &rows);
    }
    PrintErrors(errors);
    if (o->json) {
      PrintJson(rows, o->run);
    } else {
      PrintTable(rows, o->run);
    }
    *exit_code = errors.empty() ? kExitOk : kExitInputErrors;
  });
}

}  // namespace parallax::cli
