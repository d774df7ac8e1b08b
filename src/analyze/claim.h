#pragma once
// Claim: do two sentences state the same claim (the same action or state
// about the same participants, with compatible details), rather than only
// share names and a topic? The decision behind facts' corroboration.
//
//   const ClaimModel& c = DefaultClaimModel();          // models/paraphrase-claim.tsv
//   const ParaphraseModel& p = DefaultParaphraseModel();
//   ClaimModel::Features f = ClaimModel::Compute(p, "Both resolutions failed to pass.",
//                                                "Diplomats hope the resolution will be passed.");
//   double q = c.Probability(f);     // in [0, 1]
//   c.Full(q), c.Partial(q)          // a corroborating citation, a partial one
//
// Features look at the predicate and its arguments, not only at overlap:
// the paraphrase model's log-odds; the share of the non-name content words
// (what is said) and of the names (who it is about) that the other side
// states; the claim words outside names and attributions ("said Ilse
// Varga, general secretary of the union" names a speaker, not a claim);
// whether the subjects (first content word) differ; modality (will, may,
// plan, scheduled, hope) and outcome (cancelled, failed, rejected) words on
// one side only; negation on one side only; a question; a named speaker
// who differs from the other side's, or an attribution on one side only (a
// reaction); the longest run of shared words; shared or differing numbers;
// fragments (few words) and the length ratio. A logistic regression over
// them is trained on hand-judged fact citations of events-dev's tuning
// half, and its two thresholds chosen on their held-out probabilities,
// with `parallax eval paraphrase --learn-claim FILE --claim-pairs PAIRS`
// (docs/facts.md, "Same claim"; STS-B train can be added as training
// pairs with --claim-sts-weight).
//
// Thread safety: a const ClaimModel is safe from many threads;
// DefaultClaimModel() is initialised once.

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/paraphrase.h"
#include "core/status.h"

namespace parallax {

struct ClaimView;  // claim.cc

// What ClaimModel::Compute reads of one sentence besides its
// PreparedSentence (its words, names, subject, speakers, modality), made
// once for a sentence that a story compares with many.
class ClaimSentence {
 public:
  explicit ClaimSentence(std::string_view text);
  ~ClaimSentence();
  ClaimSentence(ClaimSentence&&) noexcept;
  ClaimSentence& operator=(ClaimSentence&&) noexcept;

 private:
  friend class ClaimModel;
  std::unique_ptr<const ClaimView> view_;
};

class ClaimModel {
 public:
  static constexpr int kFeatures = 20;
  using Features = std::array<double, kFeatures>;
  static const std::array<const char*, kFeatures>& FeatureNames();

  // The features of a sentence pair (symmetric in a and b).
  static Features Compute(const ParaphraseModel& paraphrase, std::string_view a, std::string_view b);
  static Features Compute(const ParaphraseModel& paraphrase, std::string_view a, const PreparedSentence& pa,
                          std::string_view b, const PreparedSentence& pb);
  static Features Compute(const ParaphraseModel& paraphrase, const PreparedSentence& pa, const ClaimSentence& ca,
                          const PreparedSentence& pb, const ClaimSentence& cb);

  // L2-regularised logistic regression (Newton's method) on the
  // standardised features. Deterministic.
  void Train(const std::vector<Features>& x, const std::vector<int>& y, double l2 = 1.0);
  double Probability(const Features& f) const;
  bool trained() const { return trained_; }

  // A citation states the fact's claim at >= full_threshold; a weaker
  // match at >= partial_threshold is shown as partial, not counted.
  double full_threshold() const { return full_; }
  double partial_threshold() const { return partial_; }
  void set_thresholds(double full, double partial) {
    full_ = full;
    partial_ = partial;
  }
  bool Full(double p) const { return p >= full_; }
  bool Partial(double p) const { return p >= partial_ && p < full_; }

  // Text: a header line naming `regenerate`, "thresholds <full> <partial>",
  // "bias <b>", then one line per feature: name, mean, scale, weight.
  std::string Serialise(std::string_view regenerate) const;
  // Fails (kInvalidInput naming `origin` and the line) on a garbled or
  // truncated text.
  static Result<ClaimModel> Parse(std::string_view text, const std::string& origin);
  static Result<ClaimModel> Load(const std::string& path);

 private:
  bool trained_ = false;
  Features mean_{}, scale_{}, weight_{};
  double bias_ = 0;
  double full_ = 0.5, partial_ = 0.3;
};

// Whether a sentence states a plan (will, scheduled, plans, expected, due
// ...; the modality feature also counts may, could, hope) and whether it reports
// an outcome that undoes one (cancelled, postponed, scrapped, abandoned,
// failed, delayed).
bool StatesPlan(std::string_view sentence);
bool StatesOutcome(std::string_view sentence);

// $PARALLAX_PARAPHRASE_CLAIM, else paraphrase-claim.tsv next to
// DefaultParaphraseWordsPath().
std::string DefaultClaimModelPath();

// The claim model analyze uses, loaded once from DefaultClaimModelPath().
// When it cannot be loaded the model is untrained (trained() false: facts
// are joined as before the claim decision) and `error` says why.
const ClaimModel& DefaultClaimModel(std::string* error = nullptr);

}  // namespace parallax
