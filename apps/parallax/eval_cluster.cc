// parallax eval cluster: story clustering against gold events, on one or
// more datasets, each half (tuning, validation) clustered as a pile of its
// own, today's cosine threshold and the same-event model side by side, with
// the trivial partitions as bounds. parallax train cluster: learns the
// same-event model (src/eval/same_event_train.h, docs/clustering.md).

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cluster/cluster.h"
#include "commands.h"
#include "eval/clustering_metrics.h"
#include "eval/same_event_train.h"

namespace parallax::cli {
namespace {

struct Row {
  std::string dataset;
  std::string half;
  std::string system;
  ClusteringScores scores;
};

struct RunOptions {
  ClusterOptions cluster;  // the cosine threshold clustering ("before"; same_event cleared when run)
  std::shared_ptr<const SameEventModel> model;  // "after", when there is one
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

// One system on one pile: batch, and with --incremental the date-order
// stream scored against gold and against the batch stories.
void ScoreSystem(const ClusteringSet& set, const std::string& half, const std::string& system,
                 const ClusterOptions& options, const RunOptions& run, std::vector<Row>* rows) {
  std::vector<int> batch;
  rows->push_back({set.name, half, system, ScoreSet(set, options, false, &batch)});
  if (!run.incremental) return;
  std::vector<const Article*> ptrs;
  for (const Article& a : set.articles) ptrs.push_back(&a);
  const std::vector<int> incremental =
      Labels(ClusterArticlesInDateOrder(ptrs, options, 0, run.batch_size), set.articles.size());
  rows->push_back({set.name, half, system + " incr.", ScoreClustering(set.gold, incremental)});
  rows->push_back({set.name, half, system + " i-vs-b", ScoreClustering(batch, incremental)});
}

// The set's articles (with their gold) in another order, the same for the
// same seed on every machine (Fisher-Yates over splitmix64): the input
// order moves B-cubed F1 by up to 0.01 (docs/clustering.md), so settings
// are compared over several orders.
void Shuffle(ClusteringSet* set, std::uint64_t seed) {
  std::uint64_t state = seed;
  auto next = [&state] {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  for (std::size_t i = set->articles.size(); i > 1; --i) {
    const std::size_t j = static_cast<std::size_t>(next() % i);
    std::swap(set->articles[i - 1], set->articles[j]);
    std::swap(set->gold[i - 1], set->gold[j]);
    std::swap(set->story[i - 1], set->story[j]);
  }
}

void ScoreDataset(const ClusteringSet& whole, const RunOptions& run, std::vector<Row>* rows) {
  const std::vector<ClusteringSet> halves[] = {Halves({whole}, DevHalf::kTuning), Halves({whole}, DevHalf::kValidation)};
  const char* half_names[] = {"tuning", "validation"};
  char cosine_name[32];
  std::snprintf(cosine_name, sizeof cosine_name, "cosine %.3f", run.cluster.threshold);
  for (int h = 0; h < 2; ++h) {
    const ClusteringSet& set = halves[h][0];
    ScoreSystem(set, half_names[h], cosine_name, run.cluster, run, rows);
    if (run.model) {
      ClusterOptions with = run.cluster;
      with.same_event = run.model;
      ScoreSystem(set, half_names[h], "same-event", with, run, rows);
    }
  }
  ScoreSystem(whole, "all", cosine_name, run.cluster, run, rows);
  if (run.model) {
    ClusterOptions with = run.cluster;
    with.same_event = run.model;
    ScoreSystem(whole, "all", "same-event", with, run, rows);
  }
  std::vector<int> singletons(whole.articles.size());
  for (std::size_t i = 0; i < singletons.size(); ++i) singletons[i] = static_cast<int>(i);
  const std::vector<int> one_cluster(whole.articles.size(), 0);
  rows->push_back({whole.name, "all", "all singletons", ScoreClustering(whole.gold, singletons)});
  rows->push_back({whole.name, "all", "one cluster", ScoreClustering(whole.gold, one_cluster)});
}

void PrintTable(const std::vector<Row>& rows, const RunOptions& run, const std::string& model_path) {
  std::printf("cosine: threshold %.3f, window %d days%s; same-event: %s%s\n", run.cluster.threshold,
              run.cluster.window_days, run.cluster.window_days == 0 ? " (unlimited)" : "",
              run.model ? model_path.c_str() : "no model",
              run.model ? (", merge at " + std::to_string(run.model->threshold).substr(0, 5)).c_str() : "");
  std::printf("each half (InTuningHalf of the story id) clustered as a pile of its own; articles cleaned (CleanCorpus)\n");
  if (run.incremental) {
    std::printf("incr.: date order, %s; \"i-vs-b\" scores it with the batch stories as gold\n",
                run.batch_size == 0 ? "one batch per day" : (std::to_string(run.batch_size) + " articles a batch").c_str());
  }
  std::printf("\n");
  std::printf("%-11s %-10s %-18s %8s %6s %6s %7s %7s %7s %7s %7s\n", "dataset", "half", "system", "articles", "gold",
              "pred", "B3-P", "B3-R", "B3-F1", "ARI", "NMI");
  for (const Row& r : rows) {
    const ClusteringScores& s = r.scores;
    std::printf("%-11s %-10s %-18s %8zu %6zu %6zu %7.4f %7.4f %7.4f %7.4f %7.4f\n", r.dataset.c_str(), r.half.c_str(),
                r.system.c_str(), s.items, s.gold_clusters, s.predicted_clusters, s.bcubed_precision, s.bcubed_recall,
                s.bcubed_f1, s.ari, s.nmi);
  }
}

void PrintJson(const std::vector<Row>& rows, const RunOptions& run, const std::string& model_path) {
  nlohmann::ordered_json j;
  j["threshold"] = run.cluster.threshold;
  j["window_days"] = run.cluster.window_days;
  if (run.model) {
    j["same_event_model"] = model_path;
    j["same_event_threshold"] = run.model->threshold;
  }
  if (run.incremental) j["batch_size"] = run.batch_size;
  j["results"] = nlohmann::ordered_json::array();
  for (const Row& r : rows) {
    const ClusteringScores& s = r.scores;
    nlohmann::ordered_json o;
    o["dataset"] = r.dataset;
    o["half"] = r.half;
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
    std::string model_path = DefaultSameEventModelPath();
    bool no_model = false;
    bool json = false;
    std::uint64_t shuffle = 0;
    RunOptions run;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = eval.add_subcommand(
      "cluster", "Story clustering against gold events: B-cubed precision/recall/F1, ARI, NMI, per half");
  cmd->add_option("--data", o->data_root,
                  "Folder holding clustering/events-dev.tsv and summarization/ (the documents and the AllSides and "
                  "Multi-News sets)")
      ->capture_default_str();
  cmd->add_option("--dataset", o->dataset,
                  "events-dev: DUC 2003 + TAC 2011 gold events; allsides: AllSides left/centre/right stories; "
                  "multinews: 100 Multi-News clusters; all: the three")
      ->check(CLI::IsMember({"events-dev", "allsides", "multinews", "all"}))
      ->capture_default_str();
  cmd->add_option("--cluster-threshold", o->run.cluster.threshold, "Threshold of the cosine clustering to evaluate")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--model", o->model_path, "Same-event model to evaluate beside the cosine threshold")
      ->capture_default_str();
  cmd->add_flag("--no-model", o->no_model, "Only the cosine threshold clustering");
  cmd->add_option("--window", o->run.cluster.window_days,
                  "Longest span of a story in days (earliest to latest dated article); 0: unlimited")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_flag("--incremental", o->run.incremental,
                "Also cluster incrementally (date order, StoryIndex) and score it against gold and against batch");
  cmd->add_option("--batch-size", o->run.batch_size,
                  "With --incremental: articles per batch; 0: one batch per publication day")
      ->capture_default_str();
  cmd->add_option("--shuffle", o->shuffle,
                  "Cluster each set's articles in a shuffled order (this seed; 0: the files' order)")
      ->capture_default_str();
  cmd->add_flag("--json", o->json, "Print the scores as JSON");
  cmd->callback([o, exit_code] {
    std::vector<InputError> errors;
    o->run.cluster.same_event = nullptr;
    if (!o->no_model) {
      auto model = LoadSameEventModel(o->model_path);
      if (!model.ok()) {
        // Asked for (or the default, which ships): a table without it
        // would read as if the model had been measured.
        std::cerr << "parallax: " << model.status().message() << " (--no-model: the cosine clustering only)\n";
        *exit_code = kExitFatal;
        return;
      }
      o->run.model = std::make_shared<const SameEventModel>(std::move(*model));
    }
    auto sets = LoadClusteringSets(o->data_root, o->dataset, &errors);
    if (!sets.ok()) {
      // Asked-for data that is not there is fatal: a table without the
      // row would read as if it had been measured.
      PrintErrors(errors);
      std::cerr << "parallax: " << sets.status().message() << "\n";
      *exit_code = kExitFatal;
      return;
    }
    if (o->shuffle != 0) {
      for (ClusteringSet& set : *sets) Shuffle(&set, o->shuffle);
    }
    std::vector<Row> rows;
    for (const ClusteringSet& set : *sets) ScoreDataset(set, o->run, &rows);
    PrintErrors(errors);
    if (o->json) {
      PrintJson(rows, o->run, o->model_path);
    } else {
      PrintTable(rows, o->run, o->model_path);
    }
    *exit_code = errors.empty() ? kExitOk : kExitInputErrors;
  });
}

void RegisterTrainCluster(CLI::App& train, int* exit_code) {
  struct Opts {
    std::string data_root = kDefaultDataRoot;
    std::string out = DefaultSameEventModelPath();
    SameEventTraining training;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = train.add_subcommand(
      "cluster", "Learn the same-event model (pair features -> same story) on the tuning halves of the clustering sets");
  cmd->add_option("--data", o->data_root, "Folder holding clustering/ and summarization/")->capture_default_str();
  cmd->add_option("-o,--output", o->out, "Model file to write")->capture_default_str();
  cmd->add_option("--l2", o->training.l2, "L2 penalties on the weights to choose from (comma-separated)")
      ->delimiter(',')
      ->capture_default_str();
  cmd->callback([o, exit_code] {
    std::vector<InputError> errors;
    auto sets = LoadClusteringSets(o->data_root, "all", &errors);
    PrintErrors(errors);
    if (!sets.ok()) {
      std::cerr << "parallax: " << sets.status().message() << "\n";
      *exit_code = kExitFatal;
      return;
    }
    o->training.threads = 0;
    const std::vector<ClusteringSet> tuning = Halves(*sets, DevHalf::kTuning);
    const SameEventModel model = TrainSameEventModel(tuning, o->training, SameEventTrainingCommand(o->training));
    std::ofstream f(o->out, std::ios::binary | std::ios::trunc);
    f << model.Serialise();
    if (!f.flush()) {
      std::cerr << "parallax: " << o->out << ": cannot write the model\n";
      *exit_code = kExitFatal;
      return;
    }
    std::cerr << "parallax: same-event model written to " << o->out << " (merge threshold " << model.threshold
              << ")\n";
    *exit_code = errors.empty() ? kExitOk : kExitInputErrors;
  });
}

}  // namespace parallax::cli
