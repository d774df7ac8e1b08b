#include "report/report.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/parallel.h"

namespace parallax {
namespace {

using json = nlohmann::ordered_json;  // keys in the documented order

// "1 article", "5 articles"; "1 story", "2 stories".
std::string Counted(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

json Nullable(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json SpanJson(const Span& s) { return json::array({s.begin, s.end}); }

json CitationsJson(const std::vector<Citation>& cs) {
  json out = json::array();
  for (const Citation& c : cs) {
    out.push_back({{"article", c.article}, {"span", SpanJson(c.span)}});
    if (c.partial) out.back()["match"] = "partial";
  }
  return out;
}

// `names`: article id -> outlet name (OutletNames).
json FactsJson(const std::vector<Fact>& facts, const std::map<std::string, std::string>& names) {
  json out = json::array();
  for (const Fact& f : facts) {
    std::set<std::string> outlets;
    for (const std::string& id : f.sources) {
      auto it = names.find(id);
      outlets.insert(it == names.end() ? id : it->second);
    }
    out.push_back({{"text", f.text}, {"sources", f.sources}, {"support", f.sources.size()},
                   {"outlets", outlets.size()}, {"citations", CitationsJson(f.citations)}});
  }
  return out;
}

json ConflictsJson(const std::vector<Conflict>& conflicts, const std::map<std::string, std::string>& names) {
  json out = json::array();
  for (const Conflict& c : conflicts) {
    out.push_back({{"sides", FactsJson(c.sides, names)},
                   {"kind", c.update ? "update" : "conflict"},
                   {"quantity", c.quantity},
                   {"dates", c.dates}});
  }
  return out;
}

json TimelineJson(const std::vector<TimelineEntry>& timeline) {
  json out = json::array();
  for (const TimelineEntry& t : timeline) {
    out.push_back({{"date", Nullable(t.date)},
                   {"granularity", DateGranularityName(t.granularity)},
                   {"modifier", t.modifier.empty() ? json(nullptr) : json(t.modifier)},
                   {"relative", t.date ? json(nullptr) : json(t.relative)},
                   {"text", t.text},
                   {"sources", t.sources},
                   {"citations", CitationsJson(t.citations)},
                   {"expressions", CitationsJson(t.expressions)}});
  }
  return out;
}

// "2016-10-17", "2016-10 (mid)", or where the text puts it relative to an
// unknown publication date.
// "2016-W41" (an ISO 8601 week) as people read it: "week of 2016-10-10",
// its Monday; any other date as it is.
std::string ReadableDate(const std::string& date) {
  int y = 0, w = 0;
  if (date.size() != 8 || date[4] != '-' || date[5] != 'W' || std::sscanf(date.c_str(), "%4d-W%2d", &y, &w) != 2 ||
      w < 1 || w > 53) {
    return date;
  }
  // Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm), and back.
  auto days_from_civil = [](int yy, int mm, int dd) {
    yy -= mm <= 2;
    const int era = (yy >= 0 ? yy : yy - 399) / 400;
    const int yoe = yy - era * 400;
    const int doy = (153 * (mm + (mm > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  };
  // Week 1 holds 4 January; weeks start on Monday (1970-01-01 was a Thursday).
  const int jan4 = days_from_civil(y, 1, 4);
  const int weekday = ((jan4 % 7) + 7 + 3) % 7;  // 0 = Monday
  int z = jan4 - weekday + 7 * (w - 1) + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp + (mp < 10 ? 3 : -9);
  const int year = yoe + era * 400 + (m <= 2);
  char buf[64];
  std::snprintf(buf, sizeof buf, "week of %04d-%02d-%02d", year, m, d);
  return buf;
}

std::string TimelineDate(const TimelineEntry& t) {
  if (!t.date) return t.relative;
  return ReadableDate(*t.date) + (t.modifier.empty() ? "" : " (" + t.modifier + ")");
}

// The host of a URL ("https://www.example.org/a/b" -> "example.org"), or
// empty.
std::string UrlHost(std::string_view url) {
  std::size_t start = url.find("://");
  if (start == std::string_view::npos) return "";
  start += 3;
  std::size_t end = url.find_first_of("/?#:", start);
  std::string host(url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
  if (host.rfind("www.", 0) == 0) host = host.substr(4);
  return host;
}

std::map<std::string, std::string> OutletNames(const Report& r) {
  std::map<std::string, std::string> out;
  for (const Article& a : r.articles) out[a.id] = OutletLabel(a);
  return out;
}

// The outlets of these articles, in order, an outlet cited by several of
// them once with their number: "Reuters x2, AP".
std::string JoinSources(const std::vector<std::string>& ids, const std::map<std::string, std::string>& names) {
  std::vector<std::pair<std::string, std::size_t>> outlets;
  for (const auto& id : ids) {
    auto it = names.find(id);
    const std::string& name = it == names.end() ? id : it->second;
    auto o = std::find_if(outlets.begin(), outlets.end(), [&](const auto& x) { return x.first == name; });
    if (o == outlets.end()) outlets.emplace_back(name, 1);
    else ++o->second;
  }
  std::string out;
  for (const auto& [name, n] : outlets) {
    if (!out.empty()) out += ", ";
    out += name;
    if (n > 1) out += " \xC3\x97" + std::to_string(n);
  }
  return out;
}

// Distinct outlets among these articles.
std::size_t CountOutlets(const std::vector<std::string>& ids, const std::map<std::string, std::string>& names) {
  std::set<std::string> outlets;
  for (const auto& id : ids) {
    auto it = names.find(id);
    outlets.insert(it == names.end() ? id : it->second);
  }
  return outlets.size();
}

bool HasSignificantTerm(const OutletFraming& f) {
  return std::any_of(f.terms.begin(), f.terms.end(), [](const FramingTerm& t) { return t.significant; });
}

// "rebels (4, z 2.3), regime (3, z 2.1)": the significant terms only, for
// people-facing output (JSON lists the leading non-significant ones too).
std::string FramingTermsText(const OutletFraming& f) {
  std::string out;
  char buf[64];
  for (const FramingTerm& t : f.terms) {
    if (!t.significant) continue;  // a lean, not a finding: JSON keeps it, people-facing output does not
    if (!out.empty()) out += ", ";
    std::snprintf(buf, sizeof buf, " (%d, z %.1f)", t.count, t.z);
    out += t.term + buf;
  }
  return out;
}

}  // namespace

namespace {

json ArticleJson(const Report& r, std::size_t i) {
  const Article& a = r.articles[i];
  json removed = json::array();
  for (const RemovedBlock& b : a.removed) removed.push_back({{"text", b.text}, {"reason", b.reason}, {"at", b.at}});
  json ja = {{"id", a.id},
             {"source", Nullable(a.source)},
             {"url", a.url.empty() ? json(nullptr) : json(a.url)},
             {"title", a.title},
             {"published", Nullable(a.published)},
             {"path", a.path},
             {"text", a.text},
             {"removed", removed}};
  if (i < r.duplicate_of.size() && r.duplicate_of[i]) {
    ja["duplicate_of"] = r.articles[*r.duplicate_of[i]].id;
    ja["duplicate_similarity"] = i < r.duplicate_similarity.size() ? r.duplicate_similarity[i] : 1.0;
  } else {
    ja["duplicate_of"] = nullptr;
    ja["duplicate_similarity"] = nullptr;
  }
  return ja;
}

json StoryJson(const Story& s, const std::map<std::string, std::string>& names) {
  json summary = json::array();
  for (const SummarySentence& ss : s.summary) {
    summary.push_back({{"text", ss.text}, {"sources", ss.sources},
                       {"origin", {{"article", ss.origin.article}, {"span", SpanJson(ss.origin.span)}}}});
  }
  json quotes = json::array();
  for (const Quote& q : s.quotes) {
    quotes.push_back({{"speaker", q.speaker.empty() ? json(nullptr) : json(q.speaker)},
                      {"text", q.text},
                      {"partial", q.partial},
                      {"cue", q.cue.empty() ? json(nullptr) : json(q.cue)},
                      {"sources", q.sources},
                      {"citations", CitationsJson(q.citations)},
                      {"speaker_citations", CitationsJson(q.speaker_citations)}});
  }
  json entities = json::array();
  for (const Entity& e : s.entities) {
    json spans = json::array();
    for (const EntityMention& m : e.spans) spans.push_back({{"article", m.article}, {"span", SpanJson(m.span)}});
    entities.push_back({{"name", e.name}, {"type", EntityTypeName(e.type)}, {"aliases", e.aliases},
                        {"mentions", e.mentions}, {"sources", e.sources}, {"spans", spans}});
  }
  json framing = json::array();
  for (const OutletFraming& f : s.framing) {
    json terms = json::array();
    for (const FramingTerm& t : f.terms) {
      terms.push_back({{"term", t.term}, {"z", t.z}, {"count", t.count}, {"significant", t.significant}});
    }
    framing.push_back({{"outlet", f.outlet}, {"articles", f.articles}, {"terms", terms}});
  }
  return {{"id", s.id},
          {"title", s.title},
          {"articles", s.articles},
          {"summary", summary},
          {"facts", FactsJson(s.facts, names)},
          {"single_source", FactsJson(s.single_source, names)},
          {"conflicts", ConflictsJson(s.conflicts, names)},
          {"quotes", quotes},
          {"entities", entities},
          {"framing", framing},
          {"timeline", TimelineJson(s.timeline)}};
}

// Writes `items` elements as a JSON array nested one level in the report
// object, laid out exactly as json::dump(2) lays out the whole document.
// Elements are built and dumped in parallel, a block at a time, and written
// in order: the output does not depend on the thread count, and memory holds
// one block, not the whole report.
template <typename MakeElement>
void WriteArray(std::ostream& o, std::size_t items, unsigned threads, MakeElement&& make) {
  if (items == 0) {
    o << "[]";
    return;
  }
  o << "[\n";
  constexpr std::size_t kBlock = 512;
  std::vector<std::string> texts;
  for (std::size_t first = 0; first < items; first += kBlock) {
    const std::size_t count = std::min(kBlock, items - first);
    texts.assign(count, std::string());
    ParallelFor(count, threads, [&](std::size_t k) {
      // Invalid UTF-8 cannot reach here (ingest rejects it), but never throw.
      const std::string dumped = make(first + k).dump(2, ' ', false, json::error_handler_t::replace);
      // Indent by two levels. JSON strings hold no raw line breaks, so every
      // line break in the dump is layout.
      std::string& t = texts[k];
      t.reserve(dumped.size() + dumped.size() / 8 + 8);
      t += "    ";
      for (char c : dumped) {
        t += c;
        if (c == '\n') t += "    ";
      }
      t += first + k + 1 < items ? ",\n" : "\n";
    });
    for (const std::string& t : texts) o.write(t.data(), static_cast<std::streamsize>(t.size()));
  }
  o << "  ]";
}

}  // namespace

void WriteJson(const Report& r, std::ostream& o, unsigned threads) {
  o << "{\n  \"parallax_version\": \"0.1.0\",\n  \"articles\": ";
  WriteArray(o, r.articles.size(), threads, [&](std::size_t i) { return ArticleJson(r, i); });
  o << ",\n  \"stories\": ";
  const auto names = OutletNames(r);
  WriteArray(o, r.stories.size(), threads, [&](std::size_t i) { return StoryJson(r.stories[i], names); });
  o << ",\n  \"errors\": ";
  WriteArray(o, r.errors.size(), threads, [&](std::size_t i) {
    return json{{"path", r.errors[i].path}, {"message", r.errors[i].message}};
  });
  o << "\n}\n";
}

std::string RenderJson(const Report& r) {
  std::ostringstream o;
  WriteJson(r, o);
  return o.str();
}

std::string RenderMarkdown(const Report& r) {
  std::ostringstream o;
  auto names = OutletNames(r);
  std::size_t dups = 0, near = 0;
  for (std::size_t i = 0; i < r.duplicate_of.size(); ++i) {
    if (!r.duplicate_of[i]) continue;
    ++dups;
    near += i < r.duplicate_similarity.size() && r.duplicate_similarity[i] < 1.0;
  }
  o << "# Parallax report\n\n" << Counted(r.articles.size(), "article", "articles") << ", "
    << Counted(r.stories.size(), "story", "stories");
  if (dups) o << ", " << Counted(dups, "duplicate", "duplicates") << " (" << dups - near << " exact, " << near << " near)";
  if (!r.errors.empty()) o << ", " << Counted(r.errors.size(), "input", "inputs") << " with errors";
  o << ".\n";
  for (const Story& s : r.stories) {
    o << "\n## " << s.title << "\n\n";
    o << "*" << Counted(s.articles.size(), "article", "articles") << ": "
      << JoinSources(s.articles, names) << "*\n";
    if (!s.summary.empty()) {
      o << "\n### Summary\n\n";
      for (const SummarySentence& ss : s.summary) o << "- " << ss.text << " [" << JoinSources(ss.sources, names) << "]\n";
    }
    if (!s.facts.empty()) {
      o << "\n### Reported by several outlets\n\n";
      std::size_t shown = 0;
      for (const Fact& f : s.facts) {
        if (++shown > 12) break;
        o << "- (" << CountOutlets(f.sources, names) << "/" << CountOutlets(s.articles, names) << ") " << f.text << " [" << JoinSources(f.sources, names)
          << "]\n";
      }
    }
    if (!s.single_source.empty()) {
      o << "\n### Only one outlet\n\n";
      for (const Fact& f : s.single_source) o << "- " << f.text << " [" << JoinSources(f.sources, names) << "]\n";
    }
    if (!s.conflicts.empty()) {
      o << "\n### Where outlets give different numbers\n\n";
      for (const Conflict& c : s.conflicts) {
        o << "-";
        for (std::size_t k = 0; k < c.sides.size(); ++k) {
          const std::string date = k < c.dates.size() ? " (" + c.dates[k] + ")" : "";
          o << (k == 0 ? " " : (c.update ? "\n  - updated" + date + ": " : "\n  - versus: ")) << c.sides[k].text
            << " [" << JoinSources(c.sides[k].sources, names) << "]" << (k == 0 ? date : "");
        }
        o << "\n";
      }
    }
    if (!s.timeline.empty()) {
      o << "\n### Timeline\n\n";
      for (const TimelineEntry& t : s.timeline) {
        o << "- **" << TimelineDate(t) << "**: " << t.text << " [" << JoinSources(t.sources, names) << "]\n";
      }
    }
    if (!s.quotes.empty()) {
      o << "\n### Quotes\n\n";
      for (const Quote& q : s.quotes) {
        o << "- **" << (q.speaker.empty() ? "unknown speaker" : q.speaker) << "**: \"" << q.text << "\""
          << (q.partial ? " (partial)" : "") << " [" << JoinSources(q.sources, names) << "]\n";
      }
    }
    if (std::any_of(s.framing.begin(), s.framing.end(), [](const OutletFraming& f) { return HasSignificantTerm(f); })) {
      o << "\n### How each outlet tells it\n\n";
      for (const OutletFraming& f : s.framing) {
        if (!HasSignificantTerm(f)) continue;
        o << "- **" << f.outlet << "**: " << FramingTermsText(f) << "\n";
      }
    }
    if (!s.entities.empty()) {
      o << "\n### People, organisations, places\n\n";
      std::size_t shown = 0;
      for (const Entity& e : s.entities) {
        if (e.type == EntityType::kOther) continue;
        if (++shown > 20) break;
        o << "- " << e.name << " (" << EntityTypeName(e.type) << ", " << Counted(e.mentions, "mention", "mentions")
          << " in " << Counted(e.sources.size(), "article", "articles") << ")\n";
      }
    }
  }
  if (!r.errors.empty()) {
    o << "\n## Inputs with errors\n\n";
    for (const InputError& e : r.errors) o << "- `" << e.path << "`: " << e.message << "\n";
  }
  return o.str();
}

// Outlet name of an article id, for people-facing output: the article's
// source, else its URL's host, else its title (cut at a word within 40
// bytes when longer than 48), else its id. A file name says nothing to a reader (and is often
// a hash), so it is the last resort.
std::string OutletLabel(const Article& a) {
  if (a.source && !a.source->empty()) return *a.source;
  if (std::string host = UrlHost(a.url); !host.empty()) return host;
  if (!a.title.empty()) {
    if (a.title.size() <= 48) return a.title;
    std::size_t cut = a.title.rfind(' ', 40);
    if (cut == std::string::npos || cut < 20) {
      cut = 40;
      while (cut > 0 && (static_cast<unsigned char>(a.title[cut]) & 0xC0) == 0x80) --cut;
    }
    return a.title.substr(0, cut) + "\u2026";
  }
  return a.id;
}

std::string EscapeHtml(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

namespace {

// The id of a cited sentence's anchor: "c<article>-<begin>-<end>".
std::string CitationAnchor(std::size_t article, std::uint32_t begin, std::uint32_t end) {
  std::string id("c");
  id.append(std::to_string(article)).append("-").append(std::to_string(begin)).append("-").append(std::to_string(end));
  return id;
}

// The escaped text of bytes [begin, end) of `text` (one paragraph), each
// cited span in it wrapped in <mark id="c<article>-<b>-<e>"> so that a
// citation can link to it. A span that starts inside another gets an empty
// anchor at its start (marks do not nest or overlap).
std::string MarkedParagraph(const std::string& text, std::size_t begin, std::size_t end,
                            const std::set<std::pair<std::uint32_t, std::uint32_t>>& spans, std::size_t article) {
  std::string out;
  std::size_t pos = begin, open_end = 0;
  auto id = [&](std::uint32_t b, std::uint32_t e) { return CitationAnchor(article, b, e); };
  for (auto it = spans.lower_bound({static_cast<std::uint32_t>(begin), 0}); it != spans.end() && it->first < end; ++it) {
    const auto [b, e] = *it;
    if (open_end != 0 && b < open_end) {
      out += EscapeHtml(std::string_view(text).substr(pos, b - pos));
      pos = b;
      out += "<a id=\"" + id(b, e) + "\"></a>";
      continue;
    }
    if (open_end != 0) {
      out += EscapeHtml(std::string_view(text).substr(pos, open_end - pos)) + "</mark>";
      pos = open_end;
      open_end = 0;
    }
    out += EscapeHtml(std::string_view(text).substr(pos, b - pos));
    pos = b;
    out += "<mark id=\"" + id(b, e) + "\">";
    open_end = std::min<std::size_t>(e, end);
  }
  if (open_end != 0) {
    out += EscapeHtml(std::string_view(text).substr(pos, open_end - pos)) + "</mark>";
    pos = open_end;
  }
  out += EscapeHtml(std::string_view(text).substr(pos, end - pos));
  return out;
}

}  // namespace

std::string RenderHtml(const Report& r) {
  std::ostringstream o;
  auto names = OutletNames(r);
  auto chips = [&](const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) {
      auto it = names.find(id);
      out += "<span class=\"chip\" title=\"" + EscapeHtml(id) + "\">" + EscapeHtml(it == names.end() ? id : it->second) +
             "</span>";
    }
    return out;
  };
  // Citations link to the cited sentence in the article's text below,
  // where it is highlighted (<mark>). Anchors are made of the article's
  // index and the span's bytes only, so they never need escaping.
  std::map<std::string, std::size_t> index_of;
  for (std::size_t i = 0; i < r.articles.size(); ++i) index_of.emplace(r.articles[i].id, i);
  std::vector<std::set<std::pair<std::uint32_t, std::uint32_t>>> marks(r.articles.size());
  auto anchor = [&](const Citation& c) -> std::string {
    auto it = index_of.find(c.article);
    if (it == index_of.end() || c.span.end <= c.span.begin || c.span.end > r.articles[it->second].text.size()) return "";
    marks[it->second].insert({c.span.begin, c.span.end});
    return CitationAnchor(it->second, c.span.begin, c.span.end);
  };
  // Chips for `ids`, each linked to its first citation in `citations`.
  auto cited = [&](const std::vector<std::string>& ids, const std::vector<Citation>& citations) {
    std::string out;
    for (const auto& id : ids) {
      auto it = names.find(id);
      const std::string label = EscapeHtml(it == names.end() ? id : it->second);
      std::string target;
      for (const Citation& c : citations) {
        if (c.article == id && !(target = anchor(c)).empty()) break;
      }
      if (target.empty()) {
        out += "<span class=\"chip\" title=\"" + EscapeHtml(id) + "\">" + label + "</span>";
      } else {
        out += "<a class=\"chip\" href=\"#" + target + "\" title=\"" + EscapeHtml(id) + "\">" + label + "</a>";
      }
    }
    return out;
  };
  o << "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
       "<title>Parallax report</title><style>"
       "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
       "h2{border-top:2px solid #ddd;padding-top:1rem}.chip{display:inline-block;font-size:.75rem;background:#eef;"
       "border-radius:.6rem;padding:0 .5rem;margin:0 .15rem;color:#335}.n{color:#777;font-size:.85rem}"
       "blockquote{margin:.3rem 0;padding-left:.8rem;border-left:3px solid #ccd}details{margin:.3rem 0}"
       ".removed{color:#777;font-size:.85rem}.err{color:#a00}"
       ".timeline{list-style:none;padding-left:0}.timeline time{font-weight:600;margin-right:.3rem}"
       "a.chip{text-decoration:none}mark:target{outline:2px solid #c90}</style></head><body>\n";
  o << "<h1>Parallax report</h1>\n<p class=\"n\">" << Counted(r.articles.size(), "article", "articles") << ", "
    << Counted(r.stories.size(), "story", "stories") << "</p>\n";
  for (const Story& s : r.stories) {
    o << "<section><h2>" << EscapeHtml(s.title) << "</h2>\n<p class=\"n\">" << Counted(s.articles.size(), "article", "articles")
      << " " << chips(s.articles) << "</p>\n";
    if (!s.summary.empty()) {
      o << "<h3>Summary</h3>\n<ul>\n";
      for (const SummarySentence& ss : s.summary) o << "<li>" << EscapeHtml(ss.text) << " " << cited(ss.sources, {ss.origin}) << "</li>\n";
      o << "</ul>\n";
    }
    if (!s.facts.empty()) {
      o << "<h3>Reported by several outlets</h3>\n<ul>\n";
      for (const Fact& f : s.facts) {
        o << "<li><span class=\"n\">" << CountOutlets(f.sources, names) << "/" << CountOutlets(s.articles, names) << "</span> " << EscapeHtml(f.text) << " "
          << cited(f.sources, f.citations) << "</li>\n";
      }
      o << "</ul>\n";
    }
    if (!s.single_source.empty()) {
      o << "<h3>Only one outlet</h3>\n<ul>\n";
      for (const Fact& f : s.single_source) o << "<li>" << EscapeHtml(f.text) << " " << cited(f.sources, f.citations) << "</li>\n";
      o << "</ul>\n";
    }
    if (!s.conflicts.empty()) {
      o << "<h3>Where outlets give different numbers</h3>\n<ul>\n";
      for (const Conflict& c : s.conflicts) {
        o << "<li>";
        for (std::size_t k = 0; k < c.sides.size(); ++k) {
          const std::string date = k < c.dates.size() ? " (" + c.dates[k] + ")" : "";
          o << (k == 0 ? "" : (c.update ? "<br><i>updated" + EscapeHtml(date) + "</i> " : "<br><i>versus</i> "))
            << EscapeHtml(c.sides[k].text) << " " << cited(c.sides[k].sources, c.sides[k].citations) << (k == 0 ? EscapeHtml(date) : "");
        }
        o << "</li>\n";
      }
      o << "</ul>\n";
    }
    if (!s.timeline.empty()) {
      o << "<h3>Timeline</h3>\n<ol class=\"timeline\">\n";
      for (const TimelineEntry& t : s.timeline) {
        o << "<li>";
        if (t.date) {
          o << "<time datetime=\"" << EscapeHtml(*t.date) << "\">" << EscapeHtml(TimelineDate(t)) << "</time>";
        } else {
          o << "<span class=\"n\">" << EscapeHtml(t.relative) << "</span>";
        }
        o << " " << EscapeHtml(t.text) << " " << cited(t.sources, t.citations) << "</li>\n";
      }
      o << "</ol>\n";
    }
    if (!s.quotes.empty()) {
      o << "<h3>Quotes</h3>\n";
      for (const Quote& q : s.quotes) {
        o << "<blockquote>&ldquo;" << EscapeHtml(q.text) << "&rdquo;" << (q.partial ? " <span class=\"n\">(partial)</span>" : "")
          << "<br><b>" << EscapeHtml(q.speaker.empty() ? "unknown speaker" : q.speaker) << "</b> " << cited(q.sources, q.citations)
          << "</blockquote>\n";
      }
    }
    if (std::any_of(s.framing.begin(), s.framing.end(), [](const OutletFraming& f) { return HasSignificantTerm(f); })) {
      o << "<h3>How each outlet tells it</h3>\n<ul>\n";
      for (const OutletFraming& f : s.framing) {
        if (!HasSignificantTerm(f)) continue;
        o << "<li><b>" << EscapeHtml(f.outlet) << "</b>: " << EscapeHtml(FramingTermsText(f)) << "</li>\n";
      }
      o << "</ul>\n";
    }
    if (!s.entities.empty()) {
      o << "<h3>People, organisations, places</h3>\n<ul>\n";
      for (const Entity& e : s.entities) {
        o << "<li>" << EscapeHtml(e.name) << " <span class=\"n\">" << EntityTypeName(e.type) << ", "
          << Counted(e.mentions, "mention", "mentions") << "</span> " << chips(e.sources) << "</li>\n";
      }
      o << "</ul>\n";
    }
    o << "</section>\n";
  }
  o << "<h2>Articles</h2>\n";
  for (const Article& a : r.articles) {
    o << "<details><summary>" << EscapeHtml(a.title) << " <span class=\"n\">" << EscapeHtml(a.source ? *a.source : "unknown outlet")
      << (a.published ? ", " + EscapeHtml(*a.published) : "") << " &middot; " << EscapeHtml(a.id) << "</span></summary>\n";
    std::size_t i = 0;
    const auto& cited_spans = marks[static_cast<std::size_t>(&a - r.articles.data())];
    while (i < a.text.size()) {
      std::size_t e = a.text.find("\n\n", i);
      if (e == std::string::npos) e = a.text.size();
      o << "<p>" << MarkedParagraph(a.text, i, e, cited_spans, static_cast<std::size_t>(&a - r.articles.data()))
        << "</p>\n";
      i = e + 2;
    }
    if (!a.removed.empty()) {
      o << "<div class=\"removed\"><b>Removed by the cleaner</b><ul>\n";
      for (const RemovedBlock& b : a.removed) o << "<li>" << EscapeHtml(b.reason) << ": " << EscapeHtml(b.text) << "</li>\n";
      o << "</ul></div>\n";
    }
    o << "</details>\n";
  }
  if (!r.errors.empty()) {
    o << "<h2>Inputs with errors</h2>\n<ul>\n";
    for (const InputError& e : r.errors) o << "<li class=\"err\">" << EscapeHtml(e.path) << ": " << EscapeHtml(e.message) << "</li>\n";
    o << "</ul>\n";
  }
  o << "</body></html>\n";
  return o.str();
}

}  // namespace parallax
