// parallax ingest / stories / story / search / export: the persistent story
// store (src/store, docs/store.md). Flags, one call into the store, output.

#include <nlohmann/json.hpp>

#include <csignal>
#include <iostream>
#include <memory>
#include <regex>
#include <sstream>

#include "analyze/paraphrase.h"
#include "commands.h"
#include "ingest/reader.h"
#include "ner/tagger.h"
#include "report/report.h"
#include "store/store.h"

namespace parallax::cli {
namespace {

using json = nlohmann::ordered_json;

const char* kCommands[] = {"ingest", "stories", "story", "search", "export", "worker"};

std::unique_ptr<Store> Open(const std::string& db, bool read_only) {
  StoreOpenOptions o;
  o.read_only = read_only;
  // One connection: mapping the file costs no more memory than reading it.
  if (read_only) o.mmap_bytes = std::int64_t{1} << 34;
  auto store = OpenStore(db, o);
  if (!store.ok()) {
    std::cerr << "parallax: " << store.status().message() << "\n";
    return nullptr;
  }
  return std::move(*store);
}

// An ISO 8601 date or UTC time, as the store compares them ("2025-03",
// "2025-03-04", "2025-03-04T09:30:00Z"); a space before the time becomes T.
// Anything else is a usage error, not a silent string comparison.
CLI::Validator IsoTime() {
  return CLI::Validator(
      [](std::string& v) -> std::string {
        static const std::regex kIso(R"(\d{4}(-\d{2}(-\d{2}([T ]\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?Z?)?)?)?)");
        if (!std::regex_match(v, kIso)) return "not an ISO 8601 date or time (2025-03-04, 2025-03-04T09:30:00Z): " + v;
        if (v.size() > 10 && v[10] == ' ') v[10] = 'T';
        return "";
      },
      "ISO 8601");
}

json Opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

std::string Plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

const char* ChangeLabel(const std::string& kind) {
  if (kind == "new_outlet") return "New outlet";
  if (kind == "new_fact") return "New fact";
  if (kind == "fact_gained_support") return "Fact gained support";
  if (kind == "fact_lost_support") return "Fact lost support";
  if (kind == "new_conflict") return "New conflict";
  if (kind == "new_quote") return "New quote";
  return "Change";
}

std::string ChangeText(const StoryChange& c) {
  std::string t = c.text;
  if (c.kind == "new_quote") t = "\u201c" + c.text + "\u201d" + (c.speaker.empty() ? "" : " (" + c.speaker + ")");
  if (c.kind == "fact_gained_support" || c.kind == "fact_lost_support") {
    t += " (" + std::to_string(c.outlets_before) + " -> " + std::to_string(c.outlets_now) + " outlets)";
  } else if (c.kind == "new_fact") {
    t += " (" + Plural(c.outlets_now, "outlet", "outlets") + ")";
  }
  return t;
}

int RunIngest(const std::string& db, const std::vector<std::string>& paths, const std::string& at, unsigned threads,
              bool by_day) {
  // A file size limit (ulimit -f) must fail the write, not kill us.
  std::signal(SIGXFSZ, SIG_IGN);
  auto store = Open(db, false);
  if (!store) return kExitFatal;
  if (std::string why; DefaultNerModel(&why) == nullptr) {
    std::cerr << "parallax: warning: " << why << "; names are found by rules only (set PARALLAX_NER_MODEL)\n";
  }
  if (std::string why; (DefaultParaphraseModel(&why), !why.empty())) std::cerr << "parallax: warning: " << why << "\n";
  WarnIfNoSameEventModel();
  StoreIngestOptions opt;
  opt.engine.threads = threads;
  opt.at = at;
  opt.by_day = by_day;
  IngestOptions in_opt;
  in_opt.threads = threads;
  IngestResult in = ReadInputs(paths, in_opt);
  const std::size_t read = in.articles.size();
  auto sum = store->Ingest(std::move(in.articles), std::move(in.errors), opt);
  if (!sum.ok()) {
    std::cerr << "parallax: " << sum.status().message() << "\n";
    return kExitFatal;
  }
  PrintErrors(sum->errors);
  std::cerr << "parallax: ingest: " << Plural(read, "article", "articles") << " read: " << sum->new_articles << " new, "
            << Plural(sum->duplicates, "duplicate", "duplicates") << ", " << sum->updated << " updated, "
            << sum->unchanged << " unchanged; " << Plural(sum->stories_created, "story", "stories") << " created, "
            << sum->stories_updated << " updated, " << sum->stories_merged << " merged; "
            << Plural(sum->errors.size(), "error", "errors");
  if (sum->batch > 0) std::cerr << " (batch " << sum->batch << ")";
  std::cerr << "\n";
  if (read == 0) {
    std::cerr << "parallax: no article could be read\n";
    return kExitInputErrors;
  }
  return sum->errors.empty() ? kExitOk : kExitInputErrors;
}

int RunStories(const std::string& db, const StoryFilter& f, const std::string& format) {
  auto store = Open(db, true);
  if (!store) return kExitFatal;
  auto list = store->ListStories(f);
  if (!list.ok()) {
    std::cerr << "parallax: " << list.status().message() << "\n";
    return kExitFatal;
  }
  std::ostringstream out;
  if (format == "json") {
    json a = json::array();
    for (const StoryListing& s : *list) {
      a.push_back({{"id", s.id}, {"title", s.title}, {"articles", s.articles}, {"outlets", s.outlets},
                   {"first_published", Opt(s.first_published)}, {"last_published", Opt(s.last_published)},
                   {"updated_at", s.updated_at}});
    }
    out << a.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  } else {
    for (const StoryListing& s : *list) {
      out << s.id << "\t" << s.title << "\t" << Plural(s.articles, "article", "articles") << ", "
          << Plural(s.outlets, "outlet", "outlets") << "\t" << s.first_published.value_or("?") << " .. "
          << s.last_published.value_or("?") << "\tupdated " << s.updated_at << "\n";
    }
  }
  return WriteOutput("", out.str());
}

int RunStory(const std::string& db, const std::string& id, const std::string& format,
             const std::optional<std::string>& since, const std::string& out_path) {
  auto store = Open(db, true);
  if (!store) return kExitFatal;
  auto view = store->GetStory(id, since);
  if (!view.ok()) {
    std::cerr << "parallax: " << view.status().message() << "\n";
    return view.status().code() == StatusCode::kNotFound ? kExitInputErrors : kExitFatal;
  }
  const std::string& live = view->report.stories[0].id;
  if (view->merged_into) std::cerr << "parallax: story " << id << " was merged into story " << live << "\n";
  if (format == "json") {
    json j = json::parse(RenderJson(view->report));
    if (view->merged_into) {
      j["requested"] = view->requested;
      j["merged_into"] = live;
    }
    if (since) {
      j["since"] = *since;
      json changes = json::array();
      for (const StoryChange& c : view->changes) {
        json e = {{"kind", c.kind}, {"text", c.text}};
        if (c.kind == "new_quote") e["speaker"] = c.speaker.empty() ? json(nullptr) : json(c.speaker);
        if (c.kind.find("fact") != std::string::npos) {
          e["outlets_before"] = c.outlets_before;
          e["outlets_now"] = c.outlets_now;
        }
        changes.push_back(std::move(e));
      }
      j["changes"] = std::move(changes);
    }
    return WriteOutput(out_path, j.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
  }
  const bool html = format == "html";
  std::string page = html ? RenderHtml(view->report) : RenderMarkdown(view->report);
  std::string note;
  if (view->merged_into) {
    note = html ? "<p class=\"n\">Story " + EscapeHtml(id) + " was merged into story " + EscapeHtml(live) + ".</p>\n"
                : "*Story " + id + " was merged into story " + live + ".*\n\n";
  }
  if (since) {
    if (html) {
      note += "<section><h2>New since " + EscapeHtml(*since) + "</h2>\n<ul>";
      for (const StoryChange& c : view->changes) {
        note += "<li><b>" + std::string(ChangeLabel(c.kind)) + ":</b> " + EscapeHtml(ChangeText(c)) + "</li>";
      }
      if (view->changes.empty()) note += "<li>Nothing new.</li>";
      note += "</ul></section>\n";
    } else {
      note += "### New since " + *since + "\n\n";
      for (const StoryChange& c : view->changes) note += "- **" + std::string(ChangeLabel(c.kind)) + ":** " + ChangeText(c) + "\n";
      if (view->changes.empty()) note += "- Nothing new.\n";
      note += "\n";
    }
  }
  if (!note.empty()) {
    // After the story's heading line (Markdown) or the page's title (HTML).
    std::size_t at = html ? page.find("</h1>") : page.find("\n### ");
    if (at == std::string::npos) {
      page += note;
    } else {
      at = html ? at + 5 : at + 1;
      page.insert(at, html ? "\n" + note : note);
    }
  }
  return WriteOutput(out_path, page);
}

int RunSearch(const std::string& db, const SearchQuery& q, const std::string& format) {
  auto store = Open(db, true);
  if (!store) return kExitFatal;
  auto hits = store->Search(q);
  if (!hits.ok()) {
    std::cerr << "parallax: search: " << hits.status().message() << "\n";
    return kExitFatal;
  }
  std::ostringstream out;
  if (format == "json") {
    json a = json::array();
    for (const SearchHit& h : *hits) {
      json e = {{"id", h.id}, {"title", h.title}, {"snippet", h.snippet}, {"score", h.score}};
      if (!q.stories) {
        e["story"] = Opt(h.story);
        e["source"] = Opt(h.source);
        e["published"] = Opt(h.published);
      } else {
        e["last_published"] = Opt(h.published);
      }
      a.push_back(std::move(e));
    }
    out << a.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  } else {
    for (const SearchHit& h : *hits) {
      if (q.stories) {
        out << "story " << h.id << "\t" << h.title << "\n    " << h.snippet << "\n";
      } else {
        out << h.id << "\t" << h.source.value_or("-") << "\t" << h.published.value_or("-") << "\tstory "
            << h.story.value_or("-") << "\t" << h.title << "\n    " << h.snippet << "\n";
      }
    }
    if (hits->empty()) std::cerr << "parallax: search: no match\n";
  }
  return WriteOutput("", out.str());
}

int RunExport(const std::string& db, const std::string& out_path) {
  auto store = Open(db, true);
  if (!store) return kExitFatal;
  auto report = store->Export();
  if (!report.ok()) {
    std::cerr << "parallax: " << report.status().message() << "\n";
    return kExitFatal;
  }
  return WriteOutput(out_path, [&](std::ostream& o) { WriteJson(*report, o); });
}

}  // namespace

bool RanStoreCommand(const CLI::App& app) {
  for (const char* c : kCommands) {
    if (app.got_subcommand(c)) return true;
  }
  return false;
}

void RegisterStoreCommands(CLI::App& app, int* exit_code) {
  struct Opts {
    std::string db;
    std::vector<std::string> paths;
    std::string at;
    unsigned threads = 0;
    std::string format;
    std::string id;
    std::string out;
    std::optional<std::string> since, until, outlet, entity;
    std::size_t limit = 0;
    std::string query;
    bool stories = false;
    bool by_day = false;
    std::string queue;
  };
  auto o = std::make_shared<Opts>();
  auto db_opt = [&](CLI::App* cmd) {
    cmd->add_option("--db", o->db, "The story store: an SQLite file, or postgresql://user@host/dbname (docs/store.md)")
        ->required();
  };

  auto* ingest = app.add_subcommand(
      "ingest", "Add articles to a story store: duplicates found, each article joins its story or starts one");
  db_opt(ingest);
  ingest->add_option("PATH", o->paths, "Files or directories, as analyze reads them; - for standard input")->required();
  ingest->add_option("--at", o->at, "Record the batch as of this UTC time (ISO 8601; default: now)")->transform(IsoTime());
  ingest->add_option("--threads", o->threads, "Worker threads; 0: one per hardware thread")->check(CLI::Range(0, 1024));
  ingest->add_flag("--by-day", o->by_day,
                   "Add the new articles to stories one publication day at a time, as analyze --incremental does "
                   "(for a backlog of several days in one call)");
  ingest->add_option("--queue", o->queue,
                     "Only register each input file as a job of this queue, for parallax worker (PostgreSQL stores)");
  ingest->callback([o, exit_code] {
    *exit_code = o->queue.empty() ? RunIngest(o->db, o->paths, o->at, o->threads, o->by_day)
                                  : RunQueueRegister(o->db, o->queue, o->paths);
  });

  auto* stories = app.add_subcommand("stories", "List the stories of a store, most recently updated first");
  db_opt(stories);
  stories->add_option("--since", o->since, "Only stories with an article published on or after DATE")->transform(IsoTime());
  stories->add_option("--outlet", o->outlet, "Only stories with an article from this outlet");
  stories->add_option("--limit", o->limit, "At most N stories (0: all)");
  stories->add_option("--format,-f", o->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  stories->callback([o, exit_code] {
    *exit_code = RunStories(o->db, StoryFilter{o->since, o->outlet, o->limit}, o->format.empty() ? "text" : o->format);
  });

  auto* story = app.add_subcommand("story", "One story's report from a store (as analyze reports it)");
  db_opt(story);
  story->add_option("ID", o->id, "Story id (from parallax stories or search)")->required();
  story->add_option("--format,-f", o->format, "Output format")->check(CLI::IsMember({"json", "markdown", "html"}));
  story->add_option("--since", o->since, "Also say what is new since this time or date (ISO 8601)")->transform(IsoTime());
  story->add_option("-o,--output", o->out, "Write the report to FILE instead of standard output");
  story->callback([o, exit_code] {
    *exit_code = RunStory(o->db, o->id, o->format.empty() ? "markdown" : o->format, o->since, o->out);
  });

  auto* search = app.add_subcommand(
      "search", "Full-text search of a store: words, \"phrases\", prefix*, AND OR NOT; best matches first");
  db_opt(search);
  search->add_option("QUERY", o->query, "The query")->required();
  search->add_option("--outlet", o->outlet, "Only articles (stories) from this outlet");
  search->add_option("--since", o->since, "Only articles published on or after DATE")->transform(IsoTime());
  search->add_option("--until", o->until, "Only articles published on or before DATE")->transform(IsoTime());
  search->add_option("--entity", o->entity, "Only articles in stories naming this person, organisation or place");
  search->add_flag("--stories", o->stories, "Search stories (titles, summaries, quotes, names) instead of articles");
  search->add_option("--limit", o->limit, "At most N results (default 20; 0: all)");
  search->add_option("--format,-f", o->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  search->callback([o, exit_code, search] {
    SearchQuery q;
    q.query = o->query;
    q.outlet = o->outlet;
    q.since = o->since;
    q.until = o->until;
    q.entity = o->entity;
    q.stories = o->stories;
    q.limit = search->count("--limit") ? o->limit : 20;
    *exit_code = RunSearch(o->db, q, o->format.empty() ? "text" : o->format);
  });

  auto* exp = app.add_subcommand("export", "Everything in a store as the analyze JSON (docs/json-format.md)");
  db_opt(exp);
  exp->add_option("-o,--output", o->out, "Write to FILE instead of standard output");
  exp->callback([o, exit_code] { *exit_code = RunExport(o->db, o->out); });

  RegisterWorker(app, exit_code);
}

}  // namespace parallax::cli
