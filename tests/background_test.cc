// The background document frequencies of clustering (cluster/background.h):
// counting, the file format, the blend into the corpus's idf, saved
// indexes, and the shipped table.

#include <gtest/gtest.h>

#include "cluster_test_util.h"
#include "clean/cleaner.h"
#include "cluster/background.h"
#include "cluster/cluster.h"
#include "shared_data.h"

namespace parallax {
namespace {

using cluster_testing::Make;
using cluster_testing::Ptrs;

// The key the clustering gives a word's stem: the table of one article
// holding only that word.
std::uint64_t KeyOf(const std::string& word) {
  const Article a = Make("k", "", word + ".");
  const BackgroundDf t = BuildBackgroundDf({&a}, 1, 0, "");
  EXPECT_EQ(t.terms.size(), 1u) << word;
  return t.terms.empty() ? 0 : t.terms[0].first;
}

// A background where the common words of news are in most documents.
std::vector<Article> Background() {
  std::vector<Article> out;
  for (int i = 0; i < 40; ++i) {
    out.push_back(Make("bg" + std::to_string(i), "",
                       "The minister said on Monday that the government report would be published. Officials said "
                       "the talks continue, topic " +
                           std::to_string(i % 7) + (i % 2 == 0 ? " farmers" : " schools") + "."));
  }
  return out;
}

TEST(Background, CountsDocumentsNotOccurrencesAndKeepsFrequentTerms) {
  const std::vector<Article> docs = {Make("a", "Harvest", "Harvest harvest harvest. Rain fell."),
                                     Make("b", "", "The harvest was late. Rain again."),
                                     Make("c", "", "Markets closed early.")};
  const BackgroundDf all = BuildBackgroundDf(Ptrs(docs), 1, 10, "test");
  EXPECT_EQ(all.documents, 3u);
  const std::uint64_t harvest = KeyOf("harvest"), rain = KeyOf("rain"), markets = KeyOf("markets");
  auto df_of = [](const BackgroundDf& t, std::uint64_t key) -> std::uint32_t {
    for (const auto& [k, df] : t.terms) {
      if (k == key) return df;
    }
    return 0;
  };
  EXPECT_EQ(df_of(all, harvest), 2u);  // three times in a, once in b
  EXPECT_EQ(df_of(all, rain), 2u);
  EXPECT_EQ(df_of(all, markets), 1u);
  EXPECT_DOUBLE_EQ(all.Prior(harvest), 10.0 * 2 / 3);
  EXPECT_EQ(all.Prior(KeyOf("volcano")), 0.0);
  const BackgroundDf frequent = BuildBackgroundDf(Ptrs(docs), 2, 10, "test");
  EXPECT_EQ(df_of(frequent, harvest), 2u);
  EXPECT_EQ(df_of(frequent, markets), 0u);
  EXPECT_EQ(frequent.Prior(markets), 0.0);
  // The order of the documents and the threads do not matter.
  const std::vector<Article> reversed = {docs[2], docs[1], docs[0]};
  EXPECT_EQ(BuildBackgroundDf(Ptrs(reversed), 1, 10, "test", 3).Serialise(), all.Serialise());
}

TEST(Background, FileRoundTripsAndGarbleIsNamed) {
  const std::vector<Article> bg = Background();
  const BackgroundDf t = BuildBackgroundDf(Ptrs(bg), 2, 250, "a test");
  ASSERT_FALSE(t.terms.empty());
  const std::string text = t.Serialise();
  auto back = BackgroundDf::Parse(text, "mem");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->documents, t.documents);
  EXPECT_EQ(back->weight, t.weight);
  EXPECT_EQ(back->min_df, t.min_df);
  EXPECT_EQ(back->made_by, "a test");
  EXPECT_EQ(back->terms, t.terms);
  EXPECT_EQ(back->Fingerprint(), t.Fingerprint());
  EXPECT_EQ(back->Prior(KeyOf("minister")), t.Prior(KeyOf("minister")));
  EXPECT_EQ(back->Serialise(), text);

  std::string garbled = text;
  const std::size_t first_term = garbled.find('\n', garbled.find("terms ")) + 1;
  garbled[first_term + 17] = 'x';
  auto bad = BackgroundDf::Parse(garbled, "garbled.model");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("garbled.model:8"), std::string::npos) << bad.status().message();
  EXPECT_FALSE(BackgroundDf::Parse(text.substr(0, text.size() - 30), "cut.model").ok());
  EXPECT_FALSE(BackgroundDf::Parse("documents 3\nterms 0\n", "no-weight.model").ok());
  EXPECT_FALSE(BackgroundDf::Parse("documents 3\nweight -1\nterms 0\n", "negative.model").ok());
  EXPECT_FALSE(BackgroundDf::Parse("documents 3\nweight 1\nterms 2\n00000000000000a2 1\n0000000000000010 1\n", "order")
                   .ok());  // keys must ascend
  EXPECT_FALSE(BackgroundDf::Parse("documents 3\nweight 1\nterms 1\n00000000000000a2 4\n", "df").ok());  // df > documents
  EXPECT_TRUE(BackgroundDf::Parse("documents 3\nweight 1\nterms 1\n00000000000000a2 3\n", "ok").ok());
  EXPECT_FALSE(LoadBackgroundDf("/nonexistent/background-df.model").ok());
}

// Three articles: a and b share a rare name and the common words, a and c
// only the common words. Alone, the three weigh a common word as much as
// the name (each is in two of three); the background knows the common
// words are in most news, so a-b moves closer and a-c apart. Weight 0 is
// the corpus's own idf exactly.
TEST(Background, SmallCorpusWeighsCommonWordsDown) {
  const std::vector<Article> a = {
      Make("a", "", "The minister said on Monday that Zelbrok Harvin would resign. Officials said the talks continue."),
      Make("b", "", "Zelbrok Harvin will resign, the minister said on Monday."),
      Make("c", "", "Officials said on Monday the talks continue, the minister said.")};
  const std::vector<Article> bg = Background();
  auto table = std::make_shared<BackgroundDf>(BuildBackgroundDf(Ptrs(bg), 1, 200, "test"));
  ClusterOptions own;
  own.background = nullptr;
  ClusterOptions with = own;
  with.background = table;
  auto cosines = [&](const ClusterOptions& o) {
    double ab = -1, ac = -1;
    for (const CandidatePair& p : CandidatePairs(Ptrs(a), o)) {
      if (p.a == 0 && p.b == 1) ab = p.features[0];
      if (p.a == 0 && p.b == 2) ac = p.features[0];
    }
    return std::pair{ab, ac};
  };
  const auto [ab0, ac0] = cosines(own);
  const auto [ab1, ac1] = cosines(with);
  ASSERT_GT(ab0, 0);
  ASSERT_GT(ac0, 0);
  ASSERT_GT(ab1, 0);
  EXPECT_GT(ab1, ab0);
  EXPECT_LT(ac1 < 0 ? 0 : ac1, ac0);  // below the model's floor it is no candidate at all
  EXPECT_GT(ab1 - std::max(ac1, 0.0), ab0 - ac0);

  auto zero = std::make_shared<BackgroundDf>(*table);
  zero->weight = 0;
  zero->Index();
  ClusterOptions weightless = own;
  weightless.background = zero;
  const std::vector<CandidatePair> p0 = CandidatePairs(Ptrs(a), own), pz = CandidatePairs(Ptrs(a), weightless);
  ASSERT_EQ(p0.size(), pz.size());
  for (std::size_t k = 0; k < p0.size(); ++k) {
    for (std::size_t f = 0; f < SameEventModel::kFeatures; ++f) EXPECT_EQ(p0[k].features[f], pz[k].features[f]);
  }
}

// A saved index looks its terms up in the table again when loaded (the
// weights of a later batch depend on it), and one saved under another
// table, or none, is refused.
TEST(Background, SavedIndexUsesTheSameTable) {
  const std::vector<Article> bg = Background();
  auto table = std::make_shared<BackgroundDf>(BuildBackgroundDf(Ptrs(bg), 1, 200, "test"));
  const std::vector<Article> a = {
      Make("a", "Harvin resigns", "The minister said on Monday that Zelbrok Harvin would resign."),
      Make("b", "Talks go on", "Officials said on Monday the talks continue, the minister said."),
      Make("c", "Harvin gone", "Zelbrok Harvin resigned, the minister said on Monday."),
      Make("d", "Talks", "The talks continue, officials said.")};
  ClusterOptions opt;
  opt.background = table;
  StoryIndex straight(opt);
  straight.Add(Ptrs({a[0], a[1]}));
  const std::string bytes = straight.Save();
  straight.Add(Ptrs({a[2], a[3]}));
  StoryIndex resumed(opt);
  ASSERT_TRUE(resumed.Load(bytes));
  resumed.Add(Ptrs({a[2], a[3]}));
  EXPECT_EQ(resumed.Stories(), straight.Stories());
  EXPECT_EQ(resumed.Save(), straight.Save());  // the same weights, so the same bytes

  ClusterOptions none = opt;
  none.background = nullptr;
  StoryIndex without(none);
  EXPECT_FALSE(without.Load(bytes));
  auto heavier = std::make_shared<BackgroundDf>(*table);
  heavier->weight = 400;
  heavier->Index();
  ClusterOptions other = opt;
  other.background = heavier;
  StoryIndex under_other(other);
  EXPECT_FALSE(under_other.Load(bytes));
}

// The shipped table is every front end's default, and says how it was made.
TEST(Background, DefaultOptionsCarryTheShippedTable) {
  const std::string shipped = testing::ReadAll(std::string(PARALLAX_SOURCE_DIR) + "/models/background-df.model");
  auto parsed = BackgroundDf::Parse(shipped, "models/background-df.model");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_GT(parsed->documents, 100000u);
  EXPECT_GT(parsed->weight, 0);
  EXPECT_EQ(parsed->made_by.rfind("parallax train background ", 0), 0u) << parsed->made_by;
  std::string why = "unset";
  ASSERT_NE(DefaultBackgroundDf(&why), nullptr) << why;
  EXPECT_EQ(why, "");
  const ClusterOptions defaults;
  ASSERT_NE(defaults.background, nullptr);
  EXPECT_EQ(defaults.background, DefaultBackgroundDf());  // loaded once, shared
  EXPECT_EQ(defaults.background->Serialise(), shipped);
  // Words of every news story are common in it, a made-up name is not.
  EXPECT_GT(parsed->Prior(KeyOf("government")), parsed->Prior(KeyOf("volcano")));
  EXPECT_GT(parsed->Prior(KeyOf("volcano")), 0.0);
  EXPECT_EQ(parsed->Prior(KeyOf("zelbrok")), 0.0);
}

}  // namespace
}  // namespace parallax
