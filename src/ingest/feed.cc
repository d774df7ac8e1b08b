#include "ingest/feed.h"

#include <cctype>
#include <map>
#include <optional>
#include <vector>

#include "ingest/charset.h"
#include "ingest/text_util.h"
#include "text/dates.h"
#include "text/utf8.h"

namespace parallax {
namespace {

constexpr std::size_t kMaxDepth = 256;

using ingest_internal::Lower;
using ingest_internal::Trim;

std::string_view LocalName(std::string_view qname) {
  std::size_t c = qname.rfind(':');
  return c == std::string_view::npos ? qname : qname.substr(c + 1);
}

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '-' || c == '_' || c == '.' ||
         (static_cast<unsigned char>(c) >= 0x80);
}

std::size_t LineAt(std::string_view s, std::size_t pos) {
  std::size_t n = 1;
  for (std::size_t i = 0; i < pos && i < s.size(); ++i) n += s[i] == '\n';
  return n;
}

// Collapses runs of white space inside each line, trims lines and keeps at
// most one empty line between paragraphs.
std::string CollapseText(std::string_view s) {
  std::string out;
  std::string para;
  int newlines = 0;
  bool space = false;
  for (char c : s) {
    if (c == '\n') {
      ++newlines;
      space = false;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      space = true;
      continue;
    }
    if (!out.empty()) {
      if (newlines >= 2) out += "\n\n";
      else if (newlines == 1) out += "\n";
      else if (space) out += ' ';
    }
    newlines = 0;
    space = false;
    out += c;
  }
  return out;
}

bool IsBlockTag(std::string_view name) {
  static const char* const kBlocks[] = {"p",  "div", "li", "ul", "ol", "h1", "h2",         "h3",    "h4",     "h5",
                                        "h6", "tr",  "table", "blockquote", "pre", "section", "article", "figure", "dd", "dt"};
  for (const char* b : kBlocks) {
    if (name == b) return true;
  }
  return false;
}

struct Item {
  std::map<std::string, std::string> fields;  // qualified lower-case name -> text
  std::string link;                           // Atom <link href>
};

std::string Field(const Item& it, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    auto f = it.fields.find(n);
    if (f != it.fields.end() && !Trim(f->second).empty()) return f->second;
  }
  return "";
}

}  // namespace

std::string HtmlFragmentToText(std::string_view html) {
  if (html.find('<') == std::string_view::npos) return CollapseText(DecodeHtmlEntities(html));
  std::string text;
  std::size_t pos = 0;
  while (pos < html.size()) {
    std::size_t lt = html.find('<', pos);
    text.append(html.substr(pos, (lt == std::string_view::npos ? html.size() : lt) - pos));
    if (lt == std::string_view::npos) break;
    if (html.substr(lt, 4) == "<!--") {
      std::size_t e = html.find("-->", lt + 4);
      pos = e == std::string_view::npos ? html.size() : e + 3;
      continue;
    }
    std::size_t gt = html.find('>', lt + 1);
    if (gt == std::string_view::npos) {
      // A lone "<" is text ("a < b").
      text.append(html.substr(lt));
      break;
    }
    std::string_view tag = html.substr(lt + 1, gt - lt - 1);
    bool closing = !tag.empty() && tag.front() == '/';
    if (closing) tag.remove_prefix(1);
    std::size_t n = 0;
    while (n < tag.size() && IsNameChar(tag[n])) ++n;
    if (n == 0) {
      text.append(html.substr(lt, gt - lt + 1));  // not a tag
      pos = gt + 1;
      continue;
    }
    std::string name = Lower(tag.substr(0, n));
    pos = gt + 1;
    if (!closing && (name == "script" || name == "style")) {
      std::size_t e = Lower(html.substr(pos)).find("</" + name);
      pos = e == std::string::npos ? html.size() : pos + e;
      continue;
    }
    if (name == "br") text += "\n";
    else if (IsBlockTag(name)) text += "\n\n";
  }
  return CollapseText(DecodeHtmlEntities(text));
}

bool LooksLikeFeed(std::string_view head) {
  std::size_t pos = 0;
  head = head.substr(0, 4096);
  while (pos < head.size()) {
    while (pos < head.size() && std::isspace(static_cast<unsigned char>(head[pos]))) ++pos;
    if (head.substr(pos, 3) == "\xEF\xBB\xBF") { pos += 3; continue; }
    if (head.substr(pos, 2) == "<?") {
      std::size_t e = head.find("?>", pos);
      if (e == std::string_view::npos) return false;
      pos = e + 2;
    } else if (head.substr(pos, 4) == "<!--") {
      std::size_t e = head.find("-->", pos);
      if (e == std::string_view::npos) return false;
      pos = e + 3;
    } else if (head.substr(pos, 2) == "<!") {
      std::size_t e = head.find('>', pos);
      if (e == std::string_view::npos) return false;
      pos = e + 1;
    } else {
      std::string tag = Lower(head.substr(pos, 10));
      return tag.rfind("<rss", 0) == 0 || tag.rfind("<feed", 0) == 0 || tag.rfind("<rdf:rdf", 0) == 0;
    }
  }
  return false;
}

void ParseFeed(std::string_view raw, const std::string& path, const std::string& stem, IngestResult* result) {
  // The XML declaration's encoding, when it is not UTF-8.
  std::string converted;
  std::string_view xml = raw;
  {
    std::string decl = Lower(raw.substr(0, std::min<std::size_t>(raw.size(), raw.find("?>") == std::string_view::npos
                                                                                  ? 0
                                                                                  : raw.find("?>"))));
    std::string charset;
    if (std::size_t e = decl.find("encoding="); e != std::string::npos && decl.find("<?xml") != std::string::npos) {
      std::size_t q = e + 9;
      char quote = q < decl.size() ? decl[q] : '"';
      std::size_t end = decl.find(quote, q + 1);
      if (end != std::string::npos) charset = decl.substr(q + 1, end - q - 1);
    }
    Result<std::string> utf8 = ConvertToUtf8(raw, charset);
    if (!utf8.ok()) {
      result->errors.push_back({path, utf8.status().message()});
      return;
    }
    converted = std::move(utf8).value();
    xml = converted;
    std::size_t bad = 0;
    if (!IsValidUtf8(xml, &bad)) {
      result->errors.push_back({path, "invalid UTF-8 at byte " + std::to_string(bad)});
      return;
    }
  }
  std::string problem;  // the first malformation; reported once
  auto malformed = [&](std::size_t at, const std::string& what) {
    if (problem.empty()) problem = "malformed feed at line " + std::to_string(LineAt(xml, at)) + ": " + what;
  };
  std::vector<std::string> stack;  // qualified lower-case names
  std::optional<Item> item;
  std::size_t item_depth = 0;   // stack size when the item opened
  std::size_t item_no = 0;
  std::string field;            // the item's child element being read
  std::string channel_title;
  bool in_channel_title = false;
  bool saw_root = false;

  auto append_text = [&](std::string_view t) {
    if (item && !field.empty()) item->fields[field] += t;
    else if (in_channel_title) channel_title += t;
  };
  auto finish_item = [&]() {
    ++item_no;
    const std::string where = path + "#item " + std::to_string(item_no);
    const std::string id = stem + "-" + std::to_string(item_no);
    std::string title = HtmlFragmentToText(Field(*item, {"title"}));
    std::string link = !item->link.empty() ? item->link : std::string(Trim(Field(*item, {"link", "guid"})));
    if (link.find("://") == std::string::npos) link.clear();
    std::string body = HtmlFragmentToText(Field(*item, {"content:encoded", "content", "description", "summary"}));
    std::string text = !body.empty() ? body : title;
    if (Trim(text).empty()) {
      result->errors.push_back({where, "item without title or text"});
      item.reset();
      return;
    }
    Result<Article> a = ParseTextArticle(text, id, where);
    if (!a.ok()) {
      result->errors.push_back({where, a.status().message()});
      item.reset();
      return;
    }
    a->title = title;
    a->url = link;
    std::string date = Field(*item, {"pubdate", "published", "dc:date", "issued", "updated", "modified", "dc:modified"});
    if (!Trim(date).empty()) {
      if (auto iso = ParseDate(Trim(date))) a->published = *iso;
    }
    std::string ch = HtmlFragmentToText(channel_title);
    if (!ch.empty()) a->source = ch;
    else if (std::string host = HostOfUrl(link); !host.empty()) a->source = host;
    result->articles.push_back(std::move(a).value());
    item.reset();
  };

  std::size_t pos = 0;
  while (pos < xml.size()) {
    std::size_t lt = xml.find('<', pos);
    if (lt == std::string_view::npos) {
      append_text(DecodeHtmlEntities(xml.substr(pos)));
      break;
    }
    if (lt > pos) append_text(DecodeHtmlEntities(xml.substr(pos, lt - pos)));
    std::string_view rest = xml.substr(lt);
    if (rest.substr(0, 4) == "<!--") {
      std::size_t e = xml.find("-->", lt + 4);
      if (e == std::string_view::npos) { malformed(lt, "unterminated comment"); break; }
      pos = e + 3;
      continue;
    }
    if (rest.substr(0, 9) == "<![CDATA[") {
      std::size_t e = xml.find("]]>", lt + 9);
      if (e == std::string_view::npos) { malformed(lt, "unterminated CDATA section"); break; }
      append_text(xml.substr(lt + 9, e - lt - 9));
      pos = e + 3;
      continue;
    }
    if (rest.substr(0, 2) == "<?") {
      std::size_t e = xml.find("?>", lt + 2);
      if (e == std::string_view::npos) { malformed(lt, "unterminated processing instruction"); break; }
      pos = e + 2;
      continue;
    }
    if (rest.substr(0, 2) == "<!") {
      std::size_t bracket = xml.find('[', lt);
      std::size_t gt = xml.find('>', lt);
      std::size_t e = bracket != std::string_view::npos && bracket < gt ? xml.find("]>", bracket) : gt;
      if (e == std::string_view::npos) { malformed(lt, "unterminated declaration"); break; }
      pos = e + (xml[e] == ']' ? 2 : 1);
      continue;
    }
    // A tag: find its end outside quoted attribute values.
    std::size_t p = lt + 1;
    char quote = 0;
    while (p < xml.size() && (quote || xml[p] != '>')) {
      if (quote) {
        if (xml[p] == quote) quote = 0;
      } else if (xml[p] == '"' || xml[p] == '\'') {
        quote = xml[p];
      } else if (xml[p] == '<') {
        break;
      }
      ++p;
    }
    if (p >= xml.size() || xml[p] != '>') {
      malformed(lt, "unterminated tag");
      if (p >= xml.size()) break;
      append_text("<");
      pos = lt + 1;
      continue;
    }
    std::string_view tag = xml.substr(lt + 1, p - lt - 1);
    pos = p + 1;
    bool closing = !tag.empty() && tag.front() == '/';
    if (closing) tag.remove_prefix(1);
    bool self_closing = !closing && !tag.empty() && tag.back() == '/';
    if (self_closing) tag.remove_suffix(1);
    std::size_t n = 0;
    while (n < tag.size() && IsNameChar(tag[n])) ++n;
    if (n == 0) {
      malformed(lt, "\"<\" that does not start a tag (use &lt;)");
      append_text(xml.substr(lt, p - lt + 1));
      continue;
    }
    std::string name = Lower(tag.substr(0, n));
    std::string local(LocalName(name));
    if (closing) {
      if (stack.empty() || stack.back() != name) {
        malformed(lt, "</" + name + "> does not close <" + (stack.empty() ? std::string("nothing") : stack.back()) + ">");
        // Recover: close up to the named element when it is open.
        bool open = false;
        for (const std::string& s : stack) open = open || s == name;
        if (!open) continue;
        while (stack.back() != name) stack.pop_back();
      }
      stack.pop_back();
      if (item) {
        if (stack.size() == item_depth) {
          field.clear();
        } else if (stack.size() == item_depth - 1) {
          finish_item();
        } else if (!field.empty() && IsBlockTag(local)) {
          item->fields[field] += "\n\n";  // XHTML content: keep paragraphs
        }
      }
      if (stack.size() < item_depth) item.reset();
      in_channel_title = false;
      continue;
    }
    // Start tag.
    if (stack.size() >= kMaxDepth) {
      malformed(lt, "elements nested deeper than " + std::to_string(kMaxDepth));
      break;
    }
    if (!saw_root) {
      saw_root = true;
      if (local != "rss" && local != "feed" && local != "rdf") {
        result->errors.push_back({path, "not an RSS or Atom feed (root element <" + name + ">)"});
        return;
      }
    }
    std::string_view attrs = tag.substr(n);
    auto attr = [&](const char* want) -> std::string {
      std::string lower = Lower(attrs);
      std::size_t at = 0;
      std::string key = std::string(want) + "=";
      while ((at = lower.find(key, at)) != std::string::npos) {
        if (at > 0 && IsNameChar(lower[at - 1])) { at += key.size(); continue; }
        std::size_t v = at + key.size();
        if (v >= attrs.size()) break;
        char q = attrs[v];
        if (q != '"' && q != '\'') break;
        std::size_t e = attrs.find(q, v + 1);
        if (e == std::string_view::npos) break;
        return DecodeHtmlEntities(attrs.substr(v + 1, e - v - 1));
      }
      return "";
    };
    if (!item && (local == "item" || local == "entry")) {
      item.emplace();
      item_depth = stack.size() + 1;  // the item's children sit at this depth
      field.clear();
    } else if (item && stack.size() == item_depth) {
      field = name;
      if (local == "link" && name != "link") field = "link";
      if (local == "link") {
        std::string href = attr("href");
        std::string rel = attr("rel");
        if (!href.empty() && item->link.empty() && (rel.empty() || rel == "alternate")) item->link = href;
      }
    } else if (item && !field.empty() && local == "br") {
      item->fields[field] += "\n";
    } else if (!item && local == "title" && !stack.empty() &&
               (LocalName(stack.back()) == "channel" || LocalName(stack.back()) == "feed") && channel_title.empty()) {
      in_channel_title = true;
    }
    if (self_closing) {
      if (item && stack.size() == item_depth) field.clear();
      else if (item && stack.size() + 1 == item_depth && (local == "item" || local == "entry")) finish_item();
      continue;
    }
    stack.push_back(name);
  }
  if (!saw_root) {
    result->errors.push_back({path, problem.empty() ? "not an RSS or Atom feed (no root element)" : problem});
    return;
  }
  if (problem.empty() && !stack.empty()) {
    problem = "truncated feed: the document ends inside <" + stack.back() + ">" +
              (item ? " (item " + std::to_string(item_no + 1) + " incomplete)" : "");
  }
  if (!problem.empty()) result->errors.push_back({path, problem});
  else if (item_no == 0) result->errors.push_back({path, "feed without items"});
}

}  // namespace parallax
