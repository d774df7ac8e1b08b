// Figures in news sentences and what they count (quantities.h).
#include "analyze/quantities.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/dates.h"

namespace parallax::analyze_internal {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Token {
  std::string lower;
  std::size_t begin = 0, end = 0;
  bool number = false;
  bool punct = false;
  bool capital = false;        // word starting with an upper-case letter
  bool hyphen_before = false;  // joined to the previous token by '-' ("51-day")
  bool ordinal = false;        // "1st", "3rd"
  double value = 0;
  bool has_comma = false;      // "1,180"
};

bool In(std::string_view w, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

bool IsWordByte(unsigned char c) { return std::isalpha(c) || c >= 0x80 || c == '\''; }

std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isspace(c)) {
      ++i;
      continue;
    }
    Token t;
    t.begin = i;
    t.hyphen_before = !out.empty() && i > 0 && s[i - 1] == '-' && out.back().end == i - 1;
    if (std::isdigit(c)) {
      std::string digits;
      std::size_t j = i;
      while (j < s.size()) {
        if (std::isdigit(static_cast<unsigned char>(s[j]))) {
          digits.push_back(s[j++]);
        } else if (s[j] == ',' && j + 3 < s.size() && std::isdigit(static_cast<unsigned char>(s[j + 1])) &&
                   std::isdigit(static_cast<unsigned char>(s[j + 2])) &&
                   std::isdigit(static_cast<unsigned char>(s[j + 3])) &&
                   (j + 4 >= s.size() || !std::isdigit(static_cast<unsigned char>(s[j + 4])))) {
          t.has_comma = true;
          ++j;
        } else if (s[j] == '.' && j + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[j + 1]))) {
          digits.push_back(s[j++]);
        } else {
          break;
        }
      }
      t.number = true;
      t.value = std::strtod(digits.c_str(), nullptr);
      // "1st", "22nd", "3rd", "4th": ordinals, not amounts.
      std::size_t k = j;
      while (k < s.size() && std::isalpha(static_cast<unsigned char>(s[k]))) ++k;
      std::string suffix(s.substr(j, k - j));
      for (char& ch : suffix) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") {
        t.ordinal = true;
        j = k;
      }
      t.end = j;
      t.lower = std::string(s.substr(i, j - i));
      out.push_back(std::move(t));
      i = j;
      continue;
    }
    if (IsWordByte(c) && !(c >= 0x80 && s.compare(i, 2, "\xC2\xA3") == 0) && !(s.compare(i, 3, "\xE2\x82\xAC") == 0) &&
        !(s.compare(i, 2, "\xE2\x80") == 0)) {
      std::size_t j = i;
      while (j < s.size()) {
        const unsigned char d = static_cast<unsigned char>(s[j]);
        if (s.compare(j, 2, "\xE2\x80") == 0 || s.compare(j, 2, "\xC2\xA3") == 0) break;
        if (IsWordByte(d) || std::isdigit(d)) {
          ++j;
        } else if ((d == '-' || d == '.') && j + 1 < s.size() && std::isalpha(static_cast<unsigned char>(s[j + 1]))) {
          ++j;  // "year-old", "a.m"
        } else {
          break;
        }
      }
      if (j < s.size() && s[j] == '.' && j >= 2 && s[j - 2] == '.') ++j;  // "p.m."
      t.end = j;
      t.lower = std::string(s.substr(i, j - i));
      t.capital = std::isupper(c) != 0;
      for (char& ch : t.lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      out.push_back(std::move(t));
      i = j;
      continue;
    }
    // A hyphen joining a number to a word or number ("51-day", "24-21") is
    // no token: the next token is marked as joined.
    if (c == '-' && !out.empty() && out.back().end == i && out.back().number && i + 1 < s.size() &&
        std::isalnum(static_cast<unsigned char>(s[i + 1]))) {
      ++i;
      continue;
    }
    // Punctuation and currency signs, one character (UTF-8 sequence) each.
    std::size_t len = 1;
    if (c >= 0xC0) len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    len = std::min(len, s.size() - i);
    t.end = i + len;
    t.lower = std::string(s.substr(i, len));
    if (t.lower == "\xC2\xA3") t.lower = "£";
    t.punct = t.lower != "$" && t.lower != "£" && t.lower != "\xE2\x82\xAC" && t.lower != "%";
    out.push_back(std::move(t));
    i += len;
  }
  return out;
}


double NumberWord(std::string_view w) {
  static const std::map<std::string_view, double> kWords = {
      {"two", 2},       {"three", 3},      {"four", 4},      {"five", 5},       {"six", 6},        {"seven", 7},
      {"eight", 8},     {"nine", 9},       {"ten", 10},      {"eleven", 11},    {"twelve", 12},    {"thirteen", 13},
      {"fourteen", 14}, {"fifteen", 15},   {"sixteen", 16},  {"seventeen", 17}, {"eighteen", 18},  {"nineteen", 19},
      {"twenty", 20},   {"thirty", 30},    {"forty", 40},    {"fifty", 50},     {"sixty", 60},     {"seventy", 70},
      {"eighty", 80},   {"ninety", 90},    {"dozen", 12},    {"hundred", 100},  {"thousand", 1000}};
  auto it = kWords.find(w);
  return it == kWords.end() ? 0 : it->second;
}

// The value of one unit of the last significant digit of a number written
// in digits: "1.37" 0.01, "1.4" 0.1, "500,000" 100000, "1,861" 1.
double LastDigitUnit(std::string_view digits) {
  std::string d;
  for (char c : digits) {
    if (c != ',') d.push_back(c);
  }
  if (const std::size_t dot = d.find('.'); dot != std::string::npos) {
    return std::pow(10.0, -static_cast<double>(d.size() - dot - 1));
  }
  std::size_t zeros = 0;
  while (zeros + 1 < d.size() && d[d.size() - 1 - zeros] == '0') ++zeros;
  return std::pow(10.0, static_cast<double>(zeros));
}

double Scale(std::string_view w) {
  if (w == "hundred") return 1e2;
  if (w == "thousand") return 1e3;
  if (w == "million" || w == "millions") return 1e6;
  if (w == "billion" || w == "bn") return 1e9;
  if (w == "trillion") return 1e12;
  return 0;
}

// The event a word names, for the counts that news reports and revises.
std::string EventKind(std::string_view w) {
  if (In(w, {"killed", "kill", "kills", "killing", "dead", "died", "die", "deaths", "death", "fatalities", "lives",
             "bodies", "toll", "perished", "drowned", "victims"}))
    return "dead";
  if (In(w, {"injured", "injuring", "injuries", "wounded", "wounding", "hurt", "hospitalized", "hospitalised"}))
    return "injured";
  if (In(w, {"arrested", "arrests", "arrest", "arresting", "detained", "detentions", "jailed"})) return "arrested";
  if (In(w, {"missing"})) return "missing";
  if (In(w, {"evacuated", "evacuees", "displaced", "homeless"})) return "evacuated";
  return "";
}

// Kilometres per unit of distance, 0 when `w` is not one.
double KmPer(std::string_view w) {
  if (In(w, {"km", "kilometres", "kilometers", "kilometre", "kilometer", "kms"})) return 1;
  if (In(w, {"mile", "miles", "mi"})) return 1.609344;
  if (In(w, {"metres", "meters", "metre", "meter", "m"})) return 0.001;
  if (In(w, {"feet", "foot", "ft"})) return 0.0003048;
  return 0;
}

std::string Currency(std::string_view w) {
  if (In(w, {"$", "dollars", "dollar"})) return "$";
  if (In(w, {"£", "pounds", "sterling"})) return "£";
  if (In(w, {"\xE2\x82\xAC", "euros", "euro"})) return "€";
  if (In(w, {"yen"})) return "yen";
  if (In(w, {"yuan", "renminbi"})) return "yuan";
  return "";
}

bool IsFunctionWord(std::string_view w) {
  return In(w, {"a",     "an",    "the",  "of",    "and",   "or",   "to",    "in",    "on",   "at",     "by",
                "for",   "from",  "with", "was",   "were",  "is",   "are",   "be",    "been", "had",    "have",
                "has",   "who",   "which", "that", "as",    "more", "than",  "less",  "per",  "each",   "other",
                "others", "over", "after", "before", "into", "out",  "up",    "down",  "but",  "it",     "its",
                "their", "his",   "her",  "they",  "he",    "she",  "we",    "this",  "these", "those", "about",
                "when",  "while", "said", "says",  "say",   "would", "will", "could", "may",  "s",      "'s"});
}

bool IsMonth(std::string_view w) {
  if (!w.empty() && w.back() == '.') w.remove_suffix(1);
  return w.size() >= 3 && MonthFromName(w) != 0;
}

std::string Singular(std::string w) {
  if (w == "people" || w == "persons" || w == "person" || w == "individuals" || w == "individual") return "";
  if (w.size() > 4 && w.compare(w.size() - 3, 3, "ies") == 0) return w.substr(0, w.size() - 3) + "y";
  if (w.size() > 3 && w.back() == 's' && w[w.size() - 2] != 's') w.pop_back();
  return w;
}

// +1 for a verb of rise ("rose", "increased", "jumps"), -1 for one of fall
// ("fell", "declining", "slid"), 0 otherwise.
int ChangeSign(std::string_view w) {
  static const std::unordered_map<std::string_view, int> kVerbs = [] {
    std::unordered_map<std::string_view, int> m;
    for (std::string_view v : {"rose", "rise", "rises", "rising", "risen", "increase", "increased", "increases",
                               "increasing", "grew", "grow", "grows", "growing", "grown", "gain", "gained", "gains",
                               "jump", "jumped", "jumps", "climb", "climbed", "climbs", "surge", "surged", "surges",
                               "soar", "soared", "soars", "rebounded", "advanced", "added"})
      m.emplace(v, 1);
    for (std::string_view v : {"fell", "fall", "falls", "falling", "fallen", "decrease", "decreased", "decreases",
                               "decreasing", "decline", "declined", "declines", "declining", "drop", "dropped",
                               "drops", "slid", "slide", "slides", "slip", "slipped", "slips", "sank", "sink",
                               "sinks", "plunge", "plunged", "plunges", "plummeted", "tumble", "tumbled",
                               "tumbles", "lost", "shed", "dipped", "dips", "slumped", "eased", "retreated"})
      m.emplace(v, -1);
    return m;
  }();
  auto it = kVerbs.find(w);
  return it == kVerbs.end() ? 0 : it->second;
}

}  // namespace

bool IsEventKind(std::string_view kind) {
  return In(kind, {"dead", "injured", "arrested", "missing", "evacuated"});
}

// The figures of one sentence and what each counts.
std::vector<Quantity> FindQuantities(std::string_view sentence) {
  const std::vector<Token> t = Tokenize(sentence);
  std::vector<Quantity> out;
  const std::size_t n = t.size();
  std::vector<bool> consumed(n, false);
  auto word = [&](std::size_t k) -> std::string_view { return k < n ? std::string_view(t[k].lower) : std::string_view(); };
  auto is_num = [&](std::size_t k) { return k < n && !t[k].ordinal && (t[k].number || NumberWord(t[k].lower) > 0); };
  auto num_value = [&](std::size_t k) { return t[k].number ? t[k].value : NumberWord(t[k].lower); };
  // Figures after "while", "whereas", "compared with", "versus" are given
  // for comparison: another subject or time ("the Dow fell 6.9%, while the
  // S&P 500 slid 5.9 percent").
  std::size_t comparison_from = n;
  for (std::size_t k = 0; k < n && comparison_from == n; ++k) {
    if (In(t[k].lower, {"while", "whereas", "versus", "vs", "vs."}) ||
        (In(t[k].lower, {"compared", "comparison"}) && In(word(k + 1), {"with", "to"})))
      comparison_from = k;
  }
  bool restricted = false;
  for (std::size_t k = 0; k < n; ++k) {
    if (In(t[k].lower, {"excluding", "excludes", "excluded", "except", "core", "adjusted", "stripping"}) ||
        (t[k].lower == "controlling" && word(k + 1) == "for") ||
        (In(t[k].lower, {"not", "without"}) && In(word(k + 1), {"counting", "including"})))
      restricted = true;
  }
  for (std::size_t i = 0; i < comparison_from; ++i) {
    if (consumed[i] || !is_num(i)) continue;
    // A word "hundred"/"thousand" right after a number is its scale, not a number.
    if (!t[i].number && (t[i].lower == "hundred" || t[i].lower == "thousand") && i > 0 && is_num(i - 1)) continue;
    double value = num_value(i);
    double unit = t[i].number ? LastDigitUnit(t[i].lower) : 0;
    std::size_t j = i + 1;
    // Scale words: "2.7 million", "two hundred".
    bool scaled = false;
    while (j < n && Scale(t[j].lower) > 0) {
      value *= Scale(t[j].lower);
      unit *= Scale(t[j++].lower);
      scaled = true;
    }
    double lo = value, hi = value;
    // Ranges: "2 million to 3 million", "between 10 and 12", "40-50".
    if (j + 1 < n && (t[j].lower == "to" || t[j].lower == "and" || t[j].lower == "or" || t[j].lower == "-") &&
        is_num(j + 1) && !(t[j].lower == "-" && (!t[j + 1].number))) {
      double v2 = num_value(j + 1);
      std::size_t k = j + 2;
      while (k < n && Scale(t[k].lower) > 0) v2 *= Scale(t[k++].lower);
      if (t[j].lower == "-" && i > 0 && IsMonth(word(i - 1))) {
        // a date range; left to the date rules below
      } else if (v2 > value && (t[j].lower != "and" || (i > 0 && t[i - 1].lower == "between"))) {
        hi = v2;
        for (std::size_t m = j; m < k; ++m) consumed[m] = true;
        j = k;
      } else if (t[j].lower == "-") {
        // "24-21": a score, not one figure.
        consumed[j + 1] = true;
        continue;
      }
    }
    // "40-50" tokenised as "40" then "50" joined by a hyphen.
    if (j < n && t[j].number && t[j].hyphen_before && t[j].begin == t[j - 1].end + 1 && !t[j].ordinal) {
      if (t[j].value > value) {
        hi = t[j].value;
        consumed[j] = true;
        ++j;
      } else {
        consumed[j] = true;  // a score
        continue;
      }
    }

    const std::string_view prev = i > 0 ? word(i - 1) : std::string_view();
    const std::string_view prev2 = i > 1 ? word(i - 2) : std::string_view();
    const std::string_view next = word(j);
    // Not about the claim: ordinals, years, dates, times, ages, counters, labels.
    if (t[i].ordinal) continue;
    if (t[i].number && !t[i].has_comma && value >= 1800 && value <= 2100 && value == std::floor(value) &&
        Scale(word(i + 1)) == 0 && Currency(prev).empty())
      continue;  // a year
    if (IsMonth(prev) || IsMonth(next) || (next == "of" && IsMonth(word(j + 1)))) continue;  // a date
    if (j < n && (t[j].lower == ":" || next == "a.m." || next == "p.m." || next == "am" || next == "pm" ||
                  next == "gmt" || next == "o'clock" || (next == "hours" && prev == "at")))
      continue;  // a time
    if (In(prev, {"aged", "age", "ages"}) || next.rfind("year-old", 0) == 0 || next == "year-olds" ||
        (next == "years" && word(j + 1) == "old") || (next == "-year-old"))
      continue;  // an age
    if (i >= 2 && t[i - 1].lower == "," && t[i - 2].capital && j < n && (t[j].lower == "," || t[j].lower == ")"))
      continue;  // "Brezic, 45, said": an age after a name
    if (prev == "no." || prev == "no" || prev == "number" || prev == "#" || prev == "nos.") continue;  // a counter
    if (i > 0 && t[i - 1].capital && !t[i - 1].number && Currency(prev).empty() && EventKind(prev).empty() &&
        i - 1 > 0)
      continue;  // a label after a capitalised word ("Caption 8", "Flight 370", "Route 66")
    if (next == "of" && (is_num(j + 1) || (In(word(j + 1), {"the", "its", "their", "them", "those", "whom"}))))
      continue;  // a part of a total ("8 of 25", "three of the victims")
    if (In(next, {"times", "fold"})) continue;  // a multiplier
    if (In(prev, {"magnitude", "richter", "category", "level", "grade", "stage", "phase"}) ||
        In(next, {"magnitude", "richter"}))
      continue;  // a reading on a scale ("a magnitude 7.2 earthquake"), not a count
    if (In(next, {"more", "less", "fewer", "higher", "lower", "extra", "additional"})) continue;  // a difference
    bool part = false;
    for (std::size_t k = i; k-- > 0 && k + 4 >= i;) {
      if (t[k].punct && t[k].lower != "-") break;
      if (In(word(k), {"including", "includes", "included", "among"})) part = true;
      if (word(k) == "of" && k + 1 < i && In(word(k + 1), {"whom", "them", "which"})) part = true;
    }
    if (i > 0 && In(prev, {"whom", "them"}) && prev2 == "of") part = true;
    if (part) continue;

    // Qualifiers before the number make it a range.
    std::size_t q = i;
    if (q > 0 && !Currency(word(q - 1)).empty()) --q;  // "$", "£"
    const std::string_view b1 = q > 0 ? word(q - 1) : std::string_view();
    const std::string_view b2 = q > 1 ? word(q - 2) : std::string_view();
    // A percentage after a verb of change ("rose 5 percent", "fell by 3%",
    // "up 2%") is a change, another quantity than a level ("at 5 percent").
    const bool is_percent = next == "%" || next == "percent" || (next == "per" && word(j + 1) == "cent");
    const int change = b1 == "up" ? 1 : b1 == "down" ? -1 : b1 == "by" ? ChangeSign(b2) : ChangeSign(b1);
    if (In(b1, {"by", "up", "down", "another", "additional", "extra"}) && !(is_percent && change != 0))
      continue;  // a change of a count, not a level
    if ((b2 == "at" && b1 == "least") || (b2 == "more" && b1 == "than") || In(b1, {"over", "above", "exceeding"}) ||
        (b2 == "upwards" && b1 == "of") || (b2 == "excess" && b1 == "of")) {
      hi = kInf;
    } else if ((b2 == "fewer" && b1 == "than") || (b2 == "less" && b1 == "than") || (b2 == "up" && b1 == "to") ||
               (b2 == "at" && b1 == "most") || (b2 == "many" && b1 == "as") || b1 == "under" || b1 == "below") {
      lo = 0;
    } else if (In(b1, {"nearly", "almost"}) || (b2 == "close" && b1 == "to")) {
      lo = value * 0.85;
    } else if (In(b1, {"about", "around", "approximately", "roughly", "some", "estimated", "approx"})) {
      lo = value * 0.9;
      hi = hi * 1.1;
    }

    Quantity qty;
    qty.span = {static_cast<std::uint32_t>(t[i].begin), static_cast<std::uint32_t>(t[j - 1].end)};
    // A unit or currency next to it.
    std::string currency = Currency(prev);
    if (currency.empty() && i > 1 && !Currency(prev2).empty() && t[i - 1].lower == "$") currency = Currency(prev2);
    if (currency.empty()) currency = Currency(next);
    if (!currency.empty()) {
      qty.kind = "money:" + currency;
    } else if (double km = KmPer(next); km > 0 && !(next == "m" && !t[j].hyphen_before && t[j].begin != t[j - 1].end)) {
      qty.kind = "km";
      qty.converted = km != 1;
      lo *= km;
      hi *= km;
    } else if (is_percent) {
      qty.kind = change != 0 ? "percent change" : "percent";
      if (change < 0) {  // "fell 3 percent" is -3, so a rise and a fall of one size differ
        const double l = lo;
        lo = -hi;
        hi = -l;
      }
      std::size_t k = next == "per" ? j + 2 : j + 1;
      if (word(k) == "of" && k + 1 < n && !t[k + 1].number) qty.noun = Singular(std::string(word(k + 1)));
    } else if (In(next, {"tons", "tonnes", "ton", "tonne"})) {
      qty.kind = "tonnes";
    } else {
      // An event word after the number ("12 people were injured") or just
      // before it ("killing 12", "the death toll rose to 80").
      std::size_t noun_at = n;
      for (std::size_t k = j; k < n && k < j + 4; ++k) {
        if ((t[k].punct && t[k].lower != "-") || is_num(k)) break;
        if (std::string kind = EventKind(t[k].lower); !kind.empty()) {
          qty.kind = kind;
          break;
        }
        // After the counted noun, "and"/"or"/"but"/"that"/"which" start
        // another clause: "1,400 residents and injured 6,000", "a 7.2
        // earthquake that killed" (an event word there counts something else).
        if (noun_at < n && In(t[k].lower, {"and", "or", "but", "that", "which"})) break;
        if (noun_at == n && !IsFunctionWord(t[k].lower) && !t[k].capital) noun_at = k;
        if (In(t[k].lower, {"was", "were", "had", "have", "been"})) continue;
      }
      if (qty.kind.empty()) {
        for (std::size_t k = i; k-- > 0 && k + 5 >= i;) {
          if (t[k].punct || is_num(k)) break;
          if (std::string kind = EventKind(t[k].lower); !kind.empty()) {
            qty.kind = kind;
            break;
          }
        }
      }
      if (noun_at < n && noun_at == j) qty.noun = Singular(t[noun_at].lower);
      if (qty.kind.empty()) {
        if (noun_at != j || qty.noun.empty()) continue;  // counts nothing we can name
        qty.kind = "count:" + qty.noun;
        qty.noun.clear();
      }
    }
    qty.lo = lo;
    qty.hi = hi;
    qty.restricted = restricted;
    if ((scaled || value >= 1000) && lo == hi) qty.rounding = unit / 2 * (qty.converted ? hi / value : 1);
    out.push_back(std::move(qty));
  }
  return out;
}


// Every number in `s`, in digits or words (for the part and sum tests).
std::vector<double> RawNumbers(std::string_view s) {
  std::vector<double> out;
  for (const Token& t : Tokenize(s)) {
    if (t.number && !t.ordinal) out.push_back(t.value);
    if (!t.number && NumberWord(t.lower) > 0) out.push_back(NumberWord(t.lower));
  }
  return out;
}

}  // namespace parallax::analyze_internal
