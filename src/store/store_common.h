#pragma once
// Backend-neutral pieces of the story store (internal to src/store; used by
// the SQLite and PostgreSQL backends alike): text hashes and LSH band keys
// for duplicate lookup, the duplicate decision over stored candidates and
// a batch, the story index's saved map, and what a story row and its
// search text hold.
//
//   std::vector<std::uint64_t> keys = BandKeys(text);         // stored per canonical article
//   auto dups = ResolveDuplicates(pool, stored_rows, options, threads);  // per fresh article
//   StoryRow row = SummariseStory(story, members, dups);       // counts, dates, search body

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dedup/dedup.h"
#include "model/model.h"

namespace parallax {
class StoryIndex;  // cluster/cluster.h
}  // namespace parallax

namespace parallax::store_internal {

std::int64_t HashOf(std::string_view text);  // the text_hash column
// "YYYY-MM-DD" of a published date, or "" when undated.
std::string DayOf(const std::optional<std::string>& published);
// The LSH band keys of a text, 31 bits each (none for a text without words).
std::vector<std::uint64_t> BandKeys(std::string_view text);
std::string OutletOf(const Article& a);  // source, else the id
// A story id ("42") as its number; nullopt for anything else.
std::optional<std::int64_t> ParseStoryId(const std::string& id);
// A snippet on one line: paragraph breaks and runs of space become one space.
std::string OneLine(const std::string& s);
// `until` compares (byte-wise) as the end of its day: "2025-03-02" includes "2025-03-02T18:00".
std::optional<std::string> UntilBound(const std::optional<std::string>& until);

// zstd level 1; ZstdDecompress is false when `in` is not one whole frame of known size.
std::string ZstdCompress(std::string_view in);
bool ZstdDecompress(std::string_view in, std::string* out);

// The story index's map, per index position: the article row and its story (0 = none).
std::string EncodeIndexMap(const std::vector<std::int64_t>& rows, const std::vector<std::int64_t>& stories);
bool DecodeIndexMap(std::string_view bytes, std::vector<std::int64_t>* rows,
                    std::vector<std::optional<std::int64_t>>* stories);

// Duplicates of a batch's fresh articles. `pool` = the stored candidates
// (their rows in `stored_rows`, in that order) followed by the fresh
// articles; per fresh article: nullopt (canonical), or its target, a
// stored row or an earlier fresh article (never a chain). A stored copy
// stays canonical even when the new one is dated earlier.
struct DupTarget {
  bool stored = false;
  std::int64_t row = 0;    // stored
  std::size_t fresh = 0;   // not stored: index among the fresh articles
  double similarity = 0;
};
std::vector<std::optional<DupTarget>> ResolveDuplicates(const std::vector<Article>& pool,
                                                        const std::vector<std::int64_t>& stored_rows,
                                                        const DedupOptions& options, unsigned threads);

// A batch's fresh canonical articles in the order they are stored and
// join the story index: as given, in one group; with `by_day`, one group
// per publication day, undated last (as analyze --incremental).
struct FreshOrder {
  std::vector<std::size_t> order;  // indexes into the batch's fresh articles, canonical only
  std::vector<std::size_t> group;  // per position of `order`: its group, 0, 1, ...
  bool NewGroup(std::size_t p) const { return p == 0 || group[p] != group[p - 1]; }
};
FreshOrder OrderFresh(const std::vector<Article>& articles, const std::vector<std::size_t>& fresh,
                      const std::vector<std::optional<DupTarget>>& dup_of, bool by_day);
// Adds them to `index`, one Add per group, appending each one's row
// (`row_of_fresh`, per fresh article) to `rows` and "no stored story" to
// `old_story`.
void AddFreshToIndex(const FreshOrder& fresh_order, const std::vector<Article>& articles,
                     const std::vector<std::size_t>& fresh, const std::vector<std::int64_t>& row_of_fresh,
                     StoryIndex* index, std::vector<std::int64_t>* rows,
                     std::vector<std::optional<std::int64_t>>* old_story);
// Replays the stored order of addition: `light` (title, text, published of
// the stored canonical articles) in the groups that start at
// `group_start` (its last element is light.size()).
void ReplayGroups(const std::vector<Article>& light, const std::vector<std::size_t>& group_start, StoryIndex* index);

// What a story's row holds besides its report.
struct StoryRow {
  std::size_t outlets = 0;
  std::optional<std::string> first_published, last_published;
  std::string body;  // summary, quotes and entity names, for story search
};
// `members`: the canonical articles; `dup_outlets`/`dup_published`: its duplicates'.
StoryRow SummariseStory(const Story& story, const std::vector<Article>& members,
                        const std::vector<std::string>& dup_outlets,
                        const std::vector<std::optional<std::string>>& dup_published);

}  // namespace parallax::store_internal
