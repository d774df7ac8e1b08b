#include "ingest/html_meta.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ingest/html_util.h"

namespace parallax::html_internal {
namespace {

// JSON-LD blocks nested deeper than this are ignored rather than parsed.
constexpr int kMaxJsonDepth = 64;

}  // namespace

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

namespace {

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

}  // namespace

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


namespace {

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

}  // namespace

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

namespace {

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

}  // namespace

void FillMetadata(const RawMeta& m, const JsonLdInfo& ld, const HtmlNode* best, HtmlDocument* doc) {
  std::string site;
  if (const std::string* s = FindMeta(m, {"og:site_name"})) site = *s;
  if (site.empty()) site = ld.publisher;
  if (!site.empty()) doc->site_name = site;

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
  doc->title = StripSiteSuffix(CollapseSpace(title), site);

  doc->canonical_url = m.canonical;
  if (doc->canonical_url.empty()) {
    if (const std::string* s = FindMeta(m, {"og:url"})) doc->canonical_url = *s;
  }

  if (const std::string* s = FindMeta(m, {"author", "dc.creator", "sailthru.author"})) {
    if (!LooksLikeUrl(*s)) doc->author = *s;
  }
  if (doc->author.empty()) doc->author = ld.author;

  doc->language = m.lang;

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
  doc->published = date;
}

}  // namespace parallax::html_internal
