#pragma once
// Training and scoring the speaker ranking (analyze/speakers.h) on PolNeAR.
//
//   auto train = LoadPolnear(root, "train", &errors);
//   std::vector<LabelledSpeakerChoice> ex = LabelAll(*train);
//   SpeakerModel m = TrainSpeakerModel(ex, SpeakerTrainOptions{});
//   SpeakerFigures f = ScoreSpeakers(ex, &m);            // null model: the rules' pick
//   SpeakerFigures cv = CrossValidateSpeakers(ex, 5, {}); // held-out-like figure on train
//
// Training rows are the candidates of judged quotes (label 1: the gold
// source's name word is in the candidate), fitted by boosted trees with
// fixed options and seed: the same data give the same model, byte for
// byte. Cross-validation folds are a hash of the article id (FNV-1a mod k),
// so an article's quotes never sit on both sides.
//
// Thread safety: pure functions.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "analyze/boosting.h"
#include "analyze/quotes_model.h"
#include "analyze/speakers.h"
#include "eval/polnear.h"

namespace parallax {

struct SpeakerTrainOptions {
  BoostedTrees::Options trees = [] {
    BoostedTrees::Options o;
    o.trees = 300;
    o.depth = 3;
    o.shrinkage = 0.1;
    return o;
  }();
  // Train only on quotes with at least one right candidate.
  bool reachable_only = false;
  // SpeakerModel::Pick's bar for a speaker the rules did not find.
  double min_unruled = 0.5;
};

// Every article's choices, labelled (LabelSpeakerChoices), in order;
// `keep` (optional) selects articles by id.
std::vector<LabelledSpeakerChoice> LabelAll(const std::vector<PolnearArticle>& articles,
                                            const std::function<bool(const std::string&)>& keep = nullptr);

// PolNeAR's train split and dev's two halves (InTuningHalf of the article
// id), loaded from `polnear_root` (.../quotes/polnear) and labelled: what
// `parallax train speakers` and `train quotes` learn from and report on.
struct PolnearSpeakerSets {
  std::vector<PolnearArticle> train_articles;
  std::vector<LabelledSpeakerChoice> train, tuning, validation;
};
Result<PolnearSpeakerSets> LoadSpeakerSets(const std::string& polnear_root, std::vector<InputError>* errors);

SpeakerModel TrainSpeakerModel(const std::vector<LabelledSpeakerChoice>& examples, const SpeakerTrainOptions& options);

struct SpeakerFigures {
  std::size_t judged = 0;   // judged quotes
  std::size_t correct = 0;  // whose picked candidate matches the gold
  std::size_t reachable = 0;  // with at least one matching candidate (the ranking's ceiling)
  double Accuracy() const { return judged == 0 ? 0.0 : static_cast<double>(correct) / static_cast<double>(judged); }
};

// The model's pick (the rules' pick when `model` is null) on judged quotes.
SpeakerFigures ScoreSpeakers(const std::vector<LabelledSpeakerChoice>& examples, const SpeakerModel* model,
                             double min_unruled = 0.5);

// k-fold figure: each fold scored by a model trained on the others.
// `picks` (optional) receives, per example, the index the held-out model
// picked (npos: none, or not judged), for error analysis.
SpeakerFigures CrossValidateSpeakers(const std::vector<LabelledSpeakerChoice>& examples, int folds,
                                     const SpeakerTrainOptions& options, std::vector<std::size_t>* picks = nullptr);

// Quote or not (analyze/quotes_model.h), trained on the same examples:
// rows are the quotations eval quotes counts (LabelledSpeakerChoice::
// counted), label is_quote.
struct QuoteTrainOptions {
  BoostedTrees::Options trees = [] {
    BoostedTrees::Options o;
    o.trees = 200;
    o.depth = 3;
    o.shrinkage = 0.05;
    return o;
  }();
  double bar = 0.2;  // QuoteModel's bar: a quotation below it is left out
};

QuoteModel TrainQuoteModel(const std::vector<LabelledSpeakerChoice>& examples, const QuoteTrainOptions& options);

struct QuoteFilterFigures {
  std::size_t kept_quotes = 0, dropped_quotes = 0;  // gold direct quotes kept / wrongly left out
  std::size_t kept_other = 0, dropped_other = 0;    // false alarms kept / rightly left out
};

// What the model keeps and drops of the counted quotations (null: keeps all).
QuoteFilterFigures ScoreQuoteFilter(const std::vector<LabelledSpeakerChoice>& examples, const QuoteModel* model);

// k-fold figure by article, as CrossValidateSpeakers; `probability`
// (optional) receives per example the held-out model's probability (-1:
// not counted).
QuoteFilterFigures CrossValidateQuotes(const std::vector<LabelledSpeakerChoice>& examples, int folds,
                                       const QuoteTrainOptions& options, std::vector<double>* probability = nullptr);

}  // namespace parallax
