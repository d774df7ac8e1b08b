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
void ScoreDataset(const char* name, std::vector<LabeledArticle> loaded, double threshold, std::vector<Row>* rows) {
  std::vector<Article> articles;
  std::vector<int> gold;
  std::map<std::string, int> keys;
  for (auto& la : loaded) {
    gold.push_back(keys.emplace(la.event_key, static_cast<int>(keys.size())).first->second);
    articles.push_back(std::move(la.article));
  }
  CleanCorpus(&articles);
  ClusterOptions copt;
  copt.threshold = threshold;
  const auto stories = ClusterArticles(articles, copt);
  std::vector<int> predicted(articles.size(), -1);
  for (std::size_t s = 0; s < stories.size(); ++s) {
    for (std::size_t i : stories[s]) predicted[i] = static_cast<int>(s);
  }
  std::vector<int> singletons(articles.size());
  for (std::size_t i = 0; i < singletons.size(); ++i) singletons[i] = static_cast<int>(i);
  const std::vector<int> one_cluster(articles.size(), 0);
  rows->push_back({name, "parallax", ScoreClustering(gold, predicted)});
  rows->push_back({name, "all singletons", ScoreClustering(gold, singletons)});
  rows->push_back({name, "one cluster", ScoreClustering(gold, one_cluster)});
}

void PrintTable(const std::vector<Row>& rows, double threshold) {
  std::printf("threshold %.3f; articles cleaned (CleanCorpus) per dataset, then clustered\n\n", threshold);
  std::printf("%-11s %-15s %8s %6s %6s %7s %7s %7s %7s %7s\n", "dataset", "system", "articles", "gold", "pred", "B3-P",
              "B3-R", "B3-F1", "ARI", "NMI");
  for (const Row& r : rows) {
    const ClusteringScores& s = r.scores;
    std::printf("%-11s %-15s %8zu %6zu %6zu %7.4f %7.4f %7.4f %7.4f %7.4f\n", r.dataset.c_str(), r.system.c_str(),
                s.items, s.gold_clusters, s.predicted_clusters, s.bcubed_precision, s.bcubed_recall, s.bcubed_f1, s.ari,
                s.nmi);
  }
}

void PrintJson(const std::vector<Row>& rows, double threshold) {
  nlohmann::ordered_json j;
  j["threshold"] = threshold;
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
    double threshold = ClusterOptions{}.threshold;
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
  cmd->add_option("--cluster-threshold", o->threshold, "Clustering threshold to evaluate")
      ->check(CLI::Range(0.0, 1.0))
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
      ScoreDataset(d.name, std::move(*loaded), o->threshold, &rows);
    }
    PrintErrors(errors);
    if (o->json) {
      PrintJson(rows, o->threshold);
    } else {
      PrintTable(rows, o->threshold);
    }
    *exit_code = errors.empty() ? kExitOk : kExitInputErrors;
  });
}

}  // namespace parallax::cli
