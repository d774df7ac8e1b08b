#include "text/words.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <cstdint>
#include <vector>

#include "text/utf8.h"

namespace parallax {
namespace {

// Word_Break classes, reduced to what the rules below distinguish.
enum Cls : std::uint8_t {
  kSpace,      // white space: no token
  kLetter,     // ALetter, Katakana
  kHebrew,     // Hebrew_Letter: a letter, with two rules of its own
  kDigit,      // Numeric
  kJoin,       // ExtendNumLet ("_"): joins letters and digits on both sides
  kMidLetter,  // MidLetter (":" "·"): between two letters only
  kMidNum,     // MidNum ("," ";"): between two digits only
  kMidBoth,    // MidNumLet and Single_Quote ("." "'" "’"): either
  kExtend,     // Extend, Format, ZWJ: attaches to what precedes it
  kOther,      // punctuation, symbols: one token each
  kDictionary  // scripts segmented with a dictionary: hand over to ICU
};

Cls Classify(char32_t cp) {
  // U+202F (narrow no-break space) is a white space but an ExtendNumLet for
  // the word rules: it joins like "_".
  if (u_getIntPropertyValue(cp, UCHAR_WORD_BREAK) == U_WB_EXTENDNUMLET) return kJoin;
  if (u_isUWhiteSpace(cp)) return kSpace;
  // ICU's word rules (which Tokenize follows) count "@" as a letter, so
  // e-mail addresses and handles stay whole, and take the colon out of
  // MidLetter ("og:title" is three tokens).
  if (cp == '@') return kLetter;
  if (cp == ':' || cp == 0xFE55 || cp == 0xFF1A) return kOther;
  if (u_hasBinaryProperty(cp, UCHAR_IDEOGRAPHIC) ||
      u_getIntPropertyValue(cp, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT) {
    return kDictionary;
  }
  const int script = u_getIntPropertyValue(cp, UCHAR_SCRIPT);
  // Kana, and Hangul, whose syllables ICU joins only with each other: left
  // to ICU as well.
  if (script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA || script == USCRIPT_HANGUL) return kDictionary;
  switch (u_getIntPropertyValue(cp, UCHAR_WORD_BREAK)) {
    case U_WB_ALETTER:
    case U_WB_KATAKANA:
      return kLetter;
    case U_WB_HEBREW_LETTER:
      return kHebrew;
    case U_WB_NUMERIC:
      return kDigit;
    case U_WB_EXTENDNUMLET:
      return kJoin;
    case U_WB_MIDLETTER:
      return kMidLetter;
    case U_WB_MIDNUM:
      return kMidNum;
    case U_WB_MIDNUMLET:
    case U_WB_SINGLE_QUOTE:
      return kMidBoth;
    case U_WB_EXTEND:
    case U_WB_FORMAT:
    case U_WB_ZWJ:
      return kExtend;
    default:
      return kOther;
  }
}

// Classify for the Basic Multilingual Plane, computed once (about 5 ms):
// the property lookups cost more than the rest of the scan.
const std::vector<Cls>& BmpClasses() {
  static const std::vector<Cls> table = [] {
    std::vector<Cls> t(0x10000);
    for (char32_t c = 0; c < 0x10000; ++c) t[c] = Classify(c);
    return t;
  }();
  return table;
}

struct Cursor {
  std::string_view text;
  const std::vector<Cls>& bmp;
  // The class of the code point at byte i and the byte after it.
  Cls At(std::size_t i, std::size_t* next) const {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      *next = i + 1;
      return bmp[c];
    }
    std::size_t j = i;
    const char32_t cp = DecodeUtf8(text, &j);
    *next = j;
    return cp < 0x10000 ? bmp[cp] : Classify(cp);
  }
  // Skips Extend/Format characters from byte i; returns the new position.
  std::size_t SkipExtend(std::size_t i) const {
    while (i < text.size()) {
      std::size_t next;
      if (At(i, &next) != kExtend) break;
      i = next;
    }
    return i;
  }
};

// The code point that ends just before byte i (i > 0).
char32_t PreviousCodePoint(std::string_view text, std::size_t i) {
  std::size_t j = i - 1;
  while (j > 0 && i - j < 4 && (static_cast<unsigned char>(text[j]) & 0xC0) == 0x80) --j;
  return DecodeUtf8(text, &j);
}

// Word_Break CR, LF and Newline: marks after them do not attach.
bool IsLineBreak(char32_t cp) {
  return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

bool IsRegionalIndicator(char32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }

// Whether the marks in text[from, to) end with a zero-width joiner.
bool EndsWithZwj(std::string_view text, std::size_t from, std::size_t to) {
  return to - from >= 3 && text.substr(to - 3, 3) == "\xE2\x80\x8D";
}

// From byte i: combining marks, and after a zero-width joiner among them
// an emoji with its own marks, and so on; returns where that run ends.
std::size_t SkipMarksAndJoined(std::string_view text, const Cursor& cur, std::size_t i, std::size_t n) {
  for (;;) {
    const std::size_t marks = i;
    i = cur.SkipExtend(i);
    if (i == marks || i >= n || !EndsWithZwj(text, marks, i)) return i;
    std::size_t k = i;
    if (!u_hasBinaryProperty(DecodeUtf8(text, &k), UCHAR_EXTENDED_PICTOGRAPHIC)) return i;
    i = k;
  }
}

// A segment without word status, as a punctuation token; one that starts
// with a white space (U+202F, which the word rules join like "_") is space,
// dropped like any other.
void PushUnlessSpace(std::string_view text, std::size_t start, std::size_t end, std::vector<Token>* out) {
  std::size_t k = start;
  if (u_isUWhiteSpace(DecodeUtf8(text, &k))) return;
  out->push_back({{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(end)}, TokenKind::kPunct});
}

// One token (or one white space) from byte i, for text whose bytes there
// and as far as the rules look ahead are ASCII: the rules of TokenizeFast
// with no marks, no Hebrew letters and no joiners to consider. Gives
// false, having written nothing, on meeting a byte that is not ASCII (the
// general path then takes the token from the start); otherwise sets *end.
bool AsciiStep(std::string_view text, std::size_t i, const std::vector<Cls>& bmp, std::vector<Token>* out,
               std::size_t* end) {
  const std::size_t n = text.size();
  auto cls = [&](std::size_t k) { return bmp[static_cast<unsigned char>(text[k])]; };
  auto ascii = [&](std::size_t k) { return static_cast<unsigned char>(text[k]) < 0x80; };
  const Cls c = cls(i);
  if (c == kSpace) {
    *end = i + 1;
    return true;
  }
  if (c != kLetter && c != kDigit && c != kJoin) {
    // A mark could attach to the punctuation: only a following ASCII byte
    // (or the end) rules one out.
    if (i + 1 < n && !ascii(i + 1)) return false;
    out->push_back({{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + 1)}, TokenKind::kPunct});
    *end = i + 1;
    return true;
  }
  const std::size_t start = i;
  Cls prev = kSpace, last = c;
  ++i;
  while (i < n) {
    if (!ascii(i)) return false;
    const Cls d = cls(i);
    if (d == kLetter || d == kDigit || d == kJoin) {
      prev = last;
      last = d;
      ++i;
      continue;
    }
    if (d != kMidLetter && d != kMidNum && d != kMidBoth) break;
    const std::size_t after = i + 1;
    if (after >= n) break;
    if (!ascii(after)) return false;
    const Cls e = cls(after);
    const bool between_letters = last == kLetter && e == kLetter && d != kMidNum;
    const bool between_digits = last == kDigit && e == kDigit && d != kMidLetter;
    if (!between_letters && !between_digits) break;
    prev = last;
    last = e;
    i = after + 1;
  }
  // "_" alone is punctuation; a number ends in a digit, or in "_" right
  // after one.
  const TokenKind kind = last == kJoin && prev == kSpace                  ? TokenKind::kPunct
                         : last == kDigit || (last == kJoin && prev == kDigit) ? TokenKind::kNumber
                                                                              : TokenKind::kWord;
  out->push_back({{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(i)}, kind});
  *end = i;
  return true;
}

}  // namespace

void TokenizeFast(std::string_view text, std::vector<Token>* out) {
  out->clear();
  const Cursor cur{text, BmpClasses()};
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    // Most of most news text is ASCII: a shorter path for it.
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      std::size_t end;
      if (AsciiStep(text, i, cur.bmp, out, &end)) {
        i = end;
        continue;
      }
    }
    std::size_t next;
    const Cls c = cur.At(i, &next);
    if (c == kDictionary) {
      *out = TokenizeIcu(text);
      return;
    }
    if (c == kSpace) {
      i = next;
      continue;
    }
    if (c == kExtend) {
      // Combining marks with nothing to attach to: after a space they
      // belong to it (dropped with it, and so is an emoji that a joiner
      // among them links on); at the start of the text or of a line, and
      // after another mark, they form a mark token.
      const std::size_t end = SkipMarksAndJoined(text, cur, i, n);
      if (!out->empty() && out->back().span.end == i) {
        out->back().span.end = static_cast<std::uint32_t>(end);
      } else if (i == 0 || IsLineBreak(PreviousCodePoint(text, i))) {
        out->push_back({{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end)}, TokenKind::kPunct});
      }
      i = end;
      continue;
    }
    if (c != kLetter && c != kHebrew && c != kDigit && c != kJoin) {
      // A punctuation mark or symbol with its marks; a pair of regional
      // indicators (a flag) and emoji joined by ZWJ stay one token.
      std::size_t j = i;
      const char32_t cp = DecodeUtf8(text, &j);
      std::size_t end = next;
      if (IsRegionalIndicator(cp)) {
        // Pairs, with any marks between them ignored.
        std::size_t k = cur.SkipExtend(next);
        if (k < n && IsRegionalIndicator(DecodeUtf8(text, &k))) end = k;
      }
      end = SkipMarksAndJoined(text, cur, end, n);
      out->push_back({{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end)}, TokenKind::kPunct});
      i = end;
      continue;
    }
    // A word: letters, digits and joiners, with single separators between
    // two letters or two digits.
    const std::size_t start = i;
    // ICU gives a word the status of the last rule that joined it: a
    // number when it ends in a digit ("mp3", "12_34") or in "_" right after
    // a digit ("1_"), a word otherwise ("3pm", "1__"); "_" alone is
    // punctuation.
    Cls prev = kSpace, last = c;
    std::size_t main_end = next;  // end of the last character joined, before its marks
    i = cur.SkipExtend(next);
    while (i < n) {
      const Cls d = cur.At(i, &next);
      if (d == kLetter || d == kHebrew || d == kDigit || d == kJoin) {
        // After a Hebrew letter's apostrophe (last == kMidBoth) only a
        // letter continues the word.
        if (last == kMidBoth && d != kLetter && d != kHebrew) break;
        prev = last;
        last = d;
        main_end = next;
        i = cur.SkipExtend(next);
        continue;
      }
      if (last == kHebrew && text[i] == '\'') {
        // A Hebrew letter keeps a following apostrophe (a geresh).
        prev = last;
        last = kMidBoth;
        main_end = next;
        i = cur.SkipExtend(next);
        continue;
      }
      if (last == kHebrew && text[i] == '"') {
        // ... and a double quote between two Hebrew letters (a gershayim).
        const std::size_t after = cur.SkipExtend(next);
        std::size_t next2;
        if (after >= n || cur.At(after, &next2) != kHebrew) break;
        prev = last;
        main_end = next2;
        i = cur.SkipExtend(next2);
        continue;
      }
      if (d != kMidLetter && d != kMidNum && d != kMidBoth) break;
      const std::size_t after = cur.SkipExtend(next);
      if (after >= n) break;
      std::size_t next2;
      const Cls e = cur.At(after, &next2);
      const bool between_letters =
          (last == kLetter || last == kHebrew) && (e == kLetter || e == kHebrew) && d != kMidNum;
      const bool between_digits = last == kDigit && e == kDigit && d != kMidLetter;
      if (!between_letters && !between_digits) break;
      prev = last;
      last = e;
      main_end = next2;
      i = cur.SkipExtend(next2);
    }
    // A zero-width joiner among the last marks takes an emoji after it
    // into the segment, and ICU then gives the segment no word status.
    if (i < n && EndsWithZwj(text, main_end, i)) {
      std::size_t k = i;
      if (u_hasBinaryProperty(DecodeUtf8(text, &k), UCHAR_EXTENDED_PICTOGRAPHIC)) {
        const std::size_t end = SkipMarksAndJoined(text, cur, k, n);
        PushUnlessSpace(text, start, end, out);
        i = end;
        continue;
      }
    }
    // A word that ends in "_" or in a Hebrew letter's apostrophe followed
    // by marks has no status in ICU either.
    const bool bare_join = (last == kJoin && prev == kSpace) || ((last == kJoin || last == kMidBoth) && i > main_end);
    if (bare_join) {
      PushUnlessSpace(text, start, i, out);
      continue;
    }
    out->push_back({{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(i)},
                    last == kDigit || (last == kJoin && prev == kDigit) ? TokenKind::kNumber : TokenKind::kWord});
  }
}

}  // namespace parallax
