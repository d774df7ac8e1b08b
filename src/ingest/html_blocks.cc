#include "ingest/html_blocks.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "ingest/html_util.h"
#include "text/utf8.h"

namespace parallax::html_internal {
namespace {


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
                                          "subscri",  "promotion",  "footer",    "navbar",
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

}  // namespace

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

namespace {

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

}  // namespace

std::string CutForList(std::string text) {
  if (text.size() <= 300) return text;
  const std::size_t cut = Utf8Floor(text, 300);
  return text.substr(0, cut) + "...";
}


namespace {

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
      // A headline linked to the page itself is this article's own title
      // (a blog post linked to its permalink), not a teaser's.
      blocks_[i].after_link_heading = prev.length >= 15 && prev.link_length * 10 >= prev.length * 9 &&
                                      prev.self_link_length * 10 < prev.length * 9;
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
    // The second look also doubts the layout tags: some templates put the
    // whole page in a <header> left open, or the story in an <aside>.
    if (!trust_names_ && (t == HtmlTag::kHeader || t == HtmlTag::kAside)) return IsHidden(node);
    // And a <nav> holding a headline or an <article> is one left open, which
    // the parser made hold the page.
    if (!trust_names_ && t == HtmlTag::kNav && HoldsArticleStructure(node, 0)) {
      return IsHidden(node);
    }
    if (t == HtmlTag::kFigure && InListOfLongFigures(node)) return IsHidden(node);
    if (IsAlwaysJunkTag(t)) return true;
    if (t == HtmlTag::kHeader && !in_article) return true;
    if (IsHidden(node)) return true;
    if (t == HtmlTag::kBody || t == HtmlTag::kHtml || t == HtmlTag::kMain) return false;
    // The second look trusts neither words nor the size guess for forms.
    if (!trust_names_) return false;
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

  // A <figure> among several sibling figures that each hold a paragraph of
  // text: a list article whose items are figures (their paragraphs are the
  // text; a <figcaption> stays out, as in any figure: keeping those made
  // Scrapinghub's tuning half worse). Decided once per parent, so a long
  // list costs one pass.
  bool InListOfLongFigures(const HtmlNode* node) {
    const HtmlNode* parent = node->parent;
    if (parent == nullptr) return false;
    auto [it, inserted] = long_figures_.try_emplace(parent, false);
    if (inserted) {
      constexpr int kMinFigures = 3;
      constexpr std::size_t kMinText = 200;  // code points
      int n = 0;
      ForEachChild(parent, [&](const HtmlNode* c) {
        if (c->IsElement() && Tag(c) == HtmlTag::kFigure && Utf8Length(NodeText(c)) >= kMinText) ++n;
      });
      it->second = n >= kMinFigures;
    }
    return it->second;
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
    const bool self_link = t == HtmlTag::kA && LinksToSelf(node);
    if (t == HtmlTag::kA) ++link_depth_;
    if (self_link) ++self_link_depth_;
    ForEachChild(node, [&](const HtmlNode* c) { Walk(c, depth + 1, article); });
    if (t == HtmlTag::kA) --link_depth_;
    if (self_link) --self_link_depth_;
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
    if (self_link_depth_ > 0) cur_self_link_ += n;
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
      b.self_link_length = std::min(cur_self_link_, b.link_length);
      b.owner = owners_.empty() ? nullptr : owners_.back();
      b.tag = b.owner ? Tag(b.owner) : HtmlTag::kUnknown;
      blocks_.push_back(std::move(b));
    }
    cur_.clear();
    cur_length_ = 0;
    cur_link_ = 0;
    cur_self_link_ = 0;
  }

  // Whether a link's href is the page's own address (absolute, or a path
  // from the site's root).
  bool LinksToSelf(const HtmlNode* a) const {
    if (self_key_.empty()) return false;
    const char* href = Attr(a, "href");
    if (href == nullptr || *href == '\0') return false;
    const std::string_view h(href);
    if (h.size() >= 2 && h[0] == '/' && h[1] != '/') return !self_path_.empty() && UrlKey(h) == self_path_;
    return UrlKey(h) == self_key_;
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
  // Whether role and class/id words, and the size of a <form>, may drop a
  // region (other tags and hidden styles always do).
  bool trust_names_ = true;
  // The page's own address (UrlKey) and its path from the site's root.
  std::string self_key_, self_path_;
  // Boilerplate regions dropped, each with the number of blocks before it.
  std::vector<std::pair<std::size_t, HtmlDocument::Dropped>> dropped_;

 private:
  std::vector<Block> blocks_;
  std::vector<const HtmlNode*> owners_;
  std::unordered_map<const HtmlNode*, bool> long_figures_;  // parent -> holds a list of long figures
  std::string cur_;
  std::size_t cur_length_ = 0;
  std::size_t cur_link_ = 0;
  std::size_t cur_self_link_ = 0;
  int link_depth_ = 0;
  int self_link_depth_ = 0;
  bool pending_space_ = false;
};

}  // namespace

std::string UrlKey(std::string_view url) {
  std::string_view u = url;
  while (!u.empty() && IsAsciiSpace(static_cast<unsigned char>(u.front()))) u.remove_prefix(1);
  while (!u.empty() && IsAsciiSpace(static_cast<unsigned char>(u.back()))) u.remove_suffix(1);
  if (const std::size_t hash = u.find('#'); hash != std::string_view::npos) u = u.substr(0, hash);
  if (const std::size_t scheme = u.find("://"); scheme != std::string_view::npos && scheme < 10) {
    u.remove_prefix(scheme + 3);
  } else if (StartsWith(u, "//")) {
    u.remove_prefix(2);
  }
  if (StartsWith(u, "www.")) u.remove_prefix(4);
  while (!u.empty() && u.back() == '/') u.remove_suffix(1);
  return Lower(u);
}

Segmentation SegmentPage(const HtmlNode* root, bool list_dropped, bool trust_names, std::string_view self_url) {
  Segmenter segmenter;
  segmenter.record_dropped_ = list_dropped;
  segmenter.trust_names_ = trust_names;
  segmenter.self_key_ = UrlKey(self_url);
  if (const std::size_t slash = segmenter.self_key_.find('/'); slash != std::string::npos) {
    segmenter.self_path_ = segmenter.self_key_.substr(slash);
  }
  Segmentation out;
  out.blocks = segmenter.Run(root);
  out.dropped = std::move(segmenter.dropped_);
  return out;
}

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

namespace {

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


}  // namespace

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

namespace {


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

}  // namespace

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

}  // namespace parallax::html_internal
