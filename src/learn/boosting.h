#pragma once
// BoostedTrees: gradient-boosted decision trees for a yes/no decision
// (logistic loss), small and deterministic.
//
//   BoostedTrees::Options o;             // depth 3, 200 trees, shrinkage 0.05 ...
//   BoostedTrees t = BoostedTrees::Fit(rows, labels, o);
//   double p = t.Probability(rows[0]);   // in (0, 1)
//
// Each tree is grown level by level to a fixed depth with Newton steps
// (Friedman 2001; the gain and leaf values of Chen & Guestrin 2016): a
// split maximises G_L^2/(H_L+l2) + G_R^2/(H_R+l2) - G^2/(H+l2) over the
// gradients G and Hessians H of the logistic loss, a leaf's value is
// -G/(H+l2) times the shrinkage. Split candidates are the midpoints
// between a feature's training values at up to `bins` quantiles, so the
// search is over histograms. Each tree sees a subsample of the rows drawn
// by a fixed-seed hash of (seed, tree, row): the same data and options
// give the same trees on every machine.
//
// Thread safety: const methods are safe from many threads.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace parallax {

class BoostedTrees {
 public:
  struct Options {
    int trees = 200;          // boosting rounds
    int depth = 3;            // levels of every tree (2^depth leaves)
    double shrinkage = 0.05;  // learning rate applied to each leaf value
    double subsample = 0.8;   // share of the rows each tree is fitted on
    double l2 = 1.0;          // penalty on leaf values (Newton step denominator)
    double min_hessian = 5.0; // a child needs this much Hessian weight (about 20 rows at p = 0.5)
    int bins = 64;            // split candidates per feature
    std::uint64_t seed = 0xb005ed;  // subsample seed (deterministic)
  };

  // Fits `rows` (all of the same width) to `labels` (0 or 1).
  static BoostedTrees Fit(const std::vector<std::vector<double>>& rows, const std::vector<int>& labels,
                          const Options& options);

  bool empty() const { return trees_ == 0; }
  int trees() const { return trees_; }
  int depth() const { return depth_; }
  int width() const { return width_; }
  // Log-odds and probability of "yes" for a row of width() features
  // (missing trailing features count as 0).
  double Margin(const double* row, std::size_t n) const;
  double Margin(const std::vector<double>& row) const { return Margin(row.data(), row.size()); }
  double Probability(const double* row, std::size_t n) const;
  double Probability(const std::vector<double>& row) const { return Probability(row.data(), row.size()); }

  // Text, one tree a line: "trees <count> <depth> <width> <base>" then per
  // tree the split features, the thresholds and the leaf values (doubles
  // printed exactly), tab-separated.
  std::string Serialise() const;
  // Fails (kInvalidInput, naming `origin` and the line counted from
  // `first_line`) on a garbled or truncated text. `consumed` (optional)
  // receives how many bytes of `text` the trees took.
  static Result<BoostedTrees> Parse(std::string_view text, const std::string& origin, std::size_t first_line = 1,
                                    std::size_t* consumed = nullptr);

 private:
  int trees_ = 0, depth_ = 0, width_ = 0;
  double base_ = 0;  // initial log-odds: that of the training labels
  // Per tree, (2^depth - 1) internal nodes in breadth-first order (node k's
  // children 2k+1, 2k+2; feature -1: no split, every row goes left), then
  // 2^depth leaves.
  std::vector<int> feature_;
  std::vector<double> threshold_;
  std::vector<double> leaf_;
};

}  // namespace parallax
