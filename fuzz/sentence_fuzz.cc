// Fuzz target for sentence and paragraph splitting (text/segment.h): any
// bytes. No crash or hang; sentences are non-empty, in order, inside one
// paragraph each, and trimmed of surrounding space.
//
// Built as a libFuzzer binary with clang (-DPARALLAX_FUZZ=ON) and always as
// a replay driver (replay_main.cc) that CTest runs over corpus/sentence_fuzz.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/segment.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::vector<parallax::Span> paras = parallax::SplitParagraphs(in);
  const std::vector<parallax::Span> sents = parallax::SplitSentences(in);
  std::uint32_t last = 0;
  std::size_t p = 0;
  for (const parallax::Span& s : sents) {
    if (s.begin >= s.end || s.end > in.size() || s.begin < last) std::abort();
    while (p < paras.size() && paras[p].end <= s.begin) ++p;
    if (p == paras.size() || s.begin < paras[p].begin || s.end > paras[p].end) std::abort();
    const char b = in[s.begin], e = in[s.end - 1];
    if (b == ' ' || b == '\n' || e == ' ' || e == '\n') std::abort();
    last = s.end;
  }
  return 0;
}
