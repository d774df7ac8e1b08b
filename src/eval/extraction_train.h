#pragma once
// Training of the learned block classifier of HTML main-text extraction
// (ingest/html.h), for `parallax train extract`.
//
//   std::ostringstream log;
//   Result<std::string> model = TrainBlockModel("../shared/data/extraction", {}, &log);
//   if (model.ok()) write("models/extract-blocks.model", *model);
//
// Examples: every block of every page in the tuning half (InTuningHalf of
// the page id, core/split.h) of every set under the folder. A block of a
// set with gold text is article text when at least half of its word
// 4-grams (all its words, for a block of one to three) are in the gold; a
// block of trafilatura's set is article text when it holds one of the
// page's "with" snippets and boilerplate when it holds a "without" one
// (other blocks of that set are not used). The trees are then fitted
// (learn/boosting.h). The two thresholds of ingest's correction of the
// rules (drop a kept block below keep_in, add a left-out block from
// add_out) are chosen on a grid from probabilities of models fitted on the
// other fold of the tuning pages (two folds by page id): the best mean over
// the sets of the tuning-half score (eval/extraction_sets.h) among the
// choices that make no set worse than the rules alone on its tuning half.
// The validation halves are never read.
// Deterministic: the same data give the same file, byte for byte.

#include <ostream>
#include <string>

#include "core/status.h"
#include "learn/boosting.h"

namespace parallax {

struct BlockTrainingOptions {
  BoostedTrees::Options trees;  // defaults: 200 trees of depth 3
};

Result<std::string> TrainBlockModel(const std::string& extraction_root, const BlockTrainingOptions& options,
                                    std::ostream* log);

}  // namespace parallax
