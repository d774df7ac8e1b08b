#pragma once
// Story ids across batches, without SQL (internal to src/store; shared by
// every backend): which stored story each of the new clustering's groups
// continues, which groups must be re-analysed, and which stored stories
// were merged into another.
//
//   StoryAssignment as = AssignStories(groups, rows, old_story, changed_rows, dirty_stories);
//   for (g ...) id[g] = as.kept[g] ? *as.kept[g] : backend.NewStoryId();
//   for (auto [old_id, g] : as.merged) backend.MarkMerged(old_id, id[g]);
//
// Rules (docs/store.md, "Ids"): groups are taken in order (largest
// first); each keeps the smallest stored id among its articles' stories
// that no earlier group kept, so a story that grows keeps its id and the
// older id survives a merge; a group with none is a new story. A stored
// story that no group kept is merged into the group holding most of its
// articles (ties: the earlier group).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace parallax::store_internal {

struct StoryAssignment {
  // Per group: the stored story it continues, or nullopt for a new story.
  std::vector<std::optional<std::int64_t>> kept;
  // Per group: re-analyse it (new, different articles, a changed text or
  // duplicate, or it absorbed a merged story).
  std::vector<std::uint8_t> touched;
  // Stored stories no group kept, each with the group it merged into.
  std::vector<std::pair<std::int64_t, std::size_t>> merged;
};

// `groups`: the stories of the index, as lists of index positions;
// `rows[i]` the article row at position i and `old_story[i]` its stored
// story (none for a new article); `changed_rows`: rows whose text or
// duplicates changed in this batch; `dirty_stories`: stored stories to
// re-analyse whatever their articles (an updated duplicate).
StoryAssignment AssignStories(const std::vector<std::vector<std::size_t>>& groups,
                              const std::vector<std::int64_t>& rows,
                              const std::vector<std::optional<std::int64_t>>& old_story,
                              const std::set<std::int64_t>& changed_rows, const std::set<std::int64_t>& dirty_stories);

}  // namespace parallax::store_internal
