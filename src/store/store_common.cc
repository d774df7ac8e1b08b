#include "store/store_common.h"

#include <algorithm>
#include <cstring>
#include <set>
#include <stdexcept>

#include <zstd.h>

#include "cluster/cluster.h"
#include "core/hash.h"

namespace parallax::store_internal {

std::int64_t HashOf(std::string_view text) { return static_cast<std::int64_t>(Fnv1a64(text)); }

std::string DayOf(const std::optional<std::string>& published) {
  if (!published || published->size() < 10) return "";
  const std::string& p = *published;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (p[i] < '0' || p[i] > '9') return "";
  }
  if (p[4] != '-' || p[7] != '-') return "";
  return p.substr(0, 10);
}

std::vector<std::uint64_t> BandKeys(std::string_view text) {
  std::vector<std::uint64_t> keys;
  std::vector<std::uint64_t> sh = ShingleHashes(text);
  if (sh.empty()) return keys;
  MinHashSignature sig = ComputeMinHash(sh);
  // 31 bits are enough for a bucket (a false candidate is verified by exact
  // Jaccard) and take 4 bytes a row instead of 8.
  for (std::size_t b = 0; b < kBands; ++b) keys.push_back(BandKey(sig, b) & 0x7fffffffu);
  return keys;
}

std::string OutletOf(const Article& a) { return a.source ? *a.source : a.id; }

std::optional<std::int64_t> ParseStoryId(const std::string& id) {
  if (id.empty() || id.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (char c : id) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string OneLine(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::optional<std::string> UntilBound(const std::optional<std::string>& until) {
  if (!until) return std::nullopt;
  return *until + "\x7f";
}

std::string ZstdCompress(std::string_view in) {
  std::string out(ZSTD_compressBound(in.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 1);
  if (ZSTD_isError(n)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

bool ZstdDecompress(std::string_view in, std::string* out) {
  const unsigned long long size = ZSTD_getFrameContentSize(in.data(), in.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (std::uint64_t{1} << 40)) return false;
  out->assign(static_cast<std::size_t>(size), '\0');
  const std::size_t n = ZSTD_decompress(out->data(), out->size(), in.data(), in.size());
  return !ZSTD_isError(n) && n == size;
}

namespace {
void PutInt64(std::string* out, std::int64_t v) {
  char b[8];
  std::memcpy(b, &v, 8);
  out->append(b, 8);
}
}  // namespace

std::string EncodeIndexMap(const std::vector<std::int64_t>& rows, const std::vector<std::int64_t>& stories) {
  std::string map;
  map.reserve(rows.size() * 16);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    PutInt64(&map, rows[i]);
    PutInt64(&map, stories[i]);
  }
  return map;
}

bool DecodeIndexMap(std::string_view map, std::vector<std::int64_t>* rows,
                    std::vector<std::optional<std::int64_t>>* stories) {
  if (map.size() % 16 != 0) return false;
  const std::size_t n = map.size() / 16;
  rows->resize(n);
  stories->assign(n, std::nullopt);
  for (std::size_t i = 0; i < n; ++i) {
    std::int64_t row, story;
    std::memcpy(&row, map.data() + 16 * i, 8);
    std::memcpy(&story, map.data() + 16 * i + 8, 8);
    (*rows)[i] = row;
    if (story != 0) (*stories)[i] = story;
  }
  return true;
}

std::vector<std::optional<DupTarget>> ResolveDuplicates(const std::vector<Article>& pool,
                                                        const std::vector<std::int64_t>& stored_rows,
                                                        const DedupOptions& options, unsigned threads) {
  const std::size_t c = stored_rows.size();
  const std::size_t fresh = pool.size() - c;
  DedupResult dd = FindDuplicates(pool, options, threads);
  std::vector<std::optional<DupTarget>> dup_of(fresh);
  for (std::size_t k = 0; k < fresh; ++k) {
    if (auto d = dd.duplicate_of[c + k]) {
      dup_of[k] = *d < c ? DupTarget{true, stored_rows[*d], 0, dd.similarity[c + k]}
                         : DupTarget{false, 0, *d - c, dd.similarity[c + k]};
    }
  }
  for (std::size_t j = 0; j < c; ++j) {
    if (auto d = dd.duplicate_of[j]; d && *d >= c && !dup_of[*d - c]) {
      dup_of[*d - c] = DupTarget{true, stored_rows[j], 0, dd.similarity[j]};
    }
  }
  for (std::size_t k = 0; k < fresh; ++k) {  // no chains
    if (dup_of[k] && !dup_of[k]->stored && dup_of[dup_of[k]->fresh]) {
      DupTarget t = *dup_of[dup_of[k]->fresh];
      t.similarity = dup_of[k]->similarity;
      dup_of[k] = t;
    }
  }
  return dup_of;
}

StoryRow SummariseStory(const Story& s, const std::vector<Article>& members, const std::vector<std::string>& dup_outlets,
                        const std::vector<std::optional<std::string>>& dup_published) {
  StoryRow row;
  std::set<std::string> outlets;
  auto see_date = [&](const std::optional<std::string>& d) {
    if (!d) return;
    if (!row.first_published || *d < *row.first_published) row.first_published = d;
    if (!row.last_published || *d > *row.last_published) row.last_published = d;
  };
  for (const Article& a : members) {
    outlets.insert(OutletOf(a));
    see_date(a.published);
  }
  for (std::size_t d = 0; d < dup_outlets.size(); ++d) {
    outlets.insert(dup_outlets[d]);
    see_date(dup_published[d]);
  }
  row.outlets = outlets.size();
  for (const SummarySentence& ss : s.summary) row.body += ss.text + "\n";
  for (const Quote& q : s.quotes) row.body += q.speaker + ": " + q.text + "\n";
  for (const Entity& e : s.entities) row.body += e.name + "\n";
  return row;
}

FreshOrder OrderFresh(const std::vector<Article>& articles, const std::vector<std::size_t>& fresh,
                      const std::vector<std::optional<DupTarget>>& dup_of, bool by_day) {
  FreshOrder out;
  std::vector<std::string> day;
  for (std::size_t k = 0; k < fresh.size(); ++k) {
    if (dup_of[k]) continue;
    out.order.push_back(k);
    std::string d = by_day ? DayOf(articles[fresh[k]].published) : std::string();
    day.push_back(by_day && d.empty() ? std::string("~") : std::move(d));
  }
  std::vector<std::size_t> by(out.order.size());
  for (std::size_t i = 0; i < by.size(); ++i) by[i] = i;
  std::stable_sort(by.begin(), by.end(), [&](std::size_t x, std::size_t y) { return day[x] < day[y]; });
  std::vector<std::size_t> order(by.size());
  out.group.resize(by.size());
  for (std::size_t p = 0; p < by.size(); ++p) {
    order[p] = out.order[by[p]];
    out.group[p] = p == 0 ? 0 : out.group[p - 1] + (day[by[p]] != day[by[p - 1]]);
  }
  out.order = std::move(order);
  return out;
}

void AddFreshToIndex(const FreshOrder& fresh_order, const std::vector<Article>& articles,
                     const std::vector<std::size_t>& fresh, const std::vector<std::int64_t>& row_of_fresh,
                     StoryIndex* index, std::vector<std::int64_t>* rows,
                     std::vector<std::optional<std::int64_t>>* old_story) {
  std::vector<const Article*> add;
  for (std::size_t p = 0; p < fresh_order.order.size(); ++p) {
    const std::size_t k = fresh_order.order[p];
    if (p > 0 && fresh_order.NewGroup(p)) {
      index->Add(add);
      add.clear();
    }
    add.push_back(&articles[fresh[k]]);
    rows->push_back(row_of_fresh[k]);
    old_story->push_back(std::nullopt);
  }
  if (!add.empty()) index->Add(add);
}

void ReplayGroups(const std::vector<Article>& light, const std::vector<std::size_t>& group_start, StoryIndex* index) {
  for (std::size_t g = 0; g + 1 < group_start.size(); ++g) {
    std::vector<const Article*> add;
    for (std::size_t i = group_start[g]; i < group_start[g + 1]; ++i) add.push_back(&light[i]);
    if (!add.empty()) index->Add(add);
  }
}

}  // namespace parallax::store_internal
