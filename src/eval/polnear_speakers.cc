#include "eval/polnear_speakers.h"

#include <algorithm>

#include "core/hash.h"
#include "core/split.h"

namespace parallax {

std::vector<LabelledSpeakerChoice> LabelAll(const std::vector<PolnearArticle>& articles,
                                            const std::function<bool(const std::string&)>& keep) {
  std::vector<LabelledSpeakerChoice> out;
  for (const PolnearArticle& a : articles) {
    if (keep && !keep(a.id)) continue;
    for (LabelledSpeakerChoice& l : LabelSpeakerChoices(a)) out.push_back(std::move(l));
  }
  return out;
}

Result<PolnearSpeakerSets> LoadSpeakerSets(const std::string& polnear_root, std::vector<InputError>* errors) {
  auto train = LoadPolnear(polnear_root, "train", errors);
  if (!train.ok()) return train.status();
  auto dev = LoadPolnear(polnear_root, "dev", errors);
  if (!dev.ok()) return dev.status();
  PolnearSpeakerSets sets;
  sets.train = LabelAll(*train);
  sets.tuning = LabelAll(*dev, [](const std::string& id) { return InTuningHalf(id); });
  sets.validation = LabelAll(*dev, [](const std::string& id) { return !InTuningHalf(id); });
  sets.train_articles = std::move(*train);
  return sets;
}

SpeakerModel TrainSpeakerModel(const std::vector<LabelledSpeakerChoice>& examples, const SpeakerTrainOptions& options) {
  std::vector<std::vector<double>> rows;
  std::vector<int> labels;
  for (const LabelledSpeakerChoice& l : examples) {
    if (!l.judged) continue;
    // A quote none of whose candidates is right teaches nothing about
    // ranking them (the gold source is a description or an outlet the
    // candidates miss): left out.
    if (options.reachable_only && std::find(l.labels.begin(), l.labels.end(), 1) == l.labels.end()) continue;
    for (std::size_t k = 0; k < l.choice.candidates.size(); ++k) {
      rows.push_back(l.choice.candidates[k].features);
      labels.push_back(l.labels[k]);
    }
  }
  return SpeakerModel(BoostedTrees::Fit(rows, labels, options.trees));
}

SpeakerFigures ScoreSpeakers(const std::vector<LabelledSpeakerChoice>& examples, const SpeakerModel* model,
                             double min_unruled) {
  SpeakerFigures f;
  for (const LabelledSpeakerChoice& l : examples) {
    if (!l.judged) continue;
    ++f.judged;
    bool any = false;
    for (int y : l.labels) any = any || y == 1;
    f.reachable += any;
    std::size_t k = l.choice.rule_pick;
    if (model != nullptr) {
      const std::size_t m = model->Pick(l.choice, min_unruled);
      if (m < l.choice.candidates.size()) k = m;
    }
    f.correct += k < l.labels.size() && l.labels[k] == 1;
  }
  return f;
}

SpeakerFigures CrossValidateSpeakers(const std::vector<LabelledSpeakerChoice>& examples, int folds,
                                     const SpeakerTrainOptions& options, std::vector<std::size_t>* picks) {
  SpeakerFigures total;
  if (picks != nullptr) picks->assign(examples.size(), static_cast<std::size_t>(-1));
  if (folds < 2) return total;
  auto fold_of = [folds](const std::string& id) { return static_cast<int>(Fnv1a64(id) % static_cast<std::uint64_t>(folds)); };
  for (int k = 0; k < folds; ++k) {
    std::vector<LabelledSpeakerChoice> train, test;
    for (const LabelledSpeakerChoice& l : examples) (fold_of(l.choice.article_id) == k ? test : train).push_back(l);
    const SpeakerModel m = TrainSpeakerModel(train, options);
    if (picks != nullptr) {
      for (std::size_t i = 0; i < examples.size(); ++i) {
        if (fold_of(examples[i].choice.article_id) == k && examples[i].judged) {
          (*picks)[i] = m.Pick(examples[i].choice, options.min_unruled);
        }
      }
    }
    const SpeakerFigures f = ScoreSpeakers(test, &m, options.min_unruled);
    total.judged += f.judged;
    total.correct += f.correct;
    total.reachable += f.reachable;
  }
  return total;
}

QuoteModel TrainQuoteModel(const std::vector<LabelledSpeakerChoice>& examples, const QuoteTrainOptions& options) {
  std::vector<std::vector<double>> rows;
  std::vector<int> labels;
  for (const LabelledSpeakerChoice& l : examples) {
    if (!l.counted || l.choice.quote_features.empty()) continue;
    rows.push_back(l.choice.quote_features);
    labels.push_back(l.is_quote ? 1 : 0);
  }
  return QuoteModel(BoostedTrees::Fit(rows, labels, options.trees), options.bar);
}

QuoteFilterFigures ScoreQuoteFilter(const std::vector<LabelledSpeakerChoice>& examples, const QuoteModel* model) {
  QuoteFilterFigures f;
  for (const LabelledSpeakerChoice& l : examples) {
    if (!l.counted || l.choice.quote_features.empty()) continue;
    const bool keep = model == nullptr || model->Keep(l.choice.quote_features);
    (l.is_quote ? (keep ? f.kept_quotes : f.dropped_quotes) : (keep ? f.kept_other : f.dropped_other)) += 1;
  }
  return f;
}

QuoteFilterFigures CrossValidateQuotes(const std::vector<LabelledSpeakerChoice>& examples, int folds,
                                       const QuoteTrainOptions& options, std::vector<double>* probability) {
  QuoteFilterFigures total;
  if (probability != nullptr) probability->assign(examples.size(), -1.0);
  if (folds < 2) return total;
  auto fold_of = [folds](const std::string& id) { return static_cast<int>(Fnv1a64(id) % static_cast<std::uint64_t>(folds)); };
  for (int k = 0; k < folds; ++k) {
    std::vector<LabelledSpeakerChoice> train, test;
    for (const LabelledSpeakerChoice& l : examples) (fold_of(l.choice.article_id) == k ? test : train).push_back(l);
    const QuoteModel m = TrainQuoteModel(train, options);
    if (probability != nullptr) {
      for (std::size_t i = 0; i < examples.size(); ++i) {
        const LabelledSpeakerChoice& l = examples[i];
        if (fold_of(l.choice.article_id) == k && l.counted && !l.choice.quote_features.empty()) {
          (*probability)[i] = m.Probability(l.choice.quote_features);
        }
      }
    }
    const QuoteFilterFigures f = ScoreQuoteFilter(test, &m);
    total.kept_quotes += f.kept_quotes;
    total.dropped_quotes += f.dropped_quotes;
    total.kept_other += f.kept_other;
    total.dropped_other += f.dropped_other;
  }
  return total;
}

}  // namespace parallax
