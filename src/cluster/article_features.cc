#include "cluster/article_features.h"

#include <algorithm>
#include <string_view>

#include "core/hash.h"
#include "text/segment.h"
#include "text/utf8.h"
#include "text/words.h"

namespace parallax {
namespace cluster_internal {
namespace {

void SortUnique(std::vector<std::uint64_t>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}


// Lower-cases `raw` into *out (ASCII directly, anything else through ICU),
// with typographic apostrophes made plain and a possessive "'s" dropped.
void LowerWord(std::string_view raw, std::string* out) {
  bool ascii = true;
  for (char ch : raw) ascii = ascii && static_cast<unsigned char>(ch) < 0x80;
  if (ascii) {
    out->assign(raw);
    for (char& ch : *out) ch = AsciiLower(ch);
  } else {
    *out = ToLower(raw);
    if (out->find("\xE2\x80\x99") != std::string::npos) *out = ReplaceAll(*out, "\xE2\x80\x99", "'");
  }
  if (out->size() > 2 && out->compare(out->size() - 2, 2, "'s") == 0) out->resize(out->size() - 2);
}

void AddFeatures(std::string_view text, float weight, bool names, FeatureScratch* fs, TermCounts* out) {
  // Two passes over the tokens: the first hashes every word, the second
  // looks the hashes up in the stem cache, which is larger than the
  // nearest caches, fetching each slot a few words ahead so that the
  // lookups' cache misses overlap instead of coming one after another.
  bool first = true;
  std::size_t prev_end = 0;
  TokenizeFast(text, &fs->tokens);
  auto& words = fs->words;
  words.clear();
  for (const Token& t : fs->tokens) {
    std::string_view raw = text.substr(t.span.begin, t.span.size());
    // A line break in the gap before the token (mostly one space: read
    // in place rather than searched for).
    for (std::size_t x = prev_end; x < t.span.begin; ++x) first = first || text[x] == '\n';
    prev_end = t.span.end;
    if (t.kind == TokenKind::kPunct) {
      if (raw == "." || raw == "!" || raw == "?") first = true;
      continue;
    }
    const bool was_first = first;
    first = false;
    // The hash of the lower-cased word (LowerWord's), for an ASCII word
    // without building it: the word itself is only needed to stem it, once.
    bool ascii = true;
    for (char ch : raw) ascii = ascii && static_cast<unsigned char>(ch) < 0x80;
    std::uint64_t h;
    std::size_t ascii_len = raw.size();
    if (ascii) {
      if (ascii_len > 2 && raw[ascii_len - 2] == '\'' && AsciiLower(raw[ascii_len - 1]) == 's') ascii_len -= 2;
      h = 1469598103934665603ULL;  // Fnv1a64, fed the lower-cased bytes
      for (std::size_t x = 0; x < ascii_len; ++x) {
        h ^= static_cast<unsigned char>(AsciiLower(raw[x]));
        h *= 1099511628211ULL;
      }
    } else {
      LowerWord(raw, &fs->lower);
      h = Fnv1a64(fs->lower);
    }
    if (t.kind == TokenKind::kNumber) {
      if (fs->collect_numbers && fs->numbers.size() < kMaxNumbers * 4) fs->numbers.push_back(h & ~std::uint64_t{1});
      out->emplace_back(h & ~std::uint64_t{1}, weight);
      continue;
    }
    const bool name = names && !was_first && raw.size() > 1 && raw[0] >= 'A' && raw[0] <= 'Z';
    words.push_back({h, t.span.begin, static_cast<std::uint32_t>(raw.size()), name});
  }
  constexpr std::size_t kAhead = 8;
  for (std::size_t x = 0; x < words.size() && x < kAhead; ++x) fs->keys.Prefetch(MapKey(words[x].hash));
  for (std::size_t x = 0; x < words.size(); ++x) {
    if (x + kAhead < words.size()) fs->keys.Prefetch(MapKey(words[x + kAhead].hash));
    const FeatureScratch::ScannedWord& wd = words[x];
    const std::uint64_t* stem_key = fs->keys.Find(MapKey(wd.hash));
    if (stem_key == nullptr) {
      // Lower-cased again: pass one only hashed an ASCII word, and has
      // moved on from any other.
      LowerWord(text.substr(wd.begin, wd.size), &fs->lower);
      const std::string& w = fs->lower;
      if (fs->keys.size() > 500000) fs->keys.Clear();  // bounded memory on huge vocabularies
      const std::uint64_t key = w.size() < 2 || IsStopWord(w) ? 0 : Fnv1a64(fs->stemmer.Stem(w)) & ~std::uint64_t{1};
      stem_key = fs->keys.Insert(MapKey(wd.hash), key).first;
    }
    if (*stem_key == 0) continue;
    if (wd.name) out->emplace_back(wd.hash | 1, 1.0f);
    out->emplace_back(*stem_key, weight);
  }
}


}  // namespace

TermCounts ArticleFeatures(const Article& a, FeatureScratch* fs, SideKeys* side) {
  TermCounts& raw = fs->raw;
  raw.clear();
  fs->collect_numbers = side != nullptr;
  fs->numbers.clear();
  AddFeatures(a.title, 2.0f, false, fs, &raw);
  const std::size_t title_end = raw.size();
  AddFeatures(a.text, 1.0f, true, fs, &raw);
  if (side != nullptr) {
    // Names (odd keys) and numbers are in raw too; the title and lead
    // sets hold words' stems (names are counted by the cosine's name part).
    side->title.clear();
    side->lead.clear();
    for (std::size_t x = 0; x < title_end; ++x) side->title.push_back(raw[x].first);
    for (std::size_t x = title_end; x < raw.size() && side->lead.size() < kLeadStems; ++x) {
      if ((raw[x].first & 1) == 0) side->lead.push_back(raw[x].first);
    }
    // The first kMaxNumbers distinct numbers of the article.
    side->numbers.clear();
    for (std::uint64_t key : fs->numbers) {
      if (side->numbers.size() == kMaxNumbers) break;
      if (std::find(side->numbers.begin(), side->numbers.end(), key) == side->numbers.end()) side->numbers.push_back(key);
    }
    side->words = 0;
    for (std::size_t x = title_end; x < raw.size(); ++x) side->words += (raw[x].first & 1) == 0;
    SortUnique(&side->title);
    SortUnique(&side->lead);
    std::sort(side->numbers.begin(), side->numbers.end());
  }
  std::sort(raw.begin(), raw.end(), [](auto& x, auto& y) { return x.first < y.first; });
  std::size_t distinct = 0;
  for (std::size_t x = 0; x < raw.size(); ++x) distinct += x == 0 || raw[x].first != raw[x - 1].first;
  TermCounts out;
  out.reserve(distinct);
  for (auto [key, f] : raw) {
    if (!out.empty() && out.back().first == key) {
      out.back().second += f;
    } else {
      out.emplace_back(key, f);
    }
  }
  return out;
}

}  // namespace cluster_internal
}  // namespace parallax
