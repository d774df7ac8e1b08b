// Fuzz target for the HTML reader: any bytes go through ExtractHtml (the
// pre-parse cut of comments, scripts and styles, libxml2's parser, the DOM
// builder, the main-text scoring and the metadata readers). It may fail with
// a Status but must not crash or hang, and what it returns must be valid
// UTF-8 (invalid input bytes become U+FFFD).
//
// Built as a libFuzzer binary with clang (-DPARALLAX_FUZZ=ON) and always as
// a replay driver (replay_main.cc) that CTest runs over corpus/html_fuzz.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ingest/html.h"
#include "text/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  parallax::Result<parallax::HtmlDocument> doc = parallax::ExtractHtml(in);
  if (!doc.ok()) return 0;
  for (std::string_view s : {std::string_view(doc->text), std::string_view(doc->title), std::string_view(doc->author),
                             std::string_view(doc->canonical_url)}) {
    if (!parallax::IsValidUtf8(s)) std::abort();
  }
  return 0;
}
