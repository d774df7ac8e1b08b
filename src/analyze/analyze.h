#pragma once
// Analyze: one story (a group of articles on the same event) -> cited
// summary, cross-source facts, quotes with speakers, entities, framing and
// a timeline of dated statements.
//
//   std::vector<const Article*> group = ...;           // canonical copies only
//   Story s = AnalyzeStory(group, AnalyzeOptions{});
//
// Every output item carries the ids of all the articles that support it.
// Pure function of its input; safe to call concurrently on different
// stories.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/model.h"
#include "ner/tagger.h"

namespace parallax {

struct AnalyzeOptions {
  // Summary length budget in words (default 120), and optionally in bytes
  // (0 = none; the DUC 2004 style budget is 665): both apply. A byte counts
  // every byte of a chosen sentence plus one separator.
  std::size_t summary_words = 120;
  std::size_t summary_bytes = 0;
  // Two sentences from different articles whose similarity reaches this
  // value carry the same information (facts, summary citations).
  double same_information = 0.33;
  // Also count as the same information a pair whose similarity reaches
  // half of same_information when the paraphrase model (paraphrase.h,
  // trained on MRPC) judges them the same statement and any numbers both
  // give agree: reworded facts.
  bool paraphrase_model = true;
  // How many missed joins one wrong join costs, for the paraphrase model's
  // decision: its threshold, tuned for accuracy on MRPC (equal costs),
  // has its odds multiplied by this (CostAdjustedThreshold in
  // paraphrase.h). A wrong join shows a reader a fact cited to an outlet
  // that did not state it; a missed one only leaves a citation out
  // (docs/facts.md, "Use in facts").
  double paraphrase_false_join_cost = 2.0;
  // Two similar sentences corroborate each other only when the claim model
  // (claim.h, models/paraphrase-claim.tsv) judges them the same claim; a
  // weaker match is cited as partial and not counted. Off, or without the
  // model file: similar wording is enough (as before).
  bool same_claim = true;
  // A summary sentence this similar to one already chosen is redundant.
  double redundancy = 0.3;
  // Summary selection gain is multiplied by 1 + lead_bonus / (1 + position
  // of the sentence in its article): news puts the essentials first.
  double lead_bonus = 4.0;
  // Gain is divided by (sentence words)^length_exponent: 0 favours long
  // sentences, 1 is pure gain per word.
  double length_exponent = 0.8;
  // Timeline entries (dated statements, see Story::timeline) at most.
  std::size_t timeline_entries = 12;
  // Single-outlet claims listed per article at most.
  std::size_t single_source_per_article = 3;
  // Named-entity tagger for names in the story (people, organisations,
  // places). nullptr: the shipped model (DefaultNerModel()); when that
  // cannot be loaded, or when rule_names is true, the rule-based finder.
  const NerModel* tagger = nullptr;
  bool rule_names = false;
  // Threads one story's analysis may use (0: one per hardware thread):
  // the per-article work (names, sentences, terms), the pair models on the
  // matched sentences, and the passes that need only the sentences beside
  // the pass over every pair. The report is the same for any count. Front
  // ends give a story more than one when it is the only one to analyse.
  unsigned threads = 1;
};

// The probability at which AnalyzeStory's paraphrase model joins two
// sentences: DefaultParaphraseModel()'s threshold adjusted for
// options.paraphrase_false_join_cost.
double ParaphraseJoinThreshold(const AnalyzeOptions& options = {});

Story AnalyzeStory(const std::vector<const Article*>& articles, const AnalyzeOptions& options = {});

// The part of AnalyzeStory that depends on one article alone (today: the
// named-entity tagger's output for its text, most of the cost of the
// names), for a caller that keeps it between analyses of a growing story
// (the store's per-article cache, src/store/article_cache.h):
//
//   ArticleAnalysis pre = AnalyzeArticle(article, options);  // once per text
//   Story s = AnalyzeStory(group, options, {&pre, ...});      // per re-analysis
//
// AnalyzeStory with `precomputed` (one entry per article, null = compute
// it) gives exactly what AnalyzeStory without it gives, provided each entry
// was made by AnalyzeArticle from the same text under options with the same
// ArticleAnalysisKey.
struct ArticleAnalysis {
  bool tagged = false;                      // `entities` holds the tagger's output
  std::vector<NerModel::Entity> entities;   // NerModel::FindEntities(text)
};
ArticleAnalysis AnalyzeArticle(const Article& article, const AnalyzeOptions& options = {});
Story AnalyzeStory(const std::vector<const Article*>& articles, const AnalyzeOptions& options,
                   const std::vector<const ArticleAnalysis*>& precomputed);

// Identifies what AnalyzeArticle computes under `options`: a format version
// (kArticleAnalysisVersion, raised whenever AnalyzeArticle's output
// changes), whether a tagger is used, and that tagger's identity (what it
// was trained on, its feature count, and its entities in a fixed probe text,
// so a changed model or tagging code changes the key). An ArticleAnalysis
// kept under another key must not be reused.
inline constexpr int kArticleAnalysisVersion = 1;
std::uint64_t ArticleAnalysisKey(const AnalyzeOptions& options = {});

}  // namespace parallax
