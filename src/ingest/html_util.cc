#include "ingest/html_util.h"

#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace parallax::html_internal {

// ---------------------------------------------------------------------------
// Small string helpers.

bool IsAsciiSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Collapses runs of whitespace (ASCII and U+00A0) to one space and trims.
std::string CollapseSpace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool space = IsAsciiSpace(c);
    if (!space && c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      space = true;
      ++i;
    }
    if (space) {
      pending = !out.empty();
      continue;
    }
    if (pending) out.push_back(' ');
    pending = false;
    out.push_back(static_cast<char>(c));
  }
  return out;
}

// Code points, not bytes: scores must not favour scripts with long encodings.
std::size_t Utf8Length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::size_t CountCommas(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ',') ++n;
    // U+FF0C fullwidth comma, U+3001 ideographic comma, U+060C Arabic comma.
    if (s.compare(i, 3, "\xEF\xBC\x8C") == 0 || s.compare(i, 3, "\xE3\x80\x81") == 0 ||
        s.compare(i, 2, "\xD8\x8C") == 0) {
      ++n;
    }
  }
  return n;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// ---------------------------------------------------------------------------
// DOM helpers.

const char* Attr(const HtmlNode* node, const char* name) {
  return node->IsElement() ? node->Attribute(name) : nullptr;
}

std::string AttrStr(const HtmlNode* node, const char* name) {
  const char* v = Attr(node, name);
  return v ? std::string(v) : std::string();
}

// Concatenated text of a subtree (depth-limited), whitespace collapsed.
void AppendRawText(const HtmlNode* node, int depth, std::string& out) {
  if (depth > kMaxDepth) return;
  if (node->IsText()) {
    out += node->text;
    return;
  }
  ForEachChild(node, [&](const HtmlNode* c) { AppendRawText(c, depth + 1, out); });
}

std::string NodeText(const HtmlNode* node) {
  std::string raw;
  AppendRawText(node, 0, raw);
  return CollapseSpace(raw);
}

bool IsInlineTag(HtmlTag t) {
  switch (t) {
    case HtmlTag::kA:
    case HtmlTag::kAbbr:
    case HtmlTag::kAcronym:
    case HtmlTag::kB:
    case HtmlTag::kBdi:
    case HtmlTag::kBdo:
    case HtmlTag::kBig:
    case HtmlTag::kCite:
    case HtmlTag::kCode:
    case HtmlTag::kData:
    case HtmlTag::kDel:
    case HtmlTag::kDfn:
    case HtmlTag::kEm:
    case HtmlTag::kFont:
    case HtmlTag::kI:
    case HtmlTag::kImg:
    case HtmlTag::kIns:
    case HtmlTag::kKbd:
    case HtmlTag::kLabel:
    case HtmlTag::kMark:
    case HtmlTag::kNobr:
    case HtmlTag::kQ:
    case HtmlTag::kS:
    case HtmlTag::kSamp:
    case HtmlTag::kSmall:
    case HtmlTag::kSpan:
    case HtmlTag::kStrike:
    case HtmlTag::kStrong:
    case HtmlTag::kSub:
    case HtmlTag::kSup:
    case HtmlTag::kTime:
    case HtmlTag::kTt:
    case HtmlTag::kU:
    case HtmlTag::kVar:
    case HtmlTag::kWbr:
    case HtmlTag::kUnknown:  // custom elements are usually inline wrappers
      return true;
    default:
      return false;
  }
}

// Tags whose whole subtree is never article text.
bool IsAlwaysJunkTag(HtmlTag t) {
  switch (t) {
    case HtmlTag::kHead:
    case HtmlTag::kScript:
    case HtmlTag::kStyle:
    case HtmlTag::kNoscript:
    case HtmlTag::kTemplate:
    case HtmlTag::kSvg:
    case HtmlTag::kMath:
    case HtmlTag::kIframe:
    case HtmlTag::kObject:
    case HtmlTag::kEmbed:
    case HtmlTag::kCanvas:
    case HtmlTag::kVideo:
    case HtmlTag::kAudio:
    case HtmlTag::kMap:
    case HtmlTag::kButton:
    case HtmlTag::kSelect:
    case HtmlTag::kTextarea:
    case HtmlTag::kInput:
    case HtmlTag::kNav:
    case HtmlTag::kFooter:
    case HtmlTag::kAside:
    case HtmlTag::kFigure:
    case HtmlTag::kFigcaption:
    case HtmlTag::kMenu:
      return true;
    default:
      return false;
  }
}

// Splits class/id values into lowercase word tokens: "relatedPosts
// share-bar" -> related posts share bar. Words, not substrings, so that
// "shadow" or "header" never read as "ad".
std::vector<std::string> NameTokens(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(std::move(cur));
    cur.clear();
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isalnum(c) == 0) {
      flush();
      continue;
    }
    // camelCase boundary.
    if (std::isupper(c) != 0 && i > 0 && std::islower(static_cast<unsigned char>(s[i - 1])) != 0) {
      flush();
    }
    cur.push_back(static_cast<char>(std::tolower(c)));
  }
  flush();
  return out;
}

bool IsArticleBodyMarker(const HtmlNode* node) {
  const char* ip = Attr(node, "itemprop");
  return ip != nullptr && Lower(ip).find("articlebody") != std::string::npos;
}

bool IsAncestorOrSelf(const HtmlNode* anc, const HtmlNode* node) {
  for (int i = 0; node != nullptr && i <= kMaxDepth + 2; ++i, node = node->parent) {
    if (node == anc) return true;
  }
  return false;
}

}  // namespace parallax::html_internal
