#include "eval/clustering_metrics.h"

#include <cassert>
#include <cmath>
#include <cstdint>
#include <unordered_map>

namespace parallax {
namespace {

// Number of unordered pairs among `k` items. 64 bits hold C(n, 2) for any n
// below ~6e9, far beyond what fits in memory as label vectors.
std::uint64_t Pairs(std::uint64_t k) { return k * (k - (k > 0 ? 1 : 0)) / 2; }

// Maps arbitrary integer labels to 0..k-1 so that cluster sizes live in a
// vector and a (gold, predicted) pair packs into one 64-bit hash key.
std::vector<std::uint32_t> DenseLabels(const std::vector<int>& labels, std::vector<std::uint64_t>* sizes) {
  std::unordered_map<int, std::uint32_t> index;
  std::vector<std::uint32_t> dense;
  dense.reserve(labels.size());
  for (int label : labels) {
    auto [it, inserted] = index.try_emplace(label, static_cast<std::uint32_t>(index.size()));
    if (inserted) sizes->push_back(0);
    ++(*sizes)[it->second];
    dense.push_back(it->second);
  }
  return dense;
}

// Shannon entropy (nats) of a partition given its cluster sizes.
long double Entropy(const std::vector<std::uint64_t>& sizes, long double n) {
  long double h = 0.0L;
  for (std::uint64_t s : sizes) {
    const long double p = static_cast<long double>(s) / n;
    h -= p * std::log(p);
  }
  return h;
}

}  // namespace

ClusteringScores ScoreClustering(const std::vector<int>& gold, const std::vector<int>& predicted) {
  ClusteringScores scores;
  assert(gold.size() == predicted.size());
  if (gold.size() != predicted.size()) return scores;

  const size_t n = gold.size();
  scores.items = n;
  if (n == 0) {
    // Nothing to misplace; sklearn also scores empty input as perfect.
    scores.bcubed_precision = scores.bcubed_recall = scores.bcubed_f1 = 1.0;
    scores.ari = scores.nmi = 1.0;
    return scores;
  }

  std::vector<std::uint64_t> gold_sizes, pred_sizes;
  const std::vector<std::uint32_t> g = DenseLabels(gold, &gold_sizes);
  const std::vector<std::uint32_t> p = DenseLabels(predicted, &pred_sizes);
  scores.gold_clusters = gold_sizes.size();
  scores.predicted_clusters = pred_sizes.size();

  // Only non-empty cells are stored, which is what keeps memory O(n) when
  // both sides have many clusters (a dense k x m table would not be).
  std::unordered_map<std::uint64_t, std::uint64_t> cells;
  for (size_t i = 0; i < n; ++i) {
    ++cells[(static_cast<std::uint64_t>(g[i]) << 32) | p[i]];
  }

  // Every statistic below is a sum over non-empty cells; one pass does all.
  // long double keeps the ARI products (up to ~1e23 for 1M items) and the
  // many small entropy terms from losing digits.
  const long double nd = static_cast<long double>(n);
  long double precision_sum = 0.0L, recall_sum = 0.0L, mutual_info = 0.0L;
  std::uint64_t joined_both = 0;  // pairs in the same gold and predicted cluster
  for (const auto& [key, count] : cells) {
    const std::uint64_t a = gold_sizes[key >> 32];
    const std::uint64_t b = pred_sizes[key & 0xffffffffu];
    const long double c = static_cast<long double>(count);
    // Each of the `count` items in this cell has `count` correct neighbours
    // (itself included) out of its predicted cluster (precision) and out of
    // its gold cluster (recall).
    precision_sum += c * c / static_cast<long double>(b);
    recall_sum += c * c / static_cast<long double>(a);
    mutual_info += (c / nd) * std::log(nd * c / (static_cast<long double>(a) * static_cast<long double>(b)));
    joined_both += Pairs(count);
  }

  const long double precision = precision_sum / nd;
  const long double recall = recall_sum / nd;
  scores.bcubed_precision = static_cast<double>(precision);
  scores.bcubed_recall = static_cast<double>(recall);
  // Both are at least 1/n (an item is always its own correct neighbour), so
  // the sum is never zero.
  scores.bcubed_f1 = static_cast<double>(2.0L * precision * recall / (precision + recall));

  // ARI from the pair confusion matrix, the form sklearn uses; it equals
  // Hubert & Arabie's (index - expected) / (max - expected).
  std::uint64_t gold_pairs = 0, pred_pairs = 0;
  for (std::uint64_t s : gold_sizes) gold_pairs += Pairs(s);
  for (std::uint64_t s : pred_sizes) pred_pairs += Pairs(s);
  const std::uint64_t tp = joined_both;
  const std::uint64_t fn = gold_pairs - tp;  // gold together, predicted apart
  const std::uint64_t fp = pred_pairs - tp;  // predicted together, gold apart
  const std::uint64_t tn = Pairs(n) - tp - fn - fp;
  if (fn == 0 && fp == 0) {
    // The partitions agree on every pair. The formula would give 0/0 when
    // there are no pairs at all, and sklearn defines this case as 1.
    scores.ari = 1.0;
  } else {
    const long double ltp = tp, lfn = fn, lfp = fp, ltn = tn;
    // The denominator is positive here: fn > 0 makes the first product
    // positive, fp > 0 the second.
    scores.ari = static_cast<double>(2.0L * (ltp * ltn - lfn * lfp) /
                                     ((ltp + lfn) * (lfn + ltn) + (ltp + lfp) * (lfp + ltn)));
  }

  if (gold_sizes.size() == 1 && pred_sizes.size() == 1) {
    // Both entropies are 0: nothing is split, which sklearn counts as a
    // perfect match rather than 0/0.
    scores.nmi = 1.0;
  } else if (mutual_info <= 0.0L) {
    // Independent labelings (and rounding just below 0, which sklearn clips).
    scores.nmi = 0.0;
  } else {
    const long double normaliser = (Entropy(gold_sizes, nd) + Entropy(pred_sizes, nd)) / 2.0L;
    scores.nmi = static_cast<double>(mutual_info / normaliser);
  }
  return scores;
}

}  // namespace parallax
