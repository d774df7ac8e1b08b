// Stage timings for bench/scale.sh. Three commands, each printing one JSON
// object on stdout:
//
//   scale_driver stages [--until cluster|analyze] [--format json|markdown|none] [--threads N] PATH...
//       The pipeline as `parallax analyze` runs it (AnalyzePaths), with the
//       wall time of every stage taken from the engine's progress hook, then
//       rendering (written nowhere). --until cluster calls the same stages
//       the engine calls, in the same way, and stops after clustering: the
//       CLI has no option for that. With --until cluster, --assignments FILE
//       also writes every clustered article as {"id", "cluster"} JSON Lines
//       (the peers' format, for bench/bcubed.py), and --cluster-repeat R
//       runs the clustering R times on the same articles (the fastest
//       counts; the stories must not change between runs);
//       --same-event-model FILE clusters with that same-event model
//       (docs/clustering.md) instead of the shipped one (the default, as in
//       `parallax analyze`); --same-event-model none with the cosine
//       threshold.
//   scale_driver extract DIR [--repeat R] [--threads N]
//       ExtractHtml (the ingest HTML extractor) on every *.html in DIR,
//       read into memory first: pages/s and HTML MB/s. With N threads
//       (default 1) the pages of each pass are shared out as ReadInputs
//       does (ParallelFor, one slot per page); text_bytes is the same for
//       any N.
//   scale_driver segment DIR [--repeat R]
//       SplitSentences, and separately SplitSentences + Tokenize of every
//       sentence (what the peers' segment-* wrappers do), on every *.txt in
//       DIR, read into memory first: MB/s.
//   scale_driver tokens FILE.jsonl
//       TokenizeFast against ICU's break iterator (TokenizeIcu) on the
//       title and text of every line: texts, tokens, texts whose tokens
//       differ (spans or kinds), and the first few differences on stderr.
//       Exit status 1 when any text differs.
//
// Built only with -DPARALLAX_BUILD_BENCH=ON.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/parallel.h"
#include "engine/engine.h"
#include "ingest/html.h"
#include "text/segment.h"
#include "text/utf8.h"
#include "text/words.h"

namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// A finished stage, on stderr at once: a run stopped by a timeout still shows where its time went.
void Note(const char* stage, double seconds) {
  std::fprintf(stderr, "stage %s %.2f s\n", stage, seconds);
  std::fflush(stderr);
}

int Usage() {
  std::fprintf(stderr,
               "usage: scale_driver stages [--until cluster|analyze] [--format json|markdown|none] [--threads N] "
               "[--assignments FILE] [--cluster-repeat R] [--same-event-model FILE] PATH...\n"
               "       scale_driver extract DIR [--repeat R] [--threads N]\n"
               "       scale_driver segment DIR [--repeat R]\n"
               "       scale_driver tokens FILE.jsonl\n");
  return 2;
}

std::vector<std::string> ReadDir(const std::string& dir, const std::string& ext, std::uint64_t* bytes) {
  std::vector<std::string> paths;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ext) paths.push_back(e.path().string());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> contents;
  *bytes = 0;
  for (const std::string& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    *bytes += s.size();
    contents.push_back(std::move(s));
  }
  return contents;
}

int Stages(const std::vector<std::string>& args) {
  std::string until = "analyze";
  std::string format = "json";
  unsigned threads = 0;
  std::string assignments;
  int cluster_repeat = 1;
  std::string same_event;  // a same-event model file (docs/clustering.md); empty: the shipped one; none: the cosine
  std::vector<std::string> paths;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--assignments" && i + 1 < args.size()) {
      assignments = args[++i];
    } else if (args[i] == "--until" && i + 1 < args.size()) {
      until = args[++i];
    } else if (args[i] == "--format" && i + 1 < args.size()) {
      format = args[++i];
    } else if (args[i] == "--threads" && i + 1 < args.size()) {
      threads = static_cast<unsigned>(std::strtoul(args[++i].c_str(), nullptr, 10));
    } else if (args[i] == "--cluster-repeat" && i + 1 < args.size()) {
      cluster_repeat = std::max(1, std::atoi(args[++i].c_str()));
    } else if (args[i] == "--same-event-model" && i + 1 < args.size()) {
      same_event = args[++i];
    } else {
      paths.push_back(args[i]);
    }
  }
  if (paths.empty() || (until != "cluster" && until != "analyze")) return Usage();

  parallax::EngineOptions opt;
  opt.threads = threads;
  if (same_event == "none") {
    opt.cluster.same_event = nullptr;
  } else if (!same_event.empty()) {
    auto model = parallax::LoadSameEventModel(same_event);
    if (!model.ok()) {
      std::fprintf(stderr, "scale_driver: %s\n", model.status().message().c_str());
      return 2;
    }
    opt.cluster.same_event = std::make_shared<const parallax::SameEventModel>(std::move(*model));
  }
  nlohmann::ordered_json out;
  nlohmann::ordered_json stage_s;
  const Clock::time_point t0 = Clock::now();

  if (until == "cluster") {
    // The engine's stages up to clustering (src/engine/engine.cc).
    Clock::time_point t = Clock::now();
    parallax::IngestResult in = parallax::ReadInputs(paths, opt.ingest);
    stage_s["read"] = Since(t);
    Note("read", stage_s["read"].get<double>());
    std::vector<parallax::Article>& articles = in.articles;
    t = Clock::now();
    parallax::CleanCorpus(&articles, opt.clean, opt.threads);
    stage_s["clean"] = Since(t);
    Note("clean", stage_s["clean"].get<double>());
    t = Clock::now();
    parallax::DedupResult dedup = parallax::FindDuplicates(articles, opt.dedup, opt.threads);
    stage_s["dedup"] = Since(t);
    Note("dedup", stage_s["dedup"].get<double>());
    std::vector<const parallax::Article*> to_cluster;
    std::size_t duplicates = 0;
    for (std::size_t i = 0; i < articles.size(); ++i) {
      if (dedup.duplicate_of[i]) {
        ++duplicates;
        continue;
      }
      if (!articles[i].text.empty()) to_cluster.push_back(&articles[i]);
    }
    // --cluster-repeat R: the clustering stage R times on the same articles
    // (the stories must come out the same each time); the fastest is
    // reported, so that a noisy machine disturbs the figure less.
    std::vector<std::vector<std::size_t>> groups;
    double best = 0;
    for (int r = 0; r < cluster_repeat; ++r) {
      t = Clock::now();
      auto g = parallax::ClusterArticles(to_cluster, opt.cluster, opt.threads);
      const double s = Since(t);
      Note("cluster", s);
      if (r > 0 && g != groups) {
        std::fprintf(stderr, "scale_driver: clustering run %d gave different stories\n", r + 1);
        return 1;
      }
      if (r == 0 || s < best) best = s;
      groups = std::move(g);
    }
    stage_s["cluster"] = best;
    if (cluster_repeat > 1) stage_s["cluster_runs"] = cluster_repeat;
    out["articles"] = articles.size();
    out["input_errors"] = in.errors.size();
    out["duplicates"] = duplicates;
    out["clustered"] = to_cluster.size();
    out["stories"] = groups.size();
    if (!assignments.empty()) {
      // The peers' format ({"id", "cluster"} per line), for bench/bcubed.py.
      std::ofstream f(assignments, std::ios::binary);
      for (std::size_t g = 0; g < groups.size(); ++g) {
        for (std::size_t k : groups[g]) {
          f << nlohmann::json{{"id", to_cluster[k]->id}, {"cluster", g}}.dump() << '\n';
        }
      }
    }
  } else {
    std::map<std::string, Clock::time_point> started;
    std::vector<std::string> order;
    opt.progress = [&](const parallax::Progress& p) {
      const std::string stage = p.stage;
      if (!started.count(stage)) {
        started[stage] = Clock::now();
        order.push_back(stage);
      } else if (p.done == p.total) {
        stage_s[stage] = Since(started[stage]);
        Note(stage.c_str(), stage_s[stage].get<double>());
      }
    };
    parallax::Report report = parallax::AnalyzePaths(paths, opt);
    std::size_t duplicates = 0;
    for (const auto& d : report.duplicate_of) duplicates += d ? 1 : 0;
    out["articles"] = report.articles.size();
    out["input_errors"] = report.errors.size();
    out["duplicates"] = duplicates;
    out["stories"] = report.stories.size();
    if (format != "none") {
      const Clock::time_point t = Clock::now();
      const std::string rendered =
          format == "markdown" ? parallax::RenderMarkdown(report) : parallax::RenderJson(report);
      stage_s["render"] = Since(t);
      out["report_MB"] = static_cast<double>(rendered.size()) / 1e6;
    }
  }
  out["stage_s"] = stage_s;
  out["total_s"] = Since(t0);
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

int Extract(const std::string& dir, int repeat, unsigned threads) {
  std::uint64_t bytes = 0;
  const std::vector<std::string> pages = ReadDir(dir, ".html", &bytes);
  if (pages.empty()) return Usage();
  std::size_t failures = 0, text_bytes = 0;
  std::vector<std::size_t> page_text(pages.size());  // bytes of text, or SIZE_MAX on failure
  const Clock::time_point t0 = Clock::now();
  for (int r = 0; r < repeat; ++r) {
    parallax::ParallelFor(pages.size(), threads, [&](std::size_t i) {
      parallax::Result<parallax::HtmlDocument> doc = parallax::ExtractHtml(pages[i]);
      page_text[i] = doc.ok() ? doc->text.size() : SIZE_MAX;
    });
    for (std::size_t t : page_text) {
      if (t == SIZE_MAX) {
        ++failures;
      } else {
        text_bytes += t;
      }
    }
  }
  const double s = Since(t0);
  const double n = static_cast<double>(pages.size()) * repeat;
  nlohmann::ordered_json out;
  out["pages"] = pages.size();
  out["repeat"] = repeat;
  out["threads"] = threads;
  out["failures"] = failures / static_cast<std::size_t>(repeat);
  out["seconds"] = s;
  out["pages_per_s"] = n / s;
  out["html_MB_per_s"] = static_cast<double>(bytes) * repeat / 1e6 / s;
  out["text_bytes"] = text_bytes / static_cast<std::size_t>(repeat);
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

int Segment(const std::string& dir, int repeat) {
  std::uint64_t bytes = 0;
  const std::vector<std::string> texts = ReadDir(dir, ".txt", &bytes);
  if (texts.empty()) return Usage();
  std::size_t sentences = 0, tokens = 0;
  Clock::time_point t0 = Clock::now();
  for (int r = 0; r < repeat; ++r) {
    for (const std::string& text : texts) sentences += parallax::SplitSentences(text).size();
  }
  const double s_sent = Since(t0);
  t0 = Clock::now();
  for (int r = 0; r < repeat; ++r) {
    for (const std::string& text : texts) {
      for (const parallax::Span& sp : parallax::SplitSentences(text)) {
        tokens += parallax::Tokenize(std::string_view(text).substr(sp.begin, sp.end - sp.begin)).size();
      }
    }
  }
  const double s_tok = Since(t0);
  const double mb = static_cast<double>(bytes) * repeat / 1e6;
  nlohmann::ordered_json out;
  out["docs"] = texts.size();
  out["MB"] = static_cast<double>(bytes) / 1e6;
  out["repeat"] = repeat;
  out["sentences"] = sentences / static_cast<std::size_t>(repeat);
  out["tokens"] = tokens / static_cast<std::size_t>(repeat);
  out["sentences_s"] = s_sent;
  out["sentences_MB_per_s"] = mb / s_sent;
  out["sentences_tokens_s"] = s_tok;
  out["sentences_tokens_MB_per_s"] = mb / s_tok;
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

int Tokens(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "scale_driver: cannot read %s\n", path.c_str());
    return 2;
  }
  std::size_t texts = 0, tokens = 0, differ = 0;
  std::vector<parallax::Token> fast;
  std::string line;
  while (std::getline(in, line)) {
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    for (const char* field : {"title", "text"}) {
      if (!j.contains(field) || !j[field].is_string()) continue;
      const std::string text = j[field].get<std::string>();
      if (!parallax::IsValidUtf8(text)) continue;
      ++texts;
      const std::vector<parallax::Token> icu = parallax::TokenizeIcu(text);
      parallax::TokenizeFast(text, &fast);
      tokens += icu.size();
      bool same = icu.size() == fast.size();
      for (std::size_t k = 0; same && k < icu.size(); ++k) {
        same = icu[k].span.begin == fast[k].span.begin && icu[k].span.end == fast[k].span.end &&
               icu[k].kind == fast[k].kind;
      }
      if (!same && ++differ <= 5) {
        std::fprintf(stderr, "differs: %s %s\n", j.value("id", std::string("?")).c_str(), field);
      }
    }
  }
  nlohmann::ordered_json out;
  out["texts"] = texts;
  out["tokens"] = tokens;
  out["texts_differing"] = differ;
  std::printf("%s\n", out.dump().c_str());
  return differ == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Usage();
  const std::string cmd = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  int repeat = 1;
  unsigned threads = 1;
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--repeat") repeat = std::max(1, std::atoi(args[i + 1].c_str()));
    if (args[i] == "--threads") threads = static_cast<unsigned>(std::max(1, std::atoi(args[i + 1].c_str())));
  }
  if (cmd == "stages") return Stages(args);
  if (cmd == "extract") return Extract(args[0], repeat, threads);
  if (cmd == "segment") return Segment(args[0], repeat);
  if (cmd == "tokens") return Tokens(args[0]);
  return Usage();
}
