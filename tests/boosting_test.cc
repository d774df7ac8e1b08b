// Gradient-boosted trees (analyze/boosting.h): they fit what a linear
// model cannot, the same data give the same trees, and the text form
// round-trips and rejects damage.

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "analyze/boosting.h"
#include "analyze/paraphrase.h"

namespace parallax {
namespace {

// A 20 x 20 grid of two features labelled by an exclusive or of two
// thresholds (no line separates the classes; two levels of splits do), and
// a third feature of noise.
class ParaphraseBoostedTrees : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 20; ++i) {
      for (int j = 0; j < 20; ++j) {
        const double a = (i + 0.5) / 20, b = (j + 0.5) / 20;
        rows_.push_back({a, b, std::fmod(0.37 * (i * 20 + j), 1.0)});
        labels_.push_back((a > 0.5) != (b > 0.3) ? 1 : 0);
      }
    }
    options_.trees = 60;
    options_.depth = 2;
    options_.shrinkage = 0.3;
    options_.subsample = 0.8;
    options_.min_hessian = 1.0;
  }
  std::vector<std::vector<double>> rows_;
  std::vector<int> labels_;
  BoostedTrees::Options options_;
};

TEST_F(ParaphraseBoostedTrees, FitsAnExclusiveOr) {
  const BoostedTrees t = BoostedTrees::Fit(rows_, labels_, options_);
  ASSERT_EQ(t.trees(), 60);
  EXPECT_EQ(t.width(), 3);
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    const double p = t.Probability(rows_[i]);
    if (labels_[i] == 1) EXPECT_GT(p, 0.8) << i;
    else EXPECT_LT(p, 0.2) << i;
  }
}

TEST_F(ParaphraseBoostedTrees, SameDataSameTrees) {
  const BoostedTrees a = BoostedTrees::Fit(rows_, labels_, options_);
  const BoostedTrees b = BoostedTrees::Fit(rows_, labels_, options_);
  EXPECT_EQ(a.Serialise(), b.Serialise());
  BoostedTrees::Options other = options_;
  other.seed += 1;  // another subsample
  EXPECT_NE(BoostedTrees::Fit(rows_, labels_, other).Serialise(), a.Serialise());
}

TEST_F(ParaphraseBoostedTrees, TextRoundTrips) {
  const BoostedTrees t = BoostedTrees::Fit(rows_, labels_, options_);
  const std::string text = t.Serialise() + "after\n";
  std::size_t consumed = 0;
  auto parsed = BoostedTrees::Parse(text, "trees", 1, &consumed);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(text.substr(consumed), "after\n");
  EXPECT_EQ(parsed->Serialise(), t.Serialise());
  for (const auto& r : rows_) EXPECT_EQ(parsed->Margin(r), t.Margin(r));
}

TEST_F(ParaphraseBoostedTrees, TruncatedOrGarbledTextIsRejected) {
  const std::string text = BoostedTrees::Fit(rows_, labels_, options_).Serialise();
  auto cut = BoostedTrees::Parse(text.substr(0, text.size() / 2), "trees");
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(cut.status().message().find("truncated"), std::string::npos) << cut.status().message();

  // A split feature that is not a number, on the second tree's line.
  const std::size_t third_line = text.find('\n', text.find('\n') + 1) + 1;
  const std::size_t field = text.find('\t', third_line) + 1;
  const std::string garbled = text.substr(0, field) + "x" + text.substr(field);
  auto bad = BoostedTrees::Parse(garbled, "trees");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("trees: line 3"), std::string::npos) << bad.status().message();

  auto wrong_feature = BoostedTrees::Parse("trees\t1\t1\t2\t0\ntree\t2\t0.5\t-1\t1\n", "trees");
  ASSERT_FALSE(wrong_feature.ok());
  EXPECT_NE(wrong_feature.status().message().find("split feature"), std::string::npos);
  EXPECT_FALSE(BoostedTrees::Parse("trees\t1\t1\t2\t0\ntree\t0\tnan\t-1\t1\n", "trees").ok());
  EXPECT_FALSE(BoostedTrees::Parse("", "trees").ok());
}

// In the paraphrase model the trees' probability is averaged with the
// logistic regression's by the tree share.
TEST(ParaphraseModelTrees, TreeShareAveragesTheTwoProbabilities) {
  ParaphraseModel m(nullptr);
  const char* sentences[][2] = {
      {"The union said 1,200 members would strike on Monday.", "On Monday 1,200 union members will strike, it said."},
      {"Police arrested nine people after the protest.", "Nine people were arrested by police after the protest."},
      {"The company reported a profit of $3 million.", "Shares fell sharply in early trading on Tuesday."},
      {"Rain is expected across the north on Friday.", "The minister resigned after the vote was lost."},
  };
  std::vector<ParaphraseModel::Features> x;
  std::vector<int> y;
  for (int copy = 0; copy < 10; ++copy) {
    for (int k = 0; k < 4; ++k) {
      x.push_back(m.Compute(m.Prepare(sentences[k][0]), m.Prepare(sentences[k][1])));
      y.push_back(k < 2 ? 1 : 0);
    }
  }
  const ParaphraseModel lr = m;  // the shipped regression alone
  BoostedTrees::Options o;
  o.trees = 20;
  o.min_hessian = 0.5;
  m.TrainTrees(x, y, o);
  ASSERT_NE(m.trees(), nullptr);
  m.set_tree_share(0.25);
  for (const auto& f : x) {
    std::vector<double> row(f.begin(), f.begin() + ParaphraseModel::kBaseFeatures);
    EXPECT_NEAR(m.Probability(f), 0.75 * lr.Probability(f) + 0.25 * m.trees()->Probability(row), 1e-12);
  }
  EXPECT_GT(m.trees()->Probability(std::vector<double>(x[0].begin(), x[0].end())), 0.5);
  EXPECT_LT(m.trees()->Probability(std::vector<double>(x[2].begin(), x[2].end())), 0.5);
}

}  // namespace
}  // namespace parallax
