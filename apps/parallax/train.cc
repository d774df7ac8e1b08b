// parallax train lexicon | ner: learns the word lexicon from unlabelled news
// and the named-entity tagger from CoNLL-2003-style files. docs/ner.md has
// the exact commands that built the shipped model.

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.h"
#include "eval/ner_eval.h"
#include "ingest/reader.h"
#include "ner/tagger.h"

namespace parallax::cli {
namespace {

constexpr char kLexiconMagic[] = "parallax-lexicon 2\n";

void Log(const std::string& m) { std::cerr << "parallax: " << m << "\n"; }

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

Result<WordLexicon> ReadLexicon(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status(StatusCode::kNotFound, path + ": cannot open the lexicon file");
  std::ostringstream buf;
  buf << f.rdbuf();
  const std::string content = buf.str();
  std::string_view in(content);
  const std::string_view magic(kLexiconMagic);
  WordLexicon lexicon;
  if (in.substr(0, magic.size()) != magic) return InvalidInput(path + ": not a Parallax lexicon file");
  in.remove_prefix(magic.size());
  if (!lexicon.Read(&in) || !in.empty()) return InvalidInput(path + ": corrupt lexicon file");
  return lexicon;
}

void PrintScores(const std::string& name, const ConllScores& s) {
  std::printf("%s: entity F1 %.2f (P %.2f, R %.2f)", name.c_str(), 100 * s.overall.F1(), 100 * s.overall.Precision(),
              100 * s.overall.Recall());
  for (const auto& [type, c] : s.by_type) std::printf("  %s %.2f", type.c_str(), 100 * c.F1());
  std::printf("\n");
}

}  // namespace

void RegisterTrain(CLI::App& app, int* exit_code) {
  auto* train = app.add_subcommand("train", "Train the models Parallax ships (word lexicon, named-entity tagger)");
  train->require_subcommand(1);
  RegisterTrainSpeakers(*train, exit_code);
  RegisterTrainQuotes(*train, exit_code);
  RegisterTrainExtract(*train, exit_code);
  RegisterTrainCluster(*train, exit_code);
  RegisterTrainBackground(*train, exit_code);

  struct LexiconOpts {
    std::vector<std::string> paths;
    std::vector<std::string> conll;
    std::string out;
    WordLexicon::Options learn;
  };
  auto lo = std::make_shared<LexiconOpts>();
  auto* lex = train->add_subcommand("lexicon", "Learn word clusters and capitalisation shares from unlabelled news");
  lex->add_option("PATH", lo->paths, "Articles to learn from (any input `analyze` reads)");
  lex->add_option("--conll", lo->conll, "Also use the words (not the tags) of these CoNLL files");
  lex->add_option("-o,--output", lo->out, "Lexicon file to write")->required();
  lex->add_option("--min-count", lo->learn.min_count, "Words seen fewer times get no cluster")->capture_default_str();
  lex->add_option("--seed", lo->learn.seed, "Random projection seed")->capture_default_str();
  lex->callback([lo, exit_code] {
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::string> texts;
    IngestResult in = ReadInputs(lo->paths, IngestOptions{});
    PrintErrors(in.errors);
    for (Article& a : in.articles) texts.push_back(std::move(a.raw));
    in.articles.clear();
    for (const std::string& path : lo->conll) {
      auto corpus = ReadConll(path);
      if (!corpus.ok()) {
        std::cerr << "parallax: " << corpus.status().message() << "\n";
        *exit_code = kExitFatal;
        return;
      }
      for (const ConllDocument& d : corpus->documents) {
        std::string text;
        for (const ConllSentence& s : d.sentences) {
          for (const ConllToken& t : s) text += t.word + " ";
          text += "\n";
        }
        texts.push_back(std::move(text));
      }
    }
    if (texts.empty()) {
      std::cerr << "parallax: train lexicon: no text to learn from\n";
      *exit_code = kExitFatal;
      return;
    }
    Log(std::to_string(texts.size()) + " texts");
    const WordLexicon lexicon = WordLexicon::Learn(texts, lo->learn, Log);
    std::string out(kLexiconMagic);
    lexicon.Write(&out);
    *exit_code = WriteOutput(lo->out, out);
    if (*exit_code == kExitOk) {
      Log("wrote " + lo->out + ": " + std::to_string(lexicon.size()) + " words in " +
          std::to_string(static_cast<int>(Seconds(start))) + " s");
      if (!in.errors.empty()) *exit_code = kExitInputErrors;
    }
  });

  struct NerOpts {
    std::string train_path, dev_path, lexicon_path, out;
    NerTrainOptions options;
    bool single_stage = false;
  };
  auto no = std::make_shared<NerOpts>();
  auto* ner = train->add_subcommand("ner", "Train the named-entity tagger on CoNLL-2003-style files");
  ner->add_option("--train", no->train_path, "Training file(s) in CoNLL column format (comma-separated)")->required();
  ner->add_option("--dev", no->dev_path, "Development file: scored after training (never trained on)");
  ner->add_option("--lexicon", no->lexicon_path, "Word lexicon from `parallax train lexicon`")->required();
  ner->add_option("-o,--output", no->out, "Model file to write")->required();
  ner->add_option("--epochs", no->options.epochs, "Passes over the training data")->capture_default_str();
  ner->add_option("--seed", no->options.seed, "Shuffling seed")->capture_default_str();
  ner->add_option("--folds", no->options.folds, "Jack-knife folds for stage 2")->capture_default_str();
  ner->add_option("--runs", no->options.runs, "Perceptrons, trained in different orders, averaged per stage")
      ->capture_default_str();
  ner->add_option("--prune", no->options.prune, "Drop weights with an absolute value at most this from the model")
      ->capture_default_str();
  ner->add_option("--min-feature-count", no->options.min_feature_count,
                  "Drop features seen fewer times in training from the model")
      ->capture_default_str();
  ner->add_flag("--single-stage", no->single_stage, "Train stage 1 only (no document-level second stage)");
  ner->callback([no, exit_code] {
    const auto start = std::chrono::steady_clock::now();
    auto lexicon = ReadLexicon(no->lexicon_path);
    if (!lexicon.ok()) {
      std::cerr << "parallax: " << lexicon.status().message() << "\n";
      *exit_code = kExitFatal;
      return;
    }
    std::vector<NerTrainingDocument> docs;
    std::stringstream paths(no->train_path);
    for (std::string path; std::getline(paths, path, ',');) {
      auto corpus = ReadConll(path);
      if (!corpus.ok()) {
        std::cerr << "parallax: " << corpus.status().message() << "\n";
        *exit_code = kExitFatal;
        return;
      }
      auto part = ToTrainingDocuments(*corpus);
      docs.insert(docs.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
    }
    no->options.two_stage = !no->single_stage;
    no->options.trained_on = "train ner --train " + no->train_path + " --lexicon " + no->lexicon_path + " --epochs " +
                             std::to_string(no->options.epochs) + " --runs " + std::to_string(no->options.runs) +
                             " --seed " + std::to_string(no->options.seed) +
                             (no->single_stage ? " --single-stage" : "");
    auto model = TrainNer(docs, std::move(*lexicon), no->options, Log);
    if (!model.ok()) {
      std::cerr << "parallax: " << model.status().message() << "\n";
      *exit_code = kExitFatal;
      return;
    }
    Log("trained in " + std::to_string(static_cast<int>(Seconds(start))) + " s, " +
        std::to_string(model->feature_count()) + " features kept");
    if (Status s = model->Save(no->out); !s.ok()) {
      std::cerr << "parallax: " << s.message() << "\n";
      *exit_code = kExitFatal;
      return;
    }
    if (!no->dev_path.empty()) {
      auto dev = ReadConll(no->dev_path);
      if (!dev.ok()) {
        std::cerr << "parallax: " << dev.status().message() << "\n";
        *exit_code = kExitFatal;
        return;
      }
      PrintScores(no->dev_path, EvaluateNerModel(*dev, *model));
    }
    *exit_code = kExitOk;
  });
}

}  // namespace parallax::cli
