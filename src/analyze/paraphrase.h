#pragma once
// Paraphrase: do two sentences state the same thing? A learned decision
// for aligning facts across articles.
//
//   const ParaphraseModel& m = DefaultParaphraseModel();  // shipped weights
//   PreparedSentence a = m.Prepare("Russia vetoed the resolution on Saturday.");
//   PreparedSentence b = m.Prepare("On Saturday Moscow blocked the draft with its veto.");
//   double p = m.Probability(a, b);   // in [0, 1]
//   bool same = m.Same(a, b);         // p >= m.threshold()
//
// Features come from content words (stemmed and idf-weighted overlap,
// n-grams, longest common subsequence, length difference), numbers (the
// same, different or missing: different numbers are not the same
// statement), capitalised names, negation, word vectors learned without
// labels from bulk news (SIF-weighted sentence vectors, soft word
// alignment), and optionally word weights learned from labelled pairs
// (WordWeights). A logistic regression combines them, optionally averaged
// with gradient-boosted trees (BoostedTrees; the shipped model does);
// `parallax eval paraphrase` trains them on MRPC train and measures them
// (docs/facts.md).
//
// Thread safety: a const ParaphraseModel and WordVectors are safe to use
// from many threads; DefaultParaphraseModel() is initialised once.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyze/boosting.h"
#include "analyze/word_vectors.h"
#include "core/status.h"

namespace parallax {

// A sentence reduced to what the features need; prepare once, compare
// many times.
struct PreparedSentence {
  std::vector<std::string> words;    // lower-case words and numbers, in order
  std::vector<std::string> stems;    // sorted unique stems of content words
  std::vector<double> stem_idf;      // idf of each stem (parallel to stems)
  std::vector<const float*> stem_vectors;  // a vector for each stem's word, or nullptr
  std::vector<std::string> numbers;  // sorted unique normalised numbers
  std::vector<std::string> names;    // sorted unique lower-cased capitalised words after the first
  int negations = 0;
  std::vector<float> sif;            // SIF sentence vector (empty without vectors)
  std::vector<std::string> terms;    // sorted unique stems of all words and numbers, and stem bigrams ("a b")
  // Sorted unique 64-bit hashes of the word 1-, 2- and 3-grams and of the
  // character 4-grams of the word sequence: the overlaps the pair features
  // count, computed once per sentence rather than once per pair.
  std::array<std::vector<std::uint64_t>, 3> word_grams;
  std::vector<std::uint64_t> char_grams;
  // Each term's "in one only" log-likelihood ratio under `llr_of`'s word
  // weights (parallel to terms; WordWeights::Annotate): looked up once per
  // sentence rather than once per pair.
  const class WordWeights* llr_of = nullptr;
  std::vector<double> term_llr_one;
};

// Word knowledge learned from labelled sentence pairs, in the manner of
// TF-KLD (Ji & Eisenstein 2013). For each term (PreparedSentence::terms)
// it counts the pairs that hold it in both sentences or in one only, among
// paraphrases and among non-paraphrases. From these, p = P(in both |
// paraphrase, term in the pair) and q the same for non-paraphrases, each
// shrunk towards its class's rate over all terms by kSmoothing pseudo-
// pairs. A term's weight is KL(p || q): a term whose being shared or not
// tells the classes apart weighs much, one that behaves alike in both
// classes weighs nothing. Its log-likelihood ratio when in one sentence
// only, log((1 - p) / (1 - q)), says how much leaving it out speaks
// against "same statement": a date or "said" costs little, a name or a
// number much. Terms seen in fewer than kMinPairs pairs are pooled into
// one "rare term" class (also used for terms never seen).
//
// Thread safety: const methods are safe from many threads.
class WordWeights {
 public:
  struct Counts {
    std::uint32_t pos_both = 0, pos_one = 0, neg_both = 0, neg_one = 0;
  };
  static constexpr double kSmoothing = 10.0;
  static constexpr std::uint32_t kMinPairs = 2;

  // Adds one labelled pair's terms.
  void Add(const PreparedSentence& a, const PreparedSentence& b, bool paraphrase);
  // Drops the terms seen in fewer than kMinPairs pairs after pooling their
  // counts into the rare class (call once, after the last Add).
  void Finish();

  std::size_t size() const { return counts_.size(); }
  // The KLD weight of a term as seen in the counts (the rare class's for
  // an unknown or rare term).
  double Weight(std::string_view term) const;

  // The pair features (ParaphraseModel's "unshared_llr"): the sum of the
  // "in one only" log-likelihood ratios of the terms that only one
  // sentence holds. `own_label` 0 or 1: the pair was one of those counted,
  // with that label; its own counts are left out (leave-one-out), so that
  // training pairs look like unseen ones to the model trained on them.
  static constexpr int kPairFeatures = 1;
  std::array<double, kPairFeatures> PairFeatures(const PreparedSentence& a, const PreparedSentence& b,
                                                 int own_label = -1) const;
  // Fills p's term_llr_one (and llr_of = this): what PairFeatures without
  // own_label reads of each term, the same numbers.
  void Annotate(PreparedSentence* p) const;

  // Text format, tab-separated: "pairs <paraphrases> <others> <terms>",
  // "rare" and the rare class's four counts, then one line per term: the
  // term and its counts in both / in one only among paraphrases, then
  // among the others.
  std::string Serialise() const;
  // Fails (kInvalidInput, naming `origin` and the line, counted from
  // `first_line`) on a garbled or truncated table.
  static Result<WordWeights> Parse(std::string_view text, const std::string& origin, std::size_t first_line = 1);

 private:
  // KLD weight and the log-likelihood ratios of "in both" and "in one".
  struct Term {
    double kld, llr_both, llr_one;
  };
  Term Score(const Counts& c, const Counts& all) const;
  std::uint32_t pos_pairs_ = 0, neg_pairs_ = 0;
  Counts rare_, all_;  // all_: every term's counts together
  std::unordered_map<std::string, Counts> counts_;
};

class ParaphraseModel {
 public:
  // The first kBaseFeatures need no word weights; the last
  // WordWeights::kPairFeatures are 0 without them.
  static constexpr int kBaseFeatures = 22;
  static constexpr int kFeatures = kBaseFeatures + WordWeights::kPairFeatures;
  using Features = std::array<double, kFeatures>;
  static const std::array<const char*, kFeatures>& FeatureNames();

  // `vectors` may be null: the vector features are then 0 and the model
  // starts with the shipped weights (trained that way). With vectors (which
  // must outlive the model) there are no shipped weights: Train() first.
  explicit ParaphraseModel(const WordVectors* vectors);
  // A model over the lexical features and the word weights' features
  // (no vectors), untrained: Train() it.
  static ParaphraseModel WithWordWeights(std::shared_ptr<const WordWeights> words);
  // A trained model with its word weights, as Save() wrote it (`parallax
  // eval paraphrase --learn-word-weights FILE`). Fails with kNotFound, or
  // kInvalidInput naming the line of a garbled or truncated file.
  static Result<ParaphraseModel> Load(const std::string& path);
  // Requires word weights and a trained model. `regenerate`, the command
  // that made it, goes into the header line. Boosted trees, when trained,
  // are saved too.
  Status Save(const std::string& path,
              std::string_view regenerate = "parallax eval paraphrase --learn-word-weights FILE") const;

  PreparedSentence Prepare(std::string_view sentence) const;
  Features Compute(const PreparedSentence& a, const PreparedSentence& b) const;
  double Probability(const Features& f) const;
  double Probability(const PreparedSentence& a, const PreparedSentence& b) const {
    return Probability(Compute(a, b));
  }
  bool Same(const PreparedSentence& a, const PreparedSentence& b) const { return Probability(a, b) >= threshold_; }
  // Cosine of the SIF vectors (0 without vectors): an unsupervised
  // similarity score.
  static double SifCosine(const PreparedSentence& a, const PreparedSentence& b);

  // L2-regularised logistic regression by Newton's method on the
  // standardised features and their pairwise products. Deterministic.
  void Train(const std::vector<Features>& x, const std::vector<int>& y, double l2 = 1.0);
  // Gradient-boosted trees on the raw active features (BoostedTrees),
  // used with the share set_tree_share() gives them (default 1: the
  // trees alone; between 0 and 1, the probabilities of the trees and the
  // logistic regression averaged with that weight). Deterministic.
  void TrainTrees(const std::vector<Features>& x, const std::vector<int>& y, const BoostedTrees::Options& options);
  void set_tree_share(double share) { tree_share_ = share; }
  double tree_share() const { return trees_ ? tree_share_ : 0.0; }
  const BoostedTrees* trees() const { return trees_.get(); }
  double threshold() const { return threshold_; }
  void set_threshold(double t) { threshold_ = t; }
  bool has_vectors() const { return vectors_ != nullptr; }
  const WordWeights* word_weights() const { return words_.get(); }
  // Features the model uses: kBaseFeatures, or kFeatures for a model made
  // by WithWordWeights() or loaded.
  int active_features() const { return active_; }
  // The weights as C++ initialisers (for shipping a retrained model).
  std::string DescribeWeights() const;

 private:
  void Expand(const Features& f, std::vector<double>* z) const;
  const WordVectors* vectors_ = nullptr;
  std::shared_ptr<const WordWeights> words_;
  std::shared_ptr<const BoostedTrees> trees_;
  double tree_share_ = 1.0;
  int active_ = kBaseFeatures;
  Features mean_{}, scale_{};
  std::vector<double> weight_;  // over Expand()
  double bias_ = 0;
  double threshold_ = 0.5;
};

// Where optional word vectors are looked for (none ship; see
// docs/facts.md): $PARALLAX_PARAPHRASE_VECTORS, else <dir of the
// executable>/../share/parallax/paraphrase-vectors.bin, else the source
// tree's models/paraphrase-vectors.bin.
std::string DefaultParaphraseVectorsPath();

// Where the shipped model with word weights (and boosted trees) is looked
// for (docs/facts.md): $PARALLAX_PARAPHRASE_WORDS, else <dir of the
// executable>/../share/parallax/paraphrase-words.tsv, else the source
// tree's models/paraphrase-words.tsv.
std::string DefaultParaphraseWordsPath();

// The model saved at `path`; when it cannot be loaded, the lexical model
// with the compiled-in weights, and `error` (optional) says why.
ParaphraseModel LoadParaphraseModelOrLexical(const std::string& path, std::string* error);

// The probability threshold for a model whose `threshold` was tuned for
// accuracy (a false "same" and a false "different" cost alike) when a
// false "same" costs `false_same_cost` times a false "different": the
// Bayes decision with asymmetric costs multiplies the threshold's odds by
// the cost ratio, t'/(1 - t') = cost * t/(1 - t). Cost 1 gives `threshold`
// back; a higher cost a higher threshold. Requires cost > 0.
double CostAdjustedThreshold(double threshold, double false_same_cost);

// The model analyze uses, loaded once: the shipped model at
// DefaultParaphraseWordsPath() (word weights, logistic regression and
// boosted trees averaged; docs/facts.md), else, when that file is missing
// or damaged, the vector-free lexical features with the weights compiled
// in; `error` (optional) then receives why.
const ParaphraseModel& DefaultParaphraseModel(std::string* error = nullptr);

}  // namespace parallax
