#pragma once
// Stable 64-bit hashing (FNV-1a) for ids and exact-duplicate keys. Stable
// across runs and machines, unlike std::hash.

#include <cstdint>
#include <string_view>

namespace parallax {

inline std::uint64_t Fnv1a64(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace parallax
