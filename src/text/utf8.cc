#include "text/utf8.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>

namespace parallax {

bool IsValidUtf8(std::string_view s, std::size_t* bad_offset) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  while (i < n) {
    // Eight ASCII bytes at a time: most of a page, even in other scripts, is markup.
    if (i + 8 <= n) {
      std::uint64_t word;
      std::memcpy(&word, p + i, 8);
      if ((word & 0x8080808080808080ull) == 0) { i += 8; continue; }
    }
    unsigned char c = p[i];
    if (c < 0x80) { ++i; continue; }
    std::size_t len;
    char32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else { if (bad_offset) *bad_offset = i; return false; }
    if (i + len > n) { if (bad_offset) *bad_offset = i; return false; }
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) { if (bad_offset) *bad_offset = i; return false; }
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and out-of-range code points are invalid.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

bool LooksBinary(std::string_view s) {
  const std::size_t n = std::min<std::size_t>(s.size(), 65536);
  if (n == 0) return false;
  std::size_t control = 0;
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
  }
  return control * 10 > n;
}

std::string NormalizeNfc(std::string_view s) {
  // Fast path: ASCII is always NFC.
  bool ascii = true;
  for (unsigned char c : s) if (c >= 0x80) { ascii = false; break; }
  if (ascii) return std::string(s);
  // ICU builds the instance once, behind its own atomics; fetching it
  // through a function-local static also makes that one-time
  // initialisation visible to ThreadSanitizer (ICU is not instrumented).
  static const icu::Normalizer2* const nfc = [] {
    UErrorCode init = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(init);
    return U_FAILURE(init) ? nullptr : n;
  }();
  if (!nfc) return std::string(s);
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (nfc->isNormalized(in, status) && U_SUCCESS(status)) return std::string(s);
  status = U_ZERO_ERROR;
  icu::UnicodeString out = nfc->normalize(in, status);
  if (U_FAILURE(status)) return std::string(s);
  std::string result;
  out.toUTF8String(result);
  return result;
}

void AppendUtf8(std::string* out, char32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

char32_t DecodeUtf8(std::string_view s, std::size_t* i) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  unsigned char c = p[*i];
  if (c < 0x80) { ++*i; return c; }
  std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || *i + len > n) { ++*i; return 0xFFFD; }
  char32_t cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    if ((p[*i + k] & 0xC0) != 0x80) { ++*i; return 0xFFFD; }
    cp = (cp << 6) | (p[*i + k] & 0x3F);
  }
  *i += len;
  return cp;
}

namespace {

struct NamedEntity { const char* name; char32_t cp; };
// The references that occur in scraped news; real pages go through the HTML
// reader, whose parser (libxml2) knows the HTML 4 table.
constexpr NamedEntity kEntities[] = {
    {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", 0xA0},
    {"mdash", 0x2014}, {"ndash", 0x2013}, {"hellip", 0x2026}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
    {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"laquo", 0xAB}, {"raquo", 0xBB}, {"bull", 0x2022},
    {"middot", 0xB7}, {"copy", 0xA9}, {"reg", 0xAE}, {"trade", 0x2122}, {"euro", 0x20AC},
    {"pound", 0xA3}, {"yen", 0xA5}, {"cent", 0xA2}, {"deg", 0xB0}, {"eacute", 0xE9},
    {"egrave", 0xE8}, {"ecirc", 0xEA}, {"aacute", 0xE1}, {"agrave", 0xE0}, {"acirc", 0xE2},
    {"iacute", 0xED}, {"oacute", 0xF3}, {"ocirc", 0xF4}, {"uacute", 0xFA}, {"uuml", 0xFC},
    {"ouml", 0xF6}, {"auml", 0xE4}, {"ccedil", 0xE7}, {"ntilde", 0xF1}, {"szlig", 0xDF},
    {"thinsp", 0x2009}, {"ensp", 0x2002}, {"emsp", 0x2003}, {"zwj", 0x200D}, {"zwnj", 0x200C},
    {"shy", 0xAD}, {"times", 0xD7}, {"frac12", 0xBD}, {"sect", 0xA7}, {"para", 0xB6},
};

}  // namespace

std::string DecodeHtmlEntities(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '&') { out.push_back(s[i++]); continue; }
    std::size_t semi = s.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 12) { out.push_back(s[i++]); continue; }
    std::string_view ref = s.substr(i + 1, semi - i - 1);
    char32_t cp = 0;
    bool ok = false;
    if (!ref.empty() && ref[0] == '#') {
      std::size_t k = 1;
      int base = 10;
      if (k < ref.size() && (ref[k] == 'x' || ref[k] == 'X')) { base = 16; ++k; }
      if (k < ref.size()) {
        ok = true;
        for (; k < ref.size(); ++k) {
          char c = ref[k];
          int d = (c >= '0' && c <= '9') ? c - '0'
                  : (base == 16 && c >= 'a' && c <= 'f') ? c - 'a' + 10
                  : (base == 16 && c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
          if (d < 0) { ok = false; break; }
          cp = cp * base + d;
          if (cp > 0x10FFFF) { ok = false; break; }
        }
        if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) ok = false;
      }
    } else {
      for (const auto& e : kEntities) {
        if (ref == e.name) { cp = e.cp; ok = true; break; }
      }
    }
    if (ok) {
      AppendUtf8(&out, cp);
      i = semi + 1;
    } else {
      out.push_back(s[i++]);
    }
  }
  return out;
}

namespace {
bool IsSpaceCp(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\f' || cp == '\v' || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}
bool IsDroppedCp(char32_t cp) {
  // Zero-width characters, BOM, soft hyphen and C0/C1 controls other than LF.
  return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF || cp == 0xAD ||
         (cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp < 0xA0);
}
}  // namespace

std::string NormalizeWhitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  bool line_start = true;
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    char32_t cp;
    std::size_t start = i;
    if (c < 0x80) { cp = c; ++i; } else { cp = DecodeUtf8(s, &i); }
    if (cp == '\r') {
      if (i < s.size() && s[i] == '\n') ++i;
      cp = '\n';
    }
    if (cp == '\n' || cp == 0x2028 || cp == 0x2029) {
      out.push_back('\n');
      pending_space = false;
      line_start = true;
      continue;
    }
    if (IsSpaceCp(cp)) { pending_space = true; continue; }
    if (IsDroppedCp(cp)) continue;
    if (pending_space && !line_start) out.push_back(' ');
    pending_space = false;
    line_start = false;
    out.append(s.substr(start, i - start));
  }
  return out;
}

}  // namespace parallax
