#pragma once
// Dedup: exact duplicates (same clean text after case and white-space
// folding). A duplicate is kept, counted and cited, but not analysed twice:
// it points at the first article with the same text (its canonical copy).
// Near-duplicates (MinHash/LSH) come later.

#include <cstddef>
#include <optional>
#include <vector>

#include "model/model.h"

namespace parallax {

// duplicate_of[i] is the index of the canonical copy of article i, or
// nullopt when i is itself canonical. The first occurrence is canonical.
std::vector<std::optional<std::size_t>> FindExactDuplicates(const std::vector<Article>& articles);

}  // namespace parallax
