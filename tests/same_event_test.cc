// The same-event model (cluster/cluster.h): its pair features on articles
// written here, its file format, and its use by the clustering.

#include <gtest/gtest.h>

#include <cmath>

#include "cluster_test_util.h"
#include "clean/cleaner.h"
#include "cluster/cluster.h"
#include "eval/same_event_train.h"
#include "shared_data.h"

namespace parallax {
namespace {

using cluster_testing::Make;
using cluster_testing::Ptrs;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUnderSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kUnderSanitizer = true;
#else
constexpr bool kUnderSanitizer = false;
#endif
#else
constexpr bool kUnderSanitizer = false;
#endif

const CandidatePair* Find(const std::vector<CandidatePair>& pairs, std::uint32_t a, std::uint32_t b) {
  for (const CandidatePair& p : pairs) {
    if (p.a == a && p.b == b) return &p;
  }
  return nullptr;
}

// Two votes in one chamber: same people, same place, same topic; what
// tells them apart is the title, the numbers and the date.
std::vector<Article> TwoVotes() {
  return {
      Make("v1", "Senate passes farm subsidy bill 61-39",
           "The Senate passed the farm subsidy bill 61-39 on Tuesday after Senator Hollis Brandt ended a filibuster. "
           "Brandt said the bill gives growers in Ostrava County 4.2 billion dollars.",
           "2025-03-04"),
      Make("v2", "Farm subsidy bill clears Senate 61-39",
           "Senator Hollis Brandt's farm subsidy bill cleared the Senate 61-39 on Tuesday. Growers in Ostrava County "
           "get 4.2 billion dollars under the bill.",
           "2025-03-05"),
      Make("v3", "Senate rejects rail safety bill",
           "The Senate rejected the rail safety bill 44-56 on Thursday. Senator Hollis Brandt voted against the bill, "
           "which would have cost Ostrava County rail operators 800 million dollars.",
           "2025-09-18"),
  };
}

TEST(SameEvent, PairFeaturesReadTitlesNumbersAndDates) {
  const std::vector<Article> a = TwoVotes();
  const std::vector<CandidatePair> pairs = CandidatePairs(Ptrs(a));
  const CandidatePair* same = Find(pairs, 0, 1);
  const CandidatePair* other = Find(pairs, 0, 2);
  ASSERT_NE(same, nullptr);
  ASSERT_NE(other, nullptr);
  const float* s = same->features;
  const float* o = other->features;
  EXPECT_GT(s[0], 0.0f);                                 // cosine
  EXPECT_NEAR(s[1], std::log(s[0] + 0.01f), 1e-5);       // log cosine
  EXPECT_GT(s[2], 0.0f);                                 // shared names (Brandt, Ostrava)
  EXPECT_GT(s[3], o[3]);                                 // title: 'farm subsidy bill 61-39' against 'bill'
  EXPECT_EQ(s[4], 1.0f);                                 // v2's nearest earlier article is v1
  EXPECT_LE(o[4], 1.0f);
  EXPECT_GT(s[5], o[5]);                                 // lead
  EXPECT_GT(s[6], o[6]);                                 // numbers: 61, 39, 4.2
  EXPECT_EQ(s[7], 1.0f);                                 // both dated
  EXPECT_NEAR(s[8], std::log1p(1.0f), 1e-6);             // one day apart
  EXPECT_NEAR(o[8], std::log1p(198.0f), 1e-4);           // March 4 to September 18
  EXPECT_GT(s[10], std::log1p(10.0f));                    // the shorter text has over 10 words
  EXPECT_LT(s[10], std::log1p(40.0f));
  // Numbers both could share: each vote gives at least three (61, 39, 4.2;
  // 44, 56, 800), whether or not they share them.
  EXPECT_GE(s[11], 0.6f);
  EXPECT_GE(o[11], 0.6f);
  EXPECT_LE(o[11], 1.0f);
  EXPECT_EQ(o[6], 0.0f);                                 // ... and v1, v3 share none
  // Without dates the flags say so.
  std::vector<Article> bare = {Make("b1", "", "Senator Hollis Brandt spoke in Ostrava County on farms."),
                               Make("b2", "", "In Ostrava County, Senator Hollis Brandt spoke on farms.")};
  const std::vector<CandidatePair> bare_pairs = CandidatePairs(Ptrs(bare));
  ASSERT_EQ(bare_pairs.size(), 1u);
  EXPECT_EQ(bare_pairs[0].features[7], 0.0f);
  EXPECT_EQ(bare_pairs[0].features[8], 0.0f);
  EXPECT_EQ(bare_pairs[0].features[11], 0.0f);  // no numbers in either
}

TEST(SameEvent, ModelLinksByItsFeaturesNotTheCosineAlone) {
  const std::vector<Article> a = TwoVotes();
  // A model that only reads the day gap: the two March votes are one
  // story, the September vote another, though it shares the people.
  auto model = std::make_shared<SameEventModel>();
  model->weights[8] = -4.0;  // log_day_gap
  model->bias = 3.0;         // one day apart: p = 0.94; 198 days: p = 0.000...
  model->threshold = 0.5;
  ClusterOptions opt;
  opt.same_event = model;
  std::vector<std::vector<std::size_t>> expect = {{0, 1}, {2}};
  EXPECT_EQ(ClusterArticles(a, opt), expect);
  // And the incremental path agrees.
  StoryIndex index(opt);
  for (const Article& x : a) index.Add(x);
  EXPECT_EQ(index.Stories(), expect);
  // A model that refuses everything keeps every article alone.
  auto never = std::make_shared<SameEventModel>();
  never->bias = -10;
  opt.same_event = never;
  EXPECT_EQ(ClusterArticles(a, opt).size(), 3u);
}

// The store saves the index between batches: with the model, the side
// keys must travel too, and an index saved under another model (or none)
// is refused rather than read with the wrong features.
TEST(SameEvent, SavedIndexKeepsTheModelsFeatures) {
  const std::vector<Article> a = TwoVotes();
  auto model = std::make_shared<SameEventModel>();
  model->weights[8] = -4.0;
  model->bias = 3.0;
  ClusterOptions opt;
  opt.same_event = model;
  StoryIndex straight(opt);
  straight.Add(Ptrs({a[0], a[1]}));
  const std::string bytes = straight.Save();
  straight.Add(a[2]);
  StoryIndex resumed(opt);
  ASSERT_TRUE(resumed.Load(bytes));
  resumed.Add(a[2]);
  EXPECT_EQ(resumed.Stories(), straight.Stories());
  ClusterOptions no_model;
  no_model.same_event = nullptr;
  StoryIndex cosine(no_model);  // no model: another fingerprint
  EXPECT_FALSE(cosine.Load(bytes));
  StoryIndex shipped;  // the default model: another fingerprint too
  EXPECT_FALSE(shipped.Load(bytes));
  auto other = std::make_shared<SameEventModel>(*model);
  other->threshold = 0.4;
  ClusterOptions other_opt;
  other_opt.same_event = other;
  StoryIndex under_other(other_opt);
  EXPECT_FALSE(under_other.Load(bytes));
}

// The shipped model is every front end's default (issue 20): what
// ClusterOptions{} holds is models/same-event.model, and null means the
// cosine, which clusters differently.
TEST(SameEvent, DefaultOptionsCarryTheShippedModel) {
  const std::string shipped = testing::ReadAll(std::string(PARALLAX_SOURCE_DIR) + "/models/same-event.model");
  auto parsed = SameEventModel::Parse(shipped, "models/same-event.model");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  std::string why = "unset";
  ASSERT_NE(DefaultSameEventModel(&why), nullptr) << why;
  EXPECT_EQ(why, "");
  const ClusterOptions defaults;
  ASSERT_NE(defaults.same_event, nullptr);
  EXPECT_EQ(defaults.same_event, DefaultSameEventModel());  // loaded once, shared
  EXPECT_EQ(defaults.same_event->Serialise(), shipped);
  // The default model clusters (the two reports of the March vote are
  // one story: their link is the model's probability, above its
  // threshold), and differently from the cosine's links.
  const std::vector<Article> a = TwoVotes();
  ClusterOptions cosine;
  cosine.same_event = nullptr;
  const std::vector<CandidatePair> pairs = CandidatePairs(Ptrs(a), cosine);
  const CandidatePair* march = Find(pairs, 0, 1);
  ASSERT_NE(march, nullptr);
  EXPECT_GT(defaults.same_event->Probability(march->features), defaults.same_event->threshold);
  const auto stories = ClusterArticles(a);
  ASSERT_FALSE(stories.empty());
  EXPECT_TRUE(stories[0].size() >= 2 && stories[0][0] == 0 && stories[0][1] == 1);
}

TEST(SameEvent, FileRoundTripsAndGarbleIsNamed) {
  SameEventModel m;
  for (std::size_t k = 0; k < SameEventModel::kFeatures; ++k) m.weights[k] = 0.1 * static_cast<double>(k) - 0.3;
  m.bias = -1.0 / 3.0;
  m.threshold = 0.425;
  m.trained_on = "a test";
  const std::string text = m.Serialise();
  auto back = SameEventModel::Parse(text, "mem");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->weights, m.weights);
  EXPECT_EQ(back->bias, m.bias);
  EXPECT_EQ(back->threshold, m.threshold);
  EXPECT_EQ(back->trained_on, m.trained_on);
  EXPECT_EQ(back->Serialise(), text);
  std::string garbled = text;
  garbled.replace(garbled.find("weights ") + 8, 1, "x");
  auto bad = SameEventModel::Parse(garbled, "garbled.model");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("garbled.model:3"), std::string::npos) << bad.status().message();
  EXPECT_FALSE(SameEventModel::Parse("features cosine\n", "short.model").ok());
  EXPECT_FALSE(SameEventModel::Parse(text.substr(0, text.find("threshold")), "cut.model").ok());
  EXPECT_FALSE(LoadSameEventModel("/nonexistent/same-event.model").ok());
}

// `parallax train cluster` regenerates models/same-event.model byte for
// byte (the file's weights are printed exactly, the training is
// deterministic). Only the penalty the shipped file chose is refitted (the
// four of the grid take four times as long): about 5 s in Release;
// skipped under the sanitizers, where it would take minutes.
TEST(SameEvent, RetrainingGivesTheShippedBytes) {
  if (kUnderSanitizer) GTEST_SKIP() << "retraining takes minutes under the sanitizers; the Release build runs it";
  PARALLAX_REQUIRE_SHARED("clustering/events-dev.tsv");
  PARALLAX_REQUIRE_SHARED("summarization/allsides-roundups");
  PARALLAX_REQUIRE_SHARED("summarization/multinews-sample100");
  std::vector<InputError> errors;
  auto sets = LoadClusteringSets(testing::SharedDataDir(), "all", &errors);
  ASSERT_TRUE(sets.ok()) << sets.status().message();
  const std::string shipped = testing::ReadAll(std::string(PARALLAX_SOURCE_DIR) + "/models/same-event.model");
  auto parsed = SameEventModel::Parse(shipped, "models/same-event.model");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  SameEventTraining training;
  training.threads = 2;
  ASSERT_EQ(parsed->trained_on, SameEventTrainingCommand(training));
  training.l2 = {0.1};  // the grid's choice (the weights are small)
  SameEventModel model =
      TrainSameEventModel(Halves(*sets, DevHalf::kTuning), training, parsed->trained_on);
  EXPECT_EQ(model.Serialise(), shipped);
}

}  // namespace
}  // namespace parallax
