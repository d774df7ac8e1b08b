#pragma once
// The k largest of a set of distinct 64-bit keys, for the candidate search
// of cluster.cc (which ranks candidates on one key each), in a header of
// its own so that tests/cluster_test.cc can check it against
// std::nth_element.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace parallax {

// Calls emit(key) for each of the k largest of keys[0, n), which must be
// distinct, in no particular order (all n when n <= k); keys is used as
// scratch. Quickselect with a pivot taken from a sorted sample near the
// k-th largest and partitions without branches (a key goes to both halves,
// the count of one advances): the set std::nth_element gives, without a
// mispredicted branch per comparison.
template <typename Emit>
void SelectLargest(std::uint64_t* keys, std::size_t n, std::size_t k, std::vector<std::uint64_t>* scratch,
                   Emit&& emit) {
  scratch->resize(2 * n + 2);
  std::uint64_t* above = scratch->data();
  std::uint64_t* below = above + n + 1;
  while (k > 0) {
    if (n <= k) {
      for (std::size_t x = 0; x < n; ++x) emit(keys[x]);
      return;
    }
    if (n <= 24) {
      std::nth_element(keys, keys + k, keys + n, std::greater<std::uint64_t>());
      for (std::size_t x = 0; x < k; ++x) emit(keys[x]);
      return;
    }
    // Nine evenly spaced samples, largest first; the pivot is the one whose
    // rank is just past k's share, so most keys fall below it.
    std::uint64_t sample[9];
    for (std::size_t s = 0; s < 9; ++s) sample[s] = keys[(2 * s + 1) * n / 18];
    std::sort(sample, sample + 9, std::greater<std::uint64_t>());
    const std::uint64_t pivot = sample[std::min<std::size_t>(8, 9 * k / n + 1)];
    std::size_t na = 0, nb = 0;
    for (std::size_t x = 0; x < n; ++x) {
      const std::uint64_t key = keys[x];
      above[na] = key;
      below[nb] = key;
      na += key > pivot;
      nb += key < pivot;
    }
    if (na >= k) {  // the k are all above the pivot
      std::copy(above, above + na, keys);
      n = na;
      continue;
    }
    for (std::size_t x = 0; x < na; ++x) emit(above[x]);
    emit(pivot);
    k -= na + 1;
    std::copy(below, below + nb, keys);
    n = nb;
  }
}

}  // namespace parallax
