// StoryIndex::Save and Load: the whole state of a StoryIndex as bytes.
//
// Layout (format 5; little-endian as the machine writes it; a store is read
// back on the machine family that wrote it): the magic "PRLXSIX5", the
// options fingerprint, then every member of StoryIndex::State that a later
// Add reads, and the magic again. Numbers are LEB128 (7 bits a byte), signed
// differences zigzag LEB128; floating-point values are written as byte
// planes (all first bytes, then all second bytes ...), which a general
// compressor (the store's zstd) shrinks far better than interleaved floats.
//   - the vocabulary as its keys in term-id order (ids are dense: a term's
//     id is its rank of arrival), whose lowest bit is the name bit;
//   - postings: all lengths, then each list's ascending articles as
//     differences; their weights are not written when each equals the
//     article's vector weight for the term (always, as IndexPostings fills
//     them), else as planes after the articles (a mode byte says which);
//   - vectors: per article its length, its terms (ascending) as differences
//     with the four flag bits below, then every weight as planes;
//   - per article: the side counts, the day as a difference from the last
//     dated one, degree, parent (difference from the article), size,
//     alive, first and last day (differences from its day);
//   - links, members and kept edges: all lengths, then the other article
//     as a difference, then the similarities as planes.
// Scratch space (per-chunk accumulators, Combine's sums) is not saved: it
// is all zeros between calls and is sized again on Load. Load also reads
// format 4 ("PRLXSIX4", the same members with fixed-width numbers and
// interleaved floats), so that a store written by an older build loads
// without a replay; Save writes only format 5.
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
// flag bits below each term difference) and side_counts. 5: the compact
// layout above (read with format 4 by LoadV4).
constexpr char kMagic4[8] = {'P', 'R', 'L', 'X', 'S', 'I', 'X', '4'};
constexpr char kMagic[8] = {'P', 'R', 'L', 'X', 'S', 'I', 'X', '5'};

// Zigzag: a signed difference as an unsigned number (0, -1, 1, -2 ...),
// computed modulo 2^64 so that any two values have one.
std::uint64_t Zigzag(std::uint64_t d) { return d << 1 ^ (0 - (d >> 63)); }
std::uint64_t Unzigzag(std::uint64_t z) { return z >> 1 ^ (0 - (z & 1)); }

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
  // `to` - `from` modulo 2^64, zigzagged: any two 64-bit values.
  void Diff(std::uint64_t to, std::uint64_t from) { Var(Zigzag(to - from)); }
  // Values of a trivially copyable type as byte planes: byte 0 of every
  // value, then byte 1 ... (the sign and exponent bytes of nearby floats
  // repeat, and a compressor then sees them side by side).
  template <typename T>
  void Planes(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const std::size_t at = out_->size();
    out_->resize(at + v.size() * sizeof(T));
    char* p = out_->data() + at;
    for (std::size_t i = 0; i < v.size(); ++i) {
      char b[sizeof(T)];
      std::memcpy(b, &v[i], sizeof(T));
      for (std::size_t k = 0; k < sizeof(T); ++k) p[k * v.size() + i] = b[k];
    }
  }
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
  void Fail() { ok_ = false; }
  std::size_t Left() const { return in_.size() - pos_; }
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
  // Writer::Diff's `to`, given `from`.
  std::uint64_t Diff(std::uint64_t from) { return from + Unzigzag(Var()); }
  // n values written by Writer::Planes.
  template <typename T>
  void Planes(std::size_t n, std::vector<T>* v) {
    v->assign(n, T{});
    if (n == 0 || n > (in_.size() - pos_) / sizeof(T) || !Need(n * sizeof(T))) {
      if (n != 0) ok_ = false;
      return;
    }
    const char* p = in_.data() + pos_;
    for (std::size_t i = 0; i < n; ++i) {
      char b[sizeof(T)];
      for (std::size_t k = 0; k < sizeof(T); ++k) b[k] = p[k * n + i];
      std::memcpy(&(*v)[i], b, sizeof(T));
    }
    pos_ += n * sizeof(T);
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
  // The background table, when there is one: its weight and contents
  // (nothing without one, so that an index saved before the table existed
  // still loads under options without it).
  if (o.background != nullptr) {
    w.Pod<std::uint8_t>(1);
    w.Pod(o.background->Fingerprint());
  }
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


// Walks every article's vector in article order beside the postings: for
// each (article i, term t) of the vectors, `match(list entry, vector
// entry)` is called when the next unread entry of t's posting list is
// article i. True when that reaches the end of every posting list (the
// postings are exactly such entries, ascending). With the dense term ids
// of a one-batch ClusterArticles the vectors' terms are not term ids:
// then false, found out at the latest at the end.
template <typename State, typename Match>
bool WalkPostings(State& s, Match&& match) {
  std::vector<std::uint32_t> cursor(s.postings.size(), 0);
  for (std::size_t i = 0; i + 1 < s.vec_start.size(); ++i) {
    for (std::size_t x = s.vec_start[i]; x < s.vec_start[i + 1]; ++x) {
      const std::uint32_t t = s.vec_pool[x].term & cluster_internal::kTermMask;
      if (t >= s.postings.size()) return false;
      auto& list = s.postings[t];
      if (cursor[t] < list.size() && list[cursor[t]].first == i) {
        if (!match(list[cursor[t]], s.vec_pool[x])) return false;
        ++cursor[t];
      }
    }
  }
  for (std::size_t t = 0; t < s.postings.size(); ++t) {
    if (cursor[t] != s.postings[t].size()) return false;
  }
  return true;
}

// A day: 0 for none, else its difference from `from` plus one.
void PutDay(Writer& w, long day, long from) {
  if (day == cluster_internal::kNoDay) w.Var(0);
  else w.Var(Zigzag(static_cast<std::uint64_t>(day) - static_cast<std::uint64_t>(from)) + 1);
}
long GetDay(Reader& r, long from) {
  const std::uint64_t v = r.Var();
  if (v == 0) return cluster_internal::kNoDay;
  return static_cast<long>(static_cast<std::uint64_t>(from) + Unzigzag(v - 1));
}

// Lists of (article, similarity): all lengths, the articles as differences
// (the first from the list's own article), the similarities as planes.
template <typename W>
void PutEdgeLists(Writer& w, const std::vector<std::vector<std::pair<std::uint32_t, W>>>& lists) {
  std::vector<W> weights;
  for (const auto& list : lists) w.Var(list.size());
  for (std::size_t i = 0; i < lists.size(); ++i) {
    std::uint64_t prev = i;
    for (auto [j, weight] : lists[i]) {
      w.Diff(j, prev);
      prev = j;
      weights.push_back(weight);
    }
  }
  w.Planes(weights);
}
template <typename W>
void GetEdgeLists(Reader& r, std::size_t n, std::vector<std::vector<std::pair<std::uint32_t, W>>>* lists) {
  lists->assign(n, {});
  std::size_t total = 0;
  for (auto& list : *lists) {
    list.resize(r.VarSize(sizeof(W) + 1));
    total += list.size();
    if (total > r.Left()) return r.Fail();  // each entry takes at least a byte
  }
  std::vector<W> weights;
  for (std::size_t i = 0; i < n && r.ok(); ++i) {
    std::uint64_t prev = i;
    for (auto& e : (*lists)[i]) {
      prev = r.Diff(prev);
      e.first = prev > 0xFFFFFFFFu ? 0xFFFFFFFFu : static_cast<std::uint32_t>(prev);  // out of range: refused later
    }
  }
  r.Planes(total, &weights);
  if (!r.ok()) return;
  std::size_t at = 0;
  for (auto& list : *lists) {
    for (auto& e : list) e.second = weights[at++];
  }
}

// Format 4's members after the magic and the fingerprint.
template <typename State>
void ReadV4(Reader& r, State* s) {
  s->last_batch = r.Pod<std::uint8_t>() != 0;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> vocab;
  r.Pairs(&vocab);
  s->vocab = FlatMap64<std::uint32_t>(vocab.size());
  for (auto [key, id] : vocab) {
    if (key == FlatMap64<std::uint32_t>::kEmpty) return r.Fail();  // never a key (MapKey): damaged
    s->vocab.Insert(key, id);
  }
  r.Vec(&s->df);
  r.Vec(&s->is_name);
  r.Vec(&s->stopped);
  s->postings.assign(r.Size(1), {});
  for (auto& list : s->postings) list.resize(r.VarSize(5));
  for (auto& list : s->postings) {
    std::int64_t prev = 0;
    for (auto& [j, weight] : list) {
      prev += r.Delta();
      if (prev < 0 || prev > 0xFFFFFFFFll) return r.Fail();
      j = static_cast<std::uint32_t>(prev);
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
      if (prev < 0 || prev > cluster_internal::kTermMask) return r.Fail();
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
}

// Format 5's members after the magic and the fingerprint (Save's order).
template <typename State>
void ReadV5(Reader& r, State* s) {
  s->last_batch = r.Pod<std::uint8_t>() != 0;
  const std::size_t terms = r.Size(9);  // a key and a document frequency each
  s->vocab = FlatMap64<std::uint32_t>(terms);
  s->is_name.resize(terms);
  for (std::size_t t = 0; t < terms && r.ok(); ++t) {
    const auto key = r.Pod<std::uint64_t>();
    // The map's empty marker is never a key (MapKey), and no key comes twice: else damaged.
    if (key == FlatMap64<std::uint32_t>::kEmpty || !s->vocab.Insert(key, static_cast<std::uint32_t>(t)).second) {
      return r.Fail();
    }
    s->is_name[t] = static_cast<std::uint8_t>(key & 1);
  }
  s->df.resize(terms);
  for (auto& d : s->df) {
    const std::uint64_t v = r.Var();
    if (v > 0xFFFFFFFFu) return r.Fail();
    d = static_cast<std::uint32_t>(v);
  }
  s->stopped.assign(terms, 0);
  const std::size_t stopped = r.VarSize(1);
  std::uint64_t t = 0;
  for (std::size_t k = 0; k < stopped && r.ok(); ++k) {
    t = r.Diff(t);
    if (t >= terms) return r.Fail();
    s->stopped[t] = 1;
  }
  s->postings.assign(terms, {});
  std::size_t entries = 0;
  for (auto& list : s->postings) {
    list.resize(r.VarSize(1));
    entries += list.size();
    if (entries > r.Left()) return r.Fail();  // each entry takes at least a byte
  }
  for (auto& list : s->postings) {
    std::uint64_t prev = 0;
    for (auto& e : list) {
      prev = r.Diff(prev);
      if (prev > 0xFFFFFFFFu) return r.Fail();
      e.first = static_cast<std::uint32_t>(prev);
    }
  }
  const bool implied = r.Pod<std::uint8_t>() == 0;
  if (!implied) {
    std::vector<float> weights;
    r.Planes(entries, &weights);
    if (!r.ok()) return;
    std::size_t at = 0;
    for (auto& list : s->postings) {
      for (auto& e : list) e.second = weights[at++];
    }
  }
  const std::size_t articles = r.Size(1);
  s->vec_start.assign(1, 0);
  s->vec_start.reserve(articles + 1);
  for (std::size_t i = 0; i < articles && r.ok(); ++i) {
    s->vec_start.push_back(s->vec_start.back() + r.VarSize(1));
    if (s->vec_start.back() > r.Left()) return r.Fail();  // each entry takes at least a byte
  }
  if (!r.ok()) return;
  s->vec_pool.resize(s->vec_start.back());
  for (std::size_t i = 0; i < articles && r.ok(); ++i) {
    std::uint64_t prev = 0;
    for (std::size_t x = s->vec_start[i]; x < s->vec_start[i + 1]; ++x) {
      const std::uint64_t v = r.Var();
      prev += Unzigzag(v >> 4);
      if (prev > cluster_internal::kTermMask) return r.Fail();
      s->vec_pool[x].term = static_cast<std::uint32_t>(prev) | static_cast<std::uint32_t>(v & 15) << 28;
    }
  }
  {
    std::vector<float> weights;
    r.Planes(s->vec_pool.size(), &weights);
    if (!r.ok()) return;
    for (std::size_t x = 0; x < weights.size(); ++x) s->vec_pool[x].weight = weights[x];
  }
  if (implied && !WalkPostings(*s, [](auto& posting, const auto& entry) {
        posting.second = entry.weight;
        return true;
      })) {
    return r.Fail();
  }
  const bool side = r.Pod<std::uint8_t>() != 0;
  s->side_counts.resize(side ? articles : 0);
  for (cluster_internal::SideCounts& c : s->side_counts) {
    const std::uint64_t title = r.Var(), lead = r.Var(), numbers = r.Var(), words = r.Var();
    if (title > 0xFFFF || lead > 0xFFFF || numbers > 0xFFFF || words > 0xFFFFFFFFu) return r.Fail();
    c.title = static_cast<std::uint16_t>(title);
    c.lead = static_cast<std::uint16_t>(lead);
    c.numbers = static_cast<std::uint16_t>(numbers);
    c.words = static_cast<std::uint32_t>(words);
  }
  auto u32 = [&r](std::uint64_t v) {
    if (v > 0xFFFFFFFFu) r.Fail();
    return static_cast<std::uint32_t>(v);
  };
  s->days.resize(articles);
  s->degree.resize(articles);
  s->parent.resize(articles);
  s->size.resize(articles);
  s->alive.resize(articles);
  s->first_day.resize(articles);
  s->last_day.resize(articles);
  long last_dated = 0;
  for (std::size_t i = 0; i < articles && r.ok(); ++i) {
    s->days[i] = GetDay(r, last_dated);
    if (s->days[i] != cluster_internal::kNoDay) last_dated = s->days[i];
    s->degree[i] = u32(r.Var());
    s->parent[i] = u32(r.Diff(i));
    s->size[i] = u32(r.Var());
    s->alive[i] = r.Pod<std::uint8_t>();
    const long from = s->days[i] == cluster_internal::kNoDay ? 0 : s->days[i];
    s->first_day[i] = GetDay(r, from);
    s->last_day[i] = GetDay(r, from);
  }
  GetEdgeLists(r, articles, &s->links);
  s->members.assign(articles, {});
  std::size_t member_total = 0;
  for (auto& list : s->members) {
    list.resize(r.VarSize(1));
    member_total += list.size();
    if (member_total > r.Left()) return r.Fail();  // each entry takes at least a byte
  }
  for (std::size_t i = 0; i < articles && r.ok(); ++i) {
    std::uint64_t prev = i;
    for (std::uint32_t& j : s->members[i]) {
      prev = r.Diff(prev);
      j = u32(prev);
    }
  }
  GetEdgeLists(r, articles, &s->adj);
}

// Every per-term and per-article array has its length, and every article
// or cluster number is in range, so that a damaged state is refused here
// rather than read out of bounds by the next Add.
template <typename State>
bool Consistent(const State& st) {
  const State* s = &st;
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
  s->vocab.ForEach([&](std::uint64_t, std::uint32_t id) { in_range = in_range && id < terms; });
  for (const auto& list : s->postings) {
    for (auto [j, w] : list) in_range = in_range && j < n;
  }
  for (const auto& e : s->vec_pool) in_range = in_range && (e.term & cluster_internal::kTermMask) < terms;
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
  return true;
}

}  // namespace

std::string StoryIndex::Save() const {
  const State& s = *state_;
  std::string out;
  out.reserve(64 + s.vec_pool.size() * 6 + s.df.size() * 10 + s.days.size() * 32);
  Writer w(&out);
  out.append(kMagic, sizeof kMagic);
  const std::string fp = OptionsFingerprint(s.options);
  w.Size(fp.size());
  out += fp;
  w.Pod<std::uint8_t>(s.last_batch);
  // Terms: keys in id order (ids are 0 ... terms - 1), frequencies, the
  // stopped ones as ascending differences.
  const std::size_t terms = s.df.size();
  w.Size(terms);
  {
    std::vector<std::uint64_t> keys(terms, 0);
    s.vocab.ForEach([&](std::uint64_t key, std::uint32_t id) { keys[id] = key; });
    for (std::uint64_t key : keys) w.Pod(key);
  }
  for (std::uint32_t d : s.df) w.Var(d);
  std::vector<std::uint32_t> stopped;
  for (std::size_t t = 0; t < terms; ++t) {
    if (s.stopped[t]) stopped.push_back(static_cast<std::uint32_t>(t));
  }
  w.Var(stopped.size());
  std::uint64_t prev_stopped = 0;
  for (std::uint32_t t : stopped) {
    w.Diff(t, prev_stopped);
    prev_stopped = t;
  }
  // Postings: lengths, ascending articles as differences, then the weights
  // only when the vectors do not give them.
  for (const auto& list : s.postings) w.Var(list.size());
  for (const auto& list : s.postings) {
    std::uint64_t prev = 0;
    for (auto [j, weight] : list) {
      w.Diff(j, prev);
      prev = j;
    }
  }
  const bool implied = WalkPostings(s, [](const auto& posting, const auto& entry) {
    return std::memcmp(&posting.second, &entry.weight, sizeof(float)) == 0;
  });
  w.Pod<std::uint8_t>(implied ? 0 : 1);
  if (!implied) {
    std::vector<float> weights;
    for (const auto& list : s.postings) {
      for (auto [j, weight] : list) weights.push_back(weight);
    }
    w.Planes(weights);
  }
  // Vectors: lengths, terms (ascending within the article) as differences
  // with the flag bits below, weights.
  const std::size_t n = s.days.size();
  w.Size(n);
  for (std::size_t i = 0; i < n; ++i) w.Var(s.vec_start[i + 1] - s.vec_start[i]);
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t prev = 0;
    for (std::size_t x = s.vec_start[i]; x < s.vec_start[i + 1]; ++x) {
      const std::uint32_t term = s.vec_pool[x].term & cluster_internal::kTermMask;
      const std::uint32_t flags = s.vec_pool[x].term >> 28;  // name, title, lead, number
      w.Var(Zigzag(term - prev) << 4 | flags);
      prev = term;
    }
  }
  {
    std::vector<float> weights(s.vec_pool.size());
    for (std::size_t x = 0; x < weights.size(); ++x) weights[x] = s.vec_pool[x].weight;
    w.Planes(weights);
  }
  w.Pod<std::uint8_t>(!s.side_counts.empty());
  for (const cluster_internal::SideCounts& c : s.side_counts) {
    w.Var(c.title);
    w.Var(c.lead);
    w.Var(c.numbers);
    w.Var(c.words);
  }
  long last_dated = 0;
  for (std::size_t i = 0; i < n; ++i) {
    PutDay(w, s.days[i], last_dated);
    if (s.days[i] != cluster_internal::kNoDay) last_dated = s.days[i];
    w.Var(s.degree[i]);
    w.Diff(s.parent[i], i);
    w.Var(s.size[i]);
    w.Pod(s.alive[i]);
    const long from = s.days[i] == cluster_internal::kNoDay ? 0 : s.days[i];
    PutDay(w, s.first_day[i], from);
    PutDay(w, s.last_day[i], from);
  }
  PutEdgeLists(w, s.links);
  for (const auto& list : s.members) w.Var(list.size());
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t prev = i;
    for (std::uint32_t j : s.members[i]) {
      w.Diff(j, prev);
      prev = j;
    }
  }
  PutEdgeLists(w, s.adj);
  out.append(kMagic, sizeof kMagic);
  return out;
}

bool StoryIndex::Load(std::string_view bytes) {
  if (bytes.size() < 2 * sizeof kMagic) return false;
  const bool v4 = std::memcmp(bytes.data(), kMagic4, sizeof kMagic4) == 0;
  const char* magic = v4 ? kMagic4 : kMagic;
  if (std::memcmp(bytes.data(), magic, sizeof kMagic) != 0 ||
      std::memcmp(bytes.data() + bytes.size() - sizeof kMagic, magic, sizeof kMagic) != 0) {
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
  if (v4) ReadV4(r, s.get());
  else ReadV5(r, s.get());
  if (!r.ok() || !r.AtEnd() || !Consistent(*s)) return false;
  for (cluster_internal::SideCounts& c : s->side_counts) c.log_words = std::log1p(static_cast<float>(c.words));
  s->prior.assign(s->df.size(), 0.0f);
  if (s->options.background != nullptr) {
    s->vocab.ForEach([&](std::uint64_t key, std::uint32_t id) {
      if (id < s->prior.size()) s->prior[id] = static_cast<float>(s->options.background->Prior(key));
    });
  }
  s->link_sum.assign(s->days.size(), 0.0);
  s->link_seen.assign(s->days.size(), 0);
  state_ = std::move(s);
  return true;
}

}  // namespace parallax
