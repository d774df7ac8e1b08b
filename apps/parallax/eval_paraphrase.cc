// parallax eval paraphrase: the "same statement?" decision for two
// sentences (analyze/paraphrase.h) on MRPC (accuracy, F1) and the STS
// Benchmark (Pearson and Spearman of the similarity score), with baselines
// and published systems in the same table. The logistic regression (and,
// with --trees, the boosted trees) is trained here on MRPC train only; the
// threshold is tuned on held-out predictions for train (10-fold
// cross-validation, optionally repeated over several fold assignments).

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <numeric>
#include <optional>
#include <utility>

#include "analyze/analyze.h"
#include "analyze/paraphrase.h"
#include "commands.h"
#include "eval/paraphrase_data.h"

namespace parallax::cli {
namespace {

struct Scores {
  double accuracy = 0, f1 = 0, precision = 0, recall = 0;
};

Scores Score(const std::vector<int>& gold, const std::vector<int>& predicted) {
  std::size_t tp = 0, fp = 0, fn = 0, correct = 0;
  for (std::size_t i = 0; i < gold.size(); ++i) {
    correct += gold[i] == predicted[i];
    tp += gold[i] && predicted[i];
    fp += !gold[i] && predicted[i];
    fn += gold[i] && !predicted[i];
  }
  Scores s;
  s.accuracy = gold.empty() ? 0 : double(correct) / double(gold.size());
  s.precision = tp + fp == 0 ? 0 : double(tp) / double(tp + fp);
  s.recall = tp + fn == 0 ? 0 : double(tp) / double(tp + fn);
  s.f1 = s.precision + s.recall == 0 ? 0 : 2 * s.precision * s.recall / (s.precision + s.recall);
  return s;
}

std::vector<int> Threshold(const std::vector<double>& score, double t) {
  std::vector<int> out;
  for (double s : score) out.push_back(s >= t ? 1 : 0);
  return out;
}

// Candidate thresholds: midway between adjacent observed scores.
std::vector<double> Midpoints(const std::vector<double>& score) {
  std::vector<double> sorted = score;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::vector<double> out;
  for (std::size_t i = 0; i + 1 < sorted.size(); ++i) out.push_back(0.5 * (sorted[i] + sorted[i + 1]));
  return out;
}

// The threshold with the best accuracy.
double BestThreshold(const std::vector<double>& score, const std::vector<int>& gold) {
  double best_t = 0.5, best_acc = -1;
  for (double t : Midpoints(score)) {
    const double acc = Score(gold, Threshold(score, t)).accuracy;
    if (acc > best_acc) {
      best_acc = acc;
      best_t = t;
    }
  }
  return best_t;
}

// The threshold with the best F1 among those whose accuracy is within
// `slack` of the best accuracy: F1 rewards recall, and near the accuracy
// optimum a lower threshold often buys recall for almost no accuracy.
double BestF1Threshold(const std::vector<double>& score, const std::vector<int>& gold, double slack) {
  const double best_acc = Score(gold, Threshold(score, BestThreshold(score, gold))).accuracy;
  double best_t = 0.5, best_f1 = -1;
  for (double t : Midpoints(score)) {
    const Scores s = Score(gold, Threshold(score, t));
    if (s.accuracy + 1e-12 >= best_acc - slack && s.f1 > best_f1) {
      best_f1 = s.f1;
      best_t = t;
    }
  }
  return best_t;
}

double Pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n, my = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0.0;
}

std::vector<double> Ranks(const std::vector<double>& x) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> rank(x.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j < order.size() && x[order[j]] == x[order[i]]) ++j;
    for (std::size_t k = i; k < j; ++k) rank[order[k]] = 0.5 * double(i + j - 1) + 1;
    i = j;
  }
  return rank;
}

double Spearman(const std::vector<double>& x, const std::vector<double>& y) { return Pearson(Ranks(x), Ranks(y)); }

// Cosine of plain averaged word vectors (no weights, no common direction
// removed): the "averaged word vectors" reference point.
double AverageCosine(const WordVectors& v, const PreparedSentence& a, const PreparedSentence& b) {
  const std::size_t d = static_cast<std::size_t>(v.dimensions());
  auto average = [&](const PreparedSentence& s) {
    std::vector<double> out(d, 0.0);
    for (const std::string& w : s.words) {
      if (const float* x = v.Find(w)) {
        for (std::size_t i = 0; i < d; ++i) out[i] += x[i];
      }
    }
    return out;
  };
  std::vector<double> x = average(a), y = average(b);
  double xy = 0, xx = 0, yy = 0;
  for (std::size_t i = 0; i < d; ++i) {
    xy += x[i] * y[i];
    xx += x[i] * x[i];
    yy += y[i] * y[i];
  }
  return xx > 0 && yy > 0 ? xy / std::sqrt(xx * yy) : 0.0;
}

constexpr std::size_t kFolds = 10;

// "0.05", "5", "0.5": the shortest text that reads back as v.
std::string FormatNumber(double v) {
  char buf[32];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

struct Variant {
  std::string name;
  std::unique_ptr<ParaphraseModel> model;
  Scores dev, test;
  double threshold = 0.5;
  bool word_weights = false;  // learn word weights from the training pairs (per fold)
};

// Word weights learned from the pairs `use` selects, and their features
// written into `x` for every pair (leave-one-out for the pairs counted).
std::shared_ptr<const WordWeights> LearnWordWeights(const std::vector<PreparedSentence>& a,
                                                    const std::vector<PreparedSentence>& b, const std::vector<int>& gold,
                                                    const std::function<bool(std::size_t)>& use,
                                                    std::vector<ParaphraseModel::Features>* x) {
  auto words = std::make_shared<WordWeights>();
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (use(i)) words->Add(a[i], b[i], gold[i] == 1);
  }
  words->Finish();
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto f = words->PairFeatures(a[i], b[i], use(i) ? gold[i] : -1);
    for (int k = 0; k < WordWeights::kPairFeatures; ++k) (*x)[i][ParaphraseModel::kBaseFeatures + k] = f[k];
  }
  return words;
}

}  // namespace

void RegisterEvalParaphrase(CLI::App& eval, int* exit_code) {
  struct Opts {
    std::string data_root = kDefaultDataRoot;
    std::string vectors = DefaultParaphraseVectorsPath();
    std::string learn;
    std::string learn_words;
    bool json = false;
    bool train_only = false;
    bool print_weights = false;
    double l2 = 10.0;
    double slack = 0.0;
    BoostedTrees::Options trees;
    int tree_count = 0;  // 0: logistic regression only
    double tree_share = 1.0;
    int repeats = 1;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = eval.add_subcommand(
      "paraphrase", "Same statement? Sentence pairs: MRPC test accuracy/F1 and STS Benchmark test correlations");
  cmd->add_option("--data", o->data_root, "Folder holding paraphrase/mrpc, paraphrase/stsbenchmark (and bulk/)")
      ->capture_default_str();
  cmd->add_option("--vectors", o->vectors, "Word vectors to use")->capture_default_str();
  cmd->add_option("--learn-vectors", o->learn,
                  "First learn word vectors from the bulk news under DATA/bulk and write them to this file "
                  "(then evaluate with them)");
  cmd->add_option("--learn-word-weights", o->learn_words,
                  "Write the model with word weights (TF-KLD counts) learned from MRPC train to this file; "
                  "analyze uses models/paraphrase-words.tsv (docs/facts.md gives the command that made the shipped one)");
  cmd->add_option("--l2", o->l2, "L2 penalty of the logistic regression")->capture_default_str();
  cmd->add_option("--accuracy-slack", o->slack,
                  "Threshold: best held-out F1 among thresholds within this much of the best held-out accuracy "
                  "(0: best accuracy)")
      ->capture_default_str();
  cmd->add_option("--trees", o->tree_count,
                  "Gradient-boosted trees: this many rounds (0: the logistic regression alone)")
      ->capture_default_str();
  cmd->add_option("--depth", o->trees.depth, "Depth of every boosted tree")->capture_default_str();
  cmd->add_option("--shrinkage", o->trees.shrinkage, "Boosting learning rate")->capture_default_str();
  cmd->add_option("--subsample", o->trees.subsample, "Share of the training pairs each tree sees")
      ->capture_default_str();
  cmd->add_option("--min-hessian", o->trees.min_hessian, "Least Hessian weight of a tree's child node")
      ->capture_default_str();
  cmd->add_option("--tree-share", o->tree_share,
                  "With --trees: weight of the trees' probability, averaged with the logistic regression's "
                  "(1: trees alone)")
      ->capture_default_str();
  cmd->add_option("--cv-repeats", o->repeats,
                  "Held-out figures averaged over this many assignments of the train pairs to the 10 folds "
                  "(the first: pair i in fold i % 10; the others hashed); the threshold is their mean")
      ->capture_default_str()
      ->check(CLI::Range(1, 20));
  cmd->add_flag("--train-only", o->train_only,
                "Report only the 10-fold held-out figures on MRPC train (for choosing settings without "
                "looking at the test split); skips STS");
  cmd->add_flag("--print-weights", o->print_weights, "Print the trained weights as C++ initialisers");
  cmd->add_flag("--json", o->json, "Print the scores as JSON");
  cmd->callback([o, exit_code] {
    *exit_code = kExitFatal;
    const std::string mrpc = o->data_root + "/paraphrase/mrpc";
    auto train = ReadMrpc(mrpc + "/msr_paraphrase_train.txt");
    auto test = ReadMrpc(mrpc + "/msr_paraphrase_test.txt");
    auto sts = ReadSts(o->data_root + "/paraphrase/stsbenchmark/sts-test.csv");
    for (const Status& s : {train.status(), test.status(), sts.status()}) {
      if (!s.ok()) {
        std::cerr << "parallax: " << s.message() << "\n";
        return;
      }
    }
    std::optional<WordVectors> vectors;
    if (!o->learn.empty()) {
      const auto start = std::chrono::steady_clock::now();
      auto texts = ReadBulkNews(o->data_root + "/bulk");
      if (!texts.ok()) {
        std::cerr << "parallax: " << texts.status().message() << "\n";
        return;
      }
      std::cerr << "learning word vectors from " << texts->size() << " bulk news documents\n";
      vectors = WordVectors::Learn(*texts, WordVectors::LearnOptions{},
                                   [](const std::string& m) { std::cerr << "  " << m << "\n"; });
      Status saved = vectors->Save(o->learn);
      if (!saved.ok()) {
        std::cerr << "parallax: " << saved.message() << "\n";
        return;
      }
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::cerr << "wrote " << o->learn << " (" << vectors->size() << " words, " << secs << " s)\n";
    } else {
      auto loaded = WordVectors::Load(o->vectors);
      if (loaded.ok()) vectors = std::move(*loaded);
      else std::cerr << "parallax: note: " << loaded.status().message() << "; vector features off\n";
    }

    std::vector<int> train_gold, test_gold;
    for (const auto& p : *train) {
      train_gold.push_back(p.score > 0.5);
    }
    for (const auto& p : *test) test_gold.push_back(p.score > 0.5);

    std::vector<Variant> variants;
    variants.push_back({"lexical features (no vectors)", std::make_unique<ParaphraseModel>(nullptr), {}, {}, 0.5});
    variants.push_back({"lexical + word weights (TF-KLD)",
                        std::make_unique<ParaphraseModel>(ParaphraseModel::WithWordWeights(nullptr)), {}, {}, 0.5, true});
    if (vectors) variants.push_back({"lexical + word vectors", std::make_unique<ParaphraseModel>(&*vectors), {}, {}, 0.5});
    std::vector<ParaphraseModel::Features> word_train_features, word_test_features;
    std::vector<PreparedSentence> sts_a, sts_b;
    for (Variant& v : variants) {
      std::vector<PreparedSentence> train_a, train_b, test_a, test_b;
      auto features = [&](const std::vector<SentencePair>& pairs, std::vector<PreparedSentence>* pa,
                          std::vector<PreparedSentence>* pb) {
        std::vector<ParaphraseModel::Features> out;
        for (const auto& p : pairs) {
          pa->push_back(v.model->Prepare(p.a));
          pb->push_back(v.model->Prepare(p.b));
          out.push_back(v.model->Compute(pa->back(), pb->back()));
        }
        return out;
      };
      std::vector<ParaphraseModel::Features> xtrain = features(*train, &train_a, &train_b),
                                             xtest = features(*test, &test_a, &test_b);
      if (word_train_features.empty()) {
        word_train_features = xtrain;
        word_test_features = xtest;
      }
      // Threshold: tuned on held-out predictions for all of train (10
      // folds: each tenth scored by a model trained on the other nine):
      // the best F1 within --accuracy-slack of the best accuracy. With
      // --cv-repeats the figures and the threshold are averaged over
      // several fold assignments, so that a setting is not chosen for the
      // luck of one split.
      const bool use_lr = o->tree_count == 0 || o->tree_share < 1;
      auto fit = [&](ParaphraseModel* m, const std::vector<ParaphraseModel::Features>& x, const std::vector<int>& y) {
        if (use_lr) m->Train(x, y, o->l2);
        if (o->tree_count > 0) {
          BoostedTrees::Options t = o->trees;
          t.trees = o->tree_count;
          m->TrainTrees(x, y, t);
          m->set_tree_share(o->tree_share);
        }
      };
      v.dev = Scores{};
      double threshold_sum = 0;
      for (int repeat = 0; repeat < o->repeats; ++repeat) {
        std::vector<std::size_t> fold_of(xtrain.size());
        for (std::size_t i = 0; i < fold_of.size(); ++i) fold_of[i] = i % kFolds;
        if (repeat > 0) {
          // A hashed order of the pairs, dealt round-robin: folds of equal size.
          std::vector<std::pair<std::uint64_t, std::size_t>> order;
          for (std::size_t i = 0; i < fold_of.size(); ++i) {
            std::uint64_t h = (static_cast<std::uint64_t>(repeat) << 32) ^ i;
            h = (h ^ (h >> 33)) * 0xff51afd7ed558ccdULL;
            h = (h ^ (h >> 33)) * 0xc4ceb9fe1a85ec53ULL;
            order.emplace_back(h ^ (h >> 33), i);
          }
          std::sort(order.begin(), order.end());
          for (std::size_t r = 0; r < order.size(); ++r) fold_of[order[r].second] = r % kFolds;
        }
        std::vector<double> heldout(xtrain.size());
        for (std::size_t fold = 0; fold < kFolds; ++fold) {
          // Word weights come from the nine training tenths only.
          std::vector<ParaphraseModel::Features> xfold = xtrain;
          if (v.word_weights) {
            LearnWordWeights(train_a, train_b, train_gold, [&](std::size_t i) { return fold_of[i] != fold; }, &xfold);
          }
          std::vector<ParaphraseModel::Features> xfit;
          std::vector<int> yfit;
          for (std::size_t i = 0; i < xfold.size(); ++i) {
            if (fold_of[i] == fold) continue;
            xfit.push_back(xfold[i]);
            yfit.push_back(train_gold[i]);
          }
          ParaphraseModel m = *v.model;
          fit(&m, xfit, yfit);
          for (std::size_t i = 0; i < xfold.size(); ++i) {
            if (fold_of[i] == fold) heldout[i] = m.Probability(xfold[i]);
          }
        }
        const double t = BestF1Threshold(heldout, train_gold, o->slack);
        const Scores s = Score(train_gold, Threshold(heldout, t));
        threshold_sum += t;
        v.dev.accuracy += s.accuracy / o->repeats;
        v.dev.f1 += s.f1 / o->repeats;
        v.dev.precision += s.precision / o->repeats;
        v.dev.recall += s.recall / o->repeats;
      }
      v.threshold = threshold_sum / o->repeats;
      // Final model: all of train, the tuned threshold.
      if (v.word_weights) {
        auto words = LearnWordWeights(train_a, train_b, train_gold, [](std::size_t) { return true; }, &xtrain);
        *v.model = ParaphraseModel::WithWordWeights(words);
        for (std::size_t i = 0; i < xtest.size(); ++i) xtest[i] = v.model->Compute(test_a[i], test_b[i]);
      }
      fit(v.model.get(), xtrain, train_gold);
      v.model->set_threshold(v.threshold);
      if (v.word_weights && !o->learn_words.empty()) {
        // The options that shape the model, for the file's header.
        std::string how = "parallax eval paraphrase";
        if (o->repeats != 1) how += " --cv-repeats " + std::to_string(o->repeats);
        if (o->l2 != 10.0) how += " --l2 " + FormatNumber(o->l2);
        if (o->slack != 0.0) how += " --accuracy-slack " + FormatNumber(o->slack);
        if (o->tree_count > 0) {
          const BoostedTrees::Options defaults;
          how += " --trees " + std::to_string(o->tree_count);
          if (o->trees.depth != defaults.depth) how += " --depth " + std::to_string(o->trees.depth);
          if (o->trees.shrinkage != defaults.shrinkage) how += " --shrinkage " + FormatNumber(o->trees.shrinkage);
          if (o->trees.subsample != defaults.subsample) how += " --subsample " + FormatNumber(o->trees.subsample);
          if (o->trees.min_hessian != defaults.min_hessian) how += " --min-hessian " + FormatNumber(o->trees.min_hessian);
          if (o->tree_share != 1.0) how += " --tree-share " + FormatNumber(o->tree_share);
        }
        how += " --learn-word-weights FILE";
        Status saved = v.model->Save(o->learn_words, how);
        if (!saved.ok()) {
          std::cerr << "parallax: " << saved.message() << "\n";
          return;
        }
        std::cerr << "wrote " << o->learn_words << " (" << v.model->word_weights()->size() << " terms)\n";
      }
      if (o->print_weights) std::cerr << v.name << ":\n" << v.model->DescribeWeights();
      if (o->train_only) continue;
      std::vector<double> ptest;
      for (const auto& f : xtest) ptest.push_back(v.model->Probability(f));
      v.test = Score(test_gold, Threshold(ptest, v.threshold));
    }
    if (o->train_only) {
      for (const Variant& v : variants) {
        std::printf("MRPC train, 10-fold held out, %s: acc %.2f, F1 %.2f (P %.1f, R %.1f), threshold %.3f\n",
                    v.name.c_str(), 100 * v.dev.accuracy, 100 * v.dev.f1, 100 * v.dev.precision, 100 * v.dev.recall,
                    v.threshold);
      }
      *exit_code = kExitOk;
      return;
    }
    // Baselines: always "same"; word overlap (Dice of the word sets) with
    // its threshold tuned on train.
    const Scores always = Score(test_gold, std::vector<int>(test_gold.size(), 1));
    std::vector<double> overlap_train, overlap_test;
    for (const auto& f : word_train_features) overlap_train.push_back(f[3]);
    for (const auto& f : word_test_features) overlap_test.push_back(f[3]);
    const double overlap_t = BestThreshold(overlap_train, train_gold);
    const Scores overlap = Score(test_gold, Threshold(overlap_test, overlap_t));
    // The shipped model (DefaultParaphraseModel), as analyze uses it.
    const ParaphraseModel& shipped = DefaultParaphraseModel();
    std::vector<double> pshipped;
    for (const auto& p : *test) pshipped.push_back(shipped.Probability(shipped.Prepare(p.a), shipped.Prepare(p.b)));
    const Scores shipped_scores = Score(test_gold, Threshold(pshipped, shipped.threshold()));
    // analyze joins facts at a higher threshold (a wrong join costs more
    // than a missed one there); shown for information, not tuned on MRPC.
    const AnalyzeOptions analyze_defaults;
    const double analyze_t = ParaphraseJoinThreshold(analyze_defaults);
    const Scores analyze_scores = Score(test_gold, Threshold(pshipped, analyze_t));

    // STS Benchmark test: correlations of each similarity score with gold.
    const Variant& best = variants.back();
    std::vector<double> gold, s_overlap, s_avg, s_sif, s_model;
    std::vector<bool> news;
    for (const auto& p : *sts) {
      PreparedSentence a = best.model->Prepare(p.a), b = best.model->Prepare(p.b);
      const ParaphraseModel::Features f = best.model->Compute(a, b);
      gold.push_back(p.score);
      s_overlap.push_back(f[3]);
      s_avg.push_back(vectors ? AverageCosine(*vectors, a, b) : 0.0);
      s_sif.push_back(f[14]);
      s_model.push_back(best.model->Probability(f));
      news.push_back(p.id1.rfind("main-news", 0) == 0);
    }
    struct Corr {
      std::string name;
      double pearson, spearman;
    };
    std::vector<Corr> corr = {{"word overlap (Dice)", Pearson(s_overlap, gold), Spearman(s_overlap, gold)}};
    if (vectors) {
      corr.push_back({"averaged word vectors, cosine", Pearson(s_avg, gold), Spearman(s_avg, gold)});
      corr.push_back({"SIF-weighted vectors, cosine", Pearson(s_sif, gold), Spearman(s_sif, gold)});
    }
    corr.push_back({"paraphrase model probability (MRPC-trained)", Pearson(s_model, gold), Spearman(s_model, gold)});

    if (o->json) {
      nlohmann::ordered_json j;
      auto sj = [](const Scores& s) {
        return nlohmann::ordered_json{{"accuracy", s.accuracy}, {"f1", s.f1}, {"precision", s.precision}, {"recall", s.recall}};
      };
      j["mrpc_test"]["always_same"] = sj(always);
      j["mrpc_test"]["word_overlap"] = sj(overlap);
      j["mrpc_test"]["word_overlap"]["threshold"] = overlap_t;
      for (const Variant& v : variants) {
        j["mrpc_test"][v.name] = sj(v.test);
        j["mrpc_test"][v.name]["threshold"] = v.threshold;
        j["mrpc_train_10fold"][v.name] = sj(v.dev);
      }
      j["mrpc_test"]["shipped model"] = sj(shipped_scores);
      j["mrpc_test"]["shipped model"]["vectors"] = shipped.has_vectors();
      j["analyze_operating_point"] = sj(analyze_scores);
      j["analyze_operating_point"]["threshold"] = analyze_t;
      j["analyze_operating_point"]["false_join_cost"] = analyze_defaults.paraphrase_false_join_cost;
      for (const Corr& c : corr) j["sts_test"][c.name] = {{"pearson", c.pearson}, {"spearman", c.spearman}};
      std::cout << j.dump(2) << "\n";
      *exit_code = kExitOk;
      return;
    }
    std::printf("MRPC test (1,725 pairs; trained on the 4,076 train pairs, threshold tuned on 10-fold held-out "
                "predictions for train)\n");
    std::printf("  %-52s %7s %7s %7s %7s\n", "system", "acc", "F1", "P", "R");
    auto row = [](const std::string& name, const Scores& s) {
      std::printf("  %-52s %7.1f %7.1f %7.1f %7.1f\n", name.c_str(), 100 * s.accuracy, 100 * s.f1, 100 * s.precision,
                  100 * s.recall);
    };
    row("always \"same\"", always);
    char buf[96];
    std::snprintf(buf, sizeof buf, "word overlap >= %.3f (threshold tuned on train)", overlap_t);
    row(buf, overlap);
    for (const Variant& v : variants) {
      std::snprintf(buf, sizeof buf, "parallax: %s, p >= %.3f", v.name.c_str(), v.threshold);
      row(buf, v.test);
    }
    row(std::string("parallax: shipped model (") + (shipped.has_vectors() ? "with" : "no") + " vectors, as analyze uses it)",
        shipped_scores);
    std::printf("  published: Mihalcea et al. 2006 (unsupervised)                70.3    81.3\n");
    std::printf("  published: Wan et al. 2006 (dependency features, SVM)          75.6    83.0\n");
    std::printf("  published: Madnani et al. 2012 (MT metrics)                    77.4    84.1\n");
    std::printf("  published: Ji & Eisenstein 2013 (TF-KLD + SVM)                 80.4    85.9\n");
    std::printf("  published: BERT-base (GLUE test)                                  -    88.9\n");
    for (const Variant& v : variants) {
      std::printf("  (train, 10-fold held out, %s: acc %.1f, F1 %.1f)\n", v.name.c_str(), 100 * v.dev.accuracy, 100 * v.dev.f1);
    }
    std::printf("  (analyze operating point, not tuned: shipped model at p >= %.3f, its threshold's odds x %g "
                "for the cost of a wrong join: acc %.1f, F1 %.1f, P %.1f, R %.1f)\n",
                analyze_t, analyze_defaults.paraphrase_false_join_cost, 100 * analyze_scores.accuracy,
                100 * analyze_scores.f1, 100 * analyze_scores.precision, 100 * analyze_scores.recall);
    std::printf("\nSTS Benchmark test (1,379 pairs), correlation x 100 of each score with the gold 0-5 similarity\n");
    std::printf("  %-52s %8s %8s\n", "score", "Pearson", "Spearman");
    for (const Corr& c : corr) std::printf("  %-52s %8.1f %8.1f\n", c.name.c_str(), 100 * c.pearson, 100 * c.spearman);
    std::printf("  published: averaged word2vec (Pearson, fse)                    61.5\n");
    std::printf("  published: averaged GloVe (Spearman, sentence-transformers)             58.0\n");
    std::printf("  published: SIF word2vec / GloVe (Pearson, fse)                 71.1 / 71.4\n");
    std::printf("  (STS-B test holds 127 MRPC-train pairs, so the MRPC-trained model's row is not fully held out)\n");
    *exit_code = kExitOk;
  });
}

}  // namespace parallax::cli
