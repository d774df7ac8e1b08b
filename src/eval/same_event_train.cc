#include "eval/same_event_train.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>

#include "clean/cleaner.h"
#include "eval/cluster_data.h"
#include "learn/linear_algebra.h"

namespace parallax {
namespace {

using Loader = Result<std::vector<LabeledArticle>> (*)(const std::string&, std::vector<InputError>*);

struct Named {
  const char* name;
  Loader load;
};

constexpr Named kSets[] = {
    {"events-dev", &LoadEventsDev},
    {"allsides", &LoadAllSidesStories},
    {"multinews", &LoadMultiNewsClusters},
};

std::vector<int> Labels(const std::vector<std::vector<std::size_t>>& stories, std::size_t n) {
  std::vector<int> labels(n, -1);
  for (std::size_t s = 0; s < stories.size(); ++s) {
    for (std::size_t i : stories[s]) labels[i] = static_cast<int>(s);
  }
  return labels;
}

std::vector<const Article*> Ptrs(const std::vector<Article>& articles) {
  std::vector<const Article*> ptrs;
  ptrs.reserve(articles.size());
  for (const Article& a : articles) ptrs.push_back(&a);
  return ptrs;
}

}  // namespace

Result<std::vector<ClusteringSet>> LoadClusteringSets(const std::string& data_root, const std::string& which,
                                                      std::vector<InputError>* errors) {
  std::vector<ClusteringSet> sets;
  for (const Named& n : kSets) {
    if (which != "all" && which != n.name) continue;
    auto loaded = n.load(data_root, errors);
    if (!loaded.ok()) return Status(loaded.status().code(), std::string(n.name) + ": " + loaded.status().message());
    ClusteringSet set;
    set.name = n.name;
    std::map<std::string, int> keys;
    for (auto& la : *loaded) {
      set.gold.push_back(keys.emplace(la.event_key, static_cast<int>(keys.size())).first->second);
      set.story.push_back(la.event_key);
      set.articles.push_back(std::move(la.article));
    }
    CleanCorpus(&set.articles);
    sets.push_back(std::move(set));
  }
  return sets;
}

std::vector<ClusteringSet> Halves(const std::vector<ClusteringSet>& sets, DevHalf half) {
  std::vector<ClusteringSet> out;
  for (const ClusteringSet& set : sets) {
    ClusteringSet h;
    h.name = set.name;
    for (std::size_t i = 0; i < set.articles.size(); ++i) {
      if (DevHalfOf(set.story[i]) != half) continue;
      h.articles.push_back(set.articles[i]);
      h.gold.push_back(set.gold[i]);
      h.story.push_back(set.story[i]);
    }
    out.push_back(std::move(h));
  }
  return out;
}

ClusteringScores ScoreSet(const ClusteringSet& set, const ClusterOptions& options, bool incremental,
                          std::vector<int>* labels) {
  const auto ptrs = Ptrs(set.articles);
  const auto stories = incremental ? ClusterArticlesInDateOrder(ptrs, options, 0) : ClusterArticles(ptrs, options, 0);
  std::vector<int> predicted = Labels(stories, set.articles.size());
  ClusteringScores scores = ScoreClustering(set.gold, predicted);
  if (labels != nullptr) *labels = std::move(predicted);
  return scores;
}

std::string SameEventTrainingCommand(const SameEventTraining& options) {
  std::string out = "parallax train cluster --l2";
  for (std::size_t x = 0; x < options.l2.size(); ++x) {
    char l2[32];
    std::snprintf(l2, sizeof l2, "%s%g", x == 0 ? " " : ",", options.l2[x]);
    out += l2;
  }
  return out + " (tuning halves of events-dev, allsides, multinews)";
}

SameEventModel TrainSameEventModel(const std::vector<ClusteringSet>& sets, const SameEventTraining& options,
                                   const std::string& trained_on) {
  constexpr std::size_t kF = SameEventModel::kFeatures;
  constexpr std::size_t kD = kF + 1;  // the weights, then the bias
  // Every candidate pair of every set, weighted so that each set sums to 1.
  std::vector<std::array<double, kD>> rows;
  std::vector<double> label, weight;
  ClusterOptions cosine;  // candidates as the cosine clustering meets them
  cosine.same_event = nullptr;  // not the shipped model: training must not depend on it
  for (const ClusteringSet& set : sets) {
    const std::vector<CandidatePair> pairs = CandidatePairs(Ptrs(set.articles), cosine, options.threads);
    for (const CandidatePair& p : pairs) {
      std::array<double, kD> row{};
      for (std::size_t k = 0; k < kF; ++k) row[k] = p.features[k];
      row[kF] = 1.0;
      rows.push_back(row);
      label.push_back(set.gold[p.a] == set.gold[p.b] ? 1.0 : 0.0);
      weight.push_back(1.0 / static_cast<double>(pairs.size()));
    }
  }
  const double total = static_cast<double>(sets.size());
  auto fit = [&](double l2) {
    std::vector<double> w(kD, 0.0);
    for (int iteration = 0; iteration < 50; ++iteration) {
      std::vector<double> grad(kD, 0.0), hess(kD * kD, 0.0);
      for (std::size_t r = 0; r < rows.size(); ++r) {
        double z = 0;
        for (std::size_t k = 0; k < kD; ++k) z += w[k] * rows[r][k];
        const double p = 1.0 / (1.0 + std::exp(-z));
        const double g = weight[r] * (p - label[r]), h = weight[r] * std::max(p * (1 - p), 1e-12);
        for (std::size_t k = 0; k < kD; ++k) {
          grad[k] += g * rows[r][k];
          for (std::size_t l = 0; l < kD; ++l) hess[k * kD + l] += h * rows[r][k] * rows[r][l];
        }
      }
      for (std::size_t k = 0; k < kF; ++k) {
        grad[k] += l2 * total * w[k];
        hess[k * kD + k] += l2 * total;
      }
      const std::vector<double> step = SolveLinear(hess, grad);
      double change = 0;
      for (std::size_t k = 0; k < kD; ++k) {
        w[k] -= step[k];
        change = std::max(change, std::fabs(step[k]));
      }
      if (change < 1e-10) break;
    }
    return w;
  };
  // Today's clustering on each set: the model must beat it on every one.
  std::vector<double> cosine_f1;
  for (const ClusteringSet& set : sets) cosine_f1.push_back(ScoreSet(set, cosine, false).bcubed_f1);
  // Per penalty and threshold: the worst gain over the cosine among the
  // sets (the larger the better), then the mean F1 (ties: the earlier).
  SameEventModel model;
  model.trained_on = trained_on;
  double best_worst = -2, best_mean = -1;
  const int steps = static_cast<int>(std::floor((options.threshold_to - options.threshold_from) / options.threshold_step + 1e-9));
  for (double l2 : options.l2) {
    const std::vector<double> w = fit(l2);
    auto trial = std::make_shared<SameEventModel>();
    trial->weights.assign(w.begin(), w.begin() + kF);
    trial->bias = w[kF];
    for (int s = 0; s <= steps; ++s) {
      trial->threshold = options.threshold_from + s * options.threshold_step;
      ClusterOptions with;
      with.same_event = trial;
      double sum = 0, worst = 2;
      for (std::size_t x = 0; x < sets.size(); ++x) {
        const double f1 = ScoreSet(sets[x], with, false).bcubed_f1;
        sum += f1;
        worst = std::min(worst, f1 - cosine_f1[x]);
      }
      const double mean = sets.empty() ? 0 : sum / static_cast<double>(sets.size());
      if (worst > best_worst + 1e-12 || (std::fabs(worst - best_worst) <= 1e-12 && mean > best_mean + 1e-12)) {
        best_worst = worst;
        best_mean = mean;
        model.weights = trial->weights;
        model.bias = trial->bias;
        model.threshold = trial->threshold;
      }
    }
  }
  return model;
}

}  // namespace parallax
