#include "analyze/analyze.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "analyze/claim.h"
#include "analyze/context.h"
#include "analyze/framing.h"
#include "analyze/paraphrase.h"
#include "analyze/places.h"
#include "analyze/summary.h"
#include "core/hash.h"
#include "core/parallel.h"
#include "ner/tagger.h"
#include "text/segment.h"
#include "text/terms.h"

namespace parallax {
namespace analyze_internal {

StoryContext BuildContext(const std::vector<const Article*>& articles, const NerModel* tagger,
                          const std::vector<const ArticleAnalysis*>* precomputed, unsigned threads) {
  StoryContext ctx;
  ctx.articles = articles;
  for (const Article* a : articles) ctx.lexicon.Add(a->text);
  // What each article gives alone, on `threads` threads: its names, its
  // sentences with their terms, concepts and number tokens as strings.
  // Then the ids, in article order: the same ids as one pass would give.
  struct Draft {
    Span span;
    std::vector<std::string> terms, concepts, numbers;
    std::size_t words = 0;
  };
  const std::size_t na = articles.size();
  std::vector<std::vector<Draft>> drafts(na);
  ctx.names.resize(na);
  ParallelFor(na, threads, [&](std::size_t ai) {
    thread_local Stemmer stemmer;
    const Article& a = *articles[ai];
    const ArticleAnalysis* pre = precomputed && ai < precomputed->size() ? (*precomputed)[ai] : nullptr;
    if (tagger && pre && pre->tagged) ctx.names[ai] = FindNamesTagged(a.text, ctx.lexicon, pre->entities);
    else ctx.names[ai] = FindNames(a.text, ctx.lexicon, tagger);
    for (Span s : SplitSentences(a.text)) {
      Draft d;
      d.span = s;
      std::string_view st = std::string_view(a.text).substr(s.begin, s.size());
      d.terms = ContentTerms(st, &stemmer);
      d.concepts = SummaryConcepts(st, &stemmer);
      for (const Token& t : Tokenize(st)) {
        if (t.kind == TokenKind::kNumber) d.numbers.emplace_back(st.substr(t.span.begin, t.span.size()));
        d.words += t.kind != TokenKind::kPunct;
      }
      drafts[ai].push_back(std::move(d));
    }
  });
  const std::unordered_map<std::string, std::string>& places = PlaceStemAliases();
  std::unordered_map<std::string, int> vocab;
  std::unordered_map<std::string, int> concept_ids;
  std::vector<int> df;
  for (std::size_t ai = 0; ai < na; ++ai) {
    std::size_t idx = 0;
    for (Draft& d : drafts[ai]) {
      SentenceInfo info;
      info.article = ai;
      info.index = idx++;
      info.span = d.span;
      std::set<int> ids;
      std::set<int> concepts;
      for (const std::string& t : d.terms) {
        auto [it, inserted] = vocab.emplace(t, static_cast<int>(vocab.size()));
        if (inserted) df.push_back(0);
        // Facts compare places by referent ("Moscow", "Russian" and
        // "Russia" are one term); summary concepts keep the words.
        int term = it->second;
        if (auto alias = places.find(t); alias != places.end() && alias->second != t) {
          const std::string& canonical = alias->second;
          auto [ait, ainserted] = vocab.emplace(canonical, static_cast<int>(vocab.size()));
          if (ainserted) df.push_back(0);
          term = ait->second;
        }
        ids.insert(term);
      }
      for (std::string& key : d.concepts) {
        auto cit = concept_ids.emplace(std::move(key), static_cast<int>(concept_ids.size())).first;
        concepts.insert(cit->second);
      }
      info.concepts.assign(concepts.begin(), concepts.end());
      for (int id : ids) ++df[static_cast<std::size_t>(id)];
      for (const std::string& number : d.numbers) {
        auto it = vocab.find(number);
        if (it != vocab.end()) info.numbers.push_back(it->second);
      }
      std::sort(info.numbers.begin(), info.numbers.end());
      info.numbers.erase(std::unique(info.numbers.begin(), info.numbers.end()), info.numbers.end());
      info.terms.assign(ids.begin(), ids.end());
      info.words = d.words;
      ctx.sentences.push_back(std::move(info));
    }
    ctx.sentences_per_article.push_back(idx);
    drafts[ai] = {};
  }
  ctx.concept_count = concept_ids.size();
  const double n = static_cast<double>(ctx.sentences.size()) + 1.0;
  ctx.idf.resize(df.size());
  // Words only ever replaced by their place alias have no sentences.
  for (std::size_t t = 0; t < df.size(); ++t) ctx.idf[t] = df[t] > 0 ? std::log(n / df[t]) : 0.0;
  for (SentenceInfo& s : ctx.sentences) {
    for (int t : s.terms) s.weight += ctx.idf[static_cast<std::size_t>(t)] * ctx.idf[static_cast<std::size_t>(t)];
  }
  return ctx;
}

double Similarity(const StoryContext& ctx, const SentenceInfo& a, const SentenceInfo& b) {
  if (a.weight <= 0 || b.weight <= 0) return 0;
  double dot = 0;
  std::size_t i = 0, j = 0;
  while (i < a.terms.size() && j < b.terms.size()) {
    if (a.terms[i] < b.terms[j]) ++i;
    else if (a.terms[i] > b.terms[j]) ++j;
    else {
      double w = ctx.idf[static_cast<std::size_t>(a.terms[i])];
      dot += w * w;
      ++i;
      ++j;
    }
  }
  double sim = dot / std::sqrt(a.weight * b.weight);
  // "12 injured" and "14 injured" are not the same information: sentences
  // that both give numbers but share none count as far less similar.
  if (!a.numbers.empty() && !b.numbers.empty()) {
    bool shared = false;
    for (int n : a.numbers) shared = shared || std::binary_search(b.numbers.begin(), b.numbers.end(), n);
    if (!shared) sim *= 0.5;
  }
  return sim;
}

}  // namespace analyze_internal

namespace {


using analyze_internal::SentenceInfo;
using analyze_internal::StoryContext;
using analyze_internal::StandsAlone;

std::string SentenceText(const StoryContext& ctx, const SentenceInfo& s) {
  return ctx.articles[s.article]->text.substr(s.span.begin, s.span.size());
}

bool HasNumberOrName(std::string_view s) {
  bool first = true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isdigit(c)) return true;
    if (i > 0 && s[i - 1] == ' ' && std::isupper(c) && !first) return true;
    if (c == ' ') first = false;
  }
  return false;
}

// The share (by squared idf) of the terms every member states that
// sentence j states too; 0 when the members share fewer than three terms,
// or when j and a member both give numbers and differ in them (different
// numbers are not the same statement).
double CoreCoverage(const StoryContext& ctx, const std::vector<std::size_t>& members, std::size_t j) {
  std::vector<int> core = ctx.sentences[members.front()].terms;
  for (std::size_t m : members) {
    const std::vector<int>& t = ctx.sentences[m].terms;
    std::vector<int> kept;
    std::set_intersection(core.begin(), core.end(), t.begin(), t.end(), std::back_inserter(kept));
    core = std::move(kept);
    const std::vector<int>& mn = ctx.sentences[m].numbers;
    const std::vector<int>& jn = ctx.sentences[j].numbers;
    if (!mn.empty() && !jn.empty()) {
      std::vector<int> shared;
      std::set_intersection(mn.begin(), mn.end(), jn.begin(), jn.end(), std::back_inserter(shared));
      if (shared.size() != std::min(mn.size(), jn.size())) return 0;
    }
  }
  // A word or two in common is a topic, not a statement.
  if (core.size() < 3) return 0;
  const std::vector<int>& cand = ctx.sentences[j].terms;
  double all = 0, found = 0;
  for (int t : core) {
    const double w = ctx.idf[static_cast<std::size_t>(t)] * ctx.idf[static_cast<std::size_t>(t)];
    all += w;
    if (std::binary_search(cand.begin(), cand.end(), t)) found += w;
  }
  return all > 0 ? found / all : 0.0;
}

std::vector<std::string> IdsOf(const StoryContext& ctx, const std::set<std::size_t>& arts) {
  std::vector<std::string> out;
  for (std::size_t a : arts) out.push_back(ctx.articles[a]->id);
  return out;
}

}  // namespace

double ParaphraseJoinThreshold(const AnalyzeOptions& options) {
  return CostAdjustedThreshold(DefaultParaphraseModel().threshold(), options.paraphrase_false_join_cost);
}

namespace {

const NerModel* TaggerOf(const AnalyzeOptions& options) {
  return options.rule_names ? nullptr : (options.tagger ? options.tagger : DefaultNerModel());
}

}  // namespace

ArticleAnalysis AnalyzeArticle(const Article& article, const AnalyzeOptions& options) {
  ArticleAnalysis out;
  if (const NerModel* tagger = TaggerOf(options)) {
    out.tagged = true;
    out.entities = tagger->FindEntities(article.text);
  }
  return out;
}

std::uint64_t ArticleAnalysisKey(const AnalyzeOptions& options) {
  std::string id = "article-analysis " + std::to_string(kArticleAnalysisVersion);
  if (const NerModel* tagger = TaggerOf(options)) {
    // A probe the tagger's answer to which changes with its model or code.
    static constexpr std::string_view kProbe =
        "French Foreign Minister Jean-Marc Ayrault met Sergei Lavrov in Moscow on Monday, the ministry said. "
        "Shares of Acme Corp. rose 5% on the New York Stock Exchange after the European Union's ruling.";
    id += "\ntagger " + tagger->trained_on() + "\n" + std::to_string(tagger->feature_count());
    for (const NerModel::Entity& e : tagger->FindEntities(kProbe)) {
      id += " " + std::to_string(e.begin) + ":" + std::to_string(e.end) + ":" + std::to_string(e.type);
    }
  }
  return Fnv1a64(id);
}

Story AnalyzeStory(const std::vector<const Article*>& articles, const AnalyzeOptions& options) {
  return AnalyzeStory(articles, options, {});
}

Story AnalyzeStory(const std::vector<const Article*>& articles, const AnalyzeOptions& options,
                   const std::vector<const ArticleAnalysis*>& precomputed) {
  Story story;
  if (articles.empty()) return story;
  const NerModel* tagger = TaggerOf(options);
  StoryContext ctx = analyze_internal::BuildContext(articles, tagger, &precomputed, options.threads);
  const std::size_t ns = ctx.sentences.size();
  const std::size_t na = articles.size();
  for (const Article* a : articles) story.articles.push_back(a->id);
  // Each article's outlet: its source, else the article itself. Facts need
  // two outlets, not two articles: an outlet repeating itself across its own
  // updates corroborates nothing.
  std::vector<std::size_t> outlet_of(na);
  {
    std::map<std::string, std::size_t> index;
    for (std::size_t a = 0; a < na; ++a) {
      const std::string key = articles[a]->source ? "s:" + *articles[a]->source : "a:" + articles[a]->id;
      outlet_of[a] = index.emplace(key, index.size()).first->second;
    }
  }
  auto outlets_in = [&](const std::set<std::size_t>& arts) {
    std::set<std::size_t> o;
    for (std::size_t a : arts) o.insert(outlet_of[a]);
    return o.size();
  };

  // For each sentence, its best match in each other article: the most
  // similar sentence there (the first of equals). Every decision below
  // (same information, corroboration, partial citations, single-outlet
  // claims, the timeline) needs a similarity of at least half of
  // same_information, so only pairs that reach it are kept, and sparse: a
  // story of 5,000 articles has 5,000 others for each sentence, few of them
  // with a match.
  const double match_bar = std::max(0.0, 0.5 * options.same_information);
  // Centrality (below) is the sum of a sentence's best similarity in every
  // other article, over every pair that shares a term: both from one pass.
  // Beside that pass (on a second thread when there is one), what needs
  // only the sentences: conflicts, entities, quotes, framing.
  analyze_internal::SentencePairs pairs;
  std::vector<Conflict> conflicts;
  std::vector<Entity> entities;
  std::vector<Quote> quotes;
  decltype(story.framing) framing;
  ParallelFor(2, options.threads, [&](std::size_t task) {
    if (task == 0) {
      pairs = analyze_internal::FindSentencePairs(ctx, match_bar);
      return;
    }
    conflicts = analyze_internal::FindConflicts(ctx, 5);
    entities = analyze_internal::BuildEntities(ctx);
    quotes = analyze_internal::ExtractQuotes(ctx, entities);
    framing = FramingByOutlet(articles);
  });
  const std::vector<std::vector<analyze_internal::Neighbour>>& near = pairs.near;
  const std::vector<double>& centrality = pairs.centrality;
  struct Best {
    std::size_t article;
    std::size_t j;  // the sentence
    double s;
    bool matched = false;  // the same information (below)
  };
  std::vector<std::vector<Best>> best(ns);  // by increasing article
  for (std::size_t i = 0; i < ns; ++i) {
    // `near` is ascending, so article by article.
    for (const analyze_internal::Neighbour& nb : near[i]) {
      const std::size_t a = ctx.sentences[nb.sentence].article;
      if (!best[i].empty() && best[i].back().article == a) {
        if (nb.similarity > best[i].back().s) best[i].back() = {a, nb.sentence, nb.similarity};
      } else {
        best[i].push_back({a, nb.sentence, nb.similarity});
      }
    }
  }
  auto best_in = [&](std::size_t i, std::size_t a) -> const Best* {
    auto it = std::lower_bound(best[i].begin(), best[i].end(), a, [](const Best& b, std::size_t x) { return b.article < x; });
    return it != best[i].end() && it->article == a ? &*it : nullptr;
  };
  // Same information: similar enough by idf-weighted overlap, or reworded
  // and judged the same statement by the paraphrase model, at a threshold
  // raised for the cost of a wrong join (ParaphraseJoinThreshold).
  const ParaphraseModel& paraphrase = DefaultParaphraseModel();
  const double join_threshold = ParaphraseJoinThreshold(options);
  std::vector<std::unique_ptr<PreparedSentence>> prepared(ns);
  auto prepare = [&](std::size_t k) -> const PreparedSentence& {
    if (!prepared[k]) prepared[k] = std::make_unique<PreparedSentence>(paraphrase.Prepare(SentenceText(ctx, ctx.sentences[k])));
    return *prepared[k];
  };
  // The model's probability is symmetric to the bit (test
  // ParaphraseModel.SymmetricToTheBit), so each pair is judged once: the
  // matches are looked at from both sides.
  std::unordered_map<std::uint64_t, double> paraphrase_cache;
  auto paraphrase_probability = [&](std::size_t i, std::size_t j) {
    const auto [lo, hi] = std::minmax(i, j);
    const std::uint64_t key = (static_cast<std::uint64_t>(lo) << 32) | hi;
    auto it = paraphrase_cache.find(key);
    if (it == paraphrase_cache.end()) it = paraphrase_cache.emplace(key, paraphrase.Probability(prepare(i), prepare(j))).first;
    return it->second;
  };
  // Similar wording (overlap or the paraphrase model): the candidates.
  // 1: similar by overlap, 0: not similar, 2: the model decides.
  auto wording = [&](std::size_t i, std::size_t j, double s) {
    if (s >= options.same_information) return 1;
    if (!options.paraphrase_model || s < 0.5 * options.same_information) return 0;
    // The model learned MRPC's notion of "same", which forgives a changed
    // figure ("rose 5 cents to $10.50" / "closed at $10.50"); a fact may
    // not: "14 injured" and "12 injured" are a conflict, not one fact. As
    // for corroboration, sentences that both give numbers must agree on
    // those the fewer-numbered one gives.
    const std::vector<int>& ni = ctx.sentences[i].numbers;
    const std::vector<int>& nj = ctx.sentences[j].numbers;
    if (!ni.empty() && !nj.empty()) {
      std::vector<int> shared;
      std::set_intersection(ni.begin(), ni.end(), nj.begin(), nj.end(), std::back_inserter(shared));
      if (shared.size() != std::min(ni.size(), nj.size())) return 0;
    }
    return 2;
  };
  auto similar = [&](std::size_t i, std::size_t j, double s) {
    const int w = wording(i, j, s);
    return w == 2 ? paraphrase_probability(i, j) >= join_threshold : w == 1;
  };
  // The same claim, not only the same topic (claim.h): the learned
  // decision on the predicate and its arguments. Without a claim model
  // (options.same_claim off, or its file missing) every similar pair counts.
  const ClaimModel& claim = DefaultClaimModel();
  const bool use_claim = options.same_claim && claim.trained();
  std::map<std::pair<std::size_t, std::size_t>, double> claim_cache;
  std::vector<std::unique_ptr<ClaimSentence>> claim_views(ns);
  auto claim_view = [&](std::size_t k) -> const ClaimSentence& {
    if (!claim_views[k]) claim_views[k] = std::make_unique<ClaimSentence>(SentenceText(ctx, ctx.sentences[k]));
    return *claim_views[k];
  };
  auto claim_probability = [&](std::size_t i, std::size_t j) {
    if (!use_claim) return 1.0;
    const auto key = std::minmax(i, j);
    auto it = claim_cache.find(key);
    if (it != claim_cache.end()) return it->second;
    const double p = claim.Probability(ClaimModel::Compute(paraphrase, prepare(i), claim_view(i), prepare(j), claim_view(j)));
    claim_cache.emplace(key, p);
    return p;
  };
  auto same = [&](std::size_t i, std::size_t j, double s) {
    return similar(i, j, s) && (!use_claim || claim.Full(claim_probability(i, j)));
  };
  // Similar wording, a weaker claim match: shown with a fact, not counted.
  auto partial = [&](std::size_t i, std::size_t j, double s) {
    return use_claim && similar(i, j, s) && claim.Partial(claim_probability(i, j));
  };
  if (ResolveThreads(options.threads) > 1) {
    // The models on the matches, ahead and on several threads, into the
    // caches the loop below reads: the loop then asks nothing new. The
    // claim model sees each pair in the order the loop would ask first.
    auto prepare_all = [&](std::vector<std::size_t> ks, bool claim_views_too) {
      std::sort(ks.begin(), ks.end());
      ks.erase(std::unique(ks.begin(), ks.end()), ks.end());
      ParallelFor(ks.size(), options.threads, [&](std::size_t x) {
        const std::size_t k = ks[x];
        if (!prepared[k]) prepared[k] = std::make_unique<PreparedSentence>(paraphrase.Prepare(SentenceText(ctx, ctx.sentences[k])));
        if (claim_views_too && !claim_views[k]) claim_views[k] = std::make_unique<ClaimSentence>(SentenceText(ctx, ctx.sentences[k]));
      });
    };
    std::vector<std::pair<std::size_t, std::size_t>> asks;
    std::vector<std::size_t> sentences;
    std::unordered_set<std::uint64_t> seen;
    auto key_of = [](std::size_t i, std::size_t j) {
      const auto [lo, hi] = std::minmax(i, j);
      return (static_cast<std::uint64_t>(lo) << 32) | hi;
    };
    for (std::size_t i = 0; i < ns; ++i) {
      for (const Best& b : best[i]) {
        if (wording(i, b.j, b.s) != 2 || !seen.insert(key_of(i, b.j)).second) continue;
        asks.push_back({i, b.j});
        sentences.push_back(i);
        sentences.push_back(b.j);
      }
    }
    prepare_all(sentences, false);
    std::vector<double> p(asks.size());
    ParallelFor(asks.size(), options.threads,
                [&](std::size_t x) { p[x] = paraphrase.Probability(*prepared[asks[x].first], *prepared[asks[x].second]); });
    for (std::size_t x = 0; x < asks.size(); ++x) paraphrase_cache.emplace(key_of(asks[x].first, asks[x].second), p[x]);
    if (use_claim) {
      asks.clear();
      sentences.clear();
      seen.clear();
      for (std::size_t i = 0; i < ns; ++i) {
        for (const Best& b : best[i]) {
          if (!similar(i, b.j, b.s) || !seen.insert(key_of(i, b.j)).second) continue;
          asks.push_back({i, b.j});
          sentences.push_back(i);
          sentences.push_back(b.j);
        }
      }
      prepare_all(sentences, true);
      p.assign(asks.size(), 0.0);
      ParallelFor(asks.size(), options.threads, [&](std::size_t x) {
        const auto [i, j] = asks[x];
        p[x] = claim.Probability(ClaimModel::Compute(paraphrase, *prepared[i], *claim_views[i], *prepared[j], *claim_views[j]));
      });
      for (std::size_t x = 0; x < asks.size(); ++x) claim_cache.emplace(std::minmax(asks[x].first, asks[x].second), p[x]);
    }
  }
  for (std::size_t i = 0; i < ns; ++i) {
    for (Best& b : best[i]) b.matched = same(i, b.j, b.s);
  }
  auto support = [&](std::size_t i) {
    std::set<std::size_t> arts = {ctx.sentences[i].article};
    for (const Best& b : best[i]) {
      if (b.matched) arts.insert(b.article);
    }
    return arts;
  };

  // Facts: greedy groups around the best-supported sentences, at most one
  // sentence per article.
  std::vector<std::size_t> order(ns);
  for (std::size_t i = 0; i < ns; ++i) order[i] = i;
  std::vector<std::size_t> sup_count(ns);
  for (std::size_t i = 0; i < ns; ++i) sup_count[i] = support(i).size();
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    if (sup_count[x] != sup_count[y]) return sup_count[x] > sup_count[y];
    return centrality[x] > centrality[y];
  });
  std::vector<bool> used(ns, false);
  std::vector<std::size_t> fact_outlets;  // per fact in story.facts
  for (std::size_t i : order) {
    if (used[i] || sup_count[i] < 2 || ctx.sentences[i].words < 5) continue;
    std::vector<std::size_t> members = {i};
    std::set<std::size_t> arts = {ctx.sentences[i].article};
    for (const Best& b : best[i]) {
      if (!b.matched || used[b.j]) continue;
      members.push_back(b.j);
      arts.insert(b.article);
    }
    if (arts.size() < 2) continue;
    // Corroboration: outlets word one statement differently, so a third
    // outlet's sentence may fall short of the bar against each member
    // alone. It joins when it is the closest sentence of its article to
    // every member, at least half as similar as the bar to each (the
    // members agree on where that outlet states it), and states at least
    // half of what all members state (CoreCoverage).
    {
      const std::vector<std::size_t> agreed = members;
      for (const Best& bi : best[i]) {
        const std::size_t a = bi.article;
        if (arts.count(a)) continue;
        const std::size_t j = bi.j;
        bool joins = !used[j] && ctx.sentences[j].words >= 5;
        for (std::size_t m : agreed) {
          const Best* bm = best_in(m, a);
          joins = joins && bm && bm->j == j && bm->s >= 0.5 * options.same_information;
        }
        if (!joins) continue;
        if (CoreCoverage(ctx, agreed, j) < 0.5) continue;
        if (use_claim && !claim.Full(claim_probability(i, j))) continue;
        members.push_back(j);
        arts.insert(a);
      }
    }
    if (outlets_in(arts) < 2) continue;
    Fact f;
    f.text = SentenceText(ctx, ctx.sentences[i]);
    f.sources = IdsOf(ctx, arts);
    fact_outlets.push_back(outlets_in(arts));
    for (std::size_t m : members) {
      used[m] = true;
      f.citations.push_back({articles[ctx.sentences[m].article]->id, ctx.sentences[m].span});
    }
    // Weaker matches of the lead in the other articles: shown as partial
    // citations, not counted among the fact's sources or outlets.
    for (const Best& b : best[i]) {
      if (arts.count(b.article) || used[b.j] || !partial(i, b.j, b.s)) continue;
      Citation c{articles[b.article]->id, ctx.sentences[b.j].span};
      c.partial = true;
      f.citations.push_back(std::move(c));
    }
    story.facts.push_back(std::move(f));
  }
  {
    // Most outlets first, then most articles.
    std::vector<std::size_t> by(story.facts.size());
    for (std::size_t k = 0; k < by.size(); ++k) by[k] = k;
    std::stable_sort(by.begin(), by.end(), [&](std::size_t x, std::size_t y) {
      if (fact_outlets[x] != fact_outlets[y]) return fact_outlets[x] > fact_outlets[y];
      return story.facts[x].sources.size() > story.facts[y].sources.size();
    });
    std::vector<Fact> sorted;
    for (std::size_t k : by) sorted.push_back(std::move(story.facts[k]));
    story.facts = std::move(sorted);
  }

  story.conflicts = std::move(conflicts);

  // Single-outlet claims: sentences no other outlet matches, with a
  // number or a name, the most informative few per article. A claim that
  // several articles of one outlet repeat is listed once, under the first
  // of them, citing them all.
  const std::size_t n_outlets = std::set<std::size_t>(outlet_of.begin(), outlet_of.end()).size();
  std::vector<std::size_t> first_sentence(na + 1, ns);  // of each article; sentences are stored in order
  for (std::size_t i = ns; i-- > 0;) first_sentence[ctx.sentences[i].article] = i;
  for (std::size_t a = na; a-- > 0;) first_sentence[a] = std::min(first_sentence[a], first_sentence[a + 1]);
  for (std::size_t a = 0; a < na && n_outlets > 1; ++a) {
    std::vector<std::pair<double, std::size_t>> cands;
    for (std::size_t i = first_sentence[a]; i < first_sentence[a + 1]; ++i) {
      const auto& s = ctx.sentences[i];
      if (used[i] || s.words < 8 || s.words > 60) continue;
      bool elsewhere = false, listed_before = false;
      for (const Best& b : best[i]) {
        if (!b.matched) continue;
        if (outlet_of[b.article] != outlet_of[a]) elsewhere = true;
        else if (b.article < a) listed_before = true;
      }
      for (const Best& b : best[i]) {
        if (elsewhere) break;
        elsewhere = outlet_of[b.article] != outlet_of[a] && partial(i, b.j, b.s);
      }
      if (elsewhere || listed_before) continue;
      double top = 0;
      for (const Best& b : best[i]) top = std::max(top, outlet_of[b.article] == outlet_of[a] ? 0.0 : b.s);
      if (top >= options.same_information * 0.6) continue;  // partly reported elsewhere
      std::string t = SentenceText(ctx, s);
      if (!HasNumberOrName(t) || !StandsAlone(t)) continue;
      cands.push_back({s.weight, i});
    }
    std::sort(cands.begin(), cands.end(), [](auto& x, auto& y) { return x.first > y.first || (x.first == y.first && x.second < y.second); });
    if (cands.size() > options.single_source_per_article) cands.resize(options.single_source_per_article);
    std::sort(cands.begin(), cands.end(), [](auto& x, auto& y) { return x.second < y.second; });
    for (auto [w, i] : cands) {
      Fact f;
      f.text = SentenceText(ctx, ctx.sentences[i]);
      f.sources = {articles[a]->id};
      f.citations.push_back({articles[a]->id, ctx.sentences[i].span});
      for (const Best& b : best[i]) {
        if (b.article <= a || !b.matched) continue;  // only the same outlet's articles match here
        f.sources.push_back(articles[b.article]->id);
        f.citations.push_back({articles[b.article]->id, ctx.sentences[b.j].span});
      }
      story.single_source.push_back(std::move(f));
    }
  }

  // Summary: greedy budgeted coverage of concepts (summary.cc).
  analyze_internal::SummaryClaims summary_claims;
  std::vector<int> plan(ns, -1), outcome(ns, -1);  // StatesPlan / StatesOutcome of each sentence, once
  std::vector<std::vector<std::size_t>> with_term;  // sentences by term, when a plan needs them
  if (use_claim) {
    summary_claims.same = [&](std::size_t i, std::size_t j) { return claim.Full(claim_probability(i, j)); };
    summary_claims.overtakes = [&](std::size_t i, std::size_t j) {
      const Article& ai = *articles[ctx.sentences[i].article];
      const Article& aj = *articles[ctx.sentences[j].article];
      // An outcome settles the plan it reports on, so it is the later
      // state unless its article is dated before the plan's.
      if (ai.published && aj.published &&
          std::string_view(*aj.published).substr(0, 10) < std::string_view(*ai.published).substr(0, 10)) {
        return false;
      }
      if (plan[i] < 0) plan[i] = StatesPlan(SentenceText(ctx, ctx.sentences[i]));
      if (!plan[i]) return false;
      // About the same participants: j names at least 40% of i's terms
      // (places by referent: "Paris" is "France"). Tested before the
      // outcome, which reads the sentence: the same answer, cheaper.
      const std::vector<int>& ti = ctx.sentences[i].terms;
      const std::vector<int>& tj = ctx.sentences[j].terms;
      std::size_t shared = 0;
      for (int t : ti) shared += std::binary_search(tj.begin(), tj.end(), t);
      if (ti.empty() || static_cast<double>(shared) < 0.4 * static_cast<double>(ti.size())) return false;
      if (outcome[j] < 0) outcome[j] = StatesOutcome(SentenceText(ctx, ctx.sentences[j]));
      return outcome[j] != 0;
    };
    // A sentence that names k of i's terms names one of any |ti| - k + 1 of
    // them: the candidates are the sentences with one of i's rarest terms.
    summary_claims.overtake_candidates = [&](std::size_t i) {
      std::vector<std::size_t> out;
      if (plan[i] < 0) plan[i] = StatesPlan(SentenceText(ctx, ctx.sentences[i]));
      const std::vector<int>& ti = ctx.sentences[i].terms;
      if (!plan[i] || ti.empty()) return out;
      if (with_term.empty()) {
        with_term.resize(ctx.idf.size());
        for (std::size_t k = 0; k < ns; ++k) {
          for (int t : ctx.sentences[k].terms) with_term[static_cast<std::size_t>(t)].push_back(k);
        }
      }
      std::size_t need = 0;  // shared terms overtakes asks for
      while (static_cast<double>(need) < 0.4 * static_cast<double>(ti.size())) ++need;
      std::vector<int> rarest = ti;
      std::sort(rarest.begin(), rarest.end(), [&](int x, int y) {
        const std::size_t dx = with_term[static_cast<std::size_t>(x)].size(), dy = with_term[static_cast<std::size_t>(y)].size();
        return dx != dy ? dx < dy : x < y;
      });
      rarest.resize(ti.size() - need + 1);
      for (int t : rarest) {
        const std::vector<std::size_t>& list = with_term[static_cast<std::size_t>(t)];
        out.insert(out.end(), list.begin(), list.end());
      }
      std::sort(out.begin(), out.end());
      out.erase(std::unique(out.begin(), out.end()), out.end());
      return out;
    };
  }
  for (const analyze_internal::SummaryPick& p :
       analyze_internal::ChooseSummary(ctx, centrality, options, summary_claims)) {
    SummarySentence ss;
    ss.text = articles[ctx.sentences[p.sentence].article]->text.substr(p.span.begin, p.span.size());
    ss.sources = IdsOf(ctx, support(p.sentence));
    ss.origin = {articles[ctx.sentences[p.sentence].article]->id, p.span};
    story.summary.push_back(std::move(ss));
  }

  story.entities = std::move(entities);
  story.quotes = std::move(quotes);
  story.framing = std::move(framing);
  story.timeline = analyze_internal::BuildTimeline(
      ctx,
      // Entries group sentences of one date by similar wording; the
      // same-claim decision is for facts and the summary (timeline.cc is
      // tuned on this relation).
      [&](std::size_t i, std::size_t j) {
        return similar(i, j, analyze_internal::Similarity(ctx, ctx.sentences[i], ctx.sentences[j]));
      },
      options.timeline_entries,
      // `similar` needs at least match_bar: the pairs in `near`.
      &near);
  analyze_internal::ShowReferents(ctx, &story);  // "[Name] also said", entities.cc

  // Title: the most central article's title.
  std::vector<double> art_central(na, 0.0);
  for (std::size_t i = 0; i < ns; ++i) art_central[ctx.sentences[i].article] += centrality[i];
  std::size_t central = 0;
  for (std::size_t a = 0; a < na; ++a) {
    double norm = art_central[a] / std::max<std::size_t>(1, ctx.sentences_per_article[a]);
    double bestn = art_central[central] / std::max<std::size_t>(1, ctx.sentences_per_article[central]);
    if (norm > bestn) central = a;
  }
  story.title = articles[central]->title;
  std::vector<std::string> ids = story.articles;
  std::sort(ids.begin(), ids.end());
  std::string joined;
  for (const auto& id : ids) joined += id + "\n";
  char buf[20];
  std::snprintf(buf, sizeof buf, "s%08llx", static_cast<unsigned long long>(Fnv1a64(joined) & 0xffffffffULL));
  story.id = buf;
  return story;
}

}  // namespace parallax
