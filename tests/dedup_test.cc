// Dedup: exact and near duplicates. Hand-made cases pin the contract; the
// differential tests check the MinHash estimate against exact Jaccard and the
// LSH banding against its S-curve on real articles (BBC News) and edited
// copies of them, and that distinct stories on one event stay apart (seeds,
// events-dev).

#include "dedup/dedup.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "shared_data.h"

namespace parallax {
namespace {

Article Make(std::string id, std::string text, std::optional<std::string> published = std::nullopt) {
  Article a;
  a.id = std::move(id);
  a.text = std::move(text);
  a.published = std::move(published);
  return a;
}

// prefix + number; (GCC 12 warns falsely about "w" + std::to_string(i)).
std::string Numbered(const char* prefix, std::uint64_t n) {
  std::string s = prefix;
  s += std::to_string(n);
  return s;
}

const char* kStory =
    "The harbour authority said on Tuesday that the northern pier would stay closed for repairs until the end of "
    "the month. Engineers found cracks in three of the supporting columns during a routine inspection last week. "
    "Ferry services will use the southern terminal in the meantime, and passengers should allow an extra twenty "
    "minutes for the walk from the station. The authority expects the work to cost about four million.";

TEST(Shingles, CaseAndPunctuationDoNotMatter) {
  EXPECT_EQ(ShingleHashes("The cat sat, on the MAT!"), ShingleHashes("the cat sat on the mat"));
  EXPECT_EQ(ShingleHashes("we don't know yet why"), ShingleHashes("We don\u2019t know -- yet -- why?"));
  EXPECT_EQ(ShingleHashes("\u00c9COLE de la ville est ferm\u00e9e"), ShingleHashes("\u00e9cole de la ville est FERM\u00c9E"));
  EXPECT_NE(ShingleHashes("the cat sat on the mat"), ShingleHashes("the cat sat on a mat"));
}

TEST(Shingles, CountsAndShortTexts) {
  EXPECT_TRUE(ShingleHashes("").empty());
  EXPECT_TRUE(ShingleHashes("  ... !! -- ''").empty());
  EXPECT_EQ(ShingleHashes("one").size(), 1u);
  EXPECT_EQ(ShingleHashes("one two three four").size(), 1u);
  EXPECT_EQ(ShingleHashes("one two three four five").size(), 1u);
  EXPECT_EQ(ShingleHashes("one two three four five six").size(), 2u);
  // Repeated runs count once (a set).
  EXPECT_EQ(ShingleHashes("a b c d e a b c d e").size(), 5u);
  // Texts shorter than one shingle are compared as a whole.
  EXPECT_DOUBLE_EQ(ExactJaccard(ShingleHashes("a b c"), ShingleHashes("a b c d")), 0.0);
  EXPECT_DOUBLE_EQ(ExactJaccard(ShingleHashes("a b c"), ShingleHashes("A, b, c.")), 1.0);
}

TEST(MinHash, IdenticalAndDisjoint) {
  auto s = ShingleHashes(kStory);
  MinHashSignature a = ComputeMinHash(s), b = ComputeMinHash(s);
  EXPECT_EQ(a, b);
  EXPECT_DOUBLE_EQ(EstimateJaccard(a, b), 1.0);
  EXPECT_DOUBLE_EQ(ExactJaccard(s, s), 1.0);
  EXPECT_TRUE(LshCandidates(a, b));
  for (std::size_t band = 0; band < kBands; ++band) EXPECT_EQ(BandKey(a, band), BandKey(b, band));
  auto t = ShingleHashes("Completely different words appear in this other text about football and weather today");
  EXPECT_DOUBLE_EQ(ExactJaccard(s, t), 0.0);
  EXPECT_LT(EstimateJaccard(a, ComputeMinHash(t)), 0.05);
  EXPECT_DOUBLE_EQ(ExactJaccard({}, {}), 0.0);
}

TEST(MinHash, HugeTextWithoutSpacesDoesNotCrash) {
  std::string blob(1 << 20, 'x');
  auto s = ShingleHashes(blob);
  EXPECT_EQ(s.size(), 1u);
  std::string punct(1 << 20, '!');
  EXPECT_TRUE(ShingleHashes(punct).empty());
  std::string other = blob;
  other[other.size() / 2] = 'y';
  std::vector<Article> arts = {Make("a", blob), Make("b", other), Make("c", punct), Make("d", blob)};
  DedupResult r = FindDuplicates(arts, DedupOptions{});
  EXPECT_FALSE(r.duplicate_of[0]);
  EXPECT_FALSE(r.duplicate_of[1]);  // one shingle each, different: J = 0
  EXPECT_FALSE(r.duplicate_of[2]);
  ASSERT_TRUE(r.duplicate_of[3]);
  EXPECT_EQ(*r.duplicate_of[3], 0u);
  EXPECT_TRUE(r.exact[3]);
}

TEST(FindDuplicates, ExactNearAndDistinct) {
  std::string edited = kStory;
  edited.replace(edited.find("Tuesday"), 7, "Monday");
  std::vector<Article> arts = {
      Make("orig", kStory),
      Make("copy", std::string("  ") + kStory + "\n"),  // exact after folding
      Make("edit", edited),                               // one word changed: near
      Make("other", "A completely different story about the town council budget and the new library opening."),
      Make("empty", ""),
      Make("empty2", ""),
  };
  DedupResult r = FindDuplicates(arts, DedupOptions{});
  ASSERT_EQ(r.duplicate_of.size(), arts.size());
  EXPECT_FALSE(r.duplicate_of[0]);
  ASSERT_TRUE(r.duplicate_of[1]);
  EXPECT_EQ(*r.duplicate_of[1], 0u);
  EXPECT_TRUE(r.exact[1]);
  EXPECT_DOUBLE_EQ(r.similarity[1], 1.0);
  ASSERT_TRUE(r.duplicate_of[2]);
  EXPECT_EQ(*r.duplicate_of[2], 0u);
  EXPECT_FALSE(r.exact[2]);
  EXPECT_GT(r.similarity[2], 0.8);
  EXPECT_LT(r.similarity[2], 1.0);
  EXPECT_FALSE(r.duplicate_of[3]);
  EXPECT_FALSE(r.duplicate_of[4]);  // empty texts are never duplicates
  EXPECT_FALSE(r.duplicate_of[5]);

  // Threshold 0: exact only.
  DedupResult exact_only = FindDuplicates(arts, DedupOptions{.near_threshold = 0.0});
  EXPECT_TRUE(exact_only.duplicate_of[1]);
  EXPECT_FALSE(exact_only.duplicate_of[2]);
  // The old exact-only entry point agrees.
  EXPECT_EQ(FindExactDuplicates(arts), exact_only.duplicate_of);
}

TEST(FindDuplicates, CanonicalIsEarliestPublishedThenInputOrder) {
  std::string edited = kStory;
  edited.replace(edited.find("three"), 5, "four");
  std::vector<Article> arts = {
      Make("late", kStory, "2024-03-05"),
      Make("undated", kStory),
      Make("early", edited, "2024-03-04T23:00:00Z"),
      Make("early-copy", edited, "2024-03-04"),
  };
  DedupResult r = FindDuplicates(arts, DedupOptions{});
  EXPECT_FALSE(r.duplicate_of[2]);
  ASSERT_TRUE(r.duplicate_of[3]);
  EXPECT_EQ(*r.duplicate_of[3], 2u);  // same date: input order
  ASSERT_TRUE(r.duplicate_of[0]);
  EXPECT_EQ(*r.duplicate_of[0], 2u);
  // The undated exact copy of "late" points at the final canonical, not at "late".
  ASSERT_TRUE(r.duplicate_of[1]);
  EXPECT_EQ(*r.duplicate_of[1], 2u);
  EXPECT_DOUBLE_EQ(r.similarity[1], r.similarity[0]);
}

TEST(FindDuplicates, NoChains) {
  // b is near a and near c, but a and c are not near each other: b joins a,
  // c stays canonical (it is compared with canonical copies only).
  std::vector<std::string> words;
  for (int i = 0; i < 60; ++i) words.push_back(Numbered("w", i));
  auto join = [](const std::vector<std::string>& w, std::size_t from, std::size_t to) {
    std::string s;
    for (std::size_t i = from; i < to; ++i) s += w[i] + " ";
    return s;
  };
  std::vector<Article> arts = {Make("a", join(words, 0, 40)), Make("b", join(words, 10, 50)),
                               Make("c", join(words, 20, 60))};
  DedupResult r = FindDuplicates(arts, DedupOptions{.near_threshold = 0.45});
  EXPECT_FALSE(r.duplicate_of[0]);
  ASSERT_TRUE(r.duplicate_of[1]);
  EXPECT_EQ(*r.duplicate_of[1], 0u);
  EXPECT_FALSE(r.duplicate_of[2]);
}

// --- Differential tests on real articles ---

std::vector<std::string> Sentences(const std::string& text) {
  std::vector<std::string> out;
  std::size_t b = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((text[i] == '.' || text[i] == '\n') && (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n')) {
      std::string s = text.substr(b, i + 1 - b);
      if (s.find_first_not_of(" \n") != std::string::npos) out.push_back(s);
      b = i + 1;
    }
  }
  if (b < text.size()) out.push_back(text.substr(b));
  return out;
}

// An edited copy: sentences deleted with probability `drop`, two sentences
// swapped `swaps` times, each word replaced with probability `change`.
std::string Edit(const std::string& text, double drop, int swaps, double change, std::mt19937_64* rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<std::string> kept;
  for (const std::string& s : Sentences(text)) {
    if (u(*rng) >= drop) kept.push_back(s);
  }
  if (kept.size() > 1) {
    std::uniform_int_distribution<std::size_t> pick(0, kept.size() - 1);
    for (int k = 0; k < swaps; ++k) std::swap(kept[pick(*rng)], kept[pick(*rng)]);
  }
  std::string joined;
  for (const std::string& s : kept) joined += s;
  std::istringstream in(joined);
  std::string out, w;
  while (in >> w) {
    if (u(*rng) < change) w = Numbered("edit", (*rng)() % 100000);
    out += w + " ";
  }
  return out;
}

std::vector<std::string> BbcTexts(std::size_t limit) {
  std::vector<std::string> paths;
  for (const auto& e : std::filesystem::recursive_directory_iterator(testing::SharedDataDir() + "/bulk/bbc-news-2225")) {
    if (e.is_regular_file() && e.path().extension() == ".txt") paths.push_back(e.path().string());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < paths.size() && out.size() < limit; i += 3) out.push_back(testing::ReadAll(paths[i]));
  return out;
}

double LshProbability(double j) { return 1.0 - std::pow(1.0 - std::pow(j, kRows), kBands); }

TEST(Differential, MinHashEstimateAndLshAgainstExactJaccard) {
  PARALLAX_REQUIRE_SHARED("bulk/bbc-news-2225");
  std::vector<std::string> docs = BbcTexts(750);
  ASSERT_GE(docs.size(), 700u);
  std::mt19937_64 rng(20261123);
  struct Pair {
    std::string a, b;
  };
  std::vector<Pair> pairs;
  const double kChange[] = {0.0, 0.0, 0.005, 0.01, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3};
  for (std::size_t i = 0; i < docs.size(); ++i) {
    double change = kChange[i % std::size(kChange)];
    double drop = (i / std::size(kChange)) % 3 == 0 ? 0.0 : 0.1 * static_cast<double>((i / 7) % 4);
    pairs.push_back({docs[i], Edit(docs[i], drop, static_cast<int>(i % 4), change, &rng)});
    pairs.push_back({docs[i], docs[(i * 7 + 1) % docs.size()]});  // another article
  }
  double abs_err = 0.0, signed_err = 0.0;
  std::size_t high = 0, high_found = 0, low = 0, low_cand = 0;
  // Candidate rate per Jaccard decile, against the S-curve.
  std::map<int, std::pair<double, double>> bins;  // bin -> (candidates, expected)
  std::map<int, std::size_t> bin_n;
  for (const Pair& p : pairs) {
    auto sa = ShingleHashes(p.a), sb = ShingleHashes(p.b);
    ASSERT_FALSE(sa.empty());
    ASSERT_FALSE(sb.empty());
    double exact = ExactJaccard(sa, sb);
    MinHashSignature ga = ComputeMinHash(sa), gb = ComputeMinHash(sb);
    double est = EstimateJaccard(ga, gb);
    bool cand = LshCandidates(ga, gb);
    abs_err += std::fabs(est - exact);
    signed_err += est - exact;
    if (exact >= 0.8) {
      ++high;
      high_found += cand;
    }
    if (exact < 0.3) {
      ++low;
      low_cand += cand;
    }
    int bin = std::min(9, static_cast<int>(exact * 10));
    bins[bin].first += cand;
    bins[bin].second += LshProbability(exact);
    ++bin_n[bin];
  }
  const double n = static_cast<double>(pairs.size());
  const double mae = abs_err / n, bias = signed_err / n;
  std::printf("pairs %zu: MinHash MAE %.4f (bound 1/sqrt(%zu) = %.4f), bias %+.4f\n", pairs.size(), mae, kNumHashes,
              1.0 / std::sqrt(static_cast<double>(kNumHashes)), bias);
  std::printf("LSH recall at J >= 0.8: %zu/%zu; candidates at J < 0.3: %zu/%zu\n", high_found, high, low_cand, low);
  for (const auto& [bin, v] : bins) {
    std::printf("  J in [%.1f, %.1f): %4zu pairs, candidate rate %.3f (S-curve %.3f)\n", bin / 10.0, (bin + 1) / 10.0,
                bin_n[bin], v.first / static_cast<double>(bin_n[bin]), v.second / static_cast<double>(bin_n[bin]));
  }
  EXPECT_LT(mae, 1.0 / std::sqrt(static_cast<double>(kNumHashes)));
  EXPECT_LT(std::fabs(bias), 0.01);
  ASSERT_GE(high, 100u);
  EXPECT_GE(static_cast<double>(high_found) / static_cast<double>(high), 0.95);
  ASSERT_GE(low, 300u);
  EXPECT_LT(static_cast<double>(low_cand) / static_cast<double>(low), 0.02);
  // Each populated decile follows the S-curve (binomial noise allowed).
  for (const auto& [bin, v] : bins) {
    double m = static_cast<double>(bin_n[bin]);
    if (m < 30) continue;
    double p = v.second / m;
    EXPECT_NEAR(v.first / m, p, 4.0 * std::sqrt(std::max(p * (1 - p), 0.01) / m) + 0.02) << "bin " << bin;
  }

  // End to end: every edited copy with J >= 0.8 is found as a duplicate of
  // its original; nothing below the threshold is marked.
  std::vector<Article> arts;
  std::vector<double> j_to_orig;
  for (std::size_t i = 0; i < pairs.size(); i += 2) {
    arts.push_back(Make(Numbered("o", i), pairs[i].a));
    arts.push_back(Make(Numbered("e", i), pairs[i].b));
    j_to_orig.push_back(ExactJaccard(ShingleHashes(pairs[i].a), ShingleHashes(pairs[i].b)));
  }
  DedupResult r1 = FindDuplicates(arts, DedupOptions{}, 1);
  DedupResult r4 = FindDuplicates(arts, DedupOptions{}, 4);
  EXPECT_EQ(r1.duplicate_of, r4.duplicate_of);
  EXPECT_EQ(r1.similarity, r4.similarity);
  std::size_t high_pairs = 0, high_marked = 0;
  for (std::size_t k = 0; k < j_to_orig.size(); ++k) {
    const auto& d = r1.duplicate_of[2 * k + 1];
    if (j_to_orig[k] >= 0.8) {
      ++high_pairs;
      high_marked += d.has_value();
    }
    if (d) {
      EXPECT_GE(r1.similarity[2 * k + 1], 0.5);
      EXPECT_NEAR(ExactJaccard(ShingleHashes(arts[*d].text), ShingleHashes(arts[2 * k + 1].text)),
                  r1.similarity[2 * k + 1], 1e-12);
    }
  }
  std::printf("end to end: %zu/%zu edited copies with J >= 0.8 marked\n", high_marked, high_pairs);
  EXPECT_GE(static_cast<double>(high_marked) / static_cast<double>(high_pairs), 0.95);
}

TEST(Differential, SeedArticlesOnOneEventAreNotDuplicates) {
  PARALLAX_REQUIRE_SHARED("seeds");
  std::vector<std::string> paths;
  for (const auto& e : std::filesystem::directory_iterator(testing::SharedDataDir() + "/seeds")) {
    if (e.path().extension() == ".txt") paths.push_back(e.path().string());
  }
  std::sort(paths.begin(), paths.end());
  ASSERT_GE(paths.size(), 5u);
  std::vector<Article> arts;
  for (const auto& p : paths) arts.push_back(Make(std::filesystem::path(p).stem().string(), testing::ReadAll(p)));
  double max_j = 0.0;
  for (std::size_t i = 0; i < arts.size(); ++i) {
    for (std::size_t k = i + 1; k < arts.size(); ++k) {
      max_j = std::max(max_j, ExactJaccard(ShingleHashes(arts[i].text), ShingleHashes(arts[k].text)));
    }
  }
  std::printf("seeds: highest pairwise Jaccard %.3f\n", max_j);
  EXPECT_LT(max_j, 0.2);
  DedupResult r = FindDuplicates(arts, DedupOptions{});
  for (std::size_t i = 0; i < arts.size(); ++i) EXPECT_FALSE(r.duplicate_of[i]) << arts[i].id;
}

// Markup of the DUC/TAC files (<P>, <DOCNO> ...) is dropped so that only the
// words of the story are compared.
std::string StripTags(const std::string& s) {
  std::string out;
  bool in_tag = false;
  for (char c : s) {
    if (c == '<') in_tag = true;
    else if (c == '>') { in_tag = false; out.push_back(' '); }
    else if (!in_tag) out.push_back(c);
  }
  return out;
}

// events-dev holds a few real duplicates: the same DUC file in two clusters
// and wire stories reissued with corrections (APW ...0381 / ...0382). Those
// come from one outlet; articles from different outlets must stay apart.
TEST(Differential, EventsDevStoriesFromDifferentOutletsAreNotDuplicates) {
  PARALLAX_REQUIRE_SHARED("clustering/events-dev.tsv");
  std::istringstream tsv(testing::ReadAll(testing::SharedDataDir() + "/clustering/events-dev.tsv"));
  std::string line;
  std::getline(tsv, line);  // header
  std::map<std::string, std::vector<std::size_t>> events;
  std::vector<Article> arts;
  std::vector<std::string> outlet;
  while (std::getline(tsv, line)) {
    std::vector<std::string> f;
    std::size_t b = 0;
    for (std::size_t e; (e = line.find('\t', b)) != std::string::npos; b = e + 1) f.push_back(line.substr(b, e - b));
    f.push_back(line.substr(b));
    if (f.size() < 7) continue;
    std::string text = StripTags(testing::ReadAll(testing::SharedDataDir() + "/" + f[4]));
    if (text.empty()) continue;
    events[f[3]].push_back(arts.size());
    outlet.push_back(f[5]);
    arts.push_back(Make(f[4], text, f[6].empty() ? std::nullopt : std::optional<std::string>(f[6])));
  }
  ASSERT_GE(arts.size(), 500u);
  DedupResult r = FindDuplicates(arts, DedupOptions{});
  std::size_t cross_pairs = 0, marked = 0, cross_marked = 0;
  double cross_max = 0.0;
  for (const auto& [key, members] : events) {
    for (std::size_t x = 0; x < members.size(); ++x) {
      for (std::size_t y = x + 1; y < members.size(); ++y) {
        if (outlet[members[x]] == outlet[members[y]]) continue;
        ++cross_pairs;
        cross_max = std::max(cross_max, ExactJaccard(ShingleHashes(arts[members[x]].text),
                                                     ShingleHashes(arts[members[y]].text)));
      }
    }
  }
  for (std::size_t i = 0; i < arts.size(); ++i) {
    if (!r.duplicate_of[i]) continue;
    ++marked;
    if (outlet[i] != outlet[*r.duplicate_of[i]]) {
      ++cross_marked;
      ADD_FAILURE() << arts[i].id << " -> " << arts[*r.duplicate_of[i]].id << " J = " << r.similarity[i];
    }
  }
  std::printf("events-dev: %zu articles, %zu same-event pairs from different outlets (highest Jaccard %.3f); "
              "%zu duplicates, %zu across outlets\n",
              arts.size(), cross_pairs, cross_max, marked, cross_marked);
  EXPECT_LT(cross_max, 0.5);
  EXPECT_EQ(cross_marked, 0u);
}

}  // namespace
}  // namespace parallax
