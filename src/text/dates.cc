#include "text/dates.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <vector>

namespace parallax {
namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int DaysInMonth(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

std::optional<std::string> Format(int y, int m, int d) {
  if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return std::nullopt;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return std::string(buf);
}

// Splits into alphanumeric words.
std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      cur.push_back(c);
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

bool AllDigits(const std::string& w) {
  if (w.empty()) return false;
  for (char c : w) if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

int MonthFromName(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
      "november", "december"};
  std::string w;
  for (char c : word) if (c != '.') w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (w.size() < 3) return 0;
  if (w == "sept") return 9;
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (w == kNames[i] || (w.size() == 3 && kNames[i].substr(0, 3) == w)) return static_cast<int>(i) + 1;
  }
  return 0;
}

std::optional<std::string> ParseDate(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  if (s.size() > 200) return std::nullopt;
  int y, m, d;
  // ISO 8601 or YYYY/MM/DD.
  if (s.size() >= 10 && std::isdigit(static_cast<unsigned char>(s[0])) && (s[4] == '-' || s[4] == '/') &&
      (s[7] == '-' || s[7] == '/')) {
    if (std::sscanf(std::string(s.substr(0, 10)).c_str(), "%4d%*c%2d%*c%2d", &y, &m, &d) == 3) return Format(y, m, d);
    return std::nullopt;
  }
  std::vector<std::string> w = Words(s);
  // Find "Month D Y" or "D Month Y" anywhere (weekday prefixes are skipped).
  for (std::size_t i = 0; i + 2 < w.size() + 0 && i < w.size(); ++i) {
    int mon = AllDigits(w[i]) ? 0 : MonthFromName(w[i]);
    // A day has one or two digits (a longer run overflowed std::stoi and threw: found by dates_fuzz).
    if (mon != 0 && i + 2 < w.size() && AllDigits(w[i + 1]) && w[i + 1].size() <= 2 && AllDigits(w[i + 2]) &&
        w[i + 2].size() == 4) {
      return Format(std::stoi(w[i + 2]), mon, std::stoi(w[i + 1]));
    }
    if (AllDigits(w[i]) && w[i].size() <= 2 && i + 2 < w.size()) {
      int mon2 = MonthFromName(w[i + 1]);
      if (mon2 != 0 && AllDigits(w[i + 2]) && w[i + 2].size() == 4) return Format(std::stoi(w[i + 2]), mon2, std::stoi(w[i]));
    }
  }
  return std::nullopt;
}

std::optional<long> DaysSinceEpoch(std::string_view iso) {
  int y, m, d;
  if (iso.size() < 10 || std::sscanf(std::string(iso.substr(0, 10)).c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) {
    return std::nullopt;
  }
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  // Howard Hinnant's days_from_civil.
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

}  // namespace parallax
