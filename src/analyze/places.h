#pragma once
// Places: a country, its people's adjective and its capital name one
// referent in news ("Moscow vetoed", "Russia vetoed", "the Russian veto").
// A small general gazetteer (UN member states and a few others, with the
// demonyms and capitals that are not ambiguous English words), used to
// align statements across outlets; see docs/facts.md.

#include <string>
#include <unordered_map>

namespace parallax::analyze_internal {

// Stem (text/terms.h Stemmer, lower case) of a country, demonym or capital
// -> the stem of the country. Built once; safe to read from many threads.
const std::unordered_map<std::string, std::string>& PlaceStemAliases();

}  // namespace parallax::analyze_internal
