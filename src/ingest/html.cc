#include "ingest/html.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <initializer_list>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ingest/html_dom.h"

namespace parallax {
namespace {

constexpr std::size_t kMaxInputBytes = std::size_t{64} << 20;
constexpr int kMaxDepth = 500;
// JSON-LD blocks nested deeper than this are ignored rather than parsed.
constexpr int kMaxJsonDepth = 64;

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

HtmlTag Tag(const HtmlNode* node) { return node->IsElement() ? node->tag : HtmlTag::kUnknown; }

template <typename F>
void ForEachChild(const HtmlNode* node, F&& f) {
  for (const HtmlNode* c = node->first_child; c != nullptr; c = c->next_sibling) f(c);
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

// How strongly a class/id word says "boilerplate": 0 not at all, 1 weakly
// (names that also appear on article wrappers, such as "pagination-first"
// or "paywall"), 2 strongly.
int JunkTokenLevel(const std::string& t) {
  static const std::unordered_set<std::string> kStrong = {
      "nav",        "navbar",      "navigation",  "menu",        "menus",
      "footer",     "sidebar",     "comment",     "comments",    "share",
      "sharing",    "shares",      "social",      "related",     "promo",
      "promos",     "cookie",      "cookies",     "consent",     "gdpr",
      "newsletter", "subscribe",   "subscription", "advert",     "advertisement",
      "advertising", "ad",         "ads",         "adv",         "adslot",
      "breadcrumb", "breadcrumbs", "crumbs",      "sponsor",     "sponsored",
      "outbrain",   "taboola",     "recirc",      "recommended", "disqus",
      "signup",     "trending",    "cta"};
  static const std::unordered_set<std::string> kWeak = {
      "caption",  "byline",   "popup",     "modal",   "masthead", "toolbar",
      "tags",     "pagination", "pager",  "banner",   "dateline",
      "timestamp", "skip",    "rss",       "print",   "credit",   "credits"};
  static const char* const kPrefixes[] = {"share",    "social",     "related",   "newsletter",
                                          "cookie",   "sidebar",    "breadcrumb", "advert",
                                          "subscri",  "promo",      "footer",    "navbar",
                                          "navig",    "outbrain",   "taboola",   "sponsor",
                                          "commentlist", "comments"};
  if (kStrong.count(t) != 0) return 2;
  for (const char* p : kPrefixes) {
    if (StartsWith(t, p)) return 2;
  }
  return kWeak.count(t) != 0 ? 1 : 0;
}

// Calls f(tokens) for each class name in a class/id value, skipping names
// that describe the page rather than the element: "has-sidebar",
// "no-comments", and the taxonomy classes "tag-social-media",
// "category-advertising".
template <typename F>
void ForEachClassName(std::string_view value, F&& f) {
  std::size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && IsAsciiSpace(static_cast<unsigned char>(value[i]))) ++i;
    std::size_t j = i;
    while (j < value.size() && !IsAsciiSpace(static_cast<unsigned char>(value[j]))) ++j;
    std::string_view cls = value.substr(i, j - i);
    i = j;
    std::vector<std::string> toks = NameTokens(cls);
    if (toks.empty()) continue;
    const std::string& first = toks[0];
    if (first == "has" || first == "with" || first == "no" || first == "without" ||
        first == "is" || first == "tag" || first == "category" || first == "topic") {
      continue;
    }
    f(cls, toks);
  }
}

// Junk level (see JunkTokenLevel) of a class or id value.
int JunkLevel(std::string_view value) {
  int level = 0;
  ForEachClassName(value, [&](std::string_view cls, const std::vector<std::string>& toks) {
    std::string lc = Lower(cls);
    if (lc == "sr-only" || lc == "visually-hidden" || lc == "screen-reader-text" ||
        lc == "hidden" || lc == "hide" || lc == "invisible") {
      level = 2;
    }
    for (const std::string& t : toks) level = std::max(level, JunkTokenLevel(t));
  });
  return level;
}

// Class/id words that mark the article itself.
bool NamesContent(std::string_view value) {
  static const std::unordered_set<std::string> kWords = {
      "article", "body", "content", "story", "entry", "text", "main", "post"};
  bool found = false;
  ForEachClassName(value, [&](std::string_view, const std::vector<std::string>& toks) {
    for (const std::string& t : toks) found = found || kWords.count(t) != 0;
  });
  return found;
}

bool RoleIsJunk(std::string_view role) {
  std::string r = Lower(role);
  return r == "navigation" || r == "menu" || r == "menubar" || r == "complementary" ||
         r == "contentinfo" || r == "dialog" || r == "alertdialog" || r == "search" ||
         r == "banner" || r == "toolbar";
}

bool IsHidden(const HtmlNode* node) {
  if (Attr(node, "hidden") != nullptr) return true;
  const char* style = Attr(node, "style");
  if (style == nullptr) return false;
  std::string s;
  for (const char* p = style; *p != '\0'; ++p) {
    if (!IsAsciiSpace(static_cast<unsigned char>(*p))) {
      s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(*p))));
    }
  }
  return s.find("display:none") != std::string::npos ||
         s.find("visibility:hidden") != std::string::npos;
}

bool IsArticleBodyMarker(const HtmlNode* node) {
  const char* ip = Attr(node, "itemprop");
  return ip != nullptr && Lower(ip).find("articlebody") != std::string::npos;
}

// True if the subtree holds the page's headline or an article element: such
// a wrapper is the page body, whatever its class says.
bool HoldsArticleStructure(const HtmlNode* node, int depth) {
  if (depth > kMaxDepth) return false;
  HtmlTag t = Tag(node);
  if (depth > 0 && (t == HtmlTag::kH1 || t == HtmlTag::kArticle || IsArticleBodyMarker(node))) {
    return true;
  }
  bool found = false;
  ForEachChild(node, [&](const HtmlNode* c) {
    if (!found && c->IsElement()) found = HoldsArticleStructure(c, depth + 1);
  });
  return found;
}

// ---------------------------------------------------------------------------
// Blocks: the page text cut at block-element boundaries.

// A dropped region's text as listed: cut to 300 bytes on a character boundary.
std::string CutForList(std::string text) {
  if (text.size() <= 300) return text;
  std::size_t cut = 300;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

struct Block {
  std::string text;           // whitespace collapsed
  std::size_t length = 0;     // code points
  std::size_t link_length = 0;
  const HtmlNode* owner = nullptr;  // innermost block element
  HtmlTag tag = HtmlTag::kUnknown;  // owner's tag
  bool after_link_heading = false;   // follows a block that is all link
};

class Segmenter {
 public:
  std::vector<Block> Run(const HtmlNode* root) {
    Walk(root, 0, false);
    Flush();
    for (std::size_t i = 1; i < blocks_.size(); ++i) {
      // Skip a short unlinked bit (a date) between headline and summary.
      std::size_t j = i - 1;
      if (j > 0 && blocks_[j].length < 30 && blocks_[j].link_length == 0) --j;
      const Block& prev = blocks_[j];
      blocks_[i].after_link_heading =
          prev.length >= 15 && prev.link_length * 10 >= prev.length * 9;
    }
    return std::move(blocks_);
  }

 private:
  // Why `node` is boilerplate ("" when it is not): IsJunk with its reason,
  // for the list of what was dropped.
  std::string JunkReason(const HtmlNode* node, bool in_article) {
    if (!IsJunk(node, in_article)) return "";
    const HtmlTag t = Tag(node);
    if (IsAlwaysJunkTag(t)) {
      switch (t) {
        case HtmlTag::kNav:
        case HtmlTag::kMenu: return "navigation (<nav>, <menu>)";
        case HtmlTag::kFooter: return "footer (<footer>)";
        case HtmlTag::kAside: return "aside (<aside>)";
        case HtmlTag::kFigure:
        case HtmlTag::kFigcaption: return "figure or caption";
        default: return "form control or embedded media";
      }
    }
    if (t == HtmlTag::kHeader) return "page header (<header> outside the article)";
    if (IsHidden(node)) return "hidden element";
    if (t == HtmlTag::kForm) return "small form (a widget)";
    if (const char* role = Attr(node, "role"); role != nullptr && RoleIsJunk(role)) {
      return "role names page furniture (" + std::string(role) + ")";
    }
    const std::string names = CollapseSpace(AttrStr(node, "class") + " " + AttrStr(node, "id"));
    if (JunkLevel(names) > 0) return "class or id names page furniture (" + names.substr(0, 80) + ")";
    return "related-reading section";
  }

  bool IsJunk(const HtmlNode* node, bool in_article) {
    HtmlTag t = Tag(node);
    if (IsAlwaysJunkTag(t)) return true;
    if (t == HtmlTag::kHeader && !in_article) return true;
    if (IsHidden(node)) return true;
    if (t == HtmlTag::kBody || t == HtmlTag::kHtml || t == HtmlTag::kMain) return false;
    if (t == HtmlTag::kForm) {
      // Some CMSes wrap the whole page in one <form>; only small forms are
      // widgets.
      return !HoldsArticleStructure(node, 0) && Utf8Length(NodeText(node)) < 2000;
    }
    const char* role = Attr(node, "role");
    bool junk = role != nullptr && RoleIsJunk(role);
    if (!junk) {
      std::string names = AttrStr(node, "class") + " " + AttrStr(node, "id");
      int level = JunkLevel(names);
      // A weak word on a wrapper that also says "article body" and holds
      // real text ("article-body pagination-first") is not boilerplate.
      junk = level == 2 ||
             (level == 1 && !(NamesContent(names) && Utf8Length(NodeText(node)) >= 500));
    }
    if (junk && HoldsArticleStructure(node, 0)) junk = false;
    // A section whose own first heading is classed as related or
    // recommended reading ("<h3 class=relatedpoststitle>You may like...")
    // is that list, even when its teasers are <article> elements.
    if (!junk && LabelledAsRelated(node)) junk = true;
    return junk;
  }

  static bool LabelledAsRelated(const HtmlNode* node) {
    const HtmlNode* first = nullptr;
    ForEachChild(node, [&](const HtmlNode* c) {
      if (first == nullptr && c->IsElement()) first = c;
    });
    if (first == nullptr) return false;
    const HtmlTag t = Tag(first);
    if (t != HtmlTag::kHeading) return false;
    bool related = false;
    ForEachClassName(AttrStr(first, "class") + " " + AttrStr(first, "id"),
                     [&](std::string_view, const std::vector<std::string>& toks) {
                       for (const std::string& w : toks) {
                         related = related || StartsWith(w, "related") || w == "recommended" || w == "recirc" ||
                                   w == "trending" || w == "outbrain" || w == "taboola";
                       }
                     });
    if (!related) return false;
    // Never the page's own article: no headline inside.
    bool h1 = false;
    std::vector<const HtmlNode*> stack = {node};
    while (!stack.empty() && !h1) {
      const HtmlNode* n = stack.back();
      stack.pop_back();
      ForEachChild(n, [&](const HtmlNode* c) {
        if (!c->IsElement()) return;
        if (Tag(c) == HtmlTag::kH1) h1 = true;
        stack.push_back(c);
      });
    }
    return !h1;
  }

  void Walk(const HtmlNode* node, int depth, bool in_article) {
    if (depth > kMaxDepth) return;
    if (node->IsText()) {
      AddText(node->text);
      return;
    }
    HtmlTag t = Tag(node);
    if (node->IsElement() && IsJunk(node, in_article)) {
      if (record_dropped_) NoteDropped(node, in_article);
      return;
    }
    if (t == HtmlTag::kBr) {
      // Two <br> in a row end a paragraph; one is a line break inside it.
      if (!cur_.empty() && cur_.back() == '\n') {
        Flush();
      } else if (!cur_.empty()) {
        cur_.push_back('\n');
      }
      return;
    }
    bool article = in_article || t == HtmlTag::kArticle || t == HtmlTag::kMain ||
                   IsArticleBodyMarker(node);
    bool block = node->IsElement() && !IsInlineTag(t);
    if (block) {
      Flush();
      owners_.push_back(node);
    }
    if (t == HtmlTag::kA) ++link_depth_;
    ForEachChild(node, [&](const HtmlNode* c) { Walk(c, depth + 1, article); });
    if (t == HtmlTag::kA) --link_depth_;
    if (block) {
      Flush();
      owners_.pop_back();
    }
  }

  void AddText(std::string_view raw) {
    std::string text = CollapseSpace(raw);
    bool lead = !raw.empty() && (IsAsciiSpace(static_cast<unsigned char>(raw.front())) ||
                                 StartsWith(raw, "\xC2\xA0"));
    bool trail = !raw.empty() && (IsAsciiSpace(static_cast<unsigned char>(raw.back())) ||
                                  (raw.size() >= 2 && raw.substr(raw.size() - 2) == "\xC2\xA0"));
    if (text.empty()) {
      if (!raw.empty()) pending_space_ = true;
      return;
    }
    if ((lead || pending_space_) && !cur_.empty() && cur_.back() != '\n') cur_.push_back(' ');
    cur_ += text;
    std::size_t n = Utf8Length(text);
    cur_length_ += n;
    if (link_depth_ > 0) cur_link_ += n;
    pending_space_ = trail;
  }

  void Flush() {
    pending_space_ = false;
    while (!cur_.empty() && (cur_.back() == '\n' || cur_.back() == ' ')) cur_.pop_back();
    if (!cur_.empty()) {
      Block b;
      b.text = std::move(cur_);
      b.length = cur_length_;
      b.link_length = std::min(cur_link_, cur_length_);
      b.owner = owners_.empty() ? nullptr : owners_.back();
      b.tag = b.owner ? Tag(b.owner) : HtmlTag::kUnknown;
      blocks_.push_back(std::move(b));
    }
    cur_.clear();
    cur_length_ = 0;
    cur_link_ = 0;
  }

  void NoteDropped(const HtmlNode* node, bool in_article) {
    const HtmlTag t = Tag(node);
    if (t == HtmlTag::kHead || t == HtmlTag::kScript || t == HtmlTag::kStyle || t == HtmlTag::kNoscript ||
        t == HtmlTag::kTemplate || t == HtmlTag::kSvg || t == HtmlTag::kMath) {
      return;  // code or markup, never text
    }
    std::string text = CutForList(CollapseSpace(NodeText(node)));
    if (text.empty()) return;
    dropped_.push_back({blocks_.size(), {std::move(text), JunkReason(node, in_article)}});
  }

 public:
  // Off by default: the list costs a walk of every dropped region.
  bool record_dropped_ = false;
  // Boilerplate regions dropped, each with the number of blocks before it.
  std::vector<std::pair<std::size_t, HtmlDocument::Dropped>> dropped_;

 private:
  std::vector<Block> blocks_;
  std::vector<const HtmlNode*> owners_;
  std::string cur_;
  std::size_t cur_length_ = 0;
  std::size_t cur_link_ = 0;
  int link_depth_ = 0;
  bool pending_space_ = false;
};

double LinkDensity(const Block& b) {
  return b.length == 0 ? 0.0 : static_cast<double>(b.link_length) / static_cast<double>(b.length);
}

// A block counts as a paragraph of prose if it is long enough and not
// mostly links. Its score grows with sentences (commas) and length, capped
// so one huge block cannot outvote many paragraphs.
double ParagraphScore(const Block& b) {
  double ld = LinkDensity(b);
  if (b.length < 25 || ld > 0.5) return 0.0;
  double s = 1.0 + static_cast<double>(std::min<std::size_t>(CountCommas(b.text), 6)) +
             std::min(static_cast<double>(b.length) / 100.0, 3.0);
  // Linked text in a paragraph is a sign of a teaser ("Headline - summary").
  s *= 1.0 - 2.0 * ld;
  // A teaser: a summary right after a linked headline.
  if (b.after_link_heading) s *= 0.3;
  return s;
}

// Share of a paragraph's score given to its ancestor `d` levels up: the
// parent of a run of paragraphs collects most, far ancestors (the page
// wrapper) little, so the tightest container of the prose wins.
double Decay(int d) {
  switch (d) {
    case 0:
    case 1:
      return 1.0;
    case 2:
      return 0.5;
    default:
      return d <= 5 ? 1.0 / (3.0 * (d - 1)) : 0.0;
  }
}

struct NodeStats {
  double score = 0.0;        // decayed paragraph scores
  double length = 0.0;       // all text under the node
  double link_length = 0.0;  // link text under the node
  double prose_length = 0.0; // text of paragraphs under the node
  int prose_blocks = 0;
  int link_blocks = 0;       // blocks that are nearly all link
};
struct StatsMap {
  std::unordered_map<const HtmlNode*, NodeStats> by_node;
  std::vector<const HtmlNode*> order;  // first-seen order, for stable ties
  const NodeStats* Find(const HtmlNode* n) const {
    auto it = by_node.find(n);
    return it == by_node.end() ? nullptr : &it->second;
  }
};

StatsMap ScoreNodes(const std::vector<Block>& blocks) {
  StatsMap stats;
  for (const Block& b : blocks) {
    double v = ParagraphScore(b);
    int d = 0;
    for (const HtmlNode* n = b.owner; n != nullptr && n->IsElement() && d <= kMaxDepth + 2;
         n = n->parent, ++d) {
      auto [it, inserted] = stats.by_node.try_emplace(n);
      if (inserted) stats.order.push_back(n);
      NodeStats& st = it->second;
      st.length += static_cast<double>(b.length);
      st.link_length += static_cast<double>(b.link_length);
      if (v > 0) {
        st.score += v * Decay(d);
        st.prose_length += static_cast<double>(b.length);
        ++st.prose_blocks;
      }
      if (LinkDensity(b) > 0.5) ++st.link_blocks;
    }
  }
  return stats;
}

double FinalScore(const NodeStats& st) {
  double ld = st.length > 0 ? st.link_length / st.length : 0.0;
  return st.score * (1.0 - ld);
}

bool IsAncestorOrSelf(const HtmlNode* anc, const HtmlNode* node) {
  for (int i = 0; node != nullptr && i <= kMaxDepth + 2; ++i, node = node->parent) {
    if (node == anc) return true;
  }
  return false;
}

// The scoring favours the tightest container of paragraphs; when an article
// wraps each paragraph (or group) in its own box, that is one box. Moves up
// to the highest near ancestor whose extra content is more of the same:
// mostly prose, few links, and not a list of linked headlines with
// summaries.
const HtmlNode* Widen(const StatsMap& stats, const HtmlNode* best) {
  const NodeStats& base = *stats.Find(best);
  const HtmlNode* chosen = best;
  const HtmlNode* n = best->parent;
  for (int level = 0; level < 6 && n != nullptr && n->IsElement();
       ++level, n = n->parent) {
    const NodeStats* st = stats.Find(n);
    if (st == nullptr) continue;
    double len = st->length - base.length;
    double link = st->link_length - base.link_length;
    double prose = st->prose_length - base.prose_length;
    int prose_blocks = st->prose_blocks - base.prose_blocks;
    int link_blocks = st->link_blocks - base.link_blocks;
    if (prose <= 0 || len <= 0) continue;
    bool clean = link / len < 0.25 && prose / len >= 0.6 &&
                 link_blocks * 10 <= prose_blocks * 3;
    if (clean) chosen = n;
  }
  return chosen;
}

// The best-scoring container, plus those of its siblings that look like
// more of the same article (a body split around an ad or a photo).
std::vector<const HtmlNode*> SelectContent(const StatsMap& stats) {
  const HtmlNode* best = nullptr;
  double best_score = 0.0;
  for (const HtmlNode* node : stats.order) {
    double f = FinalScore(*stats.Find(node));
    if (f > best_score) {
      best = node;
      best_score = f;
    }
  }
  if (best == nullptr) return {};
  best = Widen(stats, best);
  best_score = FinalScore(*stats.Find(best));
  std::vector<const HtmlNode*> roots;
  const HtmlNode* parent = best->parent;
  if (parent == nullptr || !parent->IsElement()) return {best};
  double threshold = std::max(10.0, 0.2 * best_score);
  roots.push_back(best);  // first: callers use it as "the" container
  ForEachChild(parent, [&](const HtmlNode* sib) {
    if (sib == best) return;
    const NodeStats* found = stats.Find(sib);
    if (found == nullptr) return;
    const NodeStats& st = *found;
    double ld = st.length > 0 ? st.link_length / st.length : 0.0;
    bool include = FinalScore(st) >= threshold;
    if (!include && Tag(sib) == HtmlTag::kP && ld < 0.25 && st.prose_length > 80) include = true;
    if (include) roots.push_back(sib);
  });
  return roots;
}

bool UnderAny(const std::vector<const HtmlNode*>& roots, const HtmlNode* node) {
  for (const HtmlNode* r : roots) {
    if (IsAncestorOrSelf(r, node)) return true;
  }
  return false;
}

double ProseUnder(const StatsMap& stats, const std::vector<const HtmlNode*>& roots) {
  double total = 0.0;
  for (const HtmlNode* r : roots) {
    if (const NodeStats* st = stats.Find(r)) total += st->prose_length;
  }
  return total;
}

std::string EmitText(const std::vector<Block>& blocks, const std::vector<const HtmlNode*>& roots) {
  std::string out;
  for (const Block& b : blocks) {
    if (b.owner == nullptr || !UnderAny(roots, b.owner)) continue;
    // The headline is the title, not body text.
    if (b.tag == HtmlTag::kH1) continue;
    if (LinkDensity(b) > 0.5) continue;
    if (!out.empty()) out += "\n\n";
    out += b.text;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Metadata.

struct RawMeta {
  std::unordered_map<std::string, std::string> meta;  // first value per key
  std::string title_tag;
  std::string canonical;
  std::string lang;
  std::vector<std::string> json_ld;
  std::vector<const HtmlNode*> articles;       // <article>
  std::vector<const HtmlNode*> body_markers;   // itemprop=articleBody
  std::vector<const HtmlNode*> times;          // <time datetime>
  std::vector<const HtmlNode*> h1s;
};

void CollectMeta(const HtmlNode* node, int depth, RawMeta& m) {
  if (depth > kMaxDepth || !node->IsElement()) {
    if (node->kind == HtmlNode::Kind::kDocument) {
      ForEachChild(node, [&](const HtmlNode* c) { CollectMeta(c, depth + 1, m); });
    }
    return;
  }
  HtmlTag t = Tag(node);
  switch (t) {
    case HtmlTag::kHtml:
      if (m.lang.empty()) m.lang = CollapseSpace(AttrStr(node, "lang"));
      break;
    case HtmlTag::kTitle:
      if (m.title_tag.empty()) m.title_tag = NodeText(node);
      return;
    case HtmlTag::kMeta: {
      std::string content = CollapseSpace(AttrStr(node, "content"));
      if (content.empty()) content = CollapseSpace(AttrStr(node, "datetime"));
      for (const char* key : {"property", "name", "itemprop", "http-equiv"}) {
        const char* k = Attr(node, key);
        if (k != nullptr && !content.empty()) m.meta.emplace(Lower(CollapseSpace(k)), content);
      }
      return;
    }
    case HtmlTag::kLink: {
      std::string rel = Lower(AttrStr(node, "rel"));
      if (m.canonical.empty() && rel == "canonical") m.canonical = CollapseSpace(AttrStr(node, "href"));
      return;
    }
    case HtmlTag::kScript: {
      if (Lower(CollapseSpace(AttrStr(node, "type"))) == "application/ld+json") {
        std::string raw;
        AppendRawText(node, 0, raw);
        m.json_ld.push_back(std::move(raw));
      }
      return;  // other scripts are never a source of anything
    }
    case HtmlTag::kStyle:
    case HtmlTag::kNoscript:
    case HtmlTag::kTemplate:
      return;
    case HtmlTag::kArticle:
      m.articles.push_back(node);
      break;
    case HtmlTag::kTime:
      if (Attr(node, "datetime") != nullptr) m.times.push_back(node);
      break;
    case HtmlTag::kH1:
      m.h1s.push_back(node);
      break;
    default:
      break;
  }
  if (IsArticleBodyMarker(node)) m.body_markers.push_back(node);
  ForEachChild(node, [&](const HtmlNode* c) { CollectMeta(c, depth + 1, m); });
}

int ParseInt(std::string_view s, std::size_t pos, std::size_t len) {
  if (pos + len > s.size()) return -1;
  int v = 0;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (std::isdigit(static_cast<unsigned char>(s[i])) == 0) return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

std::string FormatDate(int y, int mo, int d, int h, int mi, int s) {
  char buf[32];
  if (h >= 0) {
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, std::max(s, 0));
  } else {
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, mo, d);
  }
  return buf;
}

bool ValidDate(int y, int mo, int d) {
  return y >= 1900 && y <= 2200 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
}

int MonthFromName(std::string_view word) {
  static const char* const kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
  if (word.size() < 3) return -1;
  std::string w = Lower(word.substr(0, 3));
  for (int i = 0; i < 12; ++i) {
    if (w == kMonths[i]) return i + 1;
  }
  return -1;
}

// Normalises the date forms found in metadata: ISO 8601 ("2019-11-19",
// "2019-11-19T10:00:00-05:00", "2019/11/19 10:00"), "20191119", and
// "Nov 19, 2019" / "19 November 2019". Returns nullopt for anything else.
std::optional<std::string> NormalizeDate(std::string_view raw) {
  std::string s = CollapseSpace(raw);
  if (s.size() >= 10) {
    int y = ParseInt(s, 0, 4);
    int mo = ParseInt(s, 5, 2);
    int d = ParseInt(s, 8, 2);
    char sep = s[4];
    if (y >= 0 && mo >= 0 && d >= 0 && (sep == '-' || sep == '/' || sep == '.') && s[7] == sep &&
        ValidDate(y, mo, d)) {
      int h = -1, mi = -1, sec = -1;
      if (s.size() >= 16 && (s[10] == 'T' || s[10] == ' ') && s[13] == ':') {
        h = ParseInt(s, 11, 2);
        mi = ParseInt(s, 14, 2);
        if (s.size() >= 19 && s[16] == ':') sec = ParseInt(s, 17, 2);
        if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec > 60) h = mi = sec = -1;
      }
      return FormatDate(y, mo, d, h, mi, sec);
    }
  }
  if (s.size() == 8 || (s.size() > 8 && std::isdigit(static_cast<unsigned char>(s[8])) == 0)) {
    int y = ParseInt(s, 0, 4), mo = ParseInt(s, 4, 2), d = ParseInt(s, 6, 2);
    if (y >= 0 && mo >= 0 && d >= 0 && ValidDate(y, mo, d)) return FormatDate(y, mo, d, -1, -1, -1);
  }
  // Month names: collect words, find month, day and year among them.
  std::vector<std::string> words;
  std::string cur;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      cur.push_back(c);
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(cur);
  int y = -1, mo = -1, d = -1;
  for (const std::string& w : words) {
    if (std::isdigit(static_cast<unsigned char>(w[0])) != 0) {
      std::string digits = w;
      while (!digits.empty() && std::isdigit(static_cast<unsigned char>(digits.back())) == 0) {
        digits.pop_back();  // "19th"
      }
      if (digits.empty() || digits.size() > 4) continue;
      bool all = std::all_of(digits.begin(), digits.end(),
                             [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
      if (!all) continue;
      int v = std::atoi(digits.c_str());
      if (digits.size() == 4 && y < 0) {
        y = v;
      } else if (digits.size() <= 2 && d < 0) {
        d = v;
      }
    } else if (mo < 0) {
      mo = MonthFromName(w);
    }
  }
  if (y >= 0 && mo >= 0 && d >= 0 && ValidDate(y, mo, d)) return FormatDate(y, mo, d, -1, -1, -1);
  return std::nullopt;
}

// JSON-LD: the first article-like object (or any object, as a fallback)
// supplies the fields it has.
struct JsonLdInfo {
  std::string date_published;
  std::string publisher;
  std::string author;
  std::string headline;
  std::string article_body;
  std::string url;
};

bool JsonDepthOk(std::string_view s) {
  int depth = 0;
  bool in_str = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_str) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_str = false;
      }
    } else if (c == '"') {
      in_str = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

std::string JsonName(const nlohmann::json& j) {
  if (j.is_string()) return CollapseSpace(j.get<std::string>());
  if (j.is_object()) {
    auto it = j.find("name");
    if (it != j.end() && it->is_string()) return CollapseSpace(it->get<std::string>());
  }
  if (j.is_array()) {
    std::string out;
    for (const auto& e : j) {
      std::string n = JsonName(e);
      if (n.empty() || e.is_array()) continue;
      if (!out.empty()) out += ", ";
      out += n;
    }
    return out;
  }
  return {};
}

std::string JsonString(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_array() && !it->empty() && it->front().is_string()) return it->front().get<std::string>();
  return {};
}

bool IsArticleType(const nlohmann::json& obj) {
  auto it = obj.find("@type");
  if (it == obj.end()) return false;
  auto check = [](const nlohmann::json& t) {
    if (!t.is_string()) return false;
    std::string s = t.get<std::string>();
    return s.find("Article") != std::string::npos || s == "BlogPosting" || s == "Report" ||
           s == "LiveBlogPosting" || s == "Review";
  };
  if (check(*it)) return true;
  if (it->is_array()) {
    for (const auto& t : *it) {
      if (check(t)) return true;
    }
  }
  return false;
}

void CollectJsonObjects(const nlohmann::json& j, int depth, std::vector<const nlohmann::json*>& out) {
  if (depth > kMaxJsonDepth) return;
  if (j.is_array()) {
    for (const auto& e : j) CollectJsonObjects(e, depth + 1, out);
  } else if (j.is_object()) {
    out.push_back(&j);
    auto g = j.find("@graph");
    if (g != j.end()) CollectJsonObjects(*g, depth + 1, out);
  }
}

void FillFrom(const nlohmann::json& o, JsonLdInfo& info) {
  auto set = [](std::string& field, std::string v) {
    if (field.empty()) field = std::move(v);
  };
  set(info.date_published, JsonString(o, "datePublished"));
  set(info.headline, CollapseSpace(JsonString(o, "headline")));
  set(info.article_body, JsonString(o, "articleBody"));
  set(info.url, CollapseSpace(JsonString(o, "url")));
  if (auto it = o.find("author"); it != o.end()) set(info.author, JsonName(*it));
  if (auto it = o.find("publisher"); it != o.end()) set(info.publisher, JsonName(*it));
}

JsonLdInfo ParseJsonLd(const std::vector<std::string>& scripts) {
  JsonLdInfo info;
  std::vector<nlohmann::json> docs;
  for (std::string s : scripts) {
    // Some CMSes wrap the block in an HTML comment or CDATA.
    for (const char* junk : {"<!--", "-->", "<![CDATA[", "]]>"}) {
      for (std::size_t p = s.find(junk); p != std::string::npos; p = s.find(junk)) {
        s.erase(p, std::strlen(junk));
      }
    }
    if (!JsonDepthOk(s)) continue;
    nlohmann::json j = nlohmann::json::parse(s, nullptr, /*allow_exceptions=*/false);
    if (!j.is_discarded()) docs.push_back(std::move(j));
  }
  std::vector<const nlohmann::json*> objs;
  for (const auto& d : docs) CollectJsonObjects(d, 0, objs);
  for (const auto* o : objs) {
    if (IsArticleType(*o)) FillFrom(*o, info);
  }
  // Publisher and date may sit on a WebPage or Organization node instead.
  for (const auto* o : objs) {
    if (info.publisher.empty()) {
      auto t = o->find("@type");
      if (t != o->end() && t->is_string() && (*t == "Organization" || *t == "NewsMediaOrganization")) {
        info.publisher = CollapseSpace(JsonString(*o, "name"));
      }
    }
    if (info.date_published.empty()) info.date_published = JsonString(*o, "datePublished");
  }
  return info;
}

const std::string* FindMeta(const RawMeta& m, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    auto it = m.meta.find(k);
    if (it != m.meta.end() && !it->second.empty()) return &it->second;
  }
  return nullptr;
}

// "Headline | Site" -> "Headline". Only a short trailing part, or one that
// names the site, is removed, so that a headline containing " - " survives.
std::string StripSiteSuffix(std::string title, const std::string& site) {
  static const char* const kSeps[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ",
                                      " \xC2\xBB ", " \xC2\xB7 "};
  for (int round = 0; round < 2; ++round) {
    std::size_t best = std::string::npos;
    std::size_t sep_len = 0;
    for (const char* sep : kSeps) {
      std::size_t p = title.rfind(sep);
      if (p != std::string::npos && (best == std::string::npos || p > best)) {
        best = p;
        sep_len = std::strlen(sep);
      }
    }
    if (best == std::string::npos || best == 0) break;
    std::string tail = title.substr(best + sep_len);
    std::string head = title.substr(0, best);
    std::size_t tail_words = 1 + static_cast<std::size_t>(std::count(tail.begin(), tail.end(), ' '));
    std::size_t head_words = 1 + static_cast<std::size_t>(std::count(head.begin(), head.end(), ' '));
    bool names_site = !site.empty() && Lower(tail) == Lower(site);
    if (!(names_site || (tail_words <= 4 && head_words >= 3))) break;
    title = head;
  }
  return title;
}

// Boxes of links to other articles, whose dates are not this article's.
// Narrower than NamesJunk: a byline or dateline box is where the date lives.
bool NamesLinkBox(std::string_view value) {
  static const std::unordered_set<std::string> kWords = {
      "related", "recirc",   "trending", "recommended", "promo",  "sidebar", "comment",
      "comments", "outbrain", "taboola",  "widget",      "popular", "more",   "teaser"};
  for (const std::string& t : NameTokens(value)) {
    if (kWords.count(t) != 0) return true;
  }
  return false;
}

bool LooksLikeUrl(std::string_view s) { return s.find("://") != std::string_view::npos; }

Result<HtmlDocument> ExtractImpl(std::string_view html, bool list_dropped) {
  if (html.size() > kMaxInputBytes) {
    return Status(StatusCode::kTooLarge, "HTML input is " + std::to_string(html.size()) +
                                             " bytes, over the 64 MiB budget");
  }
  if (std::all_of(html.begin(), html.end(),
                  [](char c) { return IsAsciiSpace(static_cast<unsigned char>(c)); })) {
    return Status(StatusCode::kEmpty, "HTML input is empty");
  }
  // Text, even broken HTML, has no NULs and few control bytes; a binary file
  // fed by mistake would parse into garbage "text".
  {
    std::size_t sample = std::min<std::size_t>(html.size(), 64 * 1024);
    std::size_t ctrl = 0;
    for (std::size_t i = 0; i < sample; ++i) {
      unsigned char c = static_cast<unsigned char>(html[i]);
      if (c == 0) return InvalidInput("HTML input contains NUL bytes: binary, not HTML");
      if (c < 0x20 && !IsAsciiSpace(c)) ++ctrl;
    }
    if (ctrl * 20 > sample) return InvalidInput("HTML input is mostly control bytes: binary, not HTML");
  }

  Result<HtmlDom> dom = HtmlDom::Parse(html);
  if (!dom.ok()) return dom.status();
  const HtmlNode* document = dom->document();

  HtmlDocument doc;
  RawMeta m;
  CollectMeta(document, 0, m);
  JsonLdInfo ld = ParseJsonLd(m.json_ld);

  // Main text.
  Segmenter segmenter;
  segmenter.record_dropped_ = list_dropped;
  std::vector<Block> blocks = segmenter.Run(document);
  StatsMap stats = ScoreNodes(blocks);
  std::vector<const HtmlNode*> roots = SelectContent(stats);
  {
    // An explicit article body wins when it holds most of the prose the
    // scoring found: site markup beats our guess at the container's edges.
    double found = ProseUnder(stats, roots);
    const HtmlNode* marked = nullptr;
    double marked_prose = 0.0;
    for (const HtmlNode* n : m.body_markers) {
      double p = ProseUnder(stats, {n});
      if (p > marked_prose) {
        marked = n;
        marked_prose = p;
      }
    }
    if (marked != nullptr && marked_prose >= 0.7 * found) roots = {marked};
  }
  const HtmlNode* best = roots.empty() ? nullptr : roots.front();
  doc.text = EmitText(blocks, roots);

  // JSON-LD articleBody is the publisher's own plain text; use it when the
  // DOM gave clearly less.
  std::string ld_body = CollapseSpace(ld.article_body);
  const bool from_ld = Utf8Length(ld_body) > 2 * Utf8Length(doc.text) + 200;
  if (list_dropped) {
    // What is not in the text and why, in page order.
    std::size_t next = 0;
    const auto& regions = segmenter.dropped_;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      for (; next < regions.size() && regions[next].first <= i; ++next) doc.dropped.push_back(regions[next].second);
      const Block& b = blocks[i];
      const char* why = b.owner == nullptr || !UnderAny(roots, b.owner) ? "outside the article's main text"
                        : b.tag == HtmlTag::kH1                        ? "headline (the title)"
                        : LinkDensity(b) > 0.5                          ? "mostly links"
                        : from_ld                                       ? "replaced by the page's JSON-LD articleBody"
                                                                        : nullptr;
      if (why != nullptr) doc.dropped.push_back({CutForList(b.text), why});
    }
    for (; next < regions.size(); ++next) doc.dropped.push_back(regions[next].second);
  }
  if (from_ld) doc.text = ld_body;

  // Metadata.
  std::string site;
  if (const std::string* s = FindMeta(m, {"og:site_name"})) site = *s;
  if (site.empty()) site = ld.publisher;
  if (!site.empty()) doc.site_name = site;

  std::string title;
  if (const std::string* s = FindMeta(m, {"og:title", "twitter:title"})) title = *s;
  if (title.empty()) {
    for (const HtmlNode* h : m.h1s) {
      if (best != nullptr && IsAncestorOrSelf(best->parent ? best->parent : best, h)) {
        title = NodeText(h);
        break;
      }
    }
  }
  if (title.empty()) title = ld.headline;
  if (title.empty()) title = m.title_tag;
  if (title.empty() && !m.h1s.empty()) title = NodeText(m.h1s.front());
  doc.title = StripSiteSuffix(CollapseSpace(title), site);

  doc.canonical_url = m.canonical;
  if (doc.canonical_url.empty()) {
    if (const std::string* s = FindMeta(m, {"og:url"})) doc.canonical_url = *s;
  }

  if (const std::string* s = FindMeta(m, {"author", "dc.creator", "sailthru.author"})) {
    if (!LooksLikeUrl(*s)) doc.author = *s;
  }
  if (doc.author.empty()) doc.author = ld.author;

  doc.language = m.lang;

  std::optional<std::string> date = NormalizeDate(ld.date_published);
  if (!date) {
    if (const std::string* s =
            FindMeta(m, {"article:published_time", "og:published_time", "datepublished",
                         "date", "pubdate", "publishdate", "publish-date", "dc.date.issued",
                         "dc.date", "dcterms.date", "dcterms.issued", "sailthru.date",
                         "parsely-pub-date"})) {
      date = NormalizeDate(*s);
    }
  }
  if (!date && best != nullptr) {
    // A <time> counts only inside the article: the chosen container or the
    // <article> holding it, and outside any boilerplate box.
    const HtmlNode* scope = best;
    for (const HtmlNode* n = best; n != nullptr && n->IsElement(); n = n->parent) {
      if (Tag(n) == HtmlTag::kArticle) {
        scope = n;
        break;
      }
    }
    for (const HtmlNode* t : m.times) {
      if (!IsAncestorOrSelf(scope, t)) continue;
      bool boxed = false;
      for (const HtmlNode* n = t; n != nullptr && n != scope; n = n->parent) {
        HtmlTag tag = Tag(n);
        if (tag == HtmlTag::kA || tag == HtmlTag::kLi || IsAlwaysJunkTag(tag) ||
            NamesLinkBox(AttrStr(n, "class")) || NamesLinkBox(AttrStr(n, "id"))) {
          boxed = true;
          break;
        }
      }
      if (boxed) continue;
      date = NormalizeDate(AttrStr(t, "datetime"));
      if (date) break;
    }
  }
  doc.published = date;
  return doc;
}

}  // namespace

Result<HtmlDocument> ExtractHtml(std::string_view html, bool list_dropped) {
  // Nothing below should throw, but allocation can, and no exception may
  // cross a module boundary.
  try {
    return ExtractImpl(html, list_dropped);
  } catch (const std::bad_alloc&) {
    return Status(StatusCode::kTooLarge, "out of memory while extracting HTML");
  } catch (const std::exception& e) {
    return Status(StatusCode::kInternal, std::string("HTML extraction failed: ") + e.what());
  } catch (...) {
    return Status(StatusCode::kInternal, "HTML extraction failed");
  }
}

}  // namespace parallax
