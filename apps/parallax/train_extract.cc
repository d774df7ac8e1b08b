// parallax train extract: the learned block classifier of HTML main-text
// extraction (ingest/html.h) from the tuning halves of every set under
// extraction/ (eval/extraction_train.h). docs/quality.md gives the command
// that wrote models/extract-blocks.model.

#include <iostream>
#include <memory>
#include <sstream>

#include "commands.h"
#include "eval/extraction_train.h"

namespace parallax::cli {

void RegisterTrainExtract(CLI::App& train, int* exit_code) {
  struct Opts {
    std::string data_root = kDefaultDataRoot;
    std::string out;
    BlockTrainingOptions learn;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = train.add_subcommand(
      "extract", "Train the HTML block classifier on the tuning halves of the extraction sets");
  cmd->add_option("--data", o->data_root, "Folder holding extraction/<set>")->capture_default_str();
  cmd->add_option("-o,--output", o->out, "Model file to write (models/extract-blocks.model); none: only print figures");
  cmd->add_option("--trees", o->learn.trees.trees, "Boosting rounds")->capture_default_str();
  cmd->add_option("--depth", o->learn.trees.depth, "Tree depth")->capture_default_str();
  cmd->add_option("--shrinkage", o->learn.trees.shrinkage, "Learning rate")->capture_default_str();
  cmd->callback([o, exit_code] {
    std::ostringstream log;
    Result<std::string> model = TrainBlockModel(o->data_root + "/extraction", o->learn, &log);
    std::cout << log.str();
    if (!model.ok()) {
      std::cerr << "parallax: " << model.status().message() << "\n";
      *exit_code = kExitFatal;
      return;
    }
    *exit_code = o->out.empty() ? kExitOk : WriteOutput(o->out, *model);
  });
}

}  // namespace parallax::cli
