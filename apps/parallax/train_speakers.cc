// parallax train speakers: the quote speaker ranking (analyze/speakers.h)
// from PolNeAR train; prints the rules' and the model's speaker accuracy
// on train (cross-validated by article) and on both halves of dev.
// docs/quality.md gives the command that wrote models/speakers.model.

#include <cstdio>
#include <iostream>
#include <memory>

#include "commands.h"
#include "eval/polnear_speakers.h"

namespace parallax::cli {
namespace {

void PrintFigures(const char* what, const SpeakerFigures& rules, const SpeakerFigures& model) {
  std::printf("  %-34s rules %.3f (%zu/%zu)  model %.3f (%zu/%zu)  ceiling %.3f\n", what, rules.Accuracy(),
              rules.correct, rules.judged, model.Accuracy(), model.correct, model.judged,
              rules.judged ? static_cast<double>(rules.reachable) / static_cast<double>(rules.judged) : 0.0);
}

}  // namespace

void RegisterTrainSpeakers(CLI::App& train, int* exit_code) {
  struct Opts {
    std::string data_root = kDefaultDataRoot;
    std::string out;
    int folds = 5;
    bool details = false;
    SpeakerTrainOptions learn;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = train.add_subcommand("speakers", "Train the quote speaker ranking on PolNeAR train");
  cmd->add_option("--data", o->data_root, "Folder holding quotes/polnear/data/<split>/{text,attributions}")
      ->capture_default_str();
  cmd->add_option("-o,--output", o->out, "Model file to write (models/speakers.model); none: only print figures");
  cmd->add_option("--folds", o->folds, "Cross-validation folds on train (by article); 0: skip")->capture_default_str();
  cmd->add_flag("--details", o->details, "List the train quotes the cross-validated model gets wrong, with candidates");
  cmd->add_option("--trees", o->learn.trees.trees, "Boosting rounds")->capture_default_str();
  cmd->add_option("--depth", o->learn.trees.depth, "Tree depth")->capture_default_str();
  cmd->add_option("--shrinkage", o->learn.trees.shrinkage, "Learning rate")->capture_default_str();
  cmd->add_flag("--reachable-only", o->learn.reachable_only,
                "Train only on quotes with at least one right candidate");
  cmd->add_option("--min-unruled", o->learn.min_unruled,
                  "Probability a candidate needs when the rules found no speaker")
      ->capture_default_str();
  cmd->callback([o, exit_code] {
    std::vector<InputError> errors;
    const std::string root = o->data_root + "/quotes/polnear";
    auto sets = LoadSpeakerSets(root, &errors);
    if (!sets.ok()) {
      std::cerr << "parallax: " << sets.status().message() << "\n";
      *exit_code = kExitFatal;
      return;
    }
    PrintErrors(errors);
    const std::vector<LabelledSpeakerChoice>& train_ex = sets->train;
    const std::vector<LabelledSpeakerChoice>& tuning = sets->tuning;
    const std::vector<LabelledSpeakerChoice>& validation = sets->validation;
    const SpeakerModel model = TrainSpeakerModel(train_ex, o->learn);
    std::printf("Speaker ranking: %zu train quotes with candidates; judged quotes (gold source holds a name):\n",
                train_ex.size());
    const double mu = o->learn.min_unruled;
    if (o->folds >= 2) {
      std::vector<std::size_t> picks;
      const SpeakerFigures cv = CrossValidateSpeakers(train_ex, o->folds, o->learn, &picks);
      PrintFigures("train, cross-validated by article", ScoreSpeakers(train_ex, nullptr), cv);
      for (std::size_t i = 0; o->details && i < train_ex.size(); ++i) {
        const LabelledSpeakerChoice& l = train_ex[i];
        const std::size_t k = picks[i] < l.labels.size() ? picks[i] : l.choice.rule_pick;
        if (!l.judged || (k < l.labels.size() && l.labels[k] == 1)) continue;
        std::string context;
        for (const PolnearArticle& a : sets->train_articles) {
          if (a.id != l.choice.article_id) continue;
          const std::size_t b = l.raw.begin > 200 ? l.raw.begin - 200 : 0;
          context = a.text.substr(b, std::min<std::size_t>(a.text.size(), l.raw.end + 120) - b);
        }
        for (char& ch : context) {
          if (ch == '\n') ch = '|';
        }
        std::printf("WRONG %s | gold %s\n   %s\n", l.choice.article_id.c_str(), l.gold_speaker.c_str(), context.c_str());
        for (std::size_t c = 0; c < l.choice.candidates.size(); ++c) {
          const SpeakerCandidate& cand = l.choice.candidates[c];
          std::printf("   %s%s%s %-30s", c == k ? ">" : " ", c == l.choice.rule_pick ? "R" : " ", l.labels[c] ? "+" : " ",
                      cand.name.c_str());
          for (int f = 0; f < kSpeakerFeatureCount; ++f) {
            if (cand.features[f] != 0) std::printf(" %s=%.3g", SpeakerFeatureName(f), cand.features[f]);
          }
          std::printf("\n");
        }
      }
    }
    PrintFigures("train, training fit", ScoreSpeakers(train_ex, nullptr), ScoreSpeakers(train_ex, &model, mu));
    PrintFigures("dev tuning half", ScoreSpeakers(tuning, nullptr), ScoreSpeakers(tuning, &model, mu));
    PrintFigures("dev validation half", ScoreSpeakers(validation, nullptr), ScoreSpeakers(validation, &model, mu));
    *exit_code = errors.empty() ? kExitOk : kExitInputErrors;
    if (!o->out.empty()) {
      const int rc = WriteOutput(o->out, model.Serialise());
      if (rc != kExitOk) *exit_code = rc;
    }
  });
}

}  // namespace parallax::cli
