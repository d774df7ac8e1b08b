#pragma once
// Extrinsic clustering scores: a predicted clustering against gold labels.
//
// Three families are reported because each hides a different failure:
// B-cubed is per item and punishes both lumping and splitting in a way a
// reader of one story feels; ARI is chance-corrected, so a clustering that
// is no better than random scores about 0 whatever the cluster sizes; NMI
// is the number most clustering papers quote, so results can be compared.

#include <cstddef>
#include <vector>

namespace parallax {

struct ClusteringScores {
  // B-cubed (Bagga & Baldwin 1998; Amigo et al. 2009): precision and recall
  // are averaged over items, and F1 is the harmonic mean of the two
  // averages (not the average of per-item F1s), as in Amigo et al.
  double bcubed_precision = 0.0;
  double bcubed_recall = 0.0;
  double bcubed_f1 = 0.0;
  double ari = 0.0;  // adjusted Rand index (Hubert & Arabie 1985)
  double nmi = 0.0;  // normalised mutual information, arithmetic-mean normaliser
  size_t items = 0;
  size_t gold_clusters = 0;
  size_t predicted_clusters = 0;
};

// gold[i] and predicted[i] are the cluster labels of item i. Labels are any
// integers; only equality between labels matters, so the two sides need not
// share a label space.
//
// Precondition: gold.size() == predicted.size(). A mismatch is a caller bug;
// it asserts in debug builds and returns all-zero scores with items == 0
// otherwise, so it can never be mistaken for a result.
//
// Degenerate cases follow scikit-learn so numbers are comparable:
//  - ARI is 1.0 when no pair of items is split by one side and joined by the
//    other (this covers empty input, one item, and identical partitions).
//  - NMI is 1.0 when both sides have a single cluster (or no items), and 0.0
//    when the mutual information is 0 otherwise.
//  - B-cubed is 1.0 for empty input (nothing can be misplaced).
//
// Runs in O(n + number of distinct (gold, predicted) label pairs) time and
// memory via a hashed contingency table, so it is usable on millions of items.
ClusteringScores ScoreClustering(const std::vector<int>& gold, const std::vector<int>& predicted);

}  // namespace parallax
