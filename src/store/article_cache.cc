#include "store/article_cache.h"

#include "core/hash.h"

namespace parallax::store_internal {

namespace {

void PutVarint(std::string* out, std::uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool GetVarint(std::string_view* in, std::uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (in->empty()) return false;
    const auto b = static_cast<unsigned char>(in->front());
    in->remove_prefix(1);
    *v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

}  // namespace

std::string EncodeArticleAnalysis(const ArticleAnalysis& analysis) {
  std::string out;
  out.push_back(analysis.tagged ? 1 : 0);
  if (!analysis.tagged) return out;
  PutVarint(&out, analysis.entities.size());
  std::uint32_t prev = 0;
  for (const NerModel::Entity& e : analysis.entities) {
    // Entities come in text order; one that does not (never expected) is
    // kept exactly all the same: the gap is then taken modulo 2^32.
    PutVarint(&out, static_cast<std::uint32_t>(e.begin - prev));
    PutVarint(&out, static_cast<std::uint32_t>(e.end - e.begin));
    out.push_back(static_cast<char>(static_cast<unsigned char>(e.type)));
    prev = e.begin;
  }
  return out;
}

std::optional<ArticleAnalysis> DecodeArticleAnalysis(std::string_view in) {
  ArticleAnalysis a;
  if (in.empty() || (in[0] != 0 && in[0] != 1)) return std::nullopt;
  a.tagged = in[0] == 1;
  in.remove_prefix(1);
  if (!a.tagged) {
    if (!in.empty()) return std::nullopt;
    return a;
  }
  std::uint64_t n = 0;
  if (!GetVarint(&in, &n) || n > in.size()) return std::nullopt;  // each entity takes 3 bytes at least
  a.entities.reserve(n);
  std::uint32_t prev = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    std::uint64_t gap = 0, length = 0;
    if (!GetVarint(&in, &gap) || !GetVarint(&in, &length) || in.empty()) return std::nullopt;
    if (gap > 0xffffffffu || length > 0xffffffffu) return std::nullopt;
    NerModel::Entity e;
    e.begin = prev + static_cast<std::uint32_t>(gap);
    e.end = e.begin + static_cast<std::uint32_t>(length);
    e.type = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    prev = e.begin;
    a.entities.push_back(e);
  }
  if (!in.empty()) return std::nullopt;
  return a;
}

std::int64_t HashOfText(std::string_view text) { return static_cast<std::int64_t>(Fnv1a64(text)); }

}  // namespace parallax::store_internal
