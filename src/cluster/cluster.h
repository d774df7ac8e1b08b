#pragma once
// Cluster: articles -> stories (the same event together, different events
// apart).
//
// Each article becomes a TF-IDF vector of stemmed content words (title words
// count double) plus its capitalised names as extra features, so shared
// people, places and organisations weigh more than shared common words.
// Candidate pairs come from an inverted index over each article's strongest
// terms, with a bounded number of candidates per article, so cost grows
// about linearly with the corpus rather than with n^2. Pairs
// are scored by cosine similarity, damped when both publication dates are
// known and far apart, and merged by average-link agglomeration until the
// best average similarity falls below `threshold`.
//
// Deterministic: the same input in the same order gives the same stories,
// for any number of threads.
//
// Batch or incremental. ClusterArticles clusters a whole corpus at once.
// StoryIndex takes articles in batches (or one at a time): each new article
// is compared, through the same inverted index, with everything added
// before, and average-link agglomeration resumes from the current stories,
// so new articles join existing stories, start new ones, or bring two
// stories together. Work per batch grows with the batch and the postings
// it meets, not with the square of the corpus.
//
//   StoryIndex index(ClusterOptions{}, /*threads=*/0);
//   index.Add(monday);   // std::vector<const Article*>
//   index.Add(tuesday);
//   for (const auto& story : index.Stories()) ...  // indices in order of addition
//
// Stories of up to recluster_max_size articles that a batch links to are
// dissolved and re-clustered with it, so an early merge can be undone.
//
// IDF in incremental use: a batch is weighted with the document
// frequencies of everything added so far, itself included, and vectors are
// not re-weighted afterwards (their postings and links are kept as they
// were). So one Add of the whole corpus is exactly ClusterArticles, and
// later batches see a better IDF than the first ones. The first batch
// should not be tiny (a day of news, a few hundred articles): the first
// articles of a one-at-a-time feed are weighted by a corpus of a few
// documents. Measured in bench/results/2026-11-23-clustering-scale.md.
// The background table (ClusterOptions::background, background.h) softens
// this: its virtual documents weigh a small corpus's common words down.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cluster/background.h"
#include "core/status.h"
#include "model/model.h"

namespace parallax {

// The same-event model (docs/clustering.md): a logistic regression over
// features of a candidate pair that say whether two articles report the
// same event, not only the same topic. With it, a pair's link is the
// model's probability instead of the damped cosine, and average link
// merges while the average probability reaches `threshold`. Learned by
// `parallax train cluster` (src/eval/same_event_train.h) into
// models/same-event.model.
struct SameEventModel {
  // The features of a pair, in this order (kPairFeatureNames).
  static constexpr std::size_t kFeatures = 12;
  std::vector<double> weights = std::vector<double>(kFeatures, 0.0);
  double bias = 0;
  // Average-link probability needed to merge two groups.
  double threshold = 0.5;
  // How the file was made (one line, kept in the file).
  std::string trained_on;

  double Probability(const float* features) const;
  // Text: "# ..." comment lines, then "features", "weights", "bias",
  // "threshold", "trained_on" lines; doubles printed exactly.
  std::string Serialise() const;
  // Fails (kInvalidInput, naming `origin` and the line) on a garbled file
  // or one with other features than kPairFeatureNames.
  static Result<SameEventModel> Parse(std::string_view text, const std::string& origin);
};
extern const char* const kPairFeatureNames[SameEventModel::kFeatures];

// Where the shipped model is (LocateModelFile): $PARALLAX_SAME_EVENT_MODEL
// when set, else <binary>/../share/parallax/same-event.model when
// installed, else models/same-event.model in the source tree.
std::string DefaultSameEventModelPath();
// Reads and parses a model file; failure names the file.
Result<SameEventModel> LoadSameEventModel(const std::string& path);
// The model at DefaultSameEventModelPath(), loaded once (thread-safe) on
// first use: the default of ClusterOptions::same_event. Null when
// PARALLAX_SAME_EVENT_MODEL is "none" (the cosine, asked for) or when the
// file is missing or damaged; `why`, if given, is then set to the reason
// (empty for "none"), so that a front end can warn.
std::shared_ptr<const SameEventModel> DefaultSameEventModel(std::string* why = nullptr);

struct ClusterOptions {
  // When set, pairs are linked by this model's probability and merged at
  // its threshold; `threshold`, min_name_overlap, no_shared_name_factor
  // and the date damping below are then unused (the model has its own
  // features for names and dates). Null: the damped cosine, merged at
  // `threshold`. The default is the shipped model (DefaultSameEventModel),
  // so every front end clusters alike; set it to null (or run with
  // PARALLAX_SAME_EVENT_MODEL=none, or `analyze --same-event-model none`)
  // for the cosine.
  std::shared_ptr<const SameEventModel> same_event = DefaultSameEventModel();
  // With the model, pairs whose cosine is below this get no features and
  // no link: at 100k articles half the candidate pairs, whose probability
  // would be near 0 anyway (the cosine clustering drops links below 0.04
  // too). CandidatePairs leaves them out of the training rows as well.
  double same_event_min_cosine = 0.04;
  // Average-link similarity needed to merge two groups with the cosine
  // (same_event null). Tuned on events-dev (see docs/quality.md).
  double threshold = 0.08;
  // Links kept per article in the similarity graph (its strongest). A pair
  // with no kept link counts as similarity 0 in average link, so fewer
  // links also make merges of large groups more cautious. 12 rather than
  // 20 raised B-cubed F1 on every set we have (events-dev 0.855 -> 0.862,
  // AllSides 0.554 -> 0.589, Multi-News 0.853 = 0.853, the 724 labelled
  // articles inside the 100k benchmark corpus 0.766 -> 0.778; 8 and 15
  // were each worse on two of them) and halves the agglomeration work.
  std::uint32_t max_neighbors = 12;
  // Terms kept per article (the highest TF-IDF weights).
  std::size_t max_terms = 200;
  // Candidate search. Each article is indexed under its index_terms
  // strongest terms (among those another article has; terms no other
  // article has yet are indexed too, so that a later article can find it
  // by a new name); an article meets, as candidates, the earlier articles
  // that share one of its own index_terms strongest terms in theirs, keeps
  // the max_candidates with the largest overlap on those terms, and scores
  // each of them by the exact cosine of the full vectors (max_terms terms).
  // A term indexed by more than max_df articles stops being indexed (it
  // still counts in every cosine): its list would be long and it does not
  // tell events apart. Cost per article is bounded by index_terms * max_df
  // postings and max_candidates cosines, whatever the corpus size.
  std::size_t index_terms = 40;
  // An article looks for candidates through its query_terms strongest
  // index terms only (it stays indexed under all of them, so later
  // articles still find it by any). Fewer postings read, fewer weak
  // candidates ranked: at 100k articles the candidate search reads 40% fewer
  // postings, with the same B-cubed F1 on events-dev. 0 = all index terms.
  std::size_t query_terms = 20;
  // At most this many earlier articles are ranked as candidates: the query
  // terms are read rarest first (shortest posting list), and once
  // candidate_pool articles have been met, the longer lists only add to
  // the overlap of those already met. A shared rare term (a name, a place)
  // says more about the event than a shared common one; at 100k articles
  // this ranks 3.5 times fewer articles with the same B-cubed F1 on
  // events-dev. 0 = no limit.
  std::size_t candidate_pool = 480;
  std::size_t max_candidates = 60;
  std::uint32_t max_df = 1000;
  // Added to every idf, so that in a small corpus where every article
  // shares the event's key words those words still count (sklearn's
  // smooth idf does the same).
  double idf_offset = 1.0;
  // Background document frequencies blended into the corpus's own
  // (background.h, docs/clustering.md "Background idf"): its `weight`
  // virtual documents, distributed as a large news collection is, give a
  // small corpus sensible idfs (in five articles on one event, "said" and
  // "Aleppo" are otherwise equally common). The default is the shipped
  // table (models/background-df.model, DefaultBackgroundDf); null (or
  // PARALLAX_BACKGROUND_DF=none): the corpus's own idf only.
  std::shared_ptr<const BackgroundDf> background = DefaultBackgroundDf();
  // Pairs whose shared capitalised names contribute less than
  // min_name_overlap to the cosine have their similarity multiplied by
  // no_shared_name_factor.
  double min_name_overlap = 0.01;
  double no_shared_name_factor = 0.5;
  // Dates within this many days do not reduce similarity.
  int date_window_days = 3;
  // Beyond the window, similarity is multiplied by
  // max(date_floor, 1 - (days - window) / date_scale_days).
  double date_scale_days = 30;
  double date_floor = 0.5;
  // A story spans at most this many days between its earliest and latest
  // dated article: an article further than that from any dated member
  // cannot join it, and two stories whose union would be longer are not
  // merged. Undated articles are not constrained. 0 = unlimited (the
  // default: the gold events of events-dev span up to two years, and a
  // 30-day window takes its B-cubed F1 from 0.848 to 0.645; see
  // bench/results/2026-11-23-clustering-scale.md).
  int window_days = 0;
  // StoryIndex::Add re-clusters, together with the new articles, every
  // story of at most this many articles that a new article links to (the
  // story is dissolved and average link re-run best-first over its
  // articles' links), so merges decided on earlier batches can be undone.
  // Larger stories keep their shape and can only absorb. Higher: closer
  // to batch clustering, more work per batch; 0: stories only grow or
  // merge. Day by day on events-dev, agreement with batch (B-cubed F1)
  // 0.936 at 0, 0.961 at 5, 0.980 at 20 (and at 1000; 0.983 at 20 with
  // max_neighbors 12 instead of 20, `parallax eval cluster --incremental`); clustering Reuters
  // day by day takes about 3.7 s at 0, 8 s at 5, 24 s at 20
  // (bench/results/2026-11-23-clustering-scale.md).
  std::uint32_t recluster_max_size = 20;
};

// Stories as lists of article indices, each list ascending; stories sorted
// by size (largest first), then by first index. Vectors are built and
// candidates scored on up to `threads` threads (0 = one per hardware
// thread); the result does not depend on it.
std::vector<std::vector<std::size_t>> ClusterArticles(const std::vector<Article>& articles,
                                                      const ClusterOptions& options = {}, unsigned threads = 1);

// The same over borrowed articles (indices refer to `articles`); reads only
// title, text and published.
std::vector<std::vector<std::size_t>> ClusterArticles(const std::vector<const Article*>& articles,
                                                      const ClusterOptions& options = {}, unsigned threads = 1);

// Incremental clustering of a corpus already at hand, fed as a news stream
// would deliver it: articles in publication-date order (undated ones last,
// input order within a day), one StoryIndex::Add per publication day
// (batch_size 0) or per `batch_size` consecutive articles of that order.
// Indices and order as ClusterArticles. `on_batch`, if set, is called after
// each batch with the number of articles added so far.
std::vector<std::vector<std::size_t>> ClusterArticlesInDateOrder(
    const std::vector<const Article*>& articles, const ClusterOptions& options = {}, unsigned threads = 1,
    std::size_t batch_size = 0, const std::function<void(std::size_t)>& on_batch = {});

// A candidate pair as the clustering meets it (before pruning), with the
// same-event model's features: the training rows of `parallax train
// cluster`. Indices refer to `articles`; a < b.
struct CandidatePair {
  std::uint32_t a, b;
  float features[SameEventModel::kFeatures];
};
std::vector<CandidatePair> CandidatePairs(const std::vector<const Article*>& articles, const ClusterOptions& options = {},
                                          unsigned threads = 1);

// Incremental clustering (see the top of this file). Not thread-safe: one
// caller at a time; Add itself uses up to `threads` threads (0 = one per
// hardware thread), with the same result for any value.
class StoryIndex {
 public:
  explicit StoryIndex(const ClusterOptions& options = {}, unsigned threads = 1);
  ~StoryIndex();
  StoryIndex(const StoryIndex&) = delete;
  StoryIndex& operator=(const StoryIndex&) = delete;

  // Adds a batch. Articles are read during the call only (title, text,
  // published) and are not kept; the k-th gets index size() + k as it was
  // before the call. Adding a whole corpus in one call gives exactly
  // ClusterArticles; smaller batches may differ a little (IDF above, and
  // merges decided before later articles were seen).
  void Add(const std::vector<const Article*>& articles);
  void Add(const Article& article);

  // Articles added so far.
  std::size_t size() const;

  // The current stories, ordered as ClusterArticles orders them.
  std::vector<std::vector<std::size_t>> Stories() const;

  // The whole state as bytes (index_io.cc), so that a store can keep it
  // between batches instead of replaying every article: Load of Save's
  // bytes into an index made with the same options gives an index that
  // behaves exactly as the saved one (same stories after any later Add).
  // Load replaces the state and returns true; it returns false, leaving
  // the state as it was, when the bytes are not a saved state, are
  // damaged, or were saved under other ClusterOptions.
  std::string Save() const;
  bool Load(std::string_view bytes);

 private:
  // Clusters a whole corpus as one last batch.
  friend std::vector<std::vector<std::size_t>> ClusterArticles(const std::vector<const Article*>& articles,
                                                               const ClusterOptions& options, unsigned threads);
  friend std::vector<CandidatePair> CandidatePairs(const std::vector<const Article*>& articles,
                                                   const ClusterOptions& options, unsigned threads);
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace parallax
