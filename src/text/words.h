#pragma once
// Fast word segmentation: the tokens of ICU's word break iterator
// (TokenizeIcu in segment.h) without the iterator. Tokenize uses it.
//
// The Unicode word-boundary rules (UAX #29) that matter for text written
// with spaces are applied directly to each code point's Word_Break
// property: letters and digits join ("3pm"), an apostrophe, period or colon
// between two letters joins them ("don't", "U.S"), a comma, period or
// apostrophe between two digits joins them ("1,200", "3.5"), combining
// marks and format characters stay with the character before them, and
// every other non-space character is a punctuation token of its own.
// Text that needs a dictionary to find its words (Chinese, Japanese, Thai,
// Lao, Khmer, Myanmar), and Korean, goes to TokenizeIcu itself, so the result is always
// TokenizeIcu's; tests/text_test.cc checks the two agree on real news text
// (and they agreed on all 64.5 million tokens of the 1M-article benchmark
// corpus of bench/scale.sh); fuzz/tokenize_fuzz.cc compares them on any
// valid UTF-8 (5.7 million libFuzzer inputs without a difference).
//
// About three times faster than ICU on English news (184 vs 53 MB/s on
// one core, bench/text_bench.cc).

#include <string_view>
#include <vector>

#include "text/segment.h"

namespace parallax {

// Replaces *out with the tokens of `text` (the same spans and kinds as
// TokenizeIcu). Reusing one vector across calls avoids allocation.
void TokenizeFast(std::string_view text, std::vector<Token>* out);

}  // namespace parallax
