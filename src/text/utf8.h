#pragma once
// UTF-8 checks and Unicode normalisation (ICU).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace parallax {

// ASCII-only character tests and lower-casing, without the C locale's
// function calls (the same results in the "C" locale), for hot loops.
inline bool AsciiAlpha(unsigned char c) { return static_cast<unsigned char>((c | 0x20) - 'a') < 26; }
inline bool AsciiDigit(unsigned char c) { return static_cast<unsigned char>(c - '0') < 10; }
inline bool AsciiAlnum(unsigned char c) { return AsciiAlpha(c) || AsciiDigit(c); }
inline char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

// The fields of `line` between `sep` characters (views into it; an empty
// line is one empty field), for the tab-separated model files.
inline std::vector<std::string_view> SplitFields(std::string_view line, char sep) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0;;) {
    const std::size_t at = line.find(sep, start);
    out.push_back(line.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

// True when `s` is well-formed UTF-8. On failure *bad_offset (if given) is
// the byte offset of the first invalid sequence.
bool IsValidUtf8(std::string_view s, std::size_t* bad_offset = nullptr);

// The largest code point boundary at or before `pos` (s.size() when pos is
// past the end): where a byte budget may cut `s` without splitting a
// character.
inline std::size_t Utf8Floor(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return s.size();
  while (pos > 0 && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

// True when `s` looks like binary data rather than text: a NUL byte, or more
// than 10% control characters other than tab, newline and carriage return
// in the first 64 KiB.
bool LooksBinary(std::string_view s);

// NFC normalisation. Input must be valid UTF-8; on any ICU failure the input
// is returned unchanged.
std::string NormalizeNfc(std::string_view s);

// Decodes HTML character references (&amp; &#8217; &#x2019; &nbsp; and the
// common named ones). Unknown references are kept as they are.
std::string DecodeHtmlEntities(std::string_view s);

// Per line: Unicode spaces (no-break, thin, ideographic ...) and tabs become
// plain spaces, runs of spaces collapse to one, lines are trimmed, zero-width
// characters and other control characters are dropped, CR/CRLF become LF.
std::string NormalizeWhitespace(std::string_view s);

// Appends the UTF-8 encoding of a code point.
void AppendUtf8(std::string* out, char32_t cp);

// Decodes one code point at s[i]; advances i. Invalid bytes decode as U+FFFD
// and advance by one byte.
char32_t DecodeUtf8(std::string_view s, std::size_t* i);

}  // namespace parallax
