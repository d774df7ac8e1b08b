// parallax train quotes: the quote-or-not decision (analyze/quotes_model.h)
// from PolNeAR train; prints what it keeps and drops on train
// (cross-validated by article) and on both halves of dev. docs/quality.md
// gives the command that wrote models/quotes.model.

#include <cstdio>
#include <iostream>
#include <memory>

#include "commands.h"
#include "eval/polnear_speakers.h"

namespace parallax::cli {
namespace {

void PrintFilter(const char* what, const QuoteFilterFigures& f) {
  std::printf("  %-34s gold quotes kept %zu, dropped %zu; false alarms kept %zu, dropped %zu\n", what, f.kept_quotes,
              f.dropped_quotes, f.kept_other, f.dropped_other);
}

}  // namespace

void RegisterTrainQuotes(CLI::App& train, int* exit_code) {
  struct Opts {
    std::string data_root = kDefaultDataRoot;
    std::string out;
    int folds = 5;
    int details = 0;
    QuoteTrainOptions learn;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = train.add_subcommand("quotes", "Train the quote-or-not decision on PolNeAR train's gold direct quotes");
  cmd->add_option("--data", o->data_root, "Folder holding quotes/polnear/data/<split>/{text,attributions}")
      ->capture_default_str();
  cmd->add_option("-o,--output", o->out, "Model file to write (models/quotes.model); none: only print figures");
  cmd->add_option("--folds", o->folds, "Cross-validation folds on train (by article); 0: skip")->capture_default_str();
  cmd->add_flag("--details", o->details,
                "List the train quotations the cross-validated model drops (twice: every quotation's features)");
  cmd->add_option("--trees", o->learn.trees.trees, "Boosting rounds")->capture_default_str();
  cmd->add_option("--depth", o->learn.trees.depth, "Tree depth")->capture_default_str();
  cmd->add_option("--shrinkage", o->learn.trees.shrinkage, "Learning rate")->capture_default_str();
  cmd->add_option("--bar", o->learn.bar, "Probability a quotation needs to stay")->capture_default_str();
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
    const QuoteModel model = TrainQuoteModel(train_ex, o->learn);
    std::printf("Quote or not (bar %.2f): quotations of three or more words\n", o->learn.bar);
    if (o->folds >= 2) {
      std::vector<double> p;
      const QuoteFilterFigures cv = CrossValidateQuotes(train_ex, o->folds, o->learn, &p);
      PrintFilter("train, none dropped", ScoreQuoteFilter(train_ex, nullptr));
      PrintFilter("train, cross-validated by article", cv);
      for (std::size_t i = 0; o->details && i < train_ex.size(); ++i) {
        const LabelledSpeakerChoice& l = train_ex[i];
        if (p[i] < 0) continue;
        if (o->details > 1) {  // --details twice: every quotation with its features
          std::printf("ROW\t%d\t%.3f", l.is_quote ? 1 : 0, p[i]);
          for (double v : l.choice.quote_features) std::printf("\t%.3g", v);
          std::printf("\n");
        }
        if (p[i] >= o->learn.bar) continue;
        std::string quote;
        for (const PolnearArticle& a : sets->train_articles) {
          if (a.id == l.choice.article_id) quote = a.text.substr(l.raw.begin, std::min<std::size_t>(l.raw.size(), 120));
        }
        for (char& ch : quote) {
          if (ch == '\n') ch = '|';
        }
        std::printf("DROP %s %.3f %s | \"%s\"\n", l.is_quote ? "GOLD " : "false", p[i], l.choice.article_id.c_str(),
                    quote.c_str());
      }
    }
    PrintFilter("train, training fit", ScoreQuoteFilter(train_ex, &model));
    PrintFilter("dev tuning half, none dropped", ScoreQuoteFilter(tuning, nullptr));
    PrintFilter("dev tuning half", ScoreQuoteFilter(tuning, &model));
    PrintFilter("dev validation half, none dropped", ScoreQuoteFilter(validation, nullptr));
    PrintFilter("dev validation half", ScoreQuoteFilter(validation, &model));
    *exit_code = errors.empty() ? kExitOk : kExitInputErrors;
    if (!o->out.empty()) {
      const int rc = WriteOutput(o->out, model.Serialise());
      if (rc != kExitOk) *exit_code = rc;
    }
  });
}

}  // namespace parallax::cli
