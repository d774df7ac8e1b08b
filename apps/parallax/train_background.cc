// parallax train background: the background document frequencies of
// clustering (cluster/background.h) from a collection of news articles.
// docs/clustering.md ("Background idf") gives the command that wrote
// models/background-df.model.

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "clean/cleaner.h"
#include "cluster/background.h"
#include "commands.h"
#include "ingest/reader.h"

namespace parallax::cli {

void RegisterTrainBackground(CLI::App& train, int* exit_code) {
  struct Opts {
    std::vector<std::string> paths;
    std::string out = DefaultBackgroundDfPath();
    std::uint32_t min_df = 5;
    double weight = 0;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = train.add_subcommand(
      "background", "Count the documents holding each clustering term in a news collection (the background idf)");
  cmd->add_option("paths", o->paths, "Articles to count (files or folders, any input format)")->required();
  cmd->add_option("-o,--output", o->out, "Table to write")->capture_default_str();
  cmd->add_option("--min-df", o->min_df, "Keep the terms held by at least this many documents")
      ->check(CLI::Range(1u, 1000000u))
      ->capture_default_str();
  cmd->add_option("--weight", o->weight, "Virtual documents the table stands for in every corpus clustered")
      ->check(CLI::Range(0.0, 1e9))
      ->capture_default_str();
  cmd->callback([o, exit_code] {
    IngestResult in = ReadInputs(o->paths, IngestOptions{});
    PrintErrors(in.errors);
    if (in.articles.empty()) {
      std::cerr << "parallax: no article could be read\n";
      *exit_code = kExitFatal;
      return;
    }
    CleanCorpus(&in.articles, {}, 0);
    std::vector<const Article*> articles;
    articles.reserve(in.articles.size());
    for (const Article& a : in.articles) articles.push_back(&a);
    char weight[32];
    std::snprintf(weight, sizeof weight, "%g", o->weight);
    std::string made_by = "parallax train background --min-df " + std::to_string(o->min_df) + " --weight " + weight;
    for (const std::string& p : o->paths) made_by += " " + p;
    const BackgroundDf table = BuildBackgroundDf(articles, o->min_df, o->weight, made_by, 0);
    const int code = WriteOutput(o->out, table.Serialise());
    if (code != kExitOk) {
      *exit_code = code;
      return;
    }
    std::cerr << "parallax: " << table.terms.size() << " terms of " << table.documents << " documents written to "
              << o->out << "\n";
    *exit_code = in.errors.empty() ? kExitOk : kExitInputErrors;
  });
}

}  // namespace parallax::cli
