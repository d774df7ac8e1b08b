#include "store/assign.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace parallax::store_internal {

StoryAssignment AssignStories(const std::vector<std::vector<std::size_t>>& groups,
                              const std::vector<std::int64_t>& rows,
                              const std::vector<std::optional<std::int64_t>>& old_story,
                              const std::set<std::int64_t>& changed_rows, const std::set<std::int64_t>& dirty_stories) {
  StoryAssignment out;
  out.kept.assign(groups.size(), std::nullopt);
  out.touched.assign(groups.size(), 0);
  // Old membership of each stored story (its canonical articles' rows).
  std::map<std::int64_t, std::vector<std::int64_t>> old_members;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (old_story[i]) old_members[*old_story[i]].push_back(rows[i]);
  }
  for (auto& [id, m] : old_members) std::sort(m.begin(), m.end());

  std::set<std::int64_t> taken;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::vector<std::int64_t> members;
    std::set<std::int64_t> olds;
    for (std::size_t i : groups[g]) {
      members.push_back(rows[i]);
      if (old_story[i]) olds.insert(*old_story[i]);
    }
    std::sort(members.begin(), members.end());
    for (std::int64_t id : olds) {  // ascending: the oldest id survives
      if (!taken.count(id)) {
        out.kept[g] = id;
        break;
      }
    }
    if (!out.kept[g]) {
      out.touched[g] = 1;
      continue;
    }
    const std::int64_t id = *out.kept[g];
    taken.insert(id);
    bool changed = old_members[id] != members || dirty_stories.count(id) > 0;
    for (std::int64_t m : members) changed = changed || changed_rows.count(m) > 0;
    out.touched[g] = changed;
  }
  // A stored story no group kept: merged into the group holding most of its articles.
  std::unordered_map<std::int64_t, std::size_t> group_of_row;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (std::size_t i : groups[g]) group_of_row[rows[i]] = g;
  }
  for (const auto& [id, m] : old_members) {
    if (taken.count(id)) continue;
    std::map<std::size_t, std::size_t> votes;
    for (std::int64_t r : m) ++votes[group_of_row[r]];
    std::size_t best = votes.begin()->first;
    for (const auto& [g, v] : votes) {
      if (v > votes[best]) best = g;
    }
    out.merged.emplace_back(id, best);
    out.touched[best] = 1;  // it gained that story's articles: re-analysed (already so, as its members changed)
  }
  return out;
}

}  // namespace parallax::store_internal
