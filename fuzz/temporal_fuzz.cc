// Fuzz target for temporal expressions (text/temporal.h): the first line is
// the publication date (anything, valid or not), the rest the text. It may
// not crash or hang, and every expression must have a span inside the text,
// in order and not overlapping, and a well-formed value.
//
// Built as a libFuzzer binary with clang (-DPARALLAX_FUZZ=ON) and always as
// a replay driver (replay_main.cc) that CTest runs over corpus/temporal_fuzz.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "text/temporal.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::size_t nl = in.find('\n');
  const std::string_view pub = nl == std::string_view::npos ? std::string_view() : in.substr(0, nl);
  const std::string_view text = nl == std::string_view::npos ? in : in.substr(nl + 1);
  for (auto anchor : {std::optional<std::string_view>(pub), std::optional<std::string_view>()}) {
    std::uint32_t last_end = 0;
    for (const parallax::TemporalExpression& e : parallax::FindTemporalExpressions(text, anchor)) {
      if (e.span.begin >= e.span.end || e.span.end > text.size() || e.span.begin < last_end) std::abort();
      last_end = e.span.end;
      if (e.value) {
        const std::size_t n = e.value->size();
        if (n != 4 && n != 7 && n != 8 && n != 10) std::abort();  // 2016, 2016-10, 2016-W42, 2016-10-17
        if (e.first_day > e.last_day) std::abort();
      } else if (e.relative.empty()) {
        std::abort();
      }
    }
  }
  return 0;
}
