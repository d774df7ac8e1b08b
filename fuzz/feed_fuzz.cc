// Fuzz target for the RSS/Atom reader (ingest/feed.h ParseFeed): any bytes
// as a feed. It must not crash or hang (element depth budget 256); items
// come with ids "f-N" and valid UTF-8 text when the input is UTF-8.
//
// Built as a libFuzzer binary with clang (-DPARALLAX_FUZZ=ON) and always as
// a replay driver (replay_main.cc) that CTest runs over corpus/feed_fuzz.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/feed.h"
#include "text/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  parallax::IngestResult result;
  parallax::ParseFeed(in, "f.rss", "f", &result);
  const bool utf8 = parallax::IsValidUtf8(in);
  for (const parallax::Article& a : result.articles) {
    if (a.id.rfind("f-", 0) != 0) std::abort();
    if (utf8 && (!parallax::IsValidUtf8(a.raw) || !parallax::IsValidUtf8(a.title))) std::abort();
  }
  return 0;
}
