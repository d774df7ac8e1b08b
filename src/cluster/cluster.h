#pragma once
// Cluster: articles -> stories (the same event together, different events
// apart).
//
// Each article becomes a TF-IDF vector of stemmed content words (title words
// count double) plus its capitalised names as extra features, so shared
// people, places and organisations weigh more than shared common words.
// Candidate pairs come from an inverted index over each article's strongest
// terms, so cost grows with shared vocabulary rather than with n^2. Pairs
// are scored by cosine similarity, damped when both publication dates are
// known and far apart, and merged by average-link agglomeration until the
// best average similarity falls below `threshold`.
//
// Deterministic: the same input in the same order gives the same stories.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/model.h"

namespace parallax {

struct ClusterOptions {
  // Average-link similarity needed to merge two groups. Tuned on
  // events-dev (see docs/quality.md).
  double threshold = 0.08;
  // Links kept per article in the similarity graph (its strongest).
  std::uint32_t max_neighbors = 30;
  // Terms kept per article (the highest TF-IDF weights).
  std::size_t max_terms = 200;
  // Added to every idf, so that in a small corpus where every article
  // shares the event's key words those words still count (sklearn's
  // smooth idf does the same).
  double idf_offset = 1.0;
  // Pairs whose shared capitalised names contribute less than
  // min_name_overlap to the cosine have their similarity multiplied by
  // no_shared_name_factor.
  double min_name_overlap = 0.01;
  double no_shared_name_factor = 0.5;
  // Dates within this many days do not reduce similarity.
  int date_window_days = 3;
  // Beyond the window, similarity is multiplied by
  // max(date_floor, 1 - (days - window) / date_scale_days).
  double date_scale_days = 30;
  double date_floor = 0.5;
};

// Stories as lists of article indices, each list ascending; stories sorted
// by size (largest first), then by first index.
std::vector<std::vector<std::size_t>> ClusterArticles(const std::vector<Article>& articles,
                                                      const ClusterOptions& options = {});

// The same over borrowed articles (indices refer to `articles`); reads only
// title, text and published.
std::vector<std::vector<std::size_t>> ClusterArticles(const std::vector<const Article*>& articles,
                                                      const ClusterOptions& options = {});

}  // namespace parallax
