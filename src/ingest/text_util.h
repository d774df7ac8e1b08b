#pragma once
// Small byte-level helpers shared by the ingest readers (internal to
// ingest/): header names, tag names and feed fields are ASCII.

#include <cctype>
#include <string>
#include <string_view>

namespace parallax::ingest_internal {

// ASCII lower case; other bytes unchanged.
inline std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// `s` without leading and trailing ASCII white space.
inline std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace parallax::ingest_internal
