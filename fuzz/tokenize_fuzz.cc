// Fuzz target for word segmentation (text/words.h): TokenizeFast may not
// crash or hang on any bytes; its tokens are non-empty, in order, do not
// overlap and lie inside the text; and on valid UTF-8 (what reaches it in
// the pipeline: ingest rejects anything else) they are exactly ICU's
// (TokenizeIcu), spans and kinds.
//
// Built as a libFuzzer binary with clang (-DPARALLAX_FUZZ=ON) and always as
// a replay driver (replay_main.cc) that CTest runs over corpus/tokenize_fuzz.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "text/segment.h"
#include "text/utf8.h"
#include "text/words.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<parallax::Token> fast;
  parallax::TokenizeFast(text, &fast);
  std::uint32_t last_end = 0;
  for (const parallax::Token& t : fast) {
    if (t.span.begin >= t.span.end || t.span.end > text.size() || t.span.begin < last_end) std::abort();
    last_end = t.span.end;
  }
  if (!parallax::IsValidUtf8(text)) return 0;
  const std::vector<parallax::Token> icu = parallax::TokenizeIcu(text);
  if (icu.size() != fast.size()) std::abort();
  for (std::size_t k = 0; k < icu.size(); ++k) {
    if (icu[k].span.begin != fast[k].span.begin || icu[k].span.end != fast[k].span.end || icu[k].kind != fast[k].kind) {
      std::abort();
    }
  }
  return 0;
}
