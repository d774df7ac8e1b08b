// The web pages: server-rendered HTML that reads fully without JavaScript.
// Every field from input goes through EscapeHtml; every link built here
// percent-encodes its path segments; a link to an article's original page
// is only made for an http(s) URL. Styles come from /static/style.css
// (the Content-Security-Policy allows no inline style or script).

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "report/report.h"
#include "serve/handlers.h"

namespace parallax::serve_internal {

namespace {

std::string H(std::string_view s) { return EscapeHtml(s); }

std::string Counted(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string StoryHref(const std::string& id) { return "/stories/" + PathSegment(id); }
std::string ArticleHref(const std::string& id) { return "/articles/" + PathSegment(id); }
std::string OutletHref(const std::string& name) { return "/outlets/" + PathSegment(name); }
std::string EntityHref(const std::string& name) { return "/entities/" + PathSegment(name); }

// `url` when it is an absolute http(s) URL without spaces, quotes, angle
// brackets or control bytes; else empty (javascript:, data:, relative ...).
std::string SafeUrl(std::string_view url) {
  auto starts = [&](std::string_view p) {
    if (url.size() < p.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(url[i])) != p[i]) return false;
    }
    return true;
  };
  if (!starts("http://") && !starts("https://")) return "";
  if (url.size() > 2048) return "";
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`') return "";
  }
  return std::string(url);
}

// A stable colour class for an outlet name (o0 .. o7).
std::string ColourClass(std::string_view name) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : name) h = (h ^ c) * 16777619u;
  return "o" + std::to_string(h % 8);
}

std::string QueryString(const std::vector<std::pair<std::string, std::string>>& kv) {
  std::string out;
  for (const auto& [k, v] : kv) {
    if (v.empty()) continue;
    out += out.empty() ? "?" : "&";
    out += k + "=" + PathSegment(v);
  }
  return out;
}

std::string Page(const std::string& title, const std::string& main, const std::string& query = "") {
  std::string o;
  o.reserve(main.size() + 2048);
  o += "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
       "<title>";
  o += H(title);
  o += " \xC2\xB7 Parallax</title><link rel=\"stylesheet\" href=\"/static/style.css\">"
       "<link rel=\"icon\" href=\"/static/icon.svg\" type=\"image/svg+xml\"></head>\n<body>\n"
       "<a class=\"skip\" href=\"#main\">Skip to content</a>\n"
       "<header class=\"site\"><a class=\"brand\" href=\"/\">Parallax</a>"
       "<nav aria-label=\"Site\"><a href=\"/\">Latest stories</a> <a href=\"/outlets\">Outlets</a></nav>"
       "<form class=\"search\" role=\"search\" action=\"/search\" method=\"get\">"
       "<label for=\"site-q\">Search stories and articles</label> "
       "<input id=\"site-q\" name=\"q\" type=\"search\" value=\"";
  o += H(query);
  o += "\"> <button type=\"submit\">Search</button></form></header>\n<main id=\"main\">\n";
  o += main;
  o += "</main>\n<footer><p>Parallax: every summary sentence, fact and quote cites the outlets that carry it.</p>"
       "</footer>\n</body></html>\n";
  return o;
}

Reply Html(std::string body, int status = 200) { return {status, "text/html; charset=utf-8", std::move(body), ""}; }

Reply FromStatus(const Status& s) { return PageError(HttpStatus(s), s.message()); }

std::string OutletName(const std::string& name) { return name.empty() ? "unknown outlet" : name; }

std::string OutletLink(const std::string& name) {
  if (name.empty()) return "unknown outlet";
  return "<a href=\"" + H(OutletHref(name)) + "\">" + H(name) + "</a>";
}

// A bar of one segment per outlet (at most 12), with the outlets in words.
std::string CoverageBar(const std::vector<OutletCount>& outlets) {
  std::string label = "Covered by " + Counted(outlets.size(), "outlet", "outlets");
  std::string segs;
  std::size_t shown = 0;
  for (const OutletCount& o : outlets) {
    if (shown++ < 12) segs += "<span class=\"seg " + ColourClass(o.name) + "\"></span>";
  }
  std::string names;
  for (const OutletCount& o : outlets) {
    if (!names.empty()) names += ", ";
    names += OutletLink(o.name);
    if (o.articles > 1) names += " \xC3\x97" + std::to_string(o.articles);
  }
  return "<div class=\"coverage\" role=\"img\" aria-label=\"" + H(label) + "\">" + segs + "</div>\n<p class=\"outlets\">" +
         H(label) + ": " + names + "</p>\n";
}

std::string Dates(const std::optional<std::string>& first, const std::optional<std::string>& last) {
  if (!first && !last) return "undated";
  const std::string a = first.value_or("?").substr(0, 10), b = last.value_or("?").substr(0, 10);
  return a == b ? H(a) : H(a) + " to " + H(b);
}

std::string Card(const StoryCard& c, int level) {
  const std::string h = "h" + std::to_string(level);
  std::string o = "<li class=\"card\"><" + h + "><a href=\"" + H(StoryHref(c.id)) + "\">" +
                  H(c.title.empty() ? "Story " + c.id : c.title) + "</a></" + h + ">\n";
  o += "<p class=\"meta\">" + Counted(c.articles, "article", "articles") + " \xC2\xB7 " + Dates(c.first_published, c.last_published) +
       "</p>\n";
  if (c.summary) o += "<p>" + H(*c.summary) + "</p>\n";
  o += CoverageBar(c.outlet_counts);
  o += "<p class=\"counts\">" + Counted(c.facts, "shared fact", "shared facts") + " \xC2\xB7 " +
       Counted(c.single_source, "single-outlet claim", "single-outlet claims") + " \xC2\xB7 " +
       Counted(c.conflicts, "conflict", "conflicts") + " \xC2\xB7 " + Counted(c.quotes, "quote", "quotes") + "</p></li>\n";
  return o;
}

std::string Cards(const std::vector<StoryCard>& cards, int level) {
  if (cards.empty()) return "<p>No story matches.</p>\n";
  std::string o = "<ol class=\"cards\">\n";
  for (const StoryCard& c : cards) o += Card(c, level);
  return o + "</ol>\n";
}

// A snippet with the store's «hit» markers turned into <mark>, the rest escaped.
std::string Highlighted(const std::string& snippet) {
  static const std::string kOpen = "\xC2\xAB", kClose = "\xC2\xBB";
  std::string o;
  bool open = false;
  std::size_t i = 0;
  while (i < snippet.size()) {
    const std::size_t a = snippet.find(kOpen, i), b = snippet.find(kClose, i);
    const std::size_t next = std::min(a, b);
    o += H(std::string_view(snippet).substr(i, next == std::string::npos ? std::string::npos : next - i));
    if (next == std::string::npos) break;
    if (next == a && !open) {
      o += "<mark>";
      open = true;
    } else if (next == b && open) {
      o += "</mark>";
      open = false;
    } else {
      o += next == a ? kOpen : kClose;  // a literal one inside the text
    }
    i = next + 2;
  }
  if (open) o += "</mark>";
  return o;
}

std::string Param(const Params& p, const std::string& name) {
  auto it = p.find(name);
  return it == p.end() ? std::string() : it->second;
}

}  // namespace

Reply PageError(int status, const std::string& message) {
  std::string title = status == 404 ? "Not found" : status == 400 ? "Bad request" : "Error " + std::to_string(status);
  return Html(Page(title, "<h1>" + H(title) + "</h1>\n<p>" + H(message) + "</p>\n<p><a href=\"/\">Back to the latest stories</a></p>\n"),
              status);
}

Reply PageHome(Store& store, const Params& p) {
  auto q = CardQuery(p);
  if (!q.ok()) return FromStatus(q.status());
  auto page = store.ListStoryCards(*q);
  if (!page.ok()) return FromStatus(page.status());
  const std::string since = Param(p, "since"), until = Param(p, "until"), outlet = Param(p, "outlet");
  const bool coverage = q->sort == StorySort::kCoverage;
  std::string o = "<h1>" + std::string(coverage ? "Most covered stories" : "Latest stories") + "</h1>\n";
  o += "<form class=\"filters\" method=\"get\" action=\"/\">"
       "<label for=\"f-since\">From</label> <input id=\"f-since\" name=\"since\" type=\"date\" value=\"" + H(since.substr(0, 10)) + "\"> "
       "<label for=\"f-until\">To</label> <input id=\"f-until\" name=\"until\" type=\"date\" value=\"" + H(until.substr(0, 10)) + "\"> "
       "<label for=\"f-outlet\">Outlet</label> <input id=\"f-outlet\" name=\"outlet\" value=\"" + H(outlet) + "\"> "
       "<label for=\"f-sort\">Order</label> <select id=\"f-sort\" name=\"sort\">"
       "<option value=\"newest\"" + std::string(coverage ? "" : " selected") + ">Newest first</option>"
       "<option value=\"coverage\"" + std::string(coverage ? " selected" : "") + ">Most outlets first</option></select> "
       "<button type=\"submit\">Show stories</button></form>\n";
  o += Cards(page->cards, 2);
  if (page->next_cursor) {
    o += "<nav aria-label=\"More stories\"><a rel=\"next\" href=\"/" +
         H(QueryString({{"since", since}, {"until", until}, {"outlet", outlet}, {"sort", coverage ? "coverage" : ""},
                        {"cursor", *page->next_cursor}})) +
         "\">" + std::string(coverage ? "Less covered stories" : "Older stories") + "</a></nav>\n";
  }
  return Html(Page(coverage ? "Most covered stories" : "Latest stories", o));
}

Reply PageStory(Store& store, const std::string& id) {
  auto view = store.GetStory(id, std::nullopt);
  if (!view.ok()) return FromStatus(view.status());
  const Report& r = view->report;
  const Story& s = r.stories[0];
  if (view->merged_into) {
    Reply red = Html(PageError(301, "This story was merged into story " + s.id + ".").body, 301);
    red.location = StoryHref(s.id);
    return red;
  }
  std::map<std::string, const Article*> by_id;
  std::map<std::string, std::string> outlet_of;
  for (const Article& a : r.articles) {
    by_id[a.id] = &a;
    outlet_of[a.id] = OutletLabel(a);
  }
  auto outlet = [&](const std::string& aid) {
    auto it = outlet_of.find(aid);
    return it == outlet_of.end() ? aid : it->second;
  };
  auto chips = [&](const std::vector<std::string>& ids) {
    std::string o = "<span class=\"chips\">";
    std::set<std::string> seen;
    for (const std::string& aid : ids) {
      if (!seen.insert(aid).second) continue;
      const std::string name = outlet(aid);
      o += "<a class=\"chip " + ColourClass(name) + "\" href=\"" + H(ArticleHref(aid)) + "\">" + H(name) + "</a>";
    }
    return o + "</span>";
  };
  auto count_outlets = [&](const std::vector<std::string>& ids) {
    std::set<std::string> names;
    for (const std::string& aid : ids) names.insert(outlet(aid));
    return names.size();
  };
  std::set<std::string> entity_names;
  for (const Entity& e : s.entities) {
    std::string lower = e.name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    entity_names.insert(lower);
  }
  const std::size_t total = count_outlets(s.articles);

  std::string o = "<article class=\"story\">\n<h1>" + H(s.title) + "</h1>\n";
  std::vector<OutletCount> counts;
  {
    std::map<std::string, std::size_t> n;
    for (const std::string& aid : s.articles) ++n[outlet(aid)];
    for (const auto& [name, k] : n) counts.push_back({name, k});
    std::stable_sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.articles > b.articles; });
  }
  o += "<p class=\"meta\">" + Counted(s.articles.size(), "article", "articles") + " from " +
       Counted(total, "outlet", "outlets") + "</p>\n";
  o += "<div class=\"coverage\" role=\"img\" aria-label=\"Covered by " + H(Counted(total, "outlet", "outlets")) + "\">";
  for (std::size_t i = 0; i < counts.size() && i < 12; ++i) o += "<span class=\"seg " + ColourClass(counts[i].name) + "\"></span>";
  o += "</div>\n";
  if (!s.summary.empty()) {
    o += "<section aria-labelledby=\"h-summary\"><h2 id=\"h-summary\">Summary</h2>\n<ul class=\"summary\">\n";
    for (const SummarySentence& ss : s.summary) o += "<li>" + H(ss.text) + " " + chips(ss.sources) + "</li>\n";
    o += "</ul></section>\n";
  }
  if (!s.facts.empty()) {
    o += "<section aria-labelledby=\"h-facts\"><h2 id=\"h-facts\">Reported by several outlets</h2>\n<ul class=\"facts\">\n";
    for (const Fact& f : s.facts) {
      o += "<li><span class=\"support\">Reported by " + std::to_string(count_outlets(f.sources)) + " of " +
           std::to_string(total) + " outlets</span> " + H(f.text) + " " + chips(f.sources) + "</li>\n";
    }
    o += "</ul></section>\n";
  }
  if (!s.single_source.empty()) {
    o += "<section aria-labelledby=\"h-single\"><h2 id=\"h-single\">Only one outlet says</h2>\n<ul class=\"single\">\n";
    for (const Fact& f : s.single_source) o += "<li>" + H(f.text) + " " + chips(f.sources) + "</li>\n";
    o += "</ul></section>\n";
  }
  if (!s.conflicts.empty()) {
    o += "<section aria-labelledby=\"h-conflicts\"><h2 id=\"h-conflicts\">Where outlets differ</h2>\n";
    for (const Conflict& c : s.conflicts) {
      o += "<div class=\"conflict\">";
      for (std::size_t k = 0; k < c.sides.size(); ++k) {
        std::string label = c.update ? (k == 0 ? "First reported" : "Updated") : "Version " + std::to_string(k + 1);
        if (k < c.dates.size() && !c.dates[k].empty()) label += " (" + c.dates[k] + ")";
        o += "<div class=\"side\"><p class=\"label\">" + H(label) + "</p><p>" + H(c.sides[k].text) + "</p>" +
             chips(c.sides[k].sources) + "</div>";
      }
      o += "</div>\n";
    }
    o += "</section>\n";
  }
  if (!s.quotes.empty()) {
    o += "<section aria-labelledby=\"h-quotes\"><h2 id=\"h-quotes\">Who said what</h2>\n";
    std::vector<std::string> order;
    std::map<std::string, std::vector<const Quote*>> by_speaker;
    for (const Quote& q : s.quotes) {
      if (!by_speaker.count(q.speaker)) order.push_back(q.speaker);
      by_speaker[q.speaker].push_back(&q);
    }
    for (const std::string& speaker : order) {
      std::string lower = speaker;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      o += "<h3>";
      if (speaker.empty()) o += "Unknown speaker";
      else if (entity_names.count(lower)) o += "<a href=\"" + H(EntityHref(speaker)) + "\">" + H(speaker) + "</a>";
      else o += H(speaker);
      o += "</h3>\n";
      for (const Quote* q : by_speaker[speaker]) {
        o += "<figure class=\"quote\"><blockquote><p>\xE2\x80\x9C" + H(q->text) + "\xE2\x80\x9D</p></blockquote><figcaption>" +
             (q->partial ? std::string("partial quote, ") : std::string()) + "carried by " + chips(q->sources) +
             "</figcaption></figure>\n";
      }
    }
    o += "</section>\n";
  }
  bool named = false;
  for (const Entity& e : s.entities) named |= e.type != EntityType::kOther;
  if (named) {
    o += "<section aria-labelledby=\"h-entities\"><h2 id=\"h-entities\">People, organisations and places</h2>\n<ul class=\"entities\">\n";
    for (const Entity& e : s.entities) {
      if (e.type == EntityType::kOther) continue;
      o += "<li><a href=\"" + H(EntityHref(e.name)) + "\">" + H(e.name) + "</a> <span class=\"meta\">" +
           EntityTypeName(e.type) + ", " + Counted(static_cast<std::size_t>(std::max(0, e.mentions)), "mention", "mentions") +
           "</span></li>\n";
    }
    o += "</ul></section>\n";
  }
  bool framed = false;
  for (const OutletFraming& f : s.framing) {
    for (const FramingTerm& t : f.terms) framed |= t.significant;
  }
  if (framed) {
    o += "<section aria-labelledby=\"h-framing\"><h2 id=\"h-framing\">How each outlet tells it</h2>\n<dl class=\"framing\">\n";
    for (const OutletFraming& f : s.framing) {
      std::string terms;
      for (const FramingTerm& t : f.terms) {
        if (!t.significant) continue;
        if (!terms.empty()) terms += ", ";
        terms += "\xE2\x80\x9C" + H(t.term) + "\xE2\x80\x9D (" + std::to_string(t.count) + ")";
      }
      if (terms.empty()) continue;
      o += "<dt>" + OutletLink(f.outlet) + "</dt><dd>" + terms + "</dd>\n";
    }
    o += "</dl></section>\n";
  }
  if (!s.timeline.empty()) {
    o += "<section aria-labelledby=\"h-timeline\"><h2 id=\"h-timeline\">Timeline</h2>\n<ol class=\"timeline\">\n";
    for (const TimelineEntry& t : s.timeline) {
      o += "<li>";
      if (t.date) o += "<time datetime=\"" + H(*t.date) + "\">" + H(*t.date) + (t.modifier.empty() ? "" : " (" + H(t.modifier) + ")") + "</time> ";
      else o += "<span class=\"meta\">" + H(t.relative) + "</span> ";
      o += H(t.text) + " " + chips(t.sources) + "</li>\n";
    }
    o += "</ol></section>\n";
  }
  o += "<section aria-labelledby=\"h-articles\"><h2 id=\"h-articles\">Articles</h2>\n<ul class=\"articles\">\n";
  for (const std::string& aid : s.articles) {
    auto it = by_id.find(aid);
    if (it == by_id.end()) continue;
    const Article& a = *it->second;
    o += "<li><a href=\"" + H(ArticleHref(a.id)) + "\">" + H(a.title.empty() ? a.id : a.title) + "</a> <span class=\"meta\">" +
         OutletLink(a.source.value_or("")) + (a.published ? " \xC2\xB7 " + H(a.published->substr(0, 10)) : "") + "</span>";
    if (std::string url = SafeUrl(a.url); !url.empty()) {
      o += " <a class=\"original\" href=\"" + H(url) + "\" rel=\"noopener noreferrer nofollow\">Original at " +
           H(OutletName(OutletLabel(a))) + "<span class=\"visually-hidden\">: " + H(a.title.empty() ? a.id : a.title) + "</span></a>";
    }
    o += "</li>\n";
  }
  o += "</ul></section>\n</article>\n";
  return Html(Page(s.title, o));
}

Reply PageArticle(Store& store, const std::string& id) {
  auto v = store.GetArticle(id);
  if (!v.ok()) return FromStatus(v.status());
  const Article& a = v->article;
  std::string o = "<article class=\"article\">\n<h1>" + H(a.title.empty() ? a.id : a.title) + "</h1>\n<p class=\"meta\">" +
                  OutletLink(a.source.value_or("")) + (a.published ? " \xC2\xB7 " + H(*a.published) : "");
  if (std::string url = SafeUrl(a.url); !url.empty()) {
    o += " \xC2\xB7 <a href=\"" + H(url) + "\" rel=\"noopener noreferrer nofollow\">Read the original at " + H(OutletLabel(a)) + "</a>";
  }
  o += "</p>\n";
  if (v->story) {
    o += "<p>Part of the story <a href=\"" + H(StoryHref(*v->story)) + "\">" + H(v->story_title.value_or("story " + *v->story)) +
         "</a>.</p>\n";
  }
  if (v->duplicate_of) {
    o += "<p>A copy of <a href=\"" + H(ArticleHref(*v->duplicate_of)) + "\">article " + H(*v->duplicate_of) + "</a>.</p>\n";
  }
  o += "<h2>Text</h2>\n<div class=\"text\">\n";
  std::size_t i = 0;
  while (i < a.text.size()) {
    std::size_t e = a.text.find("\n\n", i);
    if (e == std::string::npos) e = a.text.size();
    o += "<p>" + H(std::string_view(a.text).substr(i, e - i)) + "</p>\n";
    i = e + 2;
  }
  o += "</div>\n";
  o += "<h2>Removed by the cleaner</h2>\n";
  if (a.removed.empty()) {
    o += "<p>Nothing was removed.</p>\n";
  } else {
    o += "<p>" + Counted(a.removed.size(), "block was", "blocks were") + " taken out of the text as page furniture. Open one to see it.</p>\n";
    for (const RemovedBlock& b : a.removed) {
      o += "<details class=\"removed\"><summary>" + H(b.reason) + "</summary><p>" + H(b.text) + "</p></details>\n";
    }
  }
  o += "</article>\n";
  return Html(Page(a.title.empty() ? a.id : a.title, o));
}

Reply PageOutlets(Store& store) {
  auto list = store.ListOutlets();
  if (!list.ok()) return FromStatus(list.status());
  std::string o = "<h1>Outlets</h1>\n<table class=\"outlets\"><caption>Every outlet in the store</caption><thead><tr><th scope=\"col\">Outlet</th>"
                  "<th scope=\"col\">Articles</th><th scope=\"col\">Stories</th></tr></thead><tbody>\n";
  for (const OutletListing& l : *list) {
    o += "<tr><td>" + OutletLink(l.name) + "</td><td>" + std::to_string(l.articles) + "</td><td>" + std::to_string(l.stories) +
         "</td></tr>\n";
  }
  o += "</tbody></table>\n";
  return Html(Page("Outlets", o));
}

Reply PageOutlet(Store& store, const std::string& name) {
  auto v = store.GetOutlet(name);
  if (!v.ok()) return FromStatus(v.status());
  std::string o = "<h1>" + H(v->name) + "</h1>\n<p class=\"meta\">" + Counted(v->articles, "article", "articles") + " in " +
                  Counted(v->story_count, "story", "stories") + "</p>\n";
  o += "<h2>Words it uses more than the other outlets</h2>\n";
  if (v->terms.empty()) {
    o += "<p>No distinctive wording found (it needs stories that other outlets cover too).</p>\n";
  } else {
    o += "<ul class=\"terms\">\n";
    for (const OutletTerm& t : v->terms) {
      o += "<li>\xE2\x80\x9C" + H(t.term) + "\xE2\x80\x9D <span class=\"meta\">in " + Counted(t.stories, "story", "stories") + ", " +
           Counted(static_cast<std::size_t>(t.count), "use", "uses") + "</span></li>\n";
    }
    o += "</ul>\n";
  }
  o += "<h2>Its stories</h2>\n" + Cards(v->stories, 3);
  return Html(Page(v->name, o));
}

Reply PageEntity(Store& store, const std::string& name) {
  auto v = store.GetEntity(name);
  if (!v.ok()) return FromStatus(v.status());
  std::string o = "<h1>" + H(v->name) + "</h1>\n";
  if (v->type) o += "<p class=\"meta\">" + H(*v->type) + ", named in " + Counted(v->stories.size(), "story", "stories") + "</p>\n";
  o += "<h2>Quotes</h2>\n";
  if (v->quotes.empty()) {
    o += "<p>No quote attributed to " + H(v->name) + ".</p>\n";
  } else {
    for (const SpeakerQuote& q : v->quotes) {
      o += "<figure class=\"quote\"><blockquote><p>\xE2\x80\x9C" + H(q.quote.text) + "\xE2\x80\x9D</p></blockquote><figcaption>in <a href=\"" +
           H(StoryHref(q.story)) + "\">" + H(q.story_title) + "</a>, carried by ";
      for (std::size_t i = 0; i < q.outlets.size(); ++i) o += (i ? ", " : "") + OutletLink(q.outlets[i]);
      o += "</figcaption></figure>\n";
    }
  }
  o += "<h2>Stories naming " + H(v->name) + "</h2>\n" + Cards(v->stories, 3);
  return Html(Page(v->name, o));
}

Reply PageSearch(Store& store, const Params& p) {
  const std::string text = Param(p, "q");
  if (text.empty()) {
    return Html(Page("Search", "<h1>Search</h1>\n<p>Type words, \"a phrase\", prefix* or AND, OR, NOT in the search box.</p>\n"));
  }
  auto q = SearchParams(p);
  if (!q.ok()) return FromStatus(q.status());
  auto articles = store.Search(*q);
  if (!articles.ok()) {
    const int status = HttpStatus(articles.status());
    return Html(Page("Search", "<h1>Search</h1>\n<p>" + H(articles.status().message()) + "</p>\n", text), status);
  }
  SearchQuery sq = *q;
  sq.stories = true;
  auto stories = store.Search(sq);
  if (!stories.ok()) return FromStatus(stories.status());
  std::string o = "<h1>Results for \xE2\x80\x9C" + H(text) + "\xE2\x80\x9D</h1>\n";
  o += "<h2>Stories (" + std::to_string(stories->size()) + ")</h2>\n";
  if (stories->empty()) o += "<p>No story matches.</p>\n";
  else {
    o += "<ol class=\"hits\">\n";
    for (const SearchHit& h : *stories) {
      o += "<li><a href=\"" + H(StoryHref(h.id)) + "\">" + H(h.title.empty() ? "Story " + h.id : h.title) + "</a><p class=\"snippet\">" +
           Highlighted(h.snippet) + "</p></li>\n";
    }
    o += "</ol>\n";
  }
  o += "<h2>Articles (" + std::to_string(articles->size()) + ")</h2>\n";
  if (articles->empty()) o += "<p>No article matches.</p>\n";
  else {
    o += "<ol class=\"hits\">\n";
    for (const SearchHit& h : *articles) {
      o += "<li><a href=\"" + H(ArticleHref(h.id)) + "\">" + H(h.title.empty() ? h.id : h.title) + "</a> <span class=\"meta\">" +
           OutletLink(h.source.value_or("")) + (h.published ? " \xC2\xB7 " + H(h.published->substr(0, 10)) : "") +
           "</span><p class=\"snippet\">" + Highlighted(h.snippet) + "</p></li>\n";
    }
    o += "</ol>\n";
  }
  return Html(Page("Results for " + text, o, text));
}

const std::string& Icon() {
  static const std::string kSvg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><rect width=\"16\" height=\"16\" rx=\"3\" "
      "fill=\"#1a5490\"/><path d=\"M4 12 8 4 12 12\" stroke=\"#fff\" stroke-width=\"2\" fill=\"none\"/></svg>";
  return kSvg;
}

const std::string& StyleSheet() {
  static const std::string kCss = R"css(
:root{--fg:#1d1d1f;--muted:#595959;--line:#d0d0d7;--bg:#fff;--accent:#0b57d0}
*{box-sizing:border-box}
body{font:17px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:0}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid #c75b00;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
header.site{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;padding:.75rem 1rem;border-bottom:1px solid var(--line)}
.brand{font-weight:700;font-size:1.2rem;text-decoration:none;color:var(--fg)}
header.site nav a{margin-right:1rem}
form.search{margin-left:auto;display:flex;gap:.4rem;align-items:center;flex-wrap:wrap}
form.search label{font-size:.85rem;color:var(--muted)}
input,select,button{font:inherit;padding:.3rem .5rem;border:1px solid #767676;border-radius:4px;background:#fff;color:var(--fg)}
button{background:var(--accent);color:#fff;border-color:var(--accent);cursor:pointer}
main{max-width:62rem;margin:0 auto;padding:1rem}
footer{max-width:62rem;margin:2rem auto;padding:1rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
h1{font-size:1.8rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.3rem;margin:1.8rem 0 .6rem;border-top:1px solid var(--line);padding-top:1rem}
.cards h2,.cards h3{border:0;padding:0;margin:0 0 .2rem;font-size:1.2rem}
.cards{list-style:none;padding:0}
.card{border:1px solid var(--line);border-radius:8px;padding:.8rem 1rem;margin:0 0 1rem}
.meta,.counts,.outlets{color:var(--muted);font-size:.9rem;margin:.2rem 0}
.filters{display:flex;flex-wrap:wrap;gap:.4rem .6rem;align-items:center;margin-bottom:1rem}
.coverage{display:flex;gap:2px;height:.6rem;max-width:24rem;margin:.4rem 0}
.seg{flex:1;border-radius:2px}
.o0{background:#1a5490}.o1{background:#a93226}.o2{background:#196f3d}.o3{background:#76448a}
.o4{background:#8a5a00}.o5{background:#0e6170}.o6{background:#5b2c6f}.o7{background:#4d5656}
.chips{display:inline}
.chip{display:inline-block;font-size:.8rem;border-radius:1rem;padding:0 .55rem;margin:.1rem .15rem;color:#fff;text-decoration:none}
.chip:hover{text-decoration:underline}
.support{display:inline-block;font-size:.8rem;color:var(--muted);margin-right:.3rem}
.conflict{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.8rem;margin:.8rem 0}
.side{border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem}
.side .label{font-weight:600;margin:0;color:var(--muted);font-size:.85rem}
.quote{margin:.5rem 0 1rem}
blockquote{margin:0;padding-left:.9rem;border-left:4px solid var(--line)}
blockquote p{margin:.2rem 0}
figcaption{font-size:.85rem;color:var(--muted)}
.timeline{padding-left:1.2rem}.timeline time{font-weight:600}
.framing dt{font-weight:600;margin-top:.4rem}.framing dd{margin-left:1rem}
details.removed{border:1px dashed var(--line);border-radius:6px;padding:.3rem .6rem;margin:.4rem 0}
details.removed summary{cursor:pointer;color:var(--muted)}
mark{background:#ffe98a;color:inherit}
.snippet{margin:.2rem 0 .8rem;color:#333}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line)}
caption{text-align:left;color:var(--muted);padding:.3rem 0}
@media (max-width:40rem){body{font-size:16px}h1{font-size:1.45rem}form.search{margin-left:0;width:100%}form.search input{flex:1}}
)css";
  return kCss;
}

}  // namespace parallax::serve_internal
