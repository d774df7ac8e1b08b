// After the candidate search (batch.h): each article's strongest links
// kept, the region a batch touches dissolved and linked again, and
// average-link agglomeration resumed from the current clusters.

#include <algorithm>
#include <cstdio>
#include <queue>
#include <tuple>

#include "cluster/batch.h"
#include "cluster/index_state.h"
#include "core/parallel.h"

namespace parallax {
namespace {

using cluster_internal::Batch;
using cluster_internal::DebugCluster;
using cluster_internal::Cand;
using cluster_internal::Edge;
using cluster_internal::ForChunks;
using cluster_internal::kNameBit;
using cluster_internal::kNoDay;
using cluster_internal::SparseVec;
using cluster_internal::StepTimer;

// Sorts best first (the largest by Cand's order), in two halves on two
// threads when there are two; the order is the same for any thread count.
void SortDescending(std::vector<Cand>* v, unsigned threads) {
  auto better = [](const Cand& x, const Cand& y) { return y < x; };
  const auto mid = v->begin() + static_cast<std::ptrdiff_t>(v->size() / 2);
  ParallelFor(2, std::min(ResolveThreads(threads), 2u), [&](std::size_t half) {
    if (half == 0) std::sort(v->begin(), mid, better);
    else std::sort(mid, v->end(), better);
  });
  std::inplace_merge(v->begin(), mid, v->end(), better);
}

}  // namespace

void StoryIndex::State::PruneEdges(Batch* work) {
  const std::size_t n = work->n;
  std::vector<Edge>& edges = work->edges;
  const std::size_t edges_found = edges.size();
  // Keep each article's strongest links only: an edge survives while one
  // of its ends has fewer than max_neighbors. Bounds the graph at about
  // n * max_neighbors edges, so agglomeration stays near-linear.
  // Sorted strongest first (ties: lower ids; every pair is distinct, so the
  // order is total): halves on two threads, then merged.
  auto stronger_edge = [](const Edge& x, const Edge& y) {
    if (x.sim != y.sim) return x.sim > y.sim;
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  };
  // Before the sort, drop the edges that cannot survive: an edge that has,
  // at each of its ends, at least as many stronger new edges as that end
  // has room for (max_neighbors minus the links it kept from earlier
  // batches). When it comes, each end has filled up: either all those
  // stronger edges were kept, or one was dropped, which happens only once
  // both its ends are full. Dropped edges change no degree, so the edges
  // kept are the same; the sort then handles a fraction of the edges.
  {
    const std::size_t ne = edges.size();
    std::vector<std::uint32_t> start(n + 1, 0);
    for (const Edge& e : edges) {
      ++start[e.a + 1];
      ++start[e.b + 1];
    }
    for (std::size_t x = 0; x < n; ++x) start[x + 1] += start[x];
    std::vector<std::uint32_t> incident(start[n]);
    {
      std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
      for (std::size_t e = 0; e < ne; ++e) {
        incident[fill[edges[e].a]++] = static_cast<std::uint32_t>(e);
        incident[fill[edges[e].b]++] = static_cast<std::uint32_t>(e);
      }
    }
    // One flag per end, so that each is written by the chunk of its article.
    std::vector<std::uint8_t> keep_at_a(ne, 0), keep_at_b(ne, 0);
    ForChunks(n, threads, [&](std::size_t, std::size_t x) {
      const std::uint32_t room = degree[x] >= options.max_neighbors ? 0 : options.max_neighbors - degree[x];
      auto first = incident.begin() + start[x], last = incident.begin() + start[x + 1];
      if (static_cast<std::size_t>(last - first) > room) {
        std::nth_element(first, first + room, last,
                         [&](std::uint32_t p, std::uint32_t q) { return stronger_edge(edges[p], edges[q]); });
        last = first + room;
      }
      for (auto it = first; it != last; ++it) (edges[*it].a == x ? keep_at_a : keep_at_b)[*it] = 1;
    });
    std::size_t live = 0;
    for (std::size_t e = 0; e < ne; ++e) {
      if (keep_at_a[e] || keep_at_b[e]) edges[live++] = edges[e];
    }
    edges.resize(live);
  }
  {
    const auto mid = edges.begin() + static_cast<std::ptrdiff_t>(edges.size() / 2);
    const unsigned sort_threads = std::min(ResolveThreads(threads), 2u);
    ParallelFor(2, sort_threads, [&](std::size_t half) {
      if (half == 0) std::sort(edges.begin(), mid, stronger_edge);
      else std::sort(mid, edges.end(), stronger_edge);
    });
    std::inplace_merge(edges.begin(), mid, edges.end(), stronger_edge);
  }
  std::size_t kept = 0;
  for (const Edge& e : edges) {
    if (degree[e.a] >= options.max_neighbors && degree[e.b] >= options.max_neighbors) continue;
    ++degree[e.a];
    ++degree[e.b];
    edges[kept++] = e;
  }
  edges.resize(kept);

  std::vector<std::uint32_t> new_degree(n, 0);
  for (const Edge& e : edges) {
    ++new_degree[e.a];
    ++new_degree[e.b];
  }
  for (std::size_t x = 0; x < n; ++x) {
    if (new_degree[x] > 0) adj[x].reserve(adj[x].size() + new_degree[x]);
  }
  for (const Edge& e : edges) {
    adj[e.a].emplace_back(e.b, e.sim);
    adj[e.b].emplace_back(e.a, e.sim);
  }
  if (DebugCluster()) std::fprintf(stderr, "cluster: %zu edges found, %zu kept\n", edges_found, edges.size());
}

// A link kept in an earlier batch because one of its ends had room then
// may no longer be among the max_neighbors strongest at either end, once
// later articles brought stronger ones: one batch of everything would not
// have kept it. Such links, between articles of the region (whose links
// are rebuilt from adj below), are dropped. Without this, the first
// articles of an event link to an earlier, related story with their whole
// budget (their own story's later articles do not exist yet) and keep those
// links for good, so the two stories merge day by day where the batch
// keeps them apart.
void StoryIndex::State::EvictOutgrownLinks(const std::vector<std::uint32_t>& region, const std::vector<bool>& in_region) {
  const std::uint32_t cap = options.max_neighbors;
  // Per region article with more than cap links: the neighbours beyond
  // its cap strongest (ties: lower neighbour id first).
  std::vector<std::uint64_t> weak;  // x << 32 | y: y is beyond x's cap
  std::vector<std::pair<float, std::uint32_t>> order;
  for (std::uint32_t x : region) {
    if (adj[x].size() <= cap) continue;
    order.clear();
    for (auto [y, sim] : adj[x]) order.emplace_back(sim, y);
    std::sort(order.begin(), order.end(),
              [](const auto& p, const auto& q) { return p.first > q.first || (p.first == q.first && p.second < q.second); });
    for (std::size_t k = cap; k < order.size(); ++k) {
      if (in_region[order[k].second]) weak.push_back(std::uint64_t{x} << 32 | order[k].second);
    }
  }
  if (weak.empty()) return;
  std::sort(weak.begin(), weak.end());
  auto is_weak = [&](std::uint32_t x, std::uint32_t y) {
    return std::binary_search(weak.begin(), weak.end(), std::uint64_t{x} << 32 | y);
  };
  for (std::uint64_t key : weak) {
    const std::uint32_t x = static_cast<std::uint32_t>(key >> 32), y = static_cast<std::uint32_t>(key);
    if (x > y || !is_weak(y, x)) continue;  // each pair once; beyond the cap at both ends
    for (std::uint32_t end : {x, y}) {
      const std::uint32_t other = end == x ? y : x;
      auto& list = adj[end];
      auto it = std::find_if(list.begin(), list.end(), [&](const auto& e) { return e.first == other; });
      if (it == list.end()) continue;  // a loaded index whose lists disagree: leave them
      list.erase(it);
      if (degree[end] > 0) --degree[end];
    }
  }
}

void StoryIndex::State::Regroup(Batch* work, StepTimer* timer) {
  const std::size_t m = work->m, base = work->base, n = work->n;
  const std::vector<Edge>& edges = work->edges;
  // The region to (re)cluster: the new articles, plus every story a new
  // edge reaches, dissolved back into its articles, so that average link
  // runs best-first over them as it would have with the batch all along
  // (merges decided early are not frozen). Larger stories stay as they are.
  std::vector<std::uint32_t> region, dissolve;
  for (std::size_t k = 0; k < m; ++k) region.push_back(static_cast<std::uint32_t>(base + k));
  std::vector<bool> in_region(n, false);
  for (std::uint32_t x : region) in_region[x] = true;
  for (const Edge& e : edges) {
    if (e.a >= base) continue;  // both ends new (a < b: a is the earlier article)
    std::uint32_t r = Find(e.a);
    if (in_region[r] || size[r] > options.recluster_max_size) continue;
    in_region[r] = true;
    dissolve.push_back(r);
  }
  // Take the dissolved stories' links out of their neighbours' lists
  // (they are rebuilt below from the articles' edges).
  {
    std::vector<std::uint32_t> neighbours;
    std::vector<bool> seen(n, false);
    for (std::uint32_t r : dissolve) {
      for (auto [other, sum] : links[r]) {
        const std::uint32_t o = FindCompress(other);
        if (!in_region[o] && !seen[o]) {
          seen[o] = true;
          neighbours.push_back(o);
        }
      }
    }
    for (std::uint32_t o : neighbours) {
      auto& list = links[o];
      list.erase(std::remove_if(list.begin(), list.end(), [&](const auto& e) { return in_region[FindCompress(e.first)]; }),
                 list.end());
    }
  }
  for (std::uint32_t r : dissolve) {
    links[r] = {};
    std::vector<std::uint32_t> story = std::move(members[r]);
    for (std::uint32_t x : story) {
      parent[x] = x;
      size[x] = 1;
      alive[x] = 1;
      first_day[x] = last_day[x] = days[x];
      members[x] = {x};
      in_region[x] = true;
      if (x != r) region.push_back(x);
    }
  }
  for (std::uint32_t r : dissolve) region.push_back(r);
  if (base > 0) EvictOutgrownLinks(region, in_region);

  timer->Done("region");
  // Links from the region's articles (missing pairs count as similarity 0).
  if (base == 0) {
    // The first batch: the region is every article, in order, and every
    // list starts empty. Article y's list as the loop below builds it (its
    // links to earlier articles, earliest first, then its links to later
    // ones in the order of its edges), one list per article, on threads.
    constexpr std::size_t kBlock = 1024;
    ParallelFor((n + kBlock - 1) / kBlock, threads, [&](std::size_t b) {
      std::vector<std::pair<std::uint32_t, float>> earlier;
      for (std::size_t y = b * kBlock, end = std::min(n, y + kBlock); y < end; ++y) {
        earlier.clear();
        for (auto [x, sim] : adj[y]) {
          if (x < y) earlier.emplace_back(x, sim);
        }
        std::sort(earlier.begin(), earlier.end());  // ids are distinct
        auto& list = links[y];
        list.reserve(adj[y].size());
        for (auto [x, sim] : earlier) list.emplace_back(x, sim);
        for (auto [x, sim] : adj[y]) {
          if (x > y) list.emplace_back(x, sim);
        }
      }
    });
  } else {
    for (std::uint32_t x : region) {
      for (auto [y, sim] : adj[x]) {
        if (in_region[y]) {
          if (x < y) {
            links[x].emplace_back(y, sim);
            links[y].emplace_back(x, sim);
          }
        } else {
          std::uint32_t ry = FindCompress(y);
          links[x].emplace_back(ry, sim);
          links[ry].emplace_back(x, sim);
        }
      }
    }
  }
  // Pairs outside the region did not change: they are below the threshold.
  // A list has several entries for one cluster only when it links to a
  // story outside the region through several of its articles: not on the
  // first batch.
  if (base > 0) {
    std::vector<std::pair<std::uint32_t, double>> combined;
    for (std::uint32_t x : region) {
      Combine(x, &links[x], nullptr, &combined);
      links[x].swap(combined);
    }
  }
  std::vector<Cand> initial;
  for (std::uint32_t x : region) {
    for (auto [other, sum] : links[x]) {
      if (in_region[other] && other < x) continue;  // each pair once
      double avg = sum / (double(size[x]) * size[other]);
      std::uint32_t a = std::min(x, other), b = std::max(x, other);
      if (avg >= MergeThreshold()) initial.push_back({avg, a, b, size[a], size[b]});
    }
  }
  timer->Done("links");
  Agglomerate(std::move(initial));
  timer->Done("agglomerate");
}

// Average-link agglomeration, resumed from the current clusters.
//
// Candidates are taken best first from two sources: the initial pairs,
// sorted once and read in order, and a heap of the pairs that merges
// create. Candidates come out in the same order as from one heap of all of
// them (the order is total but for stale copies of a pair, which are
// skipped either way), but the hundreds of thousands of initial pairs
// never go through the heap, whose every pop would walk a few cache
// misses deep into them.
void StoryIndex::State::Agglomerate(std::vector<Cand> initial) {
  SortDescending(&initial, threads);
  std::priority_queue<Cand> pushed;
  std::priority_queue<Cand>* pq = &pushed;
  std::size_t next = 0;
  std::vector<std::pair<std::uint32_t, double>> merged;
  while (next < initial.size() || !pq->empty()) {
    Cand c;
    if (next < initial.size() && (pq->empty() || !(initial[next] < pq->top()))) {
      c = initial[next++];
    } else {
      c = pq->top();
      pq->pop();
    }
    if (c.avg < MergeThreshold()) break;
    if (!alive[c.a] || !alive[c.b] || size[c.a] != c.sa || size[c.b] != c.sb) continue;
    long first = first_day[c.a] == kNoDay ? first_day[c.b]
                 : first_day[c.b] == kNoDay ? first_day[c.a]
                                            : std::min(first_day[c.a], first_day[c.b]);
    long last = std::max(last_day[c.a], last_day[c.b]);  // kNoDay is the smallest long
    if (TooFarApart(first, last)) continue;
    // Merge the smaller cluster into the larger (ties: into the lower id).
    std::uint32_t keep = c.a, gone = c.b;
    if (size[gone] > size[keep] || (size[gone] == size[keep] && gone < keep)) std::swap(keep, gone);
    alive[gone] = 0;
    parent[gone] = keep;
    size[keep] += size[gone];
    members[keep].insert(members[keep].end(), members[gone].begin(), members[gone].end());
    members[gone] = {};
    first_day[keep] = first;
    last_day[keep] = last;
    Combine(keep, &links[keep], &links[gone], &merged);
    links[keep].swap(merged);
    links[gone] = {};
    for (auto [other, sum] : links[keep]) {
      if (!alive[other]) continue;
      double avg = sum / (double(size[keep]) * size[other]);
      if (avg >= MergeThreshold()) {
        std::uint32_t x = std::min(keep, other), y = std::max(keep, other);
        pq->push({avg, x, y, size[x], size[y]});
      }
    }
  }
}

}  // namespace parallax
