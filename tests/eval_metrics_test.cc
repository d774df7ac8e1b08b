// Tests for the evaluation module: clustering scores against hand-computed
// values, and the events-dev.tsv reader on synthetic and (when present) the
// real shared data.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "eval/clustering_metrics.h"
#include "eval/events.h"

namespace parallax {
namespace {

namespace fs = std::filesystem;

constexpr double kTol = 1e-12;

void ExpectAllOne(const ClusteringScores& s) {
  EXPECT_NEAR(s.bcubed_precision, 1.0, kTol);
  EXPECT_NEAR(s.bcubed_recall, 1.0, kTol);
  EXPECT_NEAR(s.bcubed_f1, 1.0, kTol);
  EXPECT_NEAR(s.ari, 1.0, kTol);
  EXPECT_NEAR(s.nmi, 1.0, kTol);
}

// ---------------------------------------------------------------------------
// ScoreClustering

TEST(ScoreClusteringTest, PerfectMatchUnderRelabelingScoresOne) {
  // Labels differ between the sides (and include a negative one): only the
  // partition matters.
  const std::vector<int> gold = {5, 5, 7, 7, 7, -1};
  const std::vector<int> pred = {0, 0, 1, 1, 1, 2};
  const ClusteringScores s = ScoreClustering(gold, pred);
  ExpectAllOne(s);
  EXPECT_EQ(s.items, 6u);
  EXPECT_EQ(s.gold_clusters, 3u);
  EXPECT_EQ(s.predicted_clusters, 3u);
}

TEST(ScoreClusteringTest, AllInOnePredictedAgainstSingletonGold) {
  // n = 4 singletons in gold, one predicted cluster.
  // B-cubed: each item's predicted cluster has 4 items, 1 correct -> P = 1/4;
  // its gold cluster is itself -> R = 1; F1 = 2 * 1/4 / (5/4) = 2/5.
  // ARI: no gold pair is together, every predicted pair is (tp = 0, fn = 0,
  // fp = 6, tn = 0) -> 2 * (0 - 0) / (0 + 6 * 6) = 0.
  // NMI: the predicted side has zero entropy, so MI = 0 and sklearn gives 0.
  const ClusteringScores s = ScoreClustering({0, 1, 2, 3}, {9, 9, 9, 9});
  EXPECT_NEAR(s.bcubed_precision, 0.25, kTol);
  EXPECT_NEAR(s.bcubed_recall, 1.0, kTol);
  EXPECT_NEAR(s.bcubed_f1, 0.4, kTol);
  EXPECT_NEAR(s.ari, 0.0, kTol);
  EXPECT_NEAR(s.nmi, 0.0, kTol);
  EXPECT_EQ(s.gold_clusters, 4u);
  EXPECT_EQ(s.predicted_clusters, 1u);
}

TEST(ScoreClusteringTest, SingletonsPredictedAgainstOneGoldCluster) {
  // The mirror image: P = 1, R = 1/4, ARI = 0, NMI = 0.
  const ClusteringScores s = ScoreClustering({3, 3, 3, 3}, {0, 1, 2, 3});
  EXPECT_NEAR(s.bcubed_precision, 1.0, kTol);
  EXPECT_NEAR(s.bcubed_recall, 0.25, kTol);
  EXPECT_NEAR(s.bcubed_f1, 0.4, kTol);
  EXPECT_NEAR(s.ari, 0.0, kTol);
  EXPECT_NEAR(s.nmi, 0.0, kTol);
}

// Items 1..6. Gold {1,2,3} {4,5} {6}; predicted {1,2} {3,4,5,6}.
// Contingency (gold x predicted): g0: 2 1 | g1: 0 2 | g2: 0 1.
// Gold sizes a = (3, 2, 1), predicted sizes b = (2, 4), n = 6.
//
// B-cubed precision per item (correct in predicted cluster / its size):
//   1,2: 2/2; 3: 1/4; 4,5: 2/4; 6: 1/4 -> sum 3.5 -> P = 3.5/6 = 7/12.
// Recall per item (correct in gold cluster / its size):
//   1,2: 2/3; 3: 1/3; 4,5: 2/2; 6: 1/1 -> sum 14/3 -> R = 7/9.
// F1 = 2PR/(P+R) = (98/108)/(49/36) = 2/3.
//
// ARI (pairs): sum C(n_ij,2) = 1+0+1+0 = 2, sum C(a,2) = 3+1+0 = 4,
//   sum C(b,2) = 1+6 = 7, C(6,2) = 15. expected = 4*7/15 = 28/15,
//   max = (4+7)/2 = 11/2 -> ARI = (2 - 28/15)/(11/2 - 28/15) = 4/109
//   = 0.0366972477.
//   Cross-check, sklearn's pair form: tp=2, fn=2, fp=5, tn=6:
//   2(2*6 - 2*5) / ((2+2)(2+6) + (2+5)(5+6)) = 4/109.
//
// NMI (natural logs): MI = sum n_ij/n ln(n n_ij / (a_i b_j))
//   = 1/3 ln 2 - 1/6 ln 2 + 1/3 ln 3/2 + 1/6 ln 3/2 = 1/2 ln 3 - 1/3 ln 2;
//   H(gold) = 2/3 ln 2 + 1/2 ln 3; H(pred) = ln 3 - 2/3 ln 2;
//   arithmetic mean = 3/4 ln 3 -> NMI = 2/3 - (4/9) ln 2 / ln 3
//   = 0.3862534429.
// All five match sklearn's formulas evaluated in plain Python.
TEST(ScoreClusteringTest, HandComputedPartialCase) {
  const ClusteringScores s = ScoreClustering({0, 0, 0, 1, 1, 2}, {0, 0, 1, 1, 1, 1});
  EXPECT_NEAR(s.bcubed_precision, 7.0 / 12.0, kTol);
  EXPECT_NEAR(s.bcubed_recall, 7.0 / 9.0, kTol);
  EXPECT_NEAR(s.bcubed_f1, 2.0 / 3.0, kTol);
  EXPECT_NEAR(s.ari, 4.0 / 109.0, kTol);
  EXPECT_NEAR(s.nmi, 2.0 / 3.0 - (4.0 / 9.0) * std::log(2.0) / std::log(3.0), kTol);
  EXPECT_NEAR(s.nmi, 0.3862534429, 1e-9);
  EXPECT_EQ(s.items, 6u);
  EXPECT_EQ(s.gold_clusters, 3u);
  EXPECT_EQ(s.predicted_clusters, 2u);
}

TEST(ScoreClusteringTest, SwappingSidesSwapsPrecisionAndRecallOnly) {
  const std::vector<int> a = {0, 0, 0, 1, 1, 2, 2, 2, 3};
  const std::vector<int> b = {4, 4, 5, 5, 5, 6, 6, 7, 7};
  const ClusteringScores ab = ScoreClustering(a, b);
  const ClusteringScores ba = ScoreClustering(b, a);
  EXPECT_NEAR(ab.bcubed_precision, ba.bcubed_recall, kTol);
  EXPECT_NEAR(ab.bcubed_recall, ba.bcubed_precision, kTol);
  EXPECT_NEAR(ab.bcubed_f1, ba.bcubed_f1, kTol);
  EXPECT_NEAR(ab.ari, ba.ari, kTol);
  EXPECT_NEAR(ab.nmi, ba.nmi, kTol);
}

TEST(ScoreClusteringTest, DegenerateCasesFollowSklearn) {
  // Empty input: nothing to get wrong.
  const ClusteringScores empty = ScoreClustering({}, {});
  ExpectAllOne(empty);
  EXPECT_EQ(empty.items, 0u);
  EXPECT_EQ(empty.gold_clusters, 0u);

  // One item, and all items in one cluster on both sides: both entropies
  // are 0, which sklearn defines as NMI = 1; no pair disagrees, so ARI = 1.
  ExpectAllOne(ScoreClustering({42}, {-7}));
  ExpectAllOne(ScoreClustering({1, 1, 1}, {2, 2, 2}));

  // All singletons on both sides: MI = H = ln n, and again no pair
  // disagrees.
  ExpectAllOne(ScoreClustering({1, 2, 3, 4}, {8, 7, 6, 5}));
}

#ifdef NDEBUG
TEST(ScoreClusteringTest, SizeMismatchGivesEmptyScoresInReleaseBuilds) {
  const ClusteringScores s = ScoreClustering({1, 2, 3}, {1, 2});
  EXPECT_EQ(s.items, 0u);
  EXPECT_EQ(s.bcubed_f1, 0.0);
}
#endif

TEST(ScoreClusteringTest, ScalesToAMillionItems) {
  // Gold: 100,000 clusters of 10; predicted splits each in two halves.
  // Predicted refines gold, so P = 1, R = 5/10, F1 = 2/3; MI = H(gold) =
  // ln 1e5 and H(pred) = ln 2e5, so NMI = 2 ln 1e5 / (ln 1e5 + ln 2e5).
  // ARI: tp = 200,000 * C(5,2) = 2e6, fn = 100,000 * C(10,2) - tp = 2.5e6,
  // fp = 0, tn = C(1e6,2) - 4.5e6; 2 tp tn / ((tp+fn)(fn+tn) + tp tn)
  // = 0.6153824851931724 (evaluated in Python with exact integers).
  const int n = 1000000;
  std::vector<int> gold(n), pred(n);
  for (int i = 0; i < n; ++i) {
    gold[i] = i / 10;
    pred[i] = i / 5;
  }
  const ClusteringScores s = ScoreClustering(gold, pred);
  EXPECT_EQ(s.items, static_cast<size_t>(n));
  EXPECT_EQ(s.gold_clusters, 100000u);
  EXPECT_EQ(s.predicted_clusters, 200000u);
  EXPECT_NEAR(s.bcubed_precision, 1.0, 1e-12);
  EXPECT_NEAR(s.bcubed_recall, 0.5, 1e-12);
  EXPECT_NEAR(s.bcubed_f1, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(s.ari, 0.6153824851931724, 1e-10);
  EXPECT_NEAR(s.nmi, 2 * std::log(1e5) / (std::log(1e5) + std::log(2e5)), 1e-10);
}

// ---------------------------------------------------------------------------
// LoadEventsDev on a synthetic data root.

class EventsFixtureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    root_ = fs::temp_directory_path() / ("parallax_events_test_" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(root_ / "clustering");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  void Write(const std::string& relative, const std::string& content) {
    const fs::path p = root_ / relative;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  fs::path root_;
};

constexpr char kHeader[] = "dataset\tsubset\tcluster_id\tevent_key\tdoc_path\toutlet\tdate\ttitle\n";

// Shapes copied from the real files: DUC SGML with LDC typesetting codes and
// TeX quotes; a WikiNews text with the dateline glued to the first sentence.
constexpr char kDucDoc[] =
    "\n<DOC>\n<DOCNO> NYT19981004.0131 </DOCNO>\n<DOCTYPE> NEWS STORY </DOCTYPE>\n"
    "<DATE_TIME> 1998-10-04 12:00 </DATE_TIME>\n<HEADER>\nA2903 &Cx1f; tad-z\n</HEADER>\n<BODY>\n"
    "<HEADLINE> Storm  ``hits'' coast </HEADLINE>\n"
    "<TEXT>\n<P>\n   &UR;  &LR; WASHINGTON _ A storm\nhit   the coast, ``officials said.''\n</P>\n"
    "<P>\n   Eli Lilly &AMP; Co. &QL;\n</P>\n<P>\n &QL; \n</P>\n</TEXT>\n</BODY>\n"
    "<TRAILER>\nNYT-10-04-98 1847EDT &QL;\n</TRAILER>\n</DOC>\n";
constexpr char kTacDoc[] =
    "Romanians raise money for victims\n\nCountries affected by the tsunami\n\n"
    "Tuesday, January 18, 2005Through a telethon, Romanians raised ``395,000 euro''.\n\n"
    "AT&T said   it <helped>.\n";

TEST_F(EventsFixtureTest, ParsesBothFormatsAndReportsBadRows) {
  Write("summarization/duc/d1/NYT19981004.0131", kDucDoc);
  Write("summarization/tac/M0004.english", kTacDoc);
  Write("clustering/events-dev.tsv",
        std::string(kHeader) +
            "duc\tt2\tc1\tev:1\tsummarization/duc/d1/NYT19981004.0131\tNYT\t1998-10-04\t\n"
            "duc\tt2\tc2\tev:2\tsummarization/duc/d1/NYT19981004.0131\tNYT\t1998-10-04\tGiven title\n"
            "tac\twiki\tc3\tev:3\tsummarization/tac/M0004.english\twikinews\t\t\r\n"
            "duc\tt2\tc1\tev:1\tsummarization/duc/d1/MISSING.0001\tNYT\t1998-10-04\t\n"
            "short\trow\n");
  std::vector<InputError> errors;
  Result<std::vector<LabeledArticle>> loaded = LoadEventsDev(root_.string(), &errors);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_EQ(loaded->size(), 3u);

  const Article& duc = (*loaded)[0].article;
  EXPECT_EQ((*loaded)[0].event_key, "ev:1");
  EXPECT_EQ(duc.id, "NYT19981004.0131");
  EXPECT_EQ(duc.source, "NYT");
  EXPECT_EQ(duc.published, "1998-10-04");
  EXPECT_EQ(duc.title, "Storm \"hits\" coast");  // from <HEADLINE>: the column is empty
  EXPECT_EQ(duc.raw, "WASHINGTON _ A storm hit the coast, \"officials said.\"\n\nEli Lilly & Co.");
  EXPECT_EQ(duc.text, duc.raw);
  EXPECT_EQ(duc.path, (root_ / "summarization/duc/d1/NYT19981004.0131").lexically_normal().string());

  // The same file under a second event keeps a distinct id.
  EXPECT_EQ((*loaded)[1].article.id, "NYT19981004.0131_2");
  EXPECT_EQ((*loaded)[1].event_key, "ev:2");
  EXPECT_EQ((*loaded)[1].article.title, "Given title");  // the column wins

  const Article& tac = (*loaded)[2].article;
  EXPECT_EQ(tac.id, "M0004");
  EXPECT_EQ(tac.source, "wikinews");
  EXPECT_EQ(tac.title, "Romanians raise money for victims");
  EXPECT_EQ(tac.published, "2005-01-18");  // from the dateline: the column is empty
  // Plain text is not SGML: "&T" and "<helped>" are words, not markup.
  EXPECT_EQ(tac.raw,
            "Countries affected by the tsunami\n\n"
            "Through a telethon, Romanians raised \"395,000 euro\".\n\n"
            "AT&T said it <helped>.");

  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].path.find("MISSING.0001"), std::string::npos);
  EXPECT_NE(errors[0].message.find("no such file"), std::string::npos);
  EXPECT_NE(errors[1].path.find("events-dev.tsv:6"), std::string::npos) << errors[1].path;
}

TEST_F(EventsFixtureTest, SgmlWithoutParagraphTagsAndCrlfTextSplitAtBlankLines) {
  Write("d/XIE19960807.0183",
        "<DOC>\n<DOCNO> XIE19960807.0183 </DOCNO>\n<TEXT>\nPara one\n  line two\n\n \nPara two\n</TEXT>\n</DOC>\n");
  Write("d/M0001.english", "Title line\r\n\r\nDecember 29, 2004\r\n\r\nFirst\r\nparagraph.\r\n\r\nSecond.\r\n");
  Write("clustering/events-dev.tsv", std::string(kHeader) +
                                         "x\ty\tc\tev:a\td/XIE19960807.0183\tXIE\t\t\n"
                                         "x\ty\tc\tev:b\td/M0001.english\twikinews\t\t\n");
  std::vector<InputError> errors;
  Result<std::vector<LabeledArticle>> loaded = LoadEventsDev(root_.string(), &errors);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(loaded->size(), 2u);
  EXPECT_EQ((*loaded)[0].article.raw, "Para one line two\n\nPara two");
  EXPECT_FALSE((*loaded)[0].article.published.has_value());  // no date anywhere
  EXPECT_EQ((*loaded)[1].article.title, "Title line");
  EXPECT_EQ((*loaded)[1].article.published, "2004-12-29");
  EXPECT_EQ((*loaded)[1].article.raw, "First paragraph.\n\nSecond.");
}

TEST_F(EventsFixtureTest, MissingTsvNamesThePathAndTheExpectedFormat) {
  std::vector<InputError> errors;
  Result<std::vector<LabeledArticle>> loaded = LoadEventsDev(root_.string(), &errors);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kNotFound);
  EXPECT_NE(loaded.status().message().find((root_ / "clustering/events-dev.tsv").string()), std::string::npos)
      << loaded.status().message();
  EXPECT_NE(loaded.status().message().find("event_key"), std::string::npos) << loaded.status().message();
}

TEST_F(EventsFixtureTest, HeaderWithoutRequiredColumnsIsInvalidInput) {
  Write("clustering/events-dev.tsv", "a\tb\tc\n1\t2\t3\n");
  Result<std::vector<LabeledArticle>> loaded = LoadEventsDev(root_.string(), nullptr);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(loaded.status().message().find("doc_path"), std::string::npos) << loaded.status().message();
}

TEST(LoadEventsDevTest, MissingDataRootIsNotOkAndNamesThePath) {
  const std::string root = "/nonexistent/parallax/data/root";
  std::vector<InputError> errors;
  Result<std::vector<LabeledArticle>> loaded = LoadEventsDev(root, &errors);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kNotFound);
  EXPECT_NE(loaded.status().message().find(root), std::string::npos) << loaded.status().message();
  EXPECT_TRUE(errors.empty());
}

// ---------------------------------------------------------------------------
// LoadEventsDev on the real shared data, when it is there.

TEST(LoadEventsDevTest, LoadsTheSharedEventsDevSet) {
#ifndef PARALLAX_SOURCE_DIR
  GTEST_SKIP() << "PARALLAX_SOURCE_DIR is not defined, so the shared data cannot be located";
#else
  const std::string root = std::string(PARALLAX_SOURCE_DIR) + "/../shared/data";
  const std::string tsv = root + "/clustering/events-dev.tsv";
  if (!fs::exists(tsv)) GTEST_SKIP() << "shared data not present: " << tsv << " does not exist";

  // The expected count comes from the file itself (724 data lines when this
  // test was written), so an updated list does not break the test.
  size_t data_lines = 0;
  {
    std::ifstream in(tsv);
    std::string line;
    bool header = true;
    while (std::getline(in, line)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      if (header) {
        header = false;
        continue;
      }
      ++data_lines;
    }
  }
  ASSERT_GT(data_lines, 0u);

  std::vector<InputError> errors;
  Result<std::vector<LabeledArticle>> loaded = LoadEventsDev(root, &errors);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  for (const InputError& e : errors) ADD_FAILURE() << "input error: " << e.path << ": " << e.message;
  EXPECT_EQ(loaded->size(), data_lines);

  std::set<std::string> events, ids;
  std::map<std::string, const Article*> by_id;
  size_t dated = 0;
  for (const LabeledArticle& item : *loaded) {
    const Article& a = item.article;
    events.insert(item.event_key);
    EXPECT_TRUE(ids.insert(a.id).second) << "duplicate id " << a.id;
    by_id[a.id] = &a;
    EXPECT_FALSE(a.text.empty()) << a.path;
    EXPECT_EQ(a.text, a.raw) << a.path;
    EXPECT_TRUE(a.source.has_value()) << a.path;
    if (a.published) ++dated;
    // No markup or TeX quotes may leak into the body.
    EXPECT_EQ(a.text.find("``"), std::string::npos) << a.path;
    EXPECT_EQ(a.text.find("&UR;"), std::string::npos) << a.path;
    EXPECT_EQ(a.text.find("<P>"), std::string::npos) << a.path;
    EXPECT_EQ(a.text.find("\n\n\n"), std::string::npos) << a.path;
  }
  EXPECT_GE(events.size(), 60u);
  EXPECT_EQ(dated, loaded->size()) << "every document has a date column or a dateline";

  // Spot checks against files read by eye.
  if (auto it = by_id.find("APW19990519.0113"); it != by_id.end()) {
    const Article& a = *it->second;
    EXPECT_EQ(a.text.rfind("WASHINGTON (AP) -- Schizophrenia patients whose medication couldn't stop", 0), 0u)
        << a.text.substr(0, 120);
    EXPECT_NE(a.text.find("\"having a woodpecker knock on your head\""), std::string::npos);
    EXPECT_EQ(a.published, "1999-05-19");
    EXPECT_EQ(a.source, "APW");
  }
  if (auto it = by_id.find("M0000"); it != by_id.end()) {
    const Article& a = *it->second;
    EXPECT_EQ(a.title, "Tsunami aid donations in 2005 deductible for 2004 in the U.S.");
    EXPECT_EQ(a.published, "2005-01-08");
    EXPECT_EQ(a.text.rfind("U.S. citizens donating in 2005", 0), 0u) << a.text.substr(0, 120);
  }
#endif
}

}  // namespace
}  // namespace parallax
