// Fuzz target for SGML newswire (ingest/sgml.h): any bytes. It must not
// crash or hang (every search is bounded: linear in the input); each <DOC>
// gives one article or one error, named "f.sgml#ID"; UTF-8 in, UTF-8 out.
//
// Built as a libFuzzer binary with clang (-DPARALLAX_FUZZ=ON) and always as
// a replay driver (replay_main.cc) that CTest runs over corpus/sgml_fuzz.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/sgml.h"
#include "text/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  parallax::IngestResult result;
  parallax::ParseSgmlNewswire(in, "f.sgml", "f", &result);
  const bool utf8 = parallax::IsValidUtf8(in);
  for (const parallax::Article& a : result.articles) {
    if (a.id.empty() || a.raw.empty() || a.path != "f.sgml#" + a.id) std::abort();
    if (utf8 && (!parallax::IsValidUtf8(a.raw) || !parallax::IsValidUtf8(a.title))) std::abort();
  }
  for (const parallax::InputError& e : result.errors) {
    if (e.path.rfind("f.sgml#", 0) != 0) std::abort();
  }
  return 0;
}
