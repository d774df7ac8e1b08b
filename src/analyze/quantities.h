// The figures a news sentence gives and what each counts (src/analyze/
// conflicts.cc compares them across outlets):
//
//   for (const Quantity& q : FindQuantities("Police said 12 people were injured."))
//     // q.kind == "injured", q.lo == q.hi == 12
//
// Contract: a figure that is a date, time, age, score, counter, multiplier,
// difference or part of a named total is not a quantity; qualifiers ("at
// least", "about", "more than") make ranges; miles, metres and feet become
// km; a percentage after a verb of change is a signed "percent change".
// Never throws; any UTF-8 (or not) input gives some, possibly empty, list.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace parallax::analyze_internal {

// What one figure counts, and its value as a closed range (in km for
// distances).
struct Quantity {
  std::string kind;  // "injured", "dead", "km", "money:$", "percent", "count:state", ...
  std::string noun;  // the counted noun when it is not generic ("officer"), else empty
  double lo = 0;
  double hi = 0;
  bool converted = false;  // from another unit (miles, metres, feet)
  // Half a unit of the last written digit of a large or scaled figure
  // ("1.4 trillion": 0.05 trillion; "500,000": 50,000), 0 for others: a
  // rounded figure stands for every value that rounds to it.
  double rounding = 0;
  // The sentence narrows the measure ("excluding food and energy", "core",
  // "seasonally adjusted"): another quantity than the headline figure.
  bool restricted = false;
  Span span;               // bytes of the number in the sentence
};


// The figures of `sentence`, in order.
std::vector<Quantity> FindQuantities(std::string_view sentence);

// Every number in `s`, in digits or words (for the part and sum tests).
std::vector<double> RawNumbers(std::string_view s);

// A count of people an event affects: dead, injured, arrested, missing, evacuated.
bool IsEventKind(std::string_view kind);

}  // namespace parallax::analyze_internal
