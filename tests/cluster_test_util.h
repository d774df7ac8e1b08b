#pragma once
// Helpers shared by the clustering tests (cluster_test.cc, same_event_test.cc,
// background_test.cc): an article cleaned from a title and raw text, and
// pointers to a corpus's articles as the clustering calls take them.

#include <optional>
#include <string>
#include <vector>

#include "clean/cleaner.h"
#include "model/model.h"

namespace parallax::cluster_testing {

inline Article Make(const std::string& id, const std::string& title, const std::string& text,
                    std::optional<std::string> date = std::nullopt) {
  Article a;
  a.id = id;
  a.title = title;
  a.raw = text;
  a.published = date;
  CleanArticle(&a, nullptr);
  return a;
}

inline std::vector<const Article*> Ptrs(const std::vector<Article>& articles) {
  std::vector<const Article*> p;
  for (const Article& a : articles) p.push_back(&a);
  return p;
}

}  // namespace parallax::cluster_testing
