#include "cluster/cluster.h"

#include <algorithm>
#include <cmath>
#include <queue>
#include <string>
#include <unordered_map>

#include "text/dates.h"
#include "text/segment.h"
#include "text/terms.h"

namespace parallax {
namespace {

using SparseVec = std::vector<std::pair<std::uint32_t, float>>;  // sorted by term id

// Capitalised words that are not the first word of a sentence: a cheap name
// signal that needs no model.
void AddNameFeatures(std::string_view text, std::unordered_map<std::string, float>* tf) {
  for (Span s : SplitSentences(text)) {
    std::string_view sent = text.substr(s.begin, s.size());
    bool first = true;
    for (const Token& t : Tokenize(sent)) {
      if (t.kind != TokenKind::kWord) continue;
      std::string_view w = sent.substr(t.span.begin, t.span.size());
      bool cap = std::isupper(static_cast<unsigned char>(w[0])) != 0;
      if (!first && cap && w.size() > 1) {
        std::string l = ToLower(w);
        if (!IsStopWord(l)) (*tf)["@" + l] += 1.0f;
      }
      first = false;
    }
  }
}

struct Edge {
  float sim;
  std::uint32_t a, b;
};

}  // namespace

std::vector<std::vector<std::size_t>> ClusterArticles(const std::vector<Article>& articles,
                                                      const ClusterOptions& options) {
  std::vector<const Article*> ptrs;
  ptrs.reserve(articles.size());
  for (const Article& a : articles) ptrs.push_back(&a);
  return ClusterArticles(ptrs, options);
}

std::vector<std::vector<std::size_t>> ClusterArticles(const std::vector<const Article*>& articles,
                                                      const ClusterOptions& options) {
  const std::size_t n = articles.size();
  std::vector<std::vector<std::size_t>> stories;
  if (n == 0) return stories;

  // Term frequencies per article.
  std::unordered_map<std::string, std::uint32_t> vocab;
  std::vector<std::unordered_map<std::uint32_t, float>> tfs(n);
  std::vector<std::uint32_t> df;
  Stemmer stemmer;
  for (std::size_t i = 0; i < n; ++i) {
    std::unordered_map<std::string, float> tf;
    for (const std::string& t : ContentTerms(articles[i]->title, &stemmer)) tf[t] += 2.0f;
    for (const std::string& t : ContentTerms(articles[i]->text, &stemmer)) tf[t] += 1.0f;
    AddNameFeatures(articles[i]->text, &tf);
    for (auto& [term, f] : tf) {
      auto [it, inserted] = vocab.emplace(term, static_cast<std::uint32_t>(vocab.size()));
      if (inserted) df.push_back(0);
      ++df[it->second];
      tfs[i][it->second] = f;
    }
  }

  // TF-IDF, pruned to the strongest terms, L2-normalised.
  std::vector<SparseVec> vecs(n);
  const double logn = std::log(static_cast<double>(n) + 1.0);
  for (std::size_t i = 0; i < n; ++i) {
    SparseVec v;
    for (auto [term, f] : tfs[i]) {
      // Terms in a single article cannot link two articles; they still
      // count in the norm so that long articles are not favoured.
      double idf = options.idf_offset + logn - std::log(static_cast<double>(df[term]));
      double w = (1.0 + std::log(f)) * idf;
      if (w > 0) v.emplace_back(term, static_cast<float>(w));
    }
    double norm = 0;
    for (auto& [t, w] : v) norm += double(w) * w;
    norm = std::sqrt(norm);
    if (norm == 0) continue;
    for (auto& [t, w] : v) w = static_cast<float>(w / norm);
    std::sort(v.begin(), v.end(), [](auto& x, auto& y) { return x.second > y.second || (x.second == y.second && x.first < y.first); });
    if (v.size() > options.max_terms) v.resize(options.max_terms);
    std::sort(v.begin(), v.end());
    vecs[i] = std::move(v);
    tfs[i].clear();
  }

  // Candidate pairs through an inverted index (terms with df >= 2 only).
  std::vector<std::vector<std::pair<std::uint32_t, float>>> postings(vocab.size());
  std::vector<long> days(n, 0);
  std::vector<bool> has_day(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    if (articles[i]->published) {
      if (auto d = DaysSinceEpoch(*articles[i]->published)) { days[i] = *d; has_day[i] = true; }
    }
  }
  const float min_edge = static_cast<float>(options.threshold * 0.5);
  const std::uint32_t max_df = std::max<std::uint32_t>(1000, static_cast<std::uint32_t>(n / 20));
  std::vector<Edge> edges;
  std::vector<float> acc(n, 0.0f);
  std::vector<float> name_acc(n, 0.0f);
  std::vector<std::uint32_t> touched;
  std::vector<bool> is_name(vocab.size(), false);
  for (const auto& [term, id] : vocab) is_name[id] = !term.empty() && term[0] == '@';
  for (std::size_t i = 0; i < n; ++i) {
    touched.clear();
    for (auto [term, w] : vecs[i]) {
      // Words in a large share of a big corpus ("pct", "market") have a
      // low weight but the longest posting lists; they do not decide
      // which event an article belongs to.
      if (df[term] < 2 || df[term] > max_df) continue;
      for (auto [j, wj] : postings[term]) {
        if (acc[j] == 0.0f) touched.push_back(j);
        acc[j] += w * wj;
        if (is_name[term]) name_acc[j] += w * wj;
      }
      postings[term].emplace_back(static_cast<std::uint32_t>(i), w);
    }
    for (std::uint32_t j : touched) {
      float s = acc[j];
      acc[j] = 0.0f;
      // The same event shares its people, places and organisations; two
      // articles that share only common words are at most on one topic.
      if (name_acc[j] < options.min_name_overlap) s *= static_cast<float>(options.no_shared_name_factor);
      name_acc[j] = 0.0f;
      if (has_day[i] && has_day[j]) {
        long gap = std::labs(days[i] - days[j]) - options.date_window_days;
        if (gap > 0) s *= static_cast<float>(std::max(options.date_floor, 1.0 - gap / options.date_scale_days));
      }
      if (s >= min_edge) edges.push_back({s, j, static_cast<std::uint32_t>(i)});
    }
  }

  // Keep each article's strongest links only: an edge survives while one
  // of its ends has fewer than max_neighbors. Bounds the graph at about
  // n * max_neighbors edges, so agglomeration stays near-linear.
  std::sort(edges.begin(), edges.end(), [](const Edge& x, const Edge& y) {
    if (x.sim != y.sim) return x.sim > y.sim;
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });
  {
    std::vector<std::uint32_t> degree(n, 0);
    std::size_t kept = 0;
    for (const Edge& e : edges) {
      if (degree[e.a] >= options.max_neighbors && degree[e.b] >= options.max_neighbors) continue;
      ++degree[e.a];
      ++degree[e.b];
      edges[kept++] = e;
    }
    edges.resize(kept);
  }

  // Average-link agglomeration over the sparse graph; missing pairs count
  // as similarity 0.
  std::vector<std::uint32_t> parent(n), size(n, 1);
  std::vector<std::unordered_map<std::uint32_t, double>> links(n);  // cluster -> (cluster -> sum of sims)
  for (std::size_t i = 0; i < n; ++i) parent[i] = static_cast<std::uint32_t>(i);
  for (const Edge& e : edges) {
    links[e.a][e.b] += e.sim;
    links[e.b][e.a] += e.sim;
  }
  struct Cand {
    double avg;
    std::uint32_t a, b, sa, sb;
    bool operator<(const Cand& o) const {
      if (avg != o.avg) return avg < o.avg;
      return std::tie(o.a, o.b) < std::tie(a, b);  // deterministic ties: lower ids first
    }
  };
  std::priority_queue<Cand> pq;
  for (std::uint32_t a = 0; a < n; ++a) {
    for (auto [b, sum] : links[a]) {
      if (a < b) pq.push({sum, a, b, 1, 1});
    }
  }
  std::vector<bool> alive(n, true);
  while (!pq.empty()) {
    Cand c = pq.top();
    pq.pop();
    if (c.avg < options.threshold) break;
    if (!alive[c.a] || !alive[c.b] || size[c.a] != c.sa || size[c.b] != c.sb) continue;
    // Merge the smaller cluster into the larger (ties: into the lower id).
    std::uint32_t keep = c.a, gone = c.b;
    if (size[gone] > size[keep] || (size[gone] == size[keep] && gone < keep)) std::swap(keep, gone);
    alive[gone] = false;
    parent[gone] = keep;
    size[keep] += size[gone];
    links[keep].erase(gone);
    for (auto [other, sum] : links[gone]) {
      if (other == keep) continue;
      links[keep][other] += sum;
      links[other].erase(gone);
      links[other][keep] += sum;
    }
    links[gone].clear();
    for (auto [other, sum] : links[keep]) {
      if (!alive[other]) continue;
      double avg = sum / (double(size[keep]) * size[other]);
      if (avg >= options.threshold) {
        std::uint32_t x = std::min(keep, other), y = std::max(keep, other);
        pq.push({avg, x, y, size[x], size[y]});
      }
    }
  }
  auto find = [&](std::uint32_t x) {
    while (parent[x] != x) x = parent[x];
    return x;
  };
  std::unordered_map<std::uint32_t, std::size_t> index;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t root = find(static_cast<std::uint32_t>(i));
    auto [it, inserted] = index.emplace(root, stories.size());
    if (inserted) stories.emplace_back();
    stories[it->second].push_back(i);
  }
  std::stable_sort(stories.begin(), stories.end(), [](const auto& x, const auto& y) {
    return x.size() != y.size() ? x.size() > y.size() : x.front() < y.front();
  });
  return stories;
}

}  // namespace parallax
