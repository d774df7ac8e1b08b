// Fuzz target for JSON Lines (ingest/reader.h ParseJsonLines): any bytes.
// It must not crash or hang; each article has an id and a path "f.jsonl:N";
// each error names a line.
//
// Built as a libFuzzer binary with clang (-DPARALLAX_FUZZ=ON) and always as
// a replay driver (replay_main.cc) that CTest runs over corpus/jsonl_fuzz.

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
  std::vector<parallax::InputError> errors;
  const std::vector<parallax::Article> arts = parallax::ParseJsonLines(in, "f.jsonl", {}, &errors);
  for (const parallax::Article& a : arts) {
    if (a.id.empty() || a.path.rfind("f.jsonl:", 0) != 0 || !parallax::IsValidUtf8(a.raw)) std::abort();
  }
  for (const parallax::InputError& e : errors) {
    if (e.path.rfind("f.jsonl:", 0) != 0 || e.message.empty()) std::abort();
  }
  return 0;
}
