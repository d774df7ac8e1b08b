#pragma once
// A small read-only HTML DOM for the extractor (ingest-internal).
//
//   Result<HtmlDom> dom = HtmlDom::Parse(page_bytes);
//   for (const HtmlNode* c = dom->document()->first_child; c; c = c->next_sibling) ...
//
// The page is parsed by libxml2's HTML parser (error recovery, entities
// decoded, implied <html>/<head>/<body> added, unclosed elements closed) and
// its SAX events build this tree directly: no libxml2 tree is made, and the
// whole DOM lives in one arena that is released in a few frees, whatever the
// nesting depth. Comments, processing instructions and doctypes are dropped;
// adjacent text is merged into one text node. Before parsing, comments,
// <style> bodies and <script> bodies are cut from the bytes (they are never
// text, and half of a typical news page), except JSON-LD scripts (a start
// tag saying "ld+json"), which stay as the script's text child. Entity
// references: numeric ones and HTML 4's names are decoded by libxml2, and
// the legacy names HTML5 also reads without a ';' in text ("&copy 2024",
// "&amp") are rewritten as numeric references first; names HTML5 added
// ("&check;") stay as written.
//
// Budget: parsing stops at the first element nested 1000 deep; the DOM
// then holds the page up to that point.
//
// Input is taken as UTF-8 whatever the page declares (the readers convert
// charsets first); invalid UTF-8 bytes become U+FFFD before parsing, so one
// bad byte cannot make the parser re-read the page as Latin-1.
//
// Names of elements and attributes are lowercase. Tags the extractor tests
// have their own HtmlTag; other HTML elements are kOther; names HTML does
// not define (custom elements, SVG children) are kUnknown.
//
// Thread safety: Parse may be called from several threads at once; an
// HtmlDom is immutable after Parse and may be read from several threads.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace parallax {

enum class HtmlTag : std::uint8_t {
  kUnknown,  // not an HTML element name (custom elements, SVG/MathML children)
  kOther,    // an HTML element the extractor does not name below
  kA,
  kAbbr,
  kAcronym,
  kArticle,
  kAside,
  kAudio,
  kB,
  kBdi,
  kBdo,
  kBig,
  kBody,
  kBr,
  kButton,
  kCanvas,
  kCite,
  kCode,
  kData,
  kDel,
  kDfn,
  kEm,
  kEmbed,
  kFigcaption,
  kFigure,
  kFont,
  kFooter,
  kForm,
  kH1,
  kHeading,  // h2 to h6
  kHead,
  kHeader,
  kHtml,
  kI,
  kIframe,
  kImg,
  kInput,
  kIns,
  kKbd,
  kLabel,
  kLi,
  kLink,
  kMain,
  kMap,
  kMark,
  kMath,
  kMenu,
  kMeta,
  kNav,
  kNobr,
  kNoscript,
  kObject,
  kP,
  kQ,
  kS,
  kSamp,
  kScript,
  kSelect,
  kSmall,
  kSpan,
  kStrike,
  kStrong,
  kStyle,
  kSub,
  kSup,
  kSvg,
  kTemplate,
  kTextarea,
  kTime,
  kTitle,
  kTt,
  kU,
  kVar,
  kVideo,
  kWbr,
};

struct HtmlAttribute {
  const char* name;   // lowercase, NUL-terminated
  const char* value;  // entities decoded, NUL-terminated; "" when written without a value
};

struct HtmlNode {
  enum class Kind : std::uint8_t { kDocument, kElement, kText };
  Kind kind = Kind::kElement;
  HtmlTag tag = HtmlTag::kUnknown;  // kUnknown for the document and text
  std::uint32_t attribute_count = 0;
  const HtmlAttribute* attributes = nullptr;
  HtmlNode* parent = nullptr;  // nullptr only for the document
  HtmlNode* first_child = nullptr;
  HtmlNode* last_child = nullptr;
  HtmlNode* next_sibling = nullptr;
  std::string_view text;  // kText only; UTF-8, as written (entities decoded)

  bool IsElement() const { return kind == Kind::kElement; }
  bool IsText() const { return kind == Kind::kText; }
  // The value of attribute `name` (lowercase), or nullptr when absent. The
  // first of repeated attributes wins.
  const char* Attribute(std::string_view name) const;
};

class HtmlDom {
 public:
  // Parses `html` (any bytes; see the header comment). Fails only when the
  // parser cannot be set up (kInternal) or the input is over 2 GiB
  // (kTooLarge); callers apply their own, smaller budgets first.
  static Result<HtmlDom> Parse(std::string_view html);

  HtmlDom(HtmlDom&&) noexcept;
  HtmlDom& operator=(HtmlDom&&) noexcept;
  ~HtmlDom();

  const HtmlNode* document() const { return document_; }

 private:
  class Arena;
  class Builder;
  HtmlDom();
  std::unique_ptr<Arena> arena_;
  HtmlNode* document_ = nullptr;
};

}  // namespace parallax
