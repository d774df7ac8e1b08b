// Fuzz target for date parsing (text/dates.h ParseDate): any bytes. No
// crash; a parsed date is ISO 8601 ("YYYY-MM-DD" optionally followed by a
// time) that DaysSinceEpoch accepts, and parsing it again gives itself.
//
// Built as a libFuzzer binary with clang (-DPARALLAX_FUZZ=ON) and always as
// a replay driver (replay_main.cc) that CTest runs over corpus/dates_fuzz.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/dates.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::optional<std::string> d = parallax::ParseDate(in);
  if (!d) return 0;
  if (d->size() < 10 || (*d)[4] != '-' || (*d)[7] != '-') std::abort();
  if (!parallax::DaysSinceEpoch(*d)) std::abort();
  const std::optional<std::string> again = parallax::ParseDate(*d);
  if (!again || *again != *d) std::abort();
  return 0;
}
