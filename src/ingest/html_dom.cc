#include "ingest/html_dom.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <mutex>
#include <new>
#include <string>
#include <unordered_map>
#include <utility>

#include "text/utf8.h"

namespace parallax {

// Bump allocator: nodes, attributes and strings of one DOM. Everything in it
// is trivially destructible, so releasing it is one free per block.
class HtmlDom::Arena {
 public:
  void* Allocate(std::size_t size, std::size_t align) {
    std::size_t at = (used_ + align - 1) & ~(align - 1);
    if (blocks_.empty() || at + size > capacity_) {
      capacity_ = std::max(kBlockSize, size);
      blocks_.push_back(std::make_unique<std::byte[]>(capacity_));
      at = 0;
    }
    used_ = at + size;
    return blocks_.back().get() + at;
  }

  template <typename T>
  T* New() {
    return new (Allocate(sizeof(T), alignof(T))) T();
  }

  const char* Copy(std::string_view s) {
    char* p = static_cast<char*>(Allocate(s.size() + 1, 1));
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
  }

 private:
  static constexpr std::size_t kBlockSize = std::size_t{64} << 10;
  std::vector<std::unique_ptr<std::byte[]>> blocks_;
  std::size_t capacity_ = 0;
  std::size_t used_ = 0;
};

const char* HtmlNode::Attribute(std::string_view name) const {
  for (std::uint32_t i = 0; i < attribute_count; ++i) {
    if (name == attributes[i].name) return attributes[i].value;
  }
  return nullptr;
}

namespace {

// Open elements at which parsing stops (see StartElement); the extractor
// reads only to depth 500.
constexpr int kMaxParseDepth = 1000;

HtmlTag LookupTag(std::string_view name) {
  // Every element name HTML defines (the same set gumbo knows): the
  // extractor treats an unknown name as an inline wrapper, a known one that
  // it does not list as a block.
  static const std::unordered_map<std::string_view, HtmlTag> kTags = [] {
    std::unordered_map<std::string_view, HtmlTag> m;
    for (const char* n : {"base",
                          "section",
                          "hgroup",
                          "address",
                          "hr",
                          "pre",
                          "blockquote",
                          "ol",
                          "ul",
                          "dl",
                          "dt",
                          "dd",
                          "div",
                          "ruby",
                          "rt",
                          "rp",
                          "rb",
                          "rtc",
                          "image",
                          "param",
                          "source",
                          "track",
                          "area",
                          "mi",
                          "mo",
                          "mn",
                          "ms",
                          "mtext",
                          "mglyph",
                          "malignmark",
                          "annotation-xml",
                          "foreignobject",
                          "desc",
                          "table",
                          "caption",
                          "colgroup",
                          "col",
                          "tbody",
                          "thead",
                          "tfoot",
                          "tr",
                          "td",
                          "th",
                          "fieldset",
                          "legend",
                          "datalist",
                          "optgroup",
                          "option",
                          "keygen",
                          "output",
                          "progress",
                          "meter",
                          "details",
                          "summary",
                          "menuitem",
                          "applet",
                          "bgsound",
                          "dir",
                          "frame",
                          "frameset",
                          "noframes",
                          "isindex",
                          "listing",
                          "xmp",
                          "nextid",
                          "noembed",
                          "plaintext",
                          "basefont",
                          "blink",
                          "center",
                          "marquee",
                          "multicol",
                          "spacer"}) {
      m.emplace(n, HtmlTag::kOther);
    }
    const std::pair<const char*, HtmlTag> named[] = {
        {"a", HtmlTag::kA},
        {"abbr", HtmlTag::kAbbr},
        {"acronym", HtmlTag::kAcronym},
        {"article", HtmlTag::kArticle},
        {"aside", HtmlTag::kAside},
        {"audio", HtmlTag::kAudio},
        {"b", HtmlTag::kB},
        {"bdi", HtmlTag::kBdi},
        {"bdo", HtmlTag::kBdo},
        {"big", HtmlTag::kBig},
        {"body", HtmlTag::kBody},
        {"br", HtmlTag::kBr},
        {"button", HtmlTag::kButton},
        {"canvas", HtmlTag::kCanvas},
        {"cite", HtmlTag::kCite},
        {"code", HtmlTag::kCode},
        {"data", HtmlTag::kData},
        {"del", HtmlTag::kDel},
        {"dfn", HtmlTag::kDfn},
        {"em", HtmlTag::kEm},
        {"embed", HtmlTag::kEmbed},
        {"figcaption", HtmlTag::kFigcaption},
        {"figure", HtmlTag::kFigure},
        {"font", HtmlTag::kFont},
        {"footer", HtmlTag::kFooter},
        {"form", HtmlTag::kForm},
        {"h1", HtmlTag::kH1},
        {"h2", HtmlTag::kHeading},
        {"h3", HtmlTag::kHeading},
        {"h4", HtmlTag::kHeading},
        {"h5", HtmlTag::kHeading},
        {"h6", HtmlTag::kHeading},
        {"head", HtmlTag::kHead},
        {"header", HtmlTag::kHeader},
        {"html", HtmlTag::kHtml},
        {"i", HtmlTag::kI},
        {"iframe", HtmlTag::kIframe},
        {"img", HtmlTag::kImg},
        {"input", HtmlTag::kInput},
        {"ins", HtmlTag::kIns},
        {"kbd", HtmlTag::kKbd},
        {"label", HtmlTag::kLabel},
        {"li", HtmlTag::kLi},
        {"link", HtmlTag::kLink},
        {"main", HtmlTag::kMain},
        {"map", HtmlTag::kMap},
        {"mark", HtmlTag::kMark},
        {"math", HtmlTag::kMath},
        {"menu", HtmlTag::kMenu},
        {"meta", HtmlTag::kMeta},
        {"nav", HtmlTag::kNav},
        {"nobr", HtmlTag::kNobr},
        {"noscript", HtmlTag::kNoscript},
        {"object", HtmlTag::kObject},
        {"p", HtmlTag::kP},
        {"q", HtmlTag::kQ},
        {"s", HtmlTag::kS},
        {"samp", HtmlTag::kSamp},
        {"script", HtmlTag::kScript},
        {"select", HtmlTag::kSelect},
        {"small", HtmlTag::kSmall},
        {"span", HtmlTag::kSpan},
        {"strike", HtmlTag::kStrike},
        {"strong", HtmlTag::kStrong},
        {"style", HtmlTag::kStyle},
        {"sub", HtmlTag::kSub},
        {"sup", HtmlTag::kSup},
        {"svg", HtmlTag::kSvg},
        {"template", HtmlTag::kTemplate},
        {"textarea", HtmlTag::kTextarea},
        {"time", HtmlTag::kTime},
        {"title", HtmlTag::kTitle},
        {"tt", HtmlTag::kTt},
        {"u", HtmlTag::kU},
        {"var", HtmlTag::kVar},
        {"video", HtmlTag::kVideo},
        {"wbr", HtmlTag::kWbr},
    };
    for (const auto& [n, t] : named) m.emplace(n, t);
    return m;
  }();
  auto it = kTags.find(name);
  return it == kTags.end() ? HtmlTag::kUnknown : it->second;
}

// Invalid UTF-8 bytes -> U+FFFD, one per byte. Returns false (and leaves
// `out` alone) when `in` is already valid, the common case.
bool RepairUtf8(std::string_view in, std::string* out) {
  std::size_t bad = 0;
  if (IsValidUtf8(in, &bad)) return false;
  out->clear();
  out->reserve(in.size() + 16);
  std::size_t pos = 0;
  while (true) {
    out->append(in.substr(pos, bad - pos));
    out->append("\xEF\xBF\xBD");
    pos = bad + 1;
    std::string_view rest = in.substr(pos);
    std::size_t next = 0;
    if (IsValidUtf8(rest, &next)) break;
    bad = pos + next;
  }
  out->append(in.substr(pos));
  return true;
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// True if `s` at `i` starts with `word` (lowercase), in any case.
bool StartsWithNoCase(std::string_view s, std::size_t i, std::string_view word) {
  if (i > s.size() || s.size() - i < word.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (AsciiLower(s[i + k]) != word[k]) return false;
  }
  return true;
}

// Position of the first "</name" (any case) at or after `i`, or npos.
std::size_t FindEndTag(std::string_view s, std::size_t i, std::string_view name) {
  while (true) {
    i = s.find("</", i);
    if (i == std::string_view::npos || StartsWithNoCase(s, i + 2, name)) return i;
    i += 2;
  }
}

// Position just past the '>' closing the tag that starts at `i` (quoted
// attribute values may hold '>'), or npos when the input ends first.
std::size_t EndOfTag(std::string_view s, std::size_t i) {
  for (std::size_t k = i + 1; k < s.size(); ++k) {
    char c = s[k];
    if (c == '>') return k + 1;
    if (c == '"' || c == '\'') {
      k = s.find(c, k + 1);
      if (k == std::string_view::npos) return k;
    }
  }
  return std::string_view::npos;
}

bool IsTagNameEnd(std::string_view s, std::size_t i) {
  if (i >= s.size()) return true;
  char c = s[i];
  return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// HTML5 decodes a few names in text even without their ';' ("&copy 2024",
// "&amp"): the Latin-1 block, amp, lt, gt, quot, and AMP COPY GT LT QUOT
// REG. libxml2 leaves those as written.
const std::unordered_map<std::string_view, unsigned>& LegacyEntities() {
  static const std::unordered_map<std::string_view, unsigned> kNames = [] {
    std::unordered_map<std::string_view, unsigned> m;
    auto add = [&m](unsigned v) {
      if (const htmlEntityDesc* d = htmlEntityValueLookup(v)) m.emplace(d->name, v);
    };
    for (unsigned v = 160; v <= 255; ++v) add(v);
    for (unsigned v : {34u, 38u, 60u, 62u}) add(v);
    for (const auto& [n, v] : {std::pair<const char*, unsigned>{"AMP", 38},
                               {"COPY", 169},
                               {"GT", 62},
                               {"LT", 60},
                               {"QUOT", 34},
                               {"REG", 174}}) {
      m.emplace(n, v);
    }
    return m;
  }();
  return kNames;
}

bool IsAsciiAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// Prepares the bytes for libxml2, in one pass:
// - drops comments, <style> bodies and <script> bodies other than JSON-LD:
//   none of them is ever text, and on news pages they are half the bytes,
//   which libxml2 would scan one character at a time;
// - rewrites a legacy named reference written without its ';' in text
//   ("&copy 2024") as a numeric one, which libxml2 decodes as HTML5 does.
// The scan follows the parser's own rules (a comment ends at "-->", a script
// at "</script" in any case, quoted attribute values hide markup), and
// copies the rest verbatim from the first construct it cannot close.
// Returns false (and leaves `out` alone) when nothing changes.
bool PrepareForParser(std::string_view in, std::string* out) {
  std::size_t copied = 0;  // in[copied, i) is still to be copied
  std::size_t i = 0;
  bool changed = false;
  auto replace = [&](std::size_t from, std::size_t to, std::string_view with) {
    if (!changed) {
      out->clear();
      out->reserve(in.size());
      changed = true;
    }
    out->append(in.substr(copied, from - copied));
    out->append(with);
    copied = to;
  };
  const auto& legacy = LegacyEntities();
  auto text = [&](std::size_t from, std::size_t to) {
    // Search only [from, to): a search to the end of the page at every tag
    // made a page of a million tags quadratic.
    const std::string_view span = in.substr(0, to);
    for (std::size_t p = span.find('&', from); p < to; p = span.find('&', p + 1)) {
      std::size_t e = p + 1;
      while (e < to && e - p <= 32 && IsAsciiAlnum(in[e])) ++e;
      if (e == p + 1 || (e < in.size() && in[e] == ';')) continue;  // libxml2 decodes "&name;"
      for (std::size_t len = std::min<std::size_t>(e - p - 1, 6); len >= 2; --len) {
        auto it = legacy.find(in.substr(p + 1, len));
        if (it == legacy.end()) continue;
        replace(p, p + 1 + len, "&#" + std::to_string(it->second) + ";");
        break;
      }
    }
  };
  std::size_t text_from = 0;
  while ((i = in.find('<', i)) != std::string_view::npos) {
    if (in.compare(i, 4, "<!--") == 0) {
      std::size_t end = in.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      text(text_from, i);
      replace(i, end + 3, {});
      i = text_from = end + 3;
      continue;
    }
    const char next = i + 1 < in.size() ? AsciiLower(in[i + 1]) : '\0';
    if (next < 'a' || next > 'z') {
      ++i;
      continue;
    }
    std::size_t tag_end = EndOfTag(in, i);
    if (tag_end == std::string_view::npos) break;
    text(text_from, i);
    text_from = tag_end;
    std::string_view raw_name;
    if (StartsWithNoCase(in, i + 1, "script") && IsTagNameEnd(in, i + 7)) {
      raw_name = "script";
    } else if (StartsWithNoCase(in, i + 1, "style") && IsTagNameEnd(in, i + 6)) {
      raw_name = "style";
    }
    // libxml2 closes any element written "<x/>", a script too: no body.
    if (raw_name.empty() || in[tag_end - 2] == '/') {
      i = tag_end;
      continue;
    }
    std::size_t close = FindEndTag(in, tag_end, raw_name);
    if (close == std::string_view::npos) break;
    bool keep = false;
    if (raw_name == "script") {
      // JSON-LD carries the article's metadata.
      for (std::size_t k = i; k + 7 <= tag_end && !keep; ++k) keep = StartsWithNoCase(in, k, "ld+json");
    }
    if (!keep && close > tag_end) replace(tag_end, close, {});
    i = text_from = close + 2;
  }
  if (i == std::string_view::npos) text(text_from, in.size());
  if (changed) out->append(in.substr(copied));
  return changed;
}

void InitLibxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

}  // namespace

// Turns libxml2's SAX events into HtmlNodes. The HTML parser already
// balances the events (implied and auto-closed elements get their start and
// end calls), so the builder only keeps a current node.
class HtmlDom::Builder {
 public:
  explicit Builder(Arena* arena) : arena_(arena) {
    document_ = arena_->New<HtmlNode>();
    document_->kind = HtmlNode::Kind::kDocument;
    current_ = document_;
  }

  HtmlNode* Finish() {
    FlushText();
    return document_;
  }

  // No exception may unwind through libxml2's C frames: an allocation
  // failure stops the parser and is reported by Parse.
  static void OnStartElement(void* ctx, const xmlChar* name, const xmlChar** atts) {
    auto* b = static_cast<Builder*>(ctx);
    b->Guard([&] { b->StartElement(reinterpret_cast<const char*>(name), reinterpret_cast<const char**>(atts)); });
  }
  static void OnEndElement(void* ctx, const xmlChar* /*name*/) {
    auto* b = static_cast<Builder*>(ctx);
    b->Guard([&] { b->EndElement(); });
  }
  static void OnCharacters(void* ctx, const xmlChar* ch, int len) {
    auto* b = static_cast<Builder*>(ctx);
    if (len > 0) b->Guard([&] { b->text_.append(reinterpret_cast<const char*>(ch), len); });
  }

  void set_parser(htmlParserCtxtPtr ctxt) { ctxt_ = ctxt; }
  bool out_of_memory() const { return out_of_memory_; }

 private:
  template <typename F>
  void Guard(F&& f) {
    if (stopped_ || out_of_memory_) return;
    try {
      f();
    } catch (const std::bad_alloc&) {
      out_of_memory_ = true;
      xmlStopParser(ctxt_);
    }
  }

  void Append(HtmlNode* node) {
    node->parent = current_;
    if (current_->last_child != nullptr) {
      current_->last_child->next_sibling = node;
    } else {
      current_->first_child = node;
    }
    current_->last_child = node;
  }

  void FlushText() {
    if (text_.empty()) return;
    HtmlNode* node = arena_->New<HtmlNode>();
    node->kind = HtmlNode::Kind::kText;
    node->text = std::string_view(arena_->Copy(text_), text_.size());
    Append(node);
    text_.clear();
  }

  void StartElement(const char* name, const char** atts) {
    FlushText();
    if (++depth_ > kMaxParseDepth) {
      // libxml2 matches every end tag against its whole stack of open
      // elements; a page that only opens elements would make that
      // quadratic. Nothing this deep is article text: stop here.
      stopped_ = true;
      xmlStopParser(ctxt_);
      return;
    }
    HtmlNode* node = arena_->New<HtmlNode>();
    node->kind = HtmlNode::Kind::kElement;
    node->tag = LookupTag(name);
    if (atts != nullptr) {
      std::uint32_t n = 0;
      while (atts[2 * n] != nullptr) ++n;
      if (n > 0) {
        auto* attrs = static_cast<HtmlAttribute*>(arena_->Allocate(sizeof(HtmlAttribute) * n, alignof(HtmlAttribute)));
        for (std::uint32_t i = 0; i < n; ++i) {
          const char* value = atts[2 * i + 1];
          attrs[i].name = arena_->Copy(atts[2 * i]);
          attrs[i].value = arena_->Copy(value != nullptr ? value : "");
        }
        node->attributes = attrs;
        node->attribute_count = n;
      }
    }
    Append(node);
    current_ = node;
  }

  void EndElement() {
    FlushText();
    --depth_;
    if (current_->parent != nullptr) current_ = current_->parent;
  }

  Arena* arena_;
  HtmlNode* document_ = nullptr;
  HtmlNode* current_ = nullptr;
  std::string text_;
  htmlParserCtxtPtr ctxt_ = nullptr;
  int depth_ = 0;
  bool stopped_ = false;
  bool out_of_memory_ = false;
};

HtmlDom::HtmlDom() : arena_(std::make_unique<Arena>()) {}
HtmlDom::HtmlDom(HtmlDom&&) noexcept = default;
HtmlDom& HtmlDom::operator=(HtmlDom&&) noexcept = default;
HtmlDom::~HtmlDom() = default;

Result<HtmlDom> HtmlDom::Parse(std::string_view html) {
  std::string repaired, stripped;
  if (RepairUtf8(html, &repaired)) html = repaired;
  if (PrepareForParser(html, &stripped)) html = stripped;
  if (html.size() > static_cast<std::size_t>(INT_MAX)) {
    return Status(StatusCode::kTooLarge, "HTML input over 2 GiB");
  }
  InitLibxml();

  HtmlDom dom;
  Builder builder(dom.arena_.get());

  htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(html.data(), static_cast<int>(html.size()));
  if (ctxt == nullptr) return Status(StatusCode::kInternal, "libxml2 could not create an HTML parser");
  // Only the events that build the tree; everything else (the document
  // tree, comments, errors) is switched off.
  xmlSAXHandler* sax = ctxt->sax;
  std::memset(sax, 0, sizeof(*sax));
  sax->startElement = &Builder::OnStartElement;
  sax->endElement = &Builder::OnEndElement;
  sax->characters = &Builder::OnCharacters;
  sax->ignorableWhitespace = &Builder::OnCharacters;
  sax->cdataBlock = &Builder::OnCharacters;  // <script> and <style> bodies
  ctxt->userData = &builder;
  builder.set_parser(ctxt);
  // UTF-8 from the first byte (and a BOM skipped): left undecided, libxml2
  // would switch to Latin-1 at the first non-ASCII byte of a page without a
  // charset declaration; and declarations are ignored (the bytes are UTF-8
  // already).
  xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
  htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                               HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC);
  htmlParseDocument(ctxt);
  htmlFreeParserCtxt(ctxt);
  if (builder.out_of_memory()) return Status(StatusCode::kTooLarge, "out of memory while parsing HTML");
  dom.document_ = builder.Finish();
  return dom;
}

}  // namespace parallax
