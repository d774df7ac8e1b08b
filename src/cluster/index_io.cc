// StoryIndex::Save and Load: the whole state of a StoryIndex as bytes.
//
// Layout (little-endian as the machine writes it; a store is read back on
// the machine family that wrote it): the magic "PRLXSIX3", the options
// fingerprint, then every member of StoryIndex::State that a later Add
// reads, each vector as its length (u64) and its elements, and the magic
// again. Lists of lists (postings, links, members, kept edges) give all
// their lengths first, as LEB128 numbers; a posting list's articles and an
// article's vector terms ascend and are written as zigzag LEB128
// differences (a vector term with its name bit as the lowest bit).
// Scratch space (per-chunk accumulators, Combine's sums) is not saved: it
// is all zeros between calls and is sized again on Load.
//
// A field added to ClusterOptions that changes clustering must be added
// to OptionsFingerprint, and a field added to State that a later Add reads must
// be added to Save and Load (the round-trip test in tests/cluster_test.cc
// compares the stories after a further Add).

#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "cluster/index_state.h"

namespace parallax {
namespace {

// 3: the same-event model's side keys (side_pool, side_words, side_start)
// after the vectors. 4: the side keys as bits of the vector terms (four
// flag bits below each term difference) and side_counts.
constexpr char kMagic[8] = {'P', 'R', 'L', 'X', 'S', 'I', 'X', '4'};

class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}
  template <typename T>
  void Pod(T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out_->append(b, sizeof(T));
  }
  void Size(std::size_t n) { Pod<std::uint64_t>(n); }
  // LEB128: 7 bits a byte, small numbers in one byte.
  void Var(std::uint64_t v) {
    while (v >= 0x80) {
      out_->push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    out_->push_back(static_cast<char>(v));
  }
  // A signed difference as an unsigned number (zigzag: 0, -1, 1, -2 ...).
  void Delta(std::int64_t d) { Var(static_cast<std::uint64_t>(d) << 1 ^ static_cast<std::uint64_t>(d >> 63)); }
  template <typename T>
  void Vec(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    Size(v.size());
    out_->append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  template <typename A, typename B>
  void Pairs(const std::vector<std::pair<A, B>>& v) {
    Size(v.size());
    for (const auto& [a, b] : v) {
      Pod(a);
      Pod(b);
    }
  }
  // A vector of vectors: all lengths first, then all elements.
  template <typename A, typename B>
  void Lists(const std::vector<std::vector<std::pair<A, B>>>& v) {
    Size(v.size());
    for (const auto& list : v) Var(list.size());
    for (const auto& list : v) {
      for (const auto& [a, b] : list) {
        Pod(a);
        Pod(b);
      }
    }
  }
  template <typename T>
  void Lists(const std::vector<std::vector<T>>& v) {
    Size(v.size());
    for (const auto& list : v) Var(list.size());
    for (const auto& list : v) out_->append(reinterpret_cast<const char*>(list.data()), list.size() * sizeof(T));
  }

 private:
  std::string* out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool AtEnd() const { return pos_ == in_.size(); }
  template <typename T>
  T Pod() {
    T v{};
    if (!Need(sizeof(T))) return v;
    std::memcpy(&v, in_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  // A length, checked against the bytes left (each element takes at
  // least `min_bytes`), so that a damaged length cannot ask for terabytes.
  std::size_t Size(std::size_t min_bytes) {
    const std::uint64_t n = Pod<std::uint64_t>();
    if (!ok_ || (min_bytes > 0 && n > (in_.size() - pos_) / min_bytes)) {
      ok_ = false;
      return 0;
    }
    return static_cast<std::size_t>(n);
  }
  std::uint64_t Var() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!Need(1)) return 0;
      const auto byte = static_cast<unsigned char>(in_[pos_++]);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) return v;
    }
    ok_ = false;
    return 0;
  }
  std::int64_t Delta() {
    const std::uint64_t z = Var();
    return static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
  }
  // A list length written with Var, checked as Size checks.
  std::size_t VarSize(std::size_t min_bytes) {
    const std::uint64_t n = Var();
    if (!ok_ || n > (in_.size() - pos_) / std::max<std::size_t>(min_bytes, 1)) {
      ok_ = false;
      return 0;
    }
    return static_cast<std::size_t>(n);
  }
  template <typename T>
  void Vec(std::vector<T>* v) {
    const std::size_t n = Size(sizeof(T));
    v->resize(n);
    if (!Need(n * sizeof(T)) || n == 0) return;  // memcpy takes no null pointer, even for 0 bytes
    std::memcpy(v->data(), in_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
  }
  template <typename A, typename B>
  void Pairs(std::vector<std::pair<A, B>>* v) {
    const std::size_t n = Size(sizeof(A) + sizeof(B));
    v->resize(n);
    for (auto& [a, b] : *v) {
      a = Pod<A>();
      b = Pod<B>();
    }
  }
  template <typename A, typename B>
  void Lists(std::vector<std::vector<std::pair<A, B>>>* v) {
    const std::size_t n = Size(1);  // each list's length takes at least a byte
    v->assign(n, {});
    for (auto& list : *v) list.resize(VarSize(sizeof(A) + sizeof(B)));
    for (auto& list : *v) {
      for (auto& [a, b] : list) {
        a = Pod<A>();
        b = Pod<B>();
      }
    }
  }
  template <typename T>
  void Lists(std::vector<std::vector<T>>* v) {
    const std::size_t n = Size(1);  // each list's length takes at least a byte
    v->assign(n, {});
    for (auto& list : *v) list.resize(VarSize(sizeof(T)));
    for (auto& list : *v) {
      if (!Need(list.size() * sizeof(T))) return;
      if (list.empty()) continue;
      std::memcpy(list.data(), in_.data() + pos_, list.size() * sizeof(T));
      pos_ += list.size() * sizeof(T);
    }
  }

 private:
  bool Need(std::size_t n) {
    if (!ok_ || n > in_.size() - pos_) ok_ = false;
    return ok_;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

// Every option that changes what Add computes, in a fixed order.
std::string OptionsFingerprint(const ClusterOptions& o) {
  std::string out;
  Writer w(&out);
  w.Pod(o.threshold);
  w.Pod(o.max_neighbors);
  w.Pod<std::uint64_t>(o.max_terms);
  w.Pod<std::uint64_t>(o.index_terms);
  w.Pod<std::uint64_t>(o.query_terms);
  w.Pod<std::uint64_t>(o.candidate_pool);
  w.Pod<std::uint64_t>(o.max_candidates);
  w.Pod(o.max_df);
  w.Pod(o.idf_offset);
  w.Pod(o.min_name_overlap);
  w.Pod(o.no_shared_name_factor);
  w.Pod(o.date_window_days);
  w.Pod(o.date_scale_days);
  w.Pod(o.date_floor);
  w.Pod(o.window_days);
  w.Pod(o.recluster_max_size);
  // The same-event model, when there is one: its weights and threshold.
  w.Pod<std::uint8_t>(o.same_event != nullptr);
  if (o.same_event != nullptr) {
    w.Pod(o.same_event_min_cosine);
    for (double x : o.same_event->weights) w.Pod(x);
    w.Pod(o.same_event->bias);
    w.Pod(o.same_event->threshold);
  }
  return out;
}

}  // namespace

std::string StoryIndex::Save() const {
  const State& s = *state_;
  std::string out;
  out.reserve(64 + s.vec_pool.size() * 8 + s.days.size() * 64);
  Writer w(&out);
  out.append(kMagic, sizeof kMagic);
  const std::string fp = OptionsFingerprint(s.options);
  w.Size(fp.size());
  out += fp;
  w.Pod<std::uint8_t>(s.last_batch);
  std::vector<std::pair<std::uint64_t, std::uint32_t>> vocab;
  vocab.reserve(s.vocab.size());
  s.vocab.ForEach([&](std::uint64_t key, std::uint32_t id) { vocab.emplace_back(key, id); });
  w.Pairs(vocab);
  w.Vec(s.df);
  w.Vec(s.is_name);
  w.Vec(s.stopped);
  // Postings: each list's articles ascend, so each is written as its
  // difference from the one before.
  w.Size(s.postings.size());
  for (const auto& list : s.postings) w.Var(list.size());
  for (const auto& list : s.postings) {
    std::int64_t prev = 0;
    for (auto [j, weight] : list) {
      w.Delta(static_cast<std::int64_t>(j) - prev);
      prev = j;
      w.Pod(weight);
    }
  }
  // Vectors: per article its length, then its terms (ascending within the
  // article) as differences, the name bit below, and the weights.
  w.Size(s.vec_start.size() - 1);
  for (std::size_t i = 0; i + 1 < s.vec_start.size(); ++i) {
    w.Var(s.vec_start[i + 1] - s.vec_start[i]);
    std::int64_t prev = 0;
    for (std::size_t x = s.vec_start[i]; x < s.vec_start[i + 1]; ++x) {
      const std::uint32_t term = s.vec_pool[x].term & cluster_internal::kTermMask;
      const std::uint32_t flags = s.vec_pool[x].term >> 28;  // name, title, lead, number
      const std::int64_t d = static_cast<std::int64_t>(term) - prev;
      prev = term;
      w.Var((static_cast<std::uint64_t>(d) << 1 ^ static_cast<std::uint64_t>(d >> 63)) << 4 | flags);
      w.Pod(s.vec_pool[x].weight);
    }
  }
  w.Size(s.side_counts.size());
  for (const cluster_internal::SideCounts& c : s.side_counts) {
    w.Pod(c.title);
    w.Pod(c.lead);
    w.Pod(c.numbers);
    w.Pod(c.words);
  }
  w.Size(s.days.size());
  for (long d : s.days) w.Pod<std::int64_t>(d);
  w.Vec(s.degree);
  w.Vec(s.parent);
  w.Vec(s.size);
  w.Vec(s.alive);
  w.Size(s.first_day.size());
  for (long d : s.first_day) w.Pod<std::int64_t>(d);
  w.Size(s.last_day.size());
  for (long d : s.last_day) w.Pod<std::int64_t>(d);
  w.Lists(s.links);
  w.Lists(s.members);
  w.Lists(s.adj);
  out.append(kMagic, sizeof kMagic);
  return out;
}

bool StoryIndex::Load(std::string_view bytes) {
  if (bytes.size() < 2 * sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0 ||
      std::memcmp(bytes.data() + bytes.size() - sizeof kMagic, kMagic, sizeof kMagic) != 0) {
    return false;
  }
  Reader r(bytes.substr(sizeof kMagic, bytes.size() - 2 * sizeof kMagic));
  auto s = std::make_unique<State>();
  s->options = state_->options;
  s->threads = state_->threads;
  const std::string fp = OptionsFingerprint(s->options);
  const std::size_t fp_size = r.Size(1);
  if (fp_size != fp.size()) return false;
  for (char c : fp) {
    if (r.Pod<char>() != c) return false;
  }
  s->last_batch = r.Pod<std::uint8_t>() != 0;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> vocab;
  r.Pairs(&vocab);
  s->vocab = FlatMap64<std::uint32_t>(vocab.size());
  for (auto [key, id] : vocab) s->vocab.Insert(key, id);
  r.Vec(&s->df);
  r.Vec(&s->is_name);
  r.Vec(&s->stopped);
  s->postings.assign(r.Size(1), {});
  for (auto& list : s->postings) list.resize(r.VarSize(5));
  for (auto& list : s->postings) {
    std::int64_t prev = 0;
    for (auto& [j, weight] : list) {
      prev += r.Delta();
      j = static_cast<std::uint32_t>(prev);
      if (prev < 0 || prev > 0xFFFFFFFFll) return false;
      weight = r.Pod<float>();
    }
  }
  const std::size_t articles = r.Size(1);
  s->vec_start.assign(1, 0);
  s->vec_start.reserve(articles + 1);
  for (std::size_t i = 0; i < articles && r.ok(); ++i) {
    const std::size_t len = r.VarSize(5);
    std::int64_t prev = 0;
    for (std::size_t x = 0; x < len; ++x) {
      const std::uint64_t v = r.Var();
      const std::uint64_t z = v >> 4;
      prev += static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
      if (prev < 0 || prev > cluster_internal::kTermMask) return false;
      const std::uint32_t term = static_cast<std::uint32_t>(prev) | static_cast<std::uint32_t>(v & 15) << 28;
      s->vec_pool.push_back({term, r.Pod<float>()});
    }
    s->vec_start.push_back(s->vec_pool.size());
  }
  s->side_counts.resize(r.Size(10));
  for (cluster_internal::SideCounts& c : s->side_counts) {
    c.title = r.Pod<std::uint16_t>();
    c.lead = r.Pod<std::uint16_t>();
    c.numbers = r.Pod<std::uint16_t>();
    c.words = r.Pod<std::uint32_t>();
    c.log_words = std::log1p(static_cast<float>(c.words));
  }
  s->days.resize(r.Size(8));
  for (long& d : s->days) d = static_cast<long>(r.Pod<std::int64_t>());
  r.Vec(&s->degree);
  r.Vec(&s->parent);
  r.Vec(&s->size);
  r.Vec(&s->alive);
  s->first_day.resize(r.Size(8));
  for (long& d : s->first_day) d = static_cast<long>(r.Pod<std::int64_t>());
  s->last_day.resize(r.Size(8));
  for (long& d : s->last_day) d = static_cast<long>(r.Pod<std::int64_t>());
  r.Lists(&s->links);
  r.Lists(&s->members);
  r.Lists(&s->adj);
  if (!r.ok() || !r.AtEnd()) return false;

  // Consistency: every per-term and per-article array has its length, and
  // every article or cluster number is in range, so that a damaged state is
  // refused here rather than read out of bounds by the next Add.
  const std::size_t terms = s->df.size(), n = s->days.size();
  if (s->vocab.size() != terms || s->is_name.size() != terms || s->stopped.size() != terms ||
      s->postings.size() != terms || s->vec_start.size() != n + 1 || s->vec_start.front() != 0 ||
      s->vec_start.back() != s->vec_pool.size() || s->degree.size() != n || s->parent.size() != n ||
      s->size.size() != n || s->alive.size() != n || s->first_day.size() != n || s->last_day.size() != n ||
      s->links.size() != n || s->members.size() != n || s->adj.size() != n) {
    return false;
  }
  for (std::size_t i = 0; i + 1 < s->vec_start.size(); ++i) {
    if (s->vec_start[i] > s->vec_start[i + 1]) return false;
  }
  // Side counts: none (no model), or one per article.
  const bool has_side = s->side_counts.size() == n;
  if (!(has_side || s->side_counts.empty()) || (s->options.same_event != nullptr && n > 0 && !has_side)) return false;
  bool in_range = true;
  vocab.clear();
  s->vocab.ForEach([&](std::uint64_t, std::uint32_t id) { in_range = in_range && id < terms; });
  for (const auto& list : s->postings) {
    for (auto [j, w] : list) in_range = in_range && j < n;
  }
  for (const State::VecEntry& e : s->vec_pool) in_range = in_range && (e.term & cluster_internal::kTermMask) < terms;
  for (std::uint32_t p : s->parent) in_range = in_range && p < n;
  for (const auto& list : s->links) {
    for (auto [j, w] : list) in_range = in_range && j < n;
  }
  for (const auto& list : s->members) {
    for (std::uint32_t j : list) in_range = in_range && j < n;
  }
  for (const auto& list : s->adj) {
    for (auto [j, w] : list) in_range = in_range && j < n;
  }
  if (!in_range) return false;
  // Union-find parents must lead to a root without a cycle (Find would
  // loop forever): each article's path is walked once, marking it.
  {
    std::vector<std::uint8_t> state(n, 0);  // 0 unseen, 1 on the current path, 2 leads to a root
    std::vector<std::uint32_t> path;
    for (std::size_t x = 0; x < n; ++x) {
      path.clear();
      std::uint32_t y = static_cast<std::uint32_t>(x);
      while (state[y] == 0 && s->parent[y] != y) {
        state[y] = 1;
        path.push_back(y);
        y = s->parent[y];
      }
      if (state[y] == 1) return false;  // came back to its own path
      state[y] = 2;
      for (std::uint32_t p : path) state[p] = 2;
    }
  }
  s->link_sum.assign(n, 0.0);
  s->link_seen.assign(n, 0);
  state_ = std::move(s);
  return true;
}

}  // namespace parallax
