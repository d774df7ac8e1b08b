#pragma once
// Calendar dates as they appear in news metadata and datelines.

#include <optional>
#include <string>
#include <string_view>

namespace parallax {

// Parses a date in the forms news metadata uses and returns "YYYY-MM-DD":
// ISO 8601 ("2016-10-10", "2016-10-10T08:00:00Z"), "October 10, 2016",
// "Oct. 10, 2016", "10 October 2016", "10 October, 2016", RFC 2822
// ("Mon, 10 Oct 2016 08:00:00 GMT"), "2016/10/10". Returns nullopt when the
// string is not one of them or the date is impossible.
std::optional<std::string> ParseDate(std::string_view s);

// Days since 1970-01-01 of a "YYYY-MM-DD..." string; nullopt if malformed.
std::optional<long> DaysSinceEpoch(std::string_view iso);

// Month number (1-12) of an English month name or abbreviation, else 0.
int MonthFromName(std::string_view word);

}  // namespace parallax
