#pragma once
// Internal to analyze/: the per-story working data shared by the summary,
// facts, quotes and entities passes.

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analyze/analyze.h"
#include "analyze/names.h"
#include "model/model.h"

namespace parallax::analyze_internal {

struct SentenceInfo {
  std::size_t article;      // index into StoryContext::articles
  std::size_t index;        // position in its article (0-based)
  Span span;
  std::vector<int> terms;   // unique term ids (stems and numbers)
  std::vector<int> numbers; // the subset of terms that are numbers
  std::vector<int> concepts; // unique ids of its word bigrams (summary concepts, SummaryConcepts)
  double weight = 0;        // sum of squared idf of terms
  std::size_t words = 0;
};

struct StoryContext {
  std::vector<const Article*> articles;
  std::vector<std::vector<NameMention>> names;  // per article
  std::vector<SentenceInfo> sentences;           // all articles, in order
  std::vector<std::size_t> sentences_per_article;
  std::vector<double> idf;                        // by term id
  std::size_t concept_count = 0;                  // number of distinct concept ids
  CaseLexicon lexicon;
};

// `tagger` finds the names (nullptr: rules only; see FindNames).
// `precomputed`: per article, its AnalyzeArticle result or null (analyze.h).
// `threads`: for the per-article work (the same context for any count).
StoryContext BuildContext(const std::vector<const Article*>& articles, const NerModel* tagger = nullptr,
                          const std::vector<const ArticleAnalysis*>* precomputed = nullptr, unsigned threads = 1);

// Idf-weighted cosine between two sentences' term sets.
double Similarity(const StoryContext& ctx, const SentenceInfo& a, const SentenceInfo& b);

// A sentence of another article and its Similarity to a given one.
struct Neighbour {
  std::uint32_t sentence;
  double similarity;
  bool operator==(const Neighbour&) const = default;
};
// What a story needs of its pairs of sentences (similar_pairs.cc).
struct SentencePairs {
  // Per sentence, the sum over the other articles of its highest
  // Similarity to a sentence there (summed by increasing article).
  std::vector<double> centrality;
  // Per sentence, the sentences of other articles whose Similarity is
  // positive and reaches the bar, in increasing order.
  std::vector<std::vector<Neighbour>> near;
};
// From an index of the sentences by term, one accumulation per sentence.
SentencePairs FindSentencePairs(const StoryContext& ctx, double bar);
// The same from Similarity over every pair (the reference for the tests).
SentencePairs FindSentencePairsAllPairs(const StoryContext& ctx, double bar);

std::vector<Entity> BuildEntities(const StoryContext& ctx);

// Facts that outlets state with different numbers, most similar first (see
// conflicts.cc for the rule).
std::vector<Conflict> FindConflicts(const StoryContext& ctx, std::size_t max_conflicts);
// The pairs (i < j) of sentences with a figure whose words-only similarity
// reaches `bar`: from the candidate index FindConflicts uses, or with
// `all_pairs` from every pair (the reference the tests compare it with).
std::vector<std::pair<std::size_t, std::size_t>> SimilarFigurePairs(const StoryContext& ctx, double bar,
                                                                    bool all_pairs);
std::vector<Quote> ExtractQuotes(const StoryContext& ctx, const std::vector<Entity>& entities);

// Whether sentences i and j (indices into StoryContext::sentences, from
// different articles) carry the same information.
using SameInformation = std::function<bool(std::size_t, std::size_t)>;

// The story's dated statements (timeline.cc): each sentence's most precise
// date outside quotations and datelines, resolved against its article's
// publication date; sentences of different articles on the same date that
// `same` pairs become one entry. At most `max_entries`, the most widely
// stated, in chronological order (relative dates last). `candidates`
// (SentencePairs::near), when given, must hold every pair `same` may accept:
// only those are compared, not every pair of one date.
std::vector<TimelineEntry> BuildTimeline(const StoryContext& ctx, const SameInformation& same, std::size_t max_entries,
                                         const std::vector<std::vector<Neighbour>>* candidates = nullptr);

// Facts, single-source claims and timeline entries whose text opens with
// "He" or "She" show whom it means: "[Jean-Marc Ayrault] also said ...",
// the person the cited sentence's article last named before it
// (entities.cc). Only `text` changes; citations keep their spans.
void ShowReferents(const StoryContext& ctx, Story* story);

// Resolves a name mention to an entity's canonical name (persons by full
// name or surname). Empty when no entity matches.
std::string ResolveName(const std::vector<Entity>& entities, std::string_view surface);

// ResolveName over one entity list with every key computed once: the same
// answers, by hash lookups instead of a pass over the entities per call
// (a story of thousands of articles has thousands of entities and of
// mentions). `entities` must outlive the resolver and not change.
class NameResolver {
 public:
  explicit NameResolver(const std::vector<Entity>& entities);
  std::string Resolve(std::string_view surface) const;
  // The first entity named Resolve(surface), or null.
  const Entity* EntityOf(std::string_view surface) const;

 private:
  const Entity* Find(std::string_view surface) const;
  const std::vector<Entity>* entities_;
  std::unordered_map<std::string, std::size_t> by_key_;      // NameKey of a name or alias -> first entity
  std::unordered_map<std::string, std::size_t> by_surname_;  // SurnameKey of a person -> first such person
  std::unordered_map<std::string, std::size_t> by_name_;     // name -> first entity of that name
};

}  // namespace parallax::analyze_internal
