// Fuzz target for text articles with front matter (ingest/reader.h
// ParseTextArticle): any bytes. It must not crash; it accepts exactly the
// valid UTF-8, non-binary, non-empty inputs, and then the body is a suffix
// of the input.
//
// Built as a libFuzzer binary with clang (-DPARALLAX_FUZZ=ON) and always as
// a replay driver (replay_main.cc) that CTest runs over corpus/frontmatter_fuzz.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/reader.h"
#include "text/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  parallax::Result<parallax::Article> a = parallax::ParseTextArticle(in, "f", "f.txt");
  if (!a.ok()) return 0;
  if (!parallax::IsValidUtf8(in) || a->id != "f") std::abort();
  if (a->raw.empty() || in.size() < a->raw.size() || in.substr(in.size() - a->raw.size()) != a->raw) std::abort();
  return 0;
}
