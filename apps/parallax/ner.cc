// parallax ner: runs the named-entity tagger on CoNLL column files (writing
// each line back with our tag as a last column, the input of the standard
// conlleval script) or on articles (one JSON line of entities per article).

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "clean/cleaner.h"
#include "commands.h"
#include "eval/ner_eval.h"
#include "ingest/reader.h"
#include "ner/tagger.h"

namespace parallax::cli {
namespace {

// The CoNLL file with one more column. Token lines are matched in order to
// the tokens ReadConll parsed; every other line is copied unchanged
// ("-DOCSTART-" lines get "O", as conlleval expects a tag on every token line).
int TagConll(const std::string& path, const NerModel& model, const std::string& out_path) {
  auto corpus = ReadConll(path);
  if (!corpus.ok()) {
    std::cerr << "parallax: " << corpus.status().message() << "\n";
    return kExitFatal;
  }
  std::vector<std::string> tags;
  for (const ConllDocument& d : corpus->documents) {
    for (const auto& sentence : model.Tag(ConllWords(d))) {
      const auto in_scheme = ToScheme(sentence, corpus->scheme);  // the file's own scheme, for conlleval's accuracy
      tags.insert(tags.end(), in_scheme.begin(), in_scheme.end());
    }
  }
  std::ifstream f(path, std::ios::binary);
  std::ostringstream out;
  std::size_t next = 0;
  for (std::string line; std::getline(f, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) {
      out << line << "\n";
    } else if (line.rfind("-DOCSTART-", 0) == 0) {
      out << line << " O\n";
    } else if (next < tags.size()) {
      out << line << " " << tags[next++] << "\n";
    } else {
      std::cerr << "parallax: " << path << ": more token lines than tokens parsed\n";
      return kExitFatal;
    }
  }
  return WriteOutput(out_path, out.str());
}

int TagArticles(const std::vector<std::string>& paths, const NerModel& model, const std::string& out_path) {
  IngestResult in = ReadInputs(paths, IngestOptions{});
  PrintErrors(in.errors);
  CleanCorpus(&in.articles);
  std::ostringstream out;
  for (const Article& a : in.articles) {
    nlohmann::ordered_json entities = nlohmann::ordered_json::array();
    for (const NerModel::Entity& e : model.FindEntities(a.text)) {
      entities.push_back({{"text", a.text.substr(e.begin, e.end - e.begin)},
                          {"type", kNerTypes[e.type]},
                          {"begin", e.begin},
                          {"end", e.end}});
    }
    nlohmann::ordered_json line = {{"article", a.id}, {"entities", entities}};
    out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  const int written = WriteOutput(out_path, out.str());
  if (written != kExitOk) return written;
  return in.errors.empty() ? kExitOk : kExitInputErrors;
}

}  // namespace

void RegisterNer(CLI::App& app, int* exit_code) {
  struct Opts {
    std::vector<std::string> paths;
    std::string conll;
    std::string model = DefaultNerModelPath();
    std::string out;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("ner", "Tag people, organisations, places and other names (PER ORG LOC MISC)");
  cmd->add_option("PATH", o->paths, "Articles: one JSON line per article with its entities and byte spans in the clean text");
  cmd->add_option("--conll", o->conll,
                  "A CoNLL-2003 column file: written back with our tag as a last column (the conlleval input)");
  cmd->add_option("--model", o->model, "Model file")->capture_default_str();
  cmd->add_option("-o,--output", o->out, "Write to FILE instead of standard output");
  cmd->callback([o, exit_code] {
    if (o->conll.empty() == o->paths.empty()) {
      std::cerr << "parallax: ner: give either --conll FILE or article paths\n";
      *exit_code = kExitFatal;
      return;
    }
    auto model = NerModel::Load(o->model);
    if (!model.ok()) {
      std::cerr << "parallax: " << model.status().message() << "\n";
      *exit_code = kExitFatal;
      return;
    }
    *exit_code = o->conll.empty() ? TagArticles(o->paths, *model, o->out) : TagConll(o->conll, *model, o->out);
  });
}

}  // namespace parallax::cli
