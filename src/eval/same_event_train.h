#pragma once
// The clustering benchmarks as one list of sets, their tuning and
// validation halves, and the training of the same-event model
// (cluster.h, docs/clustering.md) on the tuning halves.
//
//   std::vector<ClusteringSet> sets = *LoadClusteringSets("../shared/data", "all", &errors);
//   std::vector<ClusteringSet> tuning = Halves(sets, DevHalf::kTuning);
//   SameEventModel model = TrainSameEventModel(tuning, {});
//   ClusteringScores s = ScoreSet(tuning[0], ClusterOptions{}, false);
//
// A set's halves split it by story (InTuningHalf(event key)), so no story
// is on both sides; each half is clustered as a pile of its own.
// Training is deterministic: the same sets give the same bytes of
// SameEventModel::Serialise on every run.

#include <string>
#include <vector>

#include "cluster/cluster.h"
#include "core/split.h"
#include "core/status.h"
#include "eval/clustering_metrics.h"
#include "eval/events.h"
#include "model/model.h"

namespace parallax {

struct ClusteringSet {
  std::string name;               // events-dev, allsides, multinews
  std::vector<Article> articles;  // cleaned (CleanCorpus)
  std::vector<int> gold;          // story number per article
  std::vector<std::string> story; // gold event key per article
};

// Loads and cleans "events-dev", "allsides", "multinews", or "all" three,
// from `data_root` (the folder of clustering/ and summarization/). Fails,
// naming the set, when one asked for is missing; bad lines go to *errors.
Result<std::vector<ClusteringSet>> LoadClusteringSets(const std::string& data_root, const std::string& which,
                                                      std::vector<InputError>* errors);

// Each set cut to the stories of one half (the name gets no suffix).
std::vector<ClusteringSet> Halves(const std::vector<ClusteringSet>& sets, DevHalf half);

// Clusters the set (batch, or with `incremental` day by day in date
// order as ClusterArticlesInDateOrder) and scores it against gold.
ClusteringScores ScoreSet(const ClusteringSet& set, const ClusterOptions& options, bool incremental,
                          std::vector<int>* labels = nullptr);

struct SameEventTraining {
  // L2 penalties on the weights (not the bias), per unit of example
  // weight: each is fitted, and the choice made with the threshold's.
  std::vector<double> l2 = {1e-4, 1e-3, 1e-2, 1e-1};
  // Merge thresholds tried on the tuning sets: from, to, step.
  double threshold_from = 0.20, threshold_to = 0.80, threshold_step = 0.025;
  unsigned threads = 1;
};

// The command that trains with these options, as the model file records it.
std::string SameEventTrainingCommand(const SameEventTraining& options);

// Learns the weights by L2-regularised logistic regression (Newton's
// method) on every candidate pair of every set (label: same gold story),
// each set weighing as much as another whatever its number of pairs, for
// each penalty in options.l2; then picks the penalty and merge threshold
// whose worst gain in B-cubed F1 over today's cosine clustering, among the
// sets, is largest (ties: the larger mean F1, then the earlier). One
// setting for every corpus, and one that must not lose on any.
// `trained_on` is copied into the model.
SameEventModel TrainSameEventModel(const std::vector<ClusteringSet>& sets, const SameEventTraining& options,
                                   const std::string& trained_on);

}  // namespace parallax
