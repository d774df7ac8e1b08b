#include "dedup/dedup.h"

#include <cctype>
#include <string>
#include <unordered_map>

#include "core/hash.h"

namespace parallax {

std::vector<std::optional<std::size_t>> FindExactDuplicates(const std::vector<Article>& articles) {
  std::vector<std::optional<std::size_t>> out(articles.size());
  std::unordered_map<std::uint64_t, std::size_t> first;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    std::string folded;
    folded.reserve(articles[i].text.size());
    for (char c : articles[i].text) {
      unsigned char u = static_cast<unsigned char>(c);
      if (std::isspace(u)) continue;
      folded.push_back(static_cast<char>(std::tolower(u)));
    }
    if (folded.empty()) continue;
    auto [it, inserted] = first.emplace(Fnv1a64(folded), i);
    // Equal hashes are confirmed on the text itself.
    if (!inserted && articles[it->second].text.size() == articles[i].text.size()) out[i] = it->second;
  }
  return out;
}

}  // namespace parallax
