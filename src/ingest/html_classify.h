#pragma once
// Internal to src/ingest: the learned block classifier of HTML main-text
// extraction (see ingest/html.h for the contract). Not a public API.
//
//   std::vector<double> f = BlockFeatures(page, i);       // kBlockFeatureCount values
//   const BlockModel* model = DefaultBlockModel();         // null: rules only
//   double p = model->Probability(f);                      // P(block i is article text)
//
// The features say what a reader of the page would see: the block's length,
// link density, commas and sentence ends; its tag and the tags, class and id
// words of its ancestors; its position in the page; its neighbours; and
// what the rule-based pick thinks (inside the chosen container or not, that
// container's share of the page's prose). The model is boosted trees
// (learn/boosting.h) trained by `parallax train extract` on the tuning
// halves of the extraction sets (eval/extraction_train.h), stored in
// models/extract-blocks.model.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "ingest/html_blocks.h"
#include "learn/boosting.h"

namespace parallax::html_internal {

constexpr int kBlockFeatureCount = 36;

// What the features of one page's blocks are computed from.
struct PageBlocks {
  const std::vector<Block>* blocks = nullptr;
  const StatsMap* stats = nullptr;
  std::vector<const HtmlNode*> roots;  // the rules' pick (SelectContent)
  const HtmlNode* structured = nullptr;  // itemprop=articleBody or the <article> holding the <h1>, if any
};

// Per-page precomputation, then one row per block, in page order. Linear
// in the number of blocks (ancestor walks are bounded).
std::vector<std::vector<double>> BlockFeatureRows(const PageBlocks& page);

class BlockModel {
 public:
  static Result<BlockModel> Parse(std::string_view text, const std::string& origin);
  double Probability(const std::vector<double>& row) const { return trees_.Probability(row); }
  // A block the rules keep stays unless its probability is below keep_in();
  // a block they leave out comes in when its probability is at least
  // add_out(). Both are chosen on the tuning halves (stored with the model).
  double keep_in() const { return keep_in_; }
  double add_out() const { return add_out_; }
  const BoostedTrees& trees() const { return trees_; }

  // "extract-blocks <features> <keep_in> <add_out>\n" then the trees.
  static std::string Serialise(const std::string& trees_text, double keep_in, double add_out);

 private:
  BoostedTrees trees_;
  double keep_in_ = 0.0;
  double add_out_ = 1.1;
};

// Off by default (null): the model is used only when $PARALLAX_EXTRACT_MODEL
// names a model file, or is "on" for models/extract-blocks.model
// (LocateModelFile; $PARALLAX_EXTRACT_MODEL_FILE overrides it). Loaded once, thread-safe. Null, with a one-line warning
// on stderr naming the file, when that file is absent or damaged.
const BlockModel* DefaultBlockModel();

}  // namespace parallax::html_internal
