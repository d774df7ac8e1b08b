#pragma once
// The fixed split of every dev set into a tuning half and a validation half.
//
//   for (const auto& item : dev) {
//     if (InTuningHalf(item.id)) tune_on(item); else validation.push_back(item);
//   }
//
// Contract: the half depends only on the item's id (FNV-1a of its bytes,
// mixed, low bit), so it is the same on every machine, run and thread count,
// and every quality change in the project uses the same halves. Tune and
// read errors on the tuning half; look at the validation half only as a
// number, and keep a change only if that number does not get worse. Use the
// id of the unit that must not straddle the halves (a story or cluster id
// for pair data, so no story is on both sides).

#include <cstdint>
#include <string_view>

#include "core/hash.h"

namespace parallax {

enum class DevHalf { kTuning, kValidation };

inline DevHalf DevHalfOf(std::string_view id) {
  std::uint64_t h = Fnv1a64(id);
  // splitmix64 finaliser: FNV's low bits alone follow the last byte too closely.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return (h & 1) == 0 ? DevHalf::kTuning : DevHalf::kValidation;
}

inline bool InTuningHalf(std::string_view id) { return DevHalfOf(id) == DevHalf::kTuning; }

}  // namespace parallax
