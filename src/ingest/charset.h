#pragma once
// Character sets of web pages: which one a page declares, and conversion to
// UTF-8 with ICU (ucnv).

#include <string>
#include <string_view>

#include "core/status.h"

namespace parallax {

// The charset parameter of a Content-Type value ("text/html; charset=ISO-8859-1"
// -> "iso-8859-1"), lower-cased and unquoted; "" when absent.
std::string CharsetFromContentType(std::string_view content_type);

// The charset an HTML page declares in its first 4 KiB: <meta charset=...>
// or <meta http-equiv="Content-Type" content="...; charset=...">; "" when none.
std::string CharsetFromHtml(std::string_view html);

// Converts `bytes` in `charset` to UTF-8. A byte-order mark wins over the
// declared charset; "" or a UTF-8 label returns the bytes unchanged (the
// caller validates them); "iso-8859-1" and "us-ascii" are read as
// windows-1252, as browsers do. Fails on an unknown charset or on bytes that
// are invalid in it (naming the charset and the byte offset); never throws.
Result<std::string> ConvertToUtf8(std::string_view bytes, std::string charset);

// The bytes of a page as UTF-8: charset from a byte-order mark, else the HTTP
// Content-Type (may be ""), else the page's <meta>, else UTF-8 (left to the
// caller to validate).
Result<std::string> HtmlToUtf8(std::string_view bytes, std::string_view http_content_type);

// The charset of text that is not UTF-8, guessed by ICU's detector (ucsdet)
// from byte statistics: its name ("ISO-8859-1", "windows-1252",
// "Shift_JIS" ...) and confidence (0-100); "" when ICU has no guess.
std::string DetectCharset(std::string_view bytes, int* confidence);

}  // namespace parallax
