// Fuzz target for the named-entity tagger: any bytes become a document
// (lines = sentences, spaces = token breaks) and are tagged by the shipped
// model; the same bytes are also read as a word lexicon. Neither may crash,
// hang, or return a tag sequence of the wrong length.
//
// Built as a libFuzzer binary with clang (-DPARALLAX_FUZZ=ON) and always as
// a replay driver (replay_main.cc) that CTest runs over corpus/ner.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ner/tagger.h"

namespace {

const parallax::NerModel& Model() {
  static const parallax::NerModel* model = [] {
    auto m = parallax::NerModel::Load(std::string(PARALLAX_SOURCE_DIR) + "/models/ner-conll2003.model");
    if (!m.ok()) std::abort();  // the shipped model must load: a build problem, not an input one
    return new parallax::NerModel(std::move(*m));
  }();
  return *model;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  parallax::NerDocument doc(1);
  std::string token;
  for (char c : in) {
    if (c == ' ' || c == '\n') {
      if (!token.empty()) doc.back().push_back(std::move(token));
      token.clear();
      if (c == '\n') doc.emplace_back();
    } else {
      token.push_back(c);
    }
  }
  if (!token.empty()) doc.back().push_back(std::move(token));
  const auto tags = Model().Tag(doc);
  if (tags.size() != doc.size()) std::abort();
  for (std::size_t s = 0; s < doc.size(); ++s) {
    if (tags[s].size() != doc[s].size()) std::abort();
  }
  std::string_view bytes = in;
  parallax::WordLexicon lexicon;
  (void)lexicon.Read(&bytes);
  return 0;
}
