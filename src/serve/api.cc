// The JSON API (docs/api.md; schema in docs/openapi.json). Every string
// reaches the output through nlohmann::json.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <regex>
#include <set>

#include "ingest/reader.h"
#include "report/report.h"
#include "serve/handlers.h"

namespace parallax::serve_internal {

namespace {

using json = nlohmann::ordered_json;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

Reply JsonReply(const json& j, int status = 200) { return {status, "application/json", Dump(j), ""}; }

json Opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

Reply FromStatus(const Status& s) { return JsonError(HttpStatus(s), s.message()); }

std::optional<std::string> Param(const Params& p, const std::string& name) {
  auto it = p.find(name);
  if (it == p.end()) return std::nullopt;
  return it->second;
}

// An ISO 8601 date or UTC time as the store compares them.
Result<std::optional<std::string>> IsoParam(const Params& p, const std::string& name) {
  std::optional<std::string> v = Param(p, name);
  if (!v || v->empty()) return std::optional<std::string>();
  static const std::regex kIso(R"(\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3])(:[0-5]\d(:[0-5]\d(\.\d{1,9})?)?)?Z?)?)?)?)");
  if (v->size() > 40 || !std::regex_match(*v, kIso)) {
    return InvalidArgument(name + " is not an ISO 8601 date or time (2025-03-04, 2025-03-04T09:30:00Z)");
  }
  return v;
}

Result<std::size_t> LimitParam(const Params& p, std::size_t fallback) {
  std::optional<std::string> v = Param(p, "limit");
  if (!v) return fallback;
  if (v->empty() || v->size() > 3 || !std::all_of(v->begin(), v->end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return InvalidArgument("limit must be a whole number from 1 to 100");
  }
  const std::size_t n = std::stoul(*v);
  if (n < 1 || n > 100) return InvalidArgument("limit must be a whole number from 1 to 100");
  return n;
}

std::optional<std::string> TextParam(const Params& p, const std::string& name) {
  std::optional<std::string> v = Param(p, name);
  if (v && v->empty()) return std::nullopt;
  return v;
}

json CardJson(const StoryCard& c) {
  json outlets = json::array();
  for (const OutletCount& o : c.outlet_counts) outlets.push_back({{"name", o.name}, {"articles", o.articles}});
  return {{"id", c.id},
          {"title", c.title},
          {"articles", c.articles},
          {"outlets", c.outlets},
          {"first_published", Opt(c.first_published)},
          {"last_published", Opt(c.last_published)},
          {"updated_at", c.updated_at},
          {"summary", Opt(c.summary)},
          {"counts",
           {{"facts", c.facts}, {"single_source", c.single_source}, {"conflicts", c.conflicts}, {"quotes", c.quotes}}},
          {"outlet_counts", outlets}};
}

json CardsJson(const std::vector<StoryCard>& cards) {
  json out = json::array();
  for (const StoryCard& c : cards) out.push_back(CardJson(c));
  return out;
}

}  // namespace

Reply JsonError(int status, const std::string& message) { return JsonReply(json{{"error", message}}, status); }

int HttpStatus(const Status& s) {
  switch (s.code()) {
    case StatusCode::kNotFound: return 404;
    case StatusCode::kInvalidArgument:
    case StatusCode::kInvalidInput:
    case StatusCode::kEmpty: return 400;
    case StatusCode::kTooLarge: return 413;
    default: return 500;
  }
}

std::string PathSegment(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// The filters story lists and searches share: since, until, limit (20 by
// default), outlet, entity.
template <typename Query>
Status ReadFilters(const Params& p, Query* q) {
  auto since = IsoParam(p, "since");
  if (!since.ok()) return since.status();
  auto until = IsoParam(p, "until");
  if (!until.ok()) return until.status();
  auto limit = LimitParam(p, 20);
  if (!limit.ok()) return limit.status();
  q->since = *since;
  q->until = *until;
  q->limit = *limit;
  q->outlet = TextParam(p, "outlet");
  q->entity = TextParam(p, "entity");
  return Status::Ok();
}

Result<StoryCardQuery> CardQuery(const Params& p) {
  StoryCardQuery q;
  if (Status st = ReadFilters(p, &q); !st.ok()) return st;
  q.query = TextParam(p, "q");
  const std::string sort = Param(p, "sort").value_or("newest");
  if (sort == "newest") q.sort = StorySort::kNewest;
  else if (sort == "coverage") q.sort = StorySort::kCoverage;
  else return InvalidArgument("sort must be newest or coverage");
  q.cursor = Param(p, "cursor").value_or("");
  if (q.cursor.size() > 200) return InvalidArgument("malformed cursor");
  return q;
}

Result<SearchQuery> SearchParams(const Params& p) {
  SearchQuery q;
  std::optional<std::string> text = TextParam(p, "q");
  if (!text) return InvalidArgument("q (the search query) is required");
  if (text->size() > 1000) return InvalidArgument("q is longer than 1000 bytes");
  q.query = *text;
  if (Status st = ReadFilters(p, &q); !st.ok()) return st;
  return q;
}

Reply ApiStories(Store& store, const Params& p) {
  auto q = CardQuery(p);
  if (!q.ok()) return FromStatus(q.status());
  auto page = store.ListStoryCards(*q);
  if (!page.ok()) return FromStatus(page.status());
  return JsonReply({{"stories", CardsJson(page->cards)}, {"next_cursor", Opt(page->next_cursor)}});
}

Reply ApiStory(Store& store, const std::string& id) {
  auto view = store.GetStory(id, std::nullopt);
  if (!view.ok()) return FromStatus(view.status());
  if (view->merged_into) {
    const std::string& live = view->report.stories[0].id;
    Reply r = JsonReply({{"error", "story " + id + " was merged into story " + live}, {"merged_into", live}}, 308);
    r.location = "/api/stories/" + PathSegment(live);
    return r;
  }
  return {200, "application/json", RenderJson(view->report), ""};
}

Reply ApiArticle(Store& store, const std::string& id) {
  auto v = store.GetArticle(id);
  if (!v.ok()) return FromStatus(v.status());
  const Article& a = v->article;
  json removed = json::array();
  for (const RemovedBlock& b : a.removed) removed.push_back({{"text", b.text}, {"reason", b.reason}, {"at", b.at}});
  json article = {{"id", a.id},
                  {"source", Opt(a.source)},
                  {"url", a.url.empty() ? json(nullptr) : json(a.url)},
                  {"title", a.title},
                  {"published", Opt(a.published)},
                  {"path", a.path},
                  {"text", a.text},
                  {"removed", removed},
                  {"duplicate_of", Opt(v->duplicate_of)},
                  {"duplicate_similarity", v->duplicate_similarity ? json(*v->duplicate_similarity) : json(nullptr)}};
  json story = v->story ? json{{"id", *v->story}, {"title", v->story_title.value_or("")}} : json(nullptr);
  return JsonReply({{"article", article}, {"story", story}});
}

Reply ApiSearch(Store& store, const Params& p) {
  auto q = SearchParams(p);
  if (!q.ok()) return FromStatus(q.status());
  auto articles = store.Search(*q);
  if (!articles.ok()) return FromStatus(articles.status());
  SearchQuery sq = *q;
  sq.stories = true;
  auto stories = store.Search(sq);
  if (!stories.ok()) return FromStatus(stories.status());
  json a = json::array(), s = json::array();
  for (const SearchHit& h : *articles) {
    a.push_back({{"id", h.id}, {"title", h.title}, {"snippet", h.snippet}, {"score", h.score},
                 {"story", Opt(h.story)}, {"source", Opt(h.source)}, {"published", Opt(h.published)}});
  }
  for (const SearchHit& h : *stories) {
    s.push_back({{"id", h.id}, {"title", h.title}, {"snippet", h.snippet}, {"score", h.score},
                 {"last_published", Opt(h.published)}});
  }
  return JsonReply({{"query", q->query}, {"articles", a}, {"stories", s}});
}

Reply ApiEntities(Store& store, const Params& p) {
  auto limit = LimitParam(p, 50);
  if (!limit.ok()) return FromStatus(limit.status());
  const std::string prefix = Param(p, "q").value_or("");
  if (prefix.size() > 200) return JsonError(400, "q is longer than 200 bytes");
  auto list = store.ListEntities(prefix, *limit);
  if (!list.ok()) return FromStatus(list.status());
  json out = json::array();
  for (const EntityListing& e : *list) out.push_back({{"name", e.name}, {"stories", e.stories}});
  return JsonReply({{"entities", out}});
}

Reply ApiEntity(Store& store, const std::string& name) {
  auto v = store.GetEntity(name);
  if (!v.ok()) return FromStatus(v.status());
  json quotes = json::array();
  for (const SpeakerQuote& q : v->quotes) {
    quotes.push_back({{"story", q.story}, {"story_title", q.story_title}, {"text", q.quote.text},
                      {"partial", q.quote.partial}, {"sources", q.quote.sources}, {"outlets", q.outlets}});
  }
  return JsonReply({{"name", v->name}, {"type", Opt(v->type)}, {"stories", CardsJson(v->stories)}, {"quotes", quotes}});
}

Reply ApiOutlets(Store& store) {
  auto list = store.ListOutlets();
  if (!list.ok()) return FromStatus(list.status());
  json out = json::array();
  for (const OutletListing& o : *list) out.push_back({{"name", o.name}, {"articles", o.articles}, {"stories", o.stories}});
  return JsonReply({{"outlets", out}});
}

Reply ApiOutlet(Store& store, const std::string& name) {
  auto v = store.GetOutlet(name);
  if (!v.ok()) return FromStatus(v.status());
  json terms = json::array();
  for (const OutletTerm& t : v->terms) {
    terms.push_back({{"term", t.term}, {"stories", t.stories}, {"count", t.count}, {"max_z", t.max_z}});
  }
  return JsonReply({{"name", v->name}, {"articles", v->articles}, {"story_count", v->story_count},
                    {"stories", CardsJson(v->stories)}, {"framing_terms", terms}});
}

Reply ApiIngest(Store& writer, const std::string& body) {
  IngestOptions opt;
  std::vector<InputError> errors;
  std::vector<Article> articles = ParseJsonLines(body, "request", opt, &errors);
  std::vector<std::string> ids;
  for (const Article& a : articles) ids.push_back(a.id);
  if (articles.empty()) {
    json e = json::array();
    for (const InputError& x : errors) e.push_back({{"path", x.path}, {"message", x.message}});
    return JsonReply({{"error", "no article could be read from the body (JSON Lines, one article per line)"},
                      {"errors", e}}, 400);
  }
  StoreIngestOptions so;
  so.engine.threads = 1;
  auto sum = writer.Ingest(std::move(articles), std::move(errors), so);
  if (!sum.ok()) return FromStatus(sum.status());
  std::set<std::int64_t> touched;
  for (const std::string& id : ids) {
    auto v = writer.GetArticle(id);
    if (v.ok() && v->story) touched.insert(std::stoll(*v->story));
  }
  json stories = json::array();
  for (std::int64_t n : touched) stories.push_back(std::to_string(n));
  json e = json::array();
  for (const InputError& x : sum->errors) e.push_back({{"path", x.path}, {"message", x.message}});
  return JsonReply({{"batch", sum->batch},
                    {"new_articles", sum->new_articles},
                    {"duplicates", sum->duplicates},
                    {"updated", sum->updated},
                    {"unchanged", sum->unchanged},
                    {"stories_created", sum->stories_created},
                    {"stories_updated", sum->stories_updated},
                    {"stories_merged", sum->stories_merged},
                    {"stories", stories},
                    {"errors", e}});
}

}  // namespace parallax::serve_internal
