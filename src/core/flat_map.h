#pragma once
// A hash map from 64-bit keys (already hashes: feature keys, word hashes)
// to small values, in one open-addressing array with linear probing: no
// allocation per entry and one cache line per lookup, for the hot loops of
// clustering where std::unordered_map's nodes cost more than the work.
// Keys must not be kEmpty (the caller remaps that one value). Grows at
// half full; no erase.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace parallax {

template <typename V>
class FlatMap64 {
 public:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};

  explicit FlatMap64(std::size_t expected = 0) { Rehash(Capacity(expected)); }

  std::size_t size() const { return size_; }

  // The value of `key`, or null.
  const V* Find(std::uint64_t key) const {
    for (std::size_t h = Slot(key);; h = (h + 1) & mask_) {
      if (slots_[h].first == key) return &slots_[h].second;
      if (slots_[h].first == kEmpty) return nullptr;
    }
  }

  // Starts fetching the slot where a lookup of `key` begins, for a Find
  // or Insert of it a little later.
  void Prefetch(std::uint64_t key) const { __builtin_prefetch(&slots_[Slot(key)]); }

  // Inserts (key, value) unless key is present; returns the stored value
  // and whether it was inserted.
  std::pair<V*, bool> Insert(std::uint64_t key, V value) {
    if (2 * (size_ + 1) > slots_.size()) Rehash(2 * slots_.size());
    std::size_t h = Slot(key);
    for (; slots_[h].first != kEmpty; h = (h + 1) & mask_) {
      if (slots_[h].first == key) return {&slots_[h].second, false};
    }
    slots_[h] = {key, value};
    ++size_;
    return {&slots_[h].second, true};
  }

  // Calls fn(key, value) for every entry, in slot order.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (const auto& [k, v] : slots_) {
      if (k != kEmpty) fn(k, v);
    }
  }

  void Clear() {
    slots_.assign(slots_.size(), {kEmpty, V{}});
    size_ = 0;
  }

 private:
  static std::size_t Capacity(std::size_t expected) {
    std::size_t c = 16;
    while (c < 2 * expected) c *= 2;
    return c;
  }
  std::size_t Slot(std::uint64_t key) const {
    // Fibonacci hashing: spreads keys whose low bits are alike.
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  void Rehash(std::size_t capacity) {
    std::vector<std::pair<std::uint64_t, V>> old = std::move(slots_);
    slots_.assign(capacity, {kEmpty, V{}});
    mask_ = capacity - 1;
    shift_ = 64;
    for (std::size_t c = capacity; c > 1; c /= 2) --shift_;
    size_ = 0;
    for (auto& [k, v] : old) {
      if (k == kEmpty) continue;
      std::size_t h = Slot(k);
      while (slots_[h].first != kEmpty) h = (h + 1) & mask_;
      slots_[h] = {k, v};
      ++size_;
    }
  }

  std::vector<std::pair<std::uint64_t, V>> slots_;
  std::size_t mask_ = 0;
  unsigned shift_ = 64;
  std::size_t size_ = 0;
};

}  // namespace parallax
