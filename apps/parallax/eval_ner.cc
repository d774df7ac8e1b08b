// parallax eval ner: the trained tagger (or, with --rules, the rule-based
// name finder) on CoNLL-2003 English, scored entity by entity as conlleval
// does.

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "commands.h"
#include "eval/ner_eval.h"

namespace parallax::cli {
namespace {

nlohmann::ordered_json CountsJson(const ChunkCounts& c) {
  return {{"gold", c.gold},           {"predicted", c.predicted}, {"correct", c.correct},
          {"precision", c.Precision()}, {"recall", c.Recall()},     {"f1", c.F1()}};
}

void PrintTable(const std::string& split, const ConllCorpus& corpus, const ConllScores& s) {
  std::printf("%s: %zu documents, %zu sentences, %zu tokens, token accuracy %.2f%%\n", split.c_str(),
              corpus.documents.size(), corpus.sentences, s.tokens, 100 * s.Accuracy());
  std::printf("  %-8s %8s %8s %8s %8s %8s %8s\n", "type", "P", "R", "F1", "gold", "found", "correct");
  auto row = [](const std::string& name, const ChunkCounts& c) {
    std::printf("  %-8s %8.2f %8.2f %8.2f %8zu %8zu %8zu\n", name.c_str(), 100 * c.Precision(), 100 * c.Recall(),
                100 * c.F1(), c.gold, c.predicted, c.correct);
  };
  for (const auto& [type, c] : s.by_type) row(type, c);
  row("overall", s.overall);
}

}  // namespace

void RegisterEvalNer(CLI::App& eval, int* exit_code) {
  struct Opts {
    std::string data_root = kDefaultDataRoot;
    std::string split = "both";
    bool json = false;
    bool prose = false;
    bool mention_types = false;
    bool rules = false;
    std::string model = DefaultNerModelPath();
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = eval.add_subcommand("ner", "Name finding on CoNLL-2003 English: entity-level precision/recall/F1 (conlleval)");
  cmd->add_option("--data", o->data_root, "Folder holding ner/conll2003/eng.testa and eng.testb")->capture_default_str();
  cmd->add_option("--split", o->split, "testa (development), testb (test) or both")
      ->check(CLI::IsMember({"testa", "testb", "both"}))
      ->capture_default_str();
  cmd->add_flag("--json", o->json, "Print the scores as JSON");
  cmd->add_flag("--prose-spacing", o->prose,
                "Rebuild each document as ordinary prose (\"Clinton's\", \"(AP)\") instead of tokens joined by single "
                "spaces");
  cmd->add_flag("--mention-types", o->mention_types,
                "Type each mention on its own instead of by the story entity it merges into");
  cmd->add_option("--model", o->model, "Trained tagger model")->capture_default_str();
  cmd->add_flag("--rules", o->rules, "Score the rule-based name finder instead of the trained tagger");
  cmd->callback([o, exit_code] {
    std::optional<NerModel> model;
    if (!o->rules) {
      auto loaded = NerModel::Load(o->model);
      if (!loaded.ok()) {
        std::cerr << "parallax: " << loaded.status().message() << "\n";
        *exit_code = kExitFatal;
        return;
      }
      model = std::move(*loaded);
    }
    NerOptions options;
    options.natural_spacing = o->prose;
    options.story_typing = !o->mention_types;
    std::vector<std::string> splits;
    if (o->split == "both" || o->split == "testa") splits.push_back("testa");
    if (o->split == "both" || o->split == "testb") splits.push_back("testb");
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    if (!o->json) {
      if (model) {
        std::printf("CoNLL-2003 English NER, trained tagger %s; entity-level, conlleval counting\n", o->model.c_str());
        std::printf("model trained with: %s\n", model->trained_on().c_str());
      } else {
        std::printf(
            "CoNLL-2003 English NER, rule-based name finder (%s text, %s typing); entity-level, conlleval counting\n",
            options.natural_spacing ? "prose" : "space-joined", options.story_typing ? "story" : "mention");
      }
    }
    for (const std::string& split : splits) {
      const std::string path = o->data_root + "/ner/conll2003/eng." + split;
      auto corpus = ReadConll(path);
      if (!corpus.ok()) {
        std::cerr << "parallax: " << corpus.status().message() << "\n";
        *exit_code = kExitFatal;
        return;
      }
      const ConllScores s = model ? EvaluateNerModel(*corpus, *model) : EvaluateNer(*corpus, options);
      if (o->json) {
        nlohmann::ordered_json j;
        j["documents"] = corpus->documents.size();
        j["sentences"] = corpus->sentences;
        j["tokens"] = s.tokens;
        j["scheme"] = corpus->scheme == IobScheme::kIob1 ? "IOB1" : "IOB2";
        j["accuracy"] = s.Accuracy();
        j["overall"] = CountsJson(s.overall);
        for (const auto& [type, c] : s.by_type) j["types"][type] = CountsJson(c);
        out[split] = j;
      } else {
        PrintTable(split, *corpus, s);
      }
      if (model && model->trained_on().find("eng." + split) != std::string::npos) {
        std::cerr << "parallax: note: eng." << split
                  << " is in this model's training data, so its figure is not a held-out score\n";
      }
    }
    // Published entity-level F1 on testb (the test set), for scale.
    if (o->json) {
      out["published_testb_f1"] = {{"best CoNLL-2003 system (Florian et al. 2003)", 88.76},
                                   {"Stanford CRF (named in issue 3)", 86.3},
                                   {"HSCRF (dataset source repo README)", 91.38},
                                   {"CoNLL-2003 baseline", 59.61}};
      std::cout << out.dump(2) << "\n";
    } else {
      std::printf("Published testb F1: best 2003 system 88.76, Stanford CRF 86.3, HSCRF 91.38 (dataset source repo), "
                  "shared-task baseline 59.61\n");
    }
    *exit_code = kExitOk;
  });
}

}  // namespace parallax::cli
