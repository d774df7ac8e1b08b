// Fuzz target for the WARC reader (ingest/warc.h): any bytes as a
// decompressed WARC stream. It must not crash or hang; every article it
// gives has an id, a path naming the record, and valid UTF-8 text.
//
// Built as a libFuzzer binary with clang (-DPARALLAX_FUZZ=ON) and always as
// a replay driver (replay_main.cc) that CTest runs over corpus/warc_fuzz.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/stream.h"
#include "ingest/warc.h"
#include "text/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  parallax::MemorySource src(in);
  parallax::BufferedReader reader(&src);
  parallax::IngestOptions options;
  options.max_article_bytes = 1 << 20;
  parallax::IngestResult result;
  parallax::ReadWarc(&reader, "f.warc", "f", options, &result);
  for (const parallax::Article& a : result.articles) {
    if (a.id.empty() || a.path.rfind("f.warc#record ", 0) != 0 || !parallax::IsValidUtf8(a.raw)) std::abort();
  }
  for (const parallax::InputError& e : result.errors) {
    if (e.path.rfind("f.warc", 0) != 0 || e.message.empty()) std::abort();
  }
  return 0;
}
