// parallax eval cluster: story clustering against gold events.

#include <cstdio>
#include <iostream>
#include <map>
#include <memory>

#include "clean/cleaner.h"
#include "cluster/cluster.h"
#include "commands.h"
#include "eval/clustering_metrics.h"
#include "eval/events.h"

namespace parallax::cli {

void RegisterEvalCluster(CLI::App& eval, int* exit_code) {
  struct Opts {
    std::string data_root = kDefaultDataRoot;
    bool json = false;
    double threshold = ClusterOptions{}.threshold;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = eval.add_subcommand("cluster", "Story clustering against gold events: B-cubed precision/recall/F1, ARI, NMI");
  cmd->add_option("--data", o->data_root, "Folder holding clustering/events-dev.tsv and the documents it names")
      ->capture_default_str();
  cmd->add_option("--cluster-threshold", o->threshold, "Clustering threshold to evaluate")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_flag("--json", o->json, "Print the scores as JSON");
  cmd->callback([o, exit_code] {
    std::vector<InputError> errors;
    auto loaded = LoadEventsDev(o->data_root, &errors);
    if (!loaded.ok()) {
      std::cerr << "parallax: " << loaded.status().message() << "\n";
      *exit_code = kExitFatal;
      return;
    }
    PrintErrors(errors);
    std::vector<Article> articles;
    std::vector<int> gold;
    std::map<std::string, int> keys;
    for (auto& la : *loaded) {
      gold.push_back(keys.emplace(la.event_key, static_cast<int>(keys.size())).first->second);
      articles.push_back(std::move(la.article));
    }
    CleanCorpus(&articles);
    ClusterOptions copt;
    copt.threshold = o->threshold;
    auto stories = ClusterArticles(articles, copt);
    std::vector<int> predicted(articles.size(), -1);
    for (std::size_t s = 0; s < stories.size(); ++s) {
      for (std::size_t i : stories[s]) predicted[i] = static_cast<int>(s);
    }
    ClusteringScores sc = ScoreClustering(gold, predicted);
    if (o->json) {
      std::printf("{\"items\": %zu, \"gold_clusters\": %zu, \"predicted_clusters\": %zu, \"bcubed_precision\": %.4f, "
                  "\"bcubed_recall\": %.4f, \"bcubed_f1\": %.4f, \"ari\": %.4f, \"nmi\": %.4f}\n",
                  sc.items, sc.gold_clusters, sc.predicted_clusters, sc.bcubed_precision, sc.bcubed_recall,
                  sc.bcubed_f1, sc.ari, sc.nmi);
    } else {
      std::printf("events-dev: %zu articles, %zu gold events, %zu predicted stories (threshold %.3f)\n", sc.items,
                  sc.gold_clusters, sc.predicted_clusters, o->threshold);
      std::printf("%-10s %-10s %-10s %-8s %-8s\n", "B3-P", "B3-R", "B3-F1", "ARI", "NMI");
      std::printf("%-10.4f %-10.4f %-10.4f %-8.4f %-8.4f\n", sc.bcubed_precision, sc.bcubed_recall, sc.bcubed_f1,
                  sc.ari, sc.nmi);
    }
    *exit_code = errors.empty() ? kExitOk : kExitInputErrors;
  });
}

}  // namespace parallax::cli
