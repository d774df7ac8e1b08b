#include "ingest/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <vector>


namespace parallax {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The value after "charset=" in s (lower-cased), up to a quote, ';', space or '>'.
std::string CharsetAfter(std::string_view lower, std::size_t at) {
  std::size_t p = at + 8;  // strlen("charset=")
  while (p < lower.size() && (lower[p] == ' ' || lower[p] == '"' || lower[p] == '\'')) ++p;
  std::size_t e = p;
  while (e < lower.size() && (std::isalnum(static_cast<unsigned char>(lower[e])) || lower[e] == '-' ||
                              lower[e] == '_' || lower[e] == '.' || lower[e] == ':')) {
    ++e;
  }
  return std::string(lower.substr(p, e - p));
}

bool IsUtf8Label(const std::string& c) { return c.empty() || c == "utf-8" || c == "utf8" || c == "unicode-1-1-utf-8"; }

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

}  // namespace

std::string CharsetFromContentType(std::string_view content_type) {
  std::string lower = Lower(content_type);
  std::size_t at = lower.find("charset=");
  if (at == std::string::npos) return "";
  return CharsetAfter(lower, at);
}

std::string CharsetFromHtml(std::string_view html) {
  std::string lower = Lower(html.substr(0, 4096));
  std::size_t pos = 0;
  while ((pos = lower.find("<meta", pos)) != std::string::npos) {
    std::size_t end = lower.find('>', pos);
    if (end == std::string::npos) break;
    std::string_view tag = std::string_view(lower).substr(pos, end - pos);
    if (std::size_t at = tag.find("charset="); at != std::string_view::npos) {
      std::string c = CharsetAfter(tag, at);
      if (!c.empty()) return c;
    }
    pos = end;
  }
  return "";
}

Result<std::string> ConvertToUtf8(std::string_view bytes, std::string charset) {
  charset = Lower(charset);
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") return std::string(bytes.substr(3));
  if (bytes.substr(0, 2) == "\xFF\xFE") charset = "utf-16le";
  else if (bytes.substr(0, 2) == "\xFE\xFF") charset = "utf-16be";
  if (IsUtf8Label(charset)) return std::string(bytes);
  // Browsers read these labels as windows-1252 (WHATWG Encoding).
  if (charset == "iso-8859-1" || charset == "latin1" || charset == "us-ascii" || charset == "ascii" ||
      charset == "iso8859-1" || charset == "l1") {
    charset = "windows-1252";
  }
  if (bytes.size() > 0x3fffffff) return Status(StatusCode::kTooLarge, "page too large to convert");
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open(charset.c_str(), &err));
  if (U_FAILURE(err) || !conv) return InvalidInput("unknown charset \"" + charset + "\"");
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
  std::vector<UChar> u(bytes.size() * 2 + 16);
  UChar* target = u.data();
  const char* source = bytes.data();
  err = U_ZERO_ERROR;
  ucnv_toUnicode(conv.get(), &target, u.data() + u.size(), &source, bytes.data() + bytes.size(), nullptr, true, &err);
  if (U_FAILURE(err)) {
    if (err == U_ILLEGAL_CHAR_FOUND || err == U_INVALID_CHAR_FOUND || err == U_TRUNCATED_CHAR_FOUND) {
      // `source` stops just after the offending bytes.
      char bad[8];
      int8_t len = sizeof(bad);
      UErrorCode e2 = U_ZERO_ERROR;
      ucnv_getInvalidChars(conv.get(), bad, &len, &e2);
      std::size_t at = static_cast<std::size_t>(source - bytes.data()) - (U_SUCCESS(e2) ? len : 0);
      return InvalidInput("invalid bytes for charset " + charset + " at byte " + std::to_string(at));
    }
    return InvalidInput(std::string("cannot convert from ") + charset + ": " + u_errorName(err));
  }
  int32_t ulen = static_cast<int32_t>(target - u.data());
  int32_t need = 0;
  err = U_ZERO_ERROR;
  u_strToUTF8(nullptr, 0, &need, u.data(), ulen, &err);
  std::string out(static_cast<std::size_t>(need), '\0');
  err = U_ZERO_ERROR;
  u_strToUTF8(out.data(), need, nullptr, u.data(), ulen, &err);
  if (U_FAILURE(err) && err != U_STRING_NOT_TERMINATED_WARNING) {
    return InvalidInput(std::string("cannot convert from ") + charset + ": " + u_errorName(err));
  }
  return out;
}

Result<std::string> HtmlToUtf8(std::string_view bytes, std::string_view http_content_type) {
  std::string charset = CharsetFromContentType(http_content_type);
  if (charset.empty()) charset = CharsetFromHtml(bytes);
  return ConvertToUtf8(bytes, charset);
}

std::string DetectCharset(std::string_view bytes, int* confidence) {
  *confidence = 0;
  UErrorCode err = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&err);
  if (U_FAILURE(err) || det == nullptr) return "";
  // The first 64 KiB are plenty for byte statistics.
  const std::size_t n = std::min<std::size_t>(bytes.size(), 64u << 10);
  ucsdet_setText(det, bytes.data(), static_cast<int32_t>(n), &err);
  const UCharsetMatch* m = U_SUCCESS(err) ? ucsdet_detect(det, &err) : nullptr;
  std::string name;
  if (U_SUCCESS(err) && m != nullptr) {
    const char* nm = ucsdet_getName(m, &err);
    if (U_SUCCESS(err) && nm != nullptr) name = nm;
    *confidence = ucsdet_getConfidence(m, &err);
  }
  ucsdet_close(det);
  return name;
}

}  // namespace parallax
