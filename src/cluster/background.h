#pragma once
// The background document frequencies of clustering (docs/clustering.md,
// "Background idf"): how many documents of a large news collection hold
// each clustering feature (stem or name), learned once by `parallax train
// background` and shipped as models/background-df.model.
//
// In a small corpus every shared word has a low idf (in five articles on
// one event, "said" and "Aleppo" are both in all five), so the TF-IDF
// cosine and the same-event model's features see no difference between
// them. The clustering blends this table into its own counts as `weight`
// virtual documents distributed as the background is:
//
//   idf(t) = idf_offset + log(n + 1 + weight) - log(df(t) + weight * bg(t) / documents)
//
// with n the articles clustered so far and df(t) their count of t. A corpus
// of five is weighted mostly by the background; a corpus of 100k mostly by
// itself. weight 0 (or no table) is the clustering's own idf exactly.
//
//   auto bg = LoadBackgroundDf("models/background-df.model");
//   ClusterOptions o;  o.background = std::make_shared<const BackgroundDf>(std::move(*bg));

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/flat_map.h"
#include "core/status.h"
#include "model/model.h"

namespace parallax {

struct BackgroundDf {
  std::uint64_t documents = 0;  // documents counted
  double weight = 0;            // virtual documents blended into every corpus
  std::uint32_t min_df = 1;     // terms held by fewer documents are not kept
  // How the table was made (one line, kept in the file).
  std::string made_by;
  // (feature key, documents holding it), ascending by key.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> terms;

  // weight * (documents holding the feature) / documents: what the
  // background adds to the corpus's own document frequency of the feature
  // (0 when the table does not hold it). `key` as ArticleFeatures gives it.
  double Prior(std::uint64_t key) const;
  // A hash of everything the clustering reads (documents, weight, terms):
  // part of a saved index's options fingerprint.
  std::uint64_t Fingerprint() const { return fingerprint_; }
  // Builds the lookup and the fingerprint from the fields above (Parse and
  // BuildBackgroundDf do; call it again after changing them).
  void Index();

  // Text: "# ..." comment lines, then "documents", "weight", "min_df",
  // "made_by" and "terms N" lines, then N lines "KEY DF" (key as 16 hex
  // digits, ascending).
  std::string Serialise() const;
  // Fails (kInvalidInput, naming `origin` and the line) on a garbled or
  // truncated file.
  static Result<BackgroundDf> Parse(std::string_view text, const std::string& origin);

 private:
  FlatMap64<std::uint32_t> map_;  // MapKey(key) -> df
  std::uint64_t fingerprint_ = 0;
};

// Counts, over `articles`, the documents holding each clustering feature
// (ArticleFeatures' keys: stems of title and text, capitalised names), and
// keeps the features held by at least `min_df` of them. Deterministic;
// the same articles in any order give the same table.
BackgroundDf BuildBackgroundDf(const std::vector<const Article*>& articles, std::uint32_t min_df, double weight,
                               const std::string& made_by, unsigned threads = 1);

// Where the shipped table is (LocateModelFile): $PARALLAX_BACKGROUND_DF
// when set, else <binary>/../share/parallax/background-df.model when
// installed, else models/background-df.model in the source tree.
std::string DefaultBackgroundDfPath();
Result<BackgroundDf> LoadBackgroundDf(const std::string& path);
// The table at DefaultBackgroundDfPath(), loaded once (thread-safe) on
// first use: the default of ClusterOptions::background. Null when
// PARALLAX_BACKGROUND_DF is "none" or when the file is missing or damaged;
// `why`, if given, is then set to the reason (empty for "none").
std::shared_ptr<const BackgroundDf> DefaultBackgroundDf(std::string* why = nullptr);

}  // namespace parallax
