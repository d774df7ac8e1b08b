#include "learn/boosting.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "text/utf8.h"  // SplitFields

namespace parallax {
namespace {

// splitmix64: a fixed, portable mixing function (std:: distributions are
// not specified bit for bit across standard libraries).
std::uint64_t Mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Uniform in [0, 1) from (seed, tree, row).
double Uniform(std::uint64_t seed, std::uint64_t tree, std::uint64_t row) {
  const std::uint64_t h = Mix(Mix(Mix(seed) ^ tree) ^ row);
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

double Sigmoid(double s) { return 1.0 / (1.0 + std::exp(-s)); }

// Split candidates of one feature: midpoints between adjacent distinct
// values, thinned to about `bins` - 1 at evenly spaced ranks when there
// are more.
std::vector<double> Candidates(std::vector<double> values, int bins) {
  std::sort(values.begin(), values.end());
  std::vector<double> distinct = values;
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  std::vector<double> out;
  if (distinct.size() <= static_cast<std::size_t>(bins)) {
    for (std::size_t i = 0; i + 1 < distinct.size(); ++i) out.push_back(0.5 * (distinct[i] + distinct[i + 1]));
    return out;
  }
  const std::size_t n = values.size();
  for (int q = 1; q < bins; ++q) {
    const double v = values[static_cast<std::size_t>(q) * n / static_cast<std::size_t>(bins)];
    auto next = std::upper_bound(distinct.begin(), distinct.end(), v);
    if (next == distinct.end()) continue;
    const double t = 0.5 * (v + *next);
    if (out.empty() || t > out.back()) out.push_back(t);
  }
  return out;
}

bool ParseDouble(std::string_view s, double* v) {
  const std::string str(s);
  char* end = nullptr;
  *v = std::strtod(str.c_str(), &end);
  return !str.empty() && end == str.c_str() + str.size() && std::isfinite(*v);
}

bool ParseInt(std::string_view s, long lo, long hi, int* v) {
  const std::string str(s);
  char* end = nullptr;
  const long x = std::strtol(str.c_str(), &end, 10);
  if (str.empty() || end != str.c_str() + str.size() || x < lo || x > hi) return false;
  *v = static_cast<int>(x);
  return true;
}

}  // namespace

BoostedTrees BoostedTrees::Fit(const std::vector<std::vector<double>>& rows, const std::vector<int>& labels,
                               const Options& options) {
  BoostedTrees t;
  const std::size_t n = rows.size();
  if (n == 0 || options.trees <= 0 || options.depth <= 0) return t;
  const std::size_t width = rows[0].size();
  if (width == 0) return t;
  const int depth = options.depth;
  const std::size_t internal = (std::size_t{1} << depth) - 1, leaves = std::size_t{1} << depth;
  t.depth_ = depth;
  t.width_ = static_cast<int>(width);

  // Bin every value once: bin b of feature f holds the rows with
  // candidates[f][b-1] < x <= candidates[f][b], so "x <= candidates[f][k]"
  // is "bin <= k".
  std::vector<std::vector<double>> cand(width);
  std::vector<std::vector<std::uint16_t>> bin(width, std::vector<std::uint16_t>(n));
  for (std::size_t f = 0; f < width; ++f) {
    std::vector<double> col(n);
    for (std::size_t i = 0; i < n; ++i) col[i] = rows[i][f];
    cand[f] = Candidates(col, std::clamp(options.bins, 2, 65535));
    for (std::size_t i = 0; i < n; ++i) {
      bin[f][i] = static_cast<std::uint16_t>(std::lower_bound(cand[f].begin(), cand[f].end(), col[i]) - cand[f].begin());
    }
  }

  std::size_t positives = 0;
  for (int y : labels) positives += y == 1;
  const double prior = std::clamp(static_cast<double>(positives) / static_cast<double>(n), 1e-6, 1 - 1e-6);
  t.base_ = std::log(prior / (1 - prior));
  std::vector<double> margin(n, t.base_), g(n), h(n);
  std::vector<long> node(n);
  std::vector<double> hg, hh;  // histograms: node x feature x bin

  for (int round = 0; round < options.trees; ++round) {
    for (std::size_t i = 0; i < n; ++i) {
      const double p = Sigmoid(margin[i]);
      g[i] = p - labels[i];
      h[i] = std::max(p * (1 - p), 1e-12);
      node[i] = Uniform(options.seed, static_cast<std::uint64_t>(round), i) < options.subsample ? 0 : -1;
    }
    const std::size_t first_node = t.feature_.size();
    t.feature_.resize(first_node + internal, -1);
    t.threshold_.resize(first_node + internal, 0.0);
    for (int level = 0; level < depth; ++level) {
      const std::size_t lo = (std::size_t{1} << level) - 1, count = std::size_t{1} << level;
      // Histogram offsets: every feature gets cand.size() + 1 bins.
      std::vector<std::size_t> offset(width + 1, 0);
      for (std::size_t f = 0; f < width; ++f) offset[f + 1] = offset[f] + cand[f].size() + 1;
      const std::size_t stride = offset[width];
      hg.assign(count * stride, 0.0);
      hh.assign(count * stride, 0.0);
      for (std::size_t i = 0; i < n; ++i) {
        if (node[i] < 0) continue;
        const std::size_t k = static_cast<std::size_t>(node[i]) - lo;
        double* rg = &hg[k * stride];
        double* rh = &hh[k * stride];
        for (std::size_t f = 0; f < width; ++f) {
          rg[offset[f] + bin[f][i]] += g[i];
          rh[offset[f] + bin[f][i]] += h[i];
        }
      }
      for (std::size_t k = 0; k < count; ++k) {
        const double* rg = &hg[k * stride];
        const double* rh = &hh[k * stride];
        double total_g = 0, total_h = 0;
        for (std::size_t b = 0; b <= cand[0].size(); ++b) {
          total_g += rg[b];
          total_h += rh[b];
        }
        const double parent = total_g * total_g / (total_h + options.l2);
        double best_gain = 1e-12;
        int best_f = -1;
        double best_t = 0;
        for (std::size_t f = 0; f < width; ++f) {
          double lg = 0, lh = 0;
          for (std::size_t b = 0; b < cand[f].size(); ++b) {
            lg += rg[offset[f] + b];
            lh += rh[offset[f] + b];
            const double rgs = total_g - lg, rhs = total_h - lh;
            if (lh < options.min_hessian || rhs < options.min_hessian) continue;
            const double gain = lg * lg / (lh + options.l2) + rgs * rgs / (rhs + options.l2) - parent;
            if (gain > best_gain) {
              best_gain = gain;
              best_f = static_cast<int>(f);
              best_t = cand[f][b];
            }
          }
        }
        t.feature_[first_node + lo + k] = best_f;
        t.threshold_[first_node + lo + k] = best_t;
      }
      for (std::size_t i = 0; i < n; ++i) {
        if (node[i] < 0) continue;
        const std::size_t at = static_cast<std::size_t>(node[i]);
        const int f = t.feature_[first_node + at];
        const bool left = f < 0 || rows[i][static_cast<std::size_t>(f)] <= t.threshold_[first_node + at];
        node[i] = static_cast<long>(2 * at + (left ? 1 : 2));
      }
    }
    std::vector<double> leaf_g(leaves, 0.0), leaf_h(leaves, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      if (node[i] < 0) continue;
      const std::size_t l = static_cast<std::size_t>(node[i]) - internal;
      leaf_g[l] += g[i];
      leaf_h[l] += h[i];
    }
    for (std::size_t l = 0; l < leaves; ++l) {
      t.leaf_.push_back(-options.shrinkage * leaf_g[l] / (leaf_h[l] + options.l2));
    }
    ++t.trees_;
    // Every row, sampled or not, moves by the new tree.
    const std::size_t tree = static_cast<std::size_t>(t.trees_ - 1);
    for (std::size_t i = 0; i < n; ++i) {
      std::size_t at = 0;
      for (int level = 0; level < depth; ++level) {
        const int f = t.feature_[tree * internal + at];
        const bool left = f < 0 || rows[i][static_cast<std::size_t>(f)] <= t.threshold_[tree * internal + at];
        at = 2 * at + (left ? 1 : 2);
      }
      margin[i] += t.leaf_[tree * leaves + at - internal];
    }
  }
  return t;
}

double BoostedTrees::Margin(const double* row, std::size_t n) const {
  const std::size_t internal = (std::size_t{1} << depth_) - 1, leaves = std::size_t{1} << depth_;
  double s = base_;
  for (std::size_t tree = 0; tree < static_cast<std::size_t>(trees_); ++tree) {
    std::size_t at = 0;
    for (int level = 0; level < depth_; ++level) {
      const int f = feature_[tree * internal + at];
      const double x = f >= 0 && static_cast<std::size_t>(f) < n ? row[f] : 0.0;
      const bool left = f < 0 || x <= threshold_[tree * internal + at];
      at = 2 * at + (left ? 1 : 2);
    }
    s += leaf_[tree * leaves + at - internal];
  }
  return s;
}

double BoostedTrees::Probability(const double* row, std::size_t n) const { return Sigmoid(Margin(row, n)); }

std::string BoostedTrees::Serialise() const {
  std::ostringstream s;
  s.precision(17);
  s << "trees\t" << trees_ << '\t' << depth_ << '\t' << width_ << '\t' << base_ << '\n';
  const std::size_t internal = (std::size_t{1} << depth_) - 1, leaves = std::size_t{1} << depth_;
  for (std::size_t tree = 0; tree < static_cast<std::size_t>(trees_); ++tree) {
    s << "tree";
    for (std::size_t k = 0; k < internal; ++k) s << '\t' << feature_[tree * internal + k];
    for (std::size_t k = 0; k < internal; ++k) s << '\t' << threshold_[tree * internal + k];
    for (std::size_t k = 0; k < leaves; ++k) s << '\t' << leaf_[tree * leaves + k];
    s << '\n';
  }
  return s.str();
}

Result<BoostedTrees> BoostedTrees::Parse(std::string_view text, const std::string& origin, std::size_t first_line,
                                         std::size_t* consumed) {
  std::size_t line_no = first_line - 1, pos = 0;
  auto next = [&](std::string_view* line) {
    if (pos >= text.size()) return false;
    const std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) return false;  // a last line without its newline: truncated
    *line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    return true;
  };
  // The line just read (or, when truncated, the one missing).
  auto bad = [&](const std::string& why) {
    return Status(StatusCode::kInvalidInput, origin + ": line " + std::to_string(line_no) + ": " + why);
  };
  auto missing = [&](const std::string& why) {
    return Status(StatusCode::kInvalidInput, origin + ": line " + std::to_string(line_no + 1) + ": " + why + " (truncated)");
  };
  std::string_view line;
  if (!next(&line)) return missing("expected \"trees <count> <depth> <width> <base>\"");
  auto head = SplitFields(line, '\t');
  BoostedTrees t;
  if (head.size() != 5 || head[0] != "trees" || !ParseInt(head[1], 0, 100000, &t.trees_) ||
      !ParseInt(head[2], 1, 12, &t.depth_) || !ParseInt(head[3], 1, 100000, &t.width_) || !ParseDouble(head[4], &t.base_)) {
    return bad("expected \"trees <count> <depth 1-12> <width> <base>\"");
  }
  const std::size_t internal = (std::size_t{1} << t.depth_) - 1, leaves = std::size_t{1} << t.depth_;
  for (int tree = 0; tree < t.trees_; ++tree) {
    if (!next(&line)) {
      return missing("expected tree " + std::to_string(tree + 1) + " of " + std::to_string(t.trees_));
    }
    const auto f = SplitFields(line, '\t');
    if (f.size() != 1 + 2 * internal + leaves || f[0] != "tree") {
      return bad("expected \"tree\" and " + std::to_string(2 * internal + leaves) + " fields");
    }
    for (std::size_t k = 0; k < internal; ++k) {
      int feature = 0;
      if (!ParseInt(f[1 + k], -1, t.width_ - 1, &feature)) {
        return bad("split feature must be -1 to " + std::to_string(t.width_ - 1));
      }
      t.feature_.push_back(feature);
    }
    for (std::size_t k = 0; k < internal + leaves; ++k) {
      double v = 0;
      if (!ParseDouble(f[1 + internal + k], &v)) return bad("expected a finite number in field " + std::to_string(2 + internal + k));
      (k < internal ? t.threshold_ : t.leaf_).push_back(v);
    }
  }
  if (consumed != nullptr) *consumed = pos;
  return t;
}

}  // namespace parallax
