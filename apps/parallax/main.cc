// parallax: the command-line front end. Parses flags, calls the engine,
// prints. Exit codes: 0 all inputs fine; 1 finished, but some inputs
// failed; 2 usage or fatal error, or no input could be read at all.

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "analyze/claim.h"
#include "analyze/paraphrase.h"
#include "clean/cleaner.h"
#include "cluster/cluster.h"
#include "commands.h"
#include "engine/engine.h"
#include "ingest/reader.h"
#include "ner/tagger.h"
#include "progress.h"
#include "report/report.h"

using parallax::cli::kExitFatal;
using parallax::cli::kExitInputErrors;
using parallax::cli::kExitOk;
using parallax::cli::PrintErrors;
using parallax::cli::WriteOutput;

int main(int argc, char** argv) {
  CLI::App app{"Parallax: groups news articles from many outlets into stories, with a cited summary,\n"
               "cross-source facts, quotes and their speakers, and the people, organisations and places involved."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "parallax 0.1.0");

  // analyze
  auto* analyze = app.add_subcommand("analyze", "Read articles, group them into stories and report on each story");
  std::vector<std::string> paths;
  std::string format = "markdown";
  std::string out_path;
  std::size_t summary_words = 120;
  std::size_t summary_bytes = 0;
  double threshold = 0;  // with --cluster-threshold: the merge threshold of the model or the cosine
  double near_duplicates = parallax::DedupOptions{}.near_threshold;
  int window_days = parallax::ClusterOptions{}.window_days;
  std::string same_event_model;  // empty: the shipped model (DefaultSameEventModel); "none": the cosine
  bool incremental = false;
  bool single_story = false;
  unsigned threads = 0;
  analyze->add_option("PATH", paths,
                      "Files or directories (read recursively), or - for standard input: .txt (UTF-8, optional front "
                      "matter; another charset is detected), .html/.htm, .jsonl/.ndjson, .warc, .rss/.atom/.xml "
                      "feeds, SGML newswire (<DOC> files: TREC, DUC, TAC), each also as .gz or .zst; other names "
                      "are sniffed. Parallax's own reports are skipped")
      ->required();
  analyze->add_option("--format,-f", format, "Output format")
      ->check(CLI::IsMember({"json", "markdown", "html"}))
      ->capture_default_str();
  analyze->add_option("-o,--output", out_path, "Write the report to FILE instead of standard output");
  auto* words_opt = analyze->add_option("--summary-words", summary_words, "Summary length budget in words")
                        ->check(CLI::Range(1, 10000))
                        ->capture_default_str();
  analyze
      ->add_option("--summary-bytes", summary_bytes,
                   "Summary length budget in bytes (e.g. 665, the DUC 2004 budget); alone, it replaces the word budget")
      ->check(CLI::Range(1, 1000000));
  auto* threshold_opt =
      analyze
          ->add_option("--cluster-threshold", threshold,
                       "Average link needed to put articles in one story (higher: smaller stories): the same-event "
                       "model's probability (default: the model's own threshold) or, with --same-event-model none, "
                       "the cosine (default " +
                           std::to_string(parallax::ClusterOptions{}.threshold).substr(0, 4) + ")")
          ->check(CLI::Range(0.0, 1.0));
  analyze->add_option("--same-event-model", same_event_model,
                      "The same-event model that decides which articles tell one event (docs/clustering.md); "
                      "default: the shipped models/same-event.model; 'none': the cosine threshold instead");
  analyze->add_option("--near-duplicates", near_duplicates,
                      "Word 5-shingle Jaccard similarity at which an article is a near duplicate of an earlier one "
                      "(cited, not analysed twice); 0: exact duplicates only")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  analyze->add_option("--window", window_days,
                      "Longest time a story spans, in days from its earliest to its latest dated article; 0: unlimited")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  analyze->add_flag("--incremental", incremental,
                    "Cluster as a stream: articles in date order, one batch per publication day, each joining "
                    "existing stories or starting new ones (default: all at once)");
  analyze->add_option("--threads", threads, "Worker threads; 0: one per hardware thread (the report is the same for any value)")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  analyze->add_flag("--single-story", single_story,
                    "Treat all inputs as one story and skip clustering (for articles already grouped by event)");

  // clean
  auto* clean = app.add_subcommand("clean", "Show the clean text of one article and every block removed, with the reason");
  std::string clean_path;
  clean->add_option("FILE", clean_path, "An article file (.txt, .html, .jsonl: every article in it)")->required();

  // eval: one file per task (commands.h).
  int eval_exit = kExitOk;
  auto* eval = app.add_subcommand("eval", "Measure quality on a public benchmark (data in ../shared/data by default)");
  eval->require_subcommand(1);
  parallax::cli::RegisterEvalCluster(*eval, &eval_exit);
  parallax::cli::RegisterEvalRouge(*eval, &eval_exit);
  parallax::cli::RegisterEvalSummarize(*eval, &eval_exit);
  parallax::cli::RegisterEvalNer(*eval, &eval_exit);
  parallax::cli::RegisterEvalQuotes(*eval, &eval_exit);
  parallax::cli::RegisterEvalExtract(*eval, &eval_exit);
  parallax::cli::RegisterEvalParaphrase(*eval, &eval_exit);
  parallax::cli::RegisterEvalFraming(*eval, &eval_exit);

  // train and ner: the named-entity tagger (train.cc, ner.cc).
  int train_exit = kExitOk;
  parallax::cli::RegisterTrain(app, &train_exit);
  int ner_exit = kExitOk;
  parallax::cli::RegisterNer(app, &ner_exit);
  int store_exit = kExitOk;  // ingest, stories, story, search, export (store_commands.cc)
  parallax::cli::RegisterStoreCommands(app, &store_exit);
  int serve_exit = kExitOk;  // serve (serve_command.cc)
  parallax::cli::RegisterServe(app, &serve_exit);

  try {
    app.parse(argc, argv);  // eval sub-commands run inside, as callbacks
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitFatal;
  } catch (const std::exception& e) {
    std::cerr << "parallax: fatal: " << e.what() << "\n";
    return kExitFatal;
  }

  try {
    if (*analyze) {
      parallax::EngineOptions opt;
      opt.analyze.summary_words = summary_words;
      opt.analyze.summary_bytes = summary_bytes;
      opt.threads = threads;
      if (summary_bytes > 0 && words_opt->count() == 0) opt.analyze.summary_words = summary_bytes;  // bytes decide
      opt.dedup.near_threshold = near_duplicates;
      opt.cluster.window_days = window_days;
      if (same_event_model == "none") {
        opt.cluster.same_event = nullptr;
      } else if (!same_event_model.empty()) {
        auto model = parallax::LoadSameEventModel(same_event_model);
        if (!model.ok()) {
          std::cerr << "parallax: " << model.status().message() << "\n";
          return kExitFatal;
        }
        opt.cluster.same_event = std::make_shared<const parallax::SameEventModel>(std::move(*model));
      } else {
        parallax::cli::WarnIfNoSameEventModel();  // the default, missing: the cosine, said aloud
      }
      if (threshold_opt->count() > 0) {
        if (opt.cluster.same_event != nullptr) {
          if (threshold <= 0 || threshold >= 1) {
            std::cerr << "parallax: --cluster-threshold with the same-event model is a probability: between 0 and "
                         "1, both excluded\n";
            return kExitFatal;
          }
          auto model = std::make_shared<parallax::SameEventModel>(*opt.cluster.same_event);
          model->threshold = threshold;
          opt.cluster.same_event = std::move(model);
        } else {
          opt.cluster.threshold = threshold;
        }
      }
      opt.incremental = incremental;
      opt.single_story = single_story;
      // A missing or broken named-entity model is not fatal (names fall back
      // to the rules) but the user must know the report is weaker.
      if (std::string why; parallax::DefaultNerModel(&why) == nullptr) {
        std::cerr << "parallax: warning: " << why << "; names are found by rules only (set PARALLAX_NER_MODEL)\n";
      }
      // The same for the shipped paraphrase model (missing or damaged: the
      // lexical model, which joins fewer reworded statements).
      if (std::string why; (parallax::DefaultParaphraseModel(&why), !why.empty())) {
        std::cerr << "parallax: warning: " << why << "\n";
      }
      // And for the same-claim model (missing or damaged: facts as before it).
      if (std::string why; (parallax::DefaultClaimModel(&why), !why.empty())) {
        std::cerr << "parallax: warning: " << why << "\n";
      }
      // Progress and skip counts only for a person watching a terminal.
      parallax::cli::ProgressBar bar(std::cerr, parallax::cli::StderrIsTerminal());
      if (bar.enabled()) opt.progress = [&bar](const parallax::Progress& p) { bar.Update(p); };
      parallax::IngestStats skipped;
      parallax::Report report = parallax::AnalyzePaths(paths, opt, &skipped);
      bar.Clear();
      bar.ReportSkipped(skipped);
      for (const auto& n : skipped.notes) std::cerr << "parallax: note: " << n.path << ": " << n.message << "\n";
      PrintErrors(report.errors);
      if (report.articles.empty()) {  // nothing at all could be read: no report
        std::cerr << "parallax: no article could be read\n";
        return kExitFatal;
      }
      // JSON is streamed (a report of 100k articles would otherwise be
      // built twice in memory); Markdown and HTML are much smaller.
      int w = format == "json" ? WriteOutput(out_path, [&](std::ostream& o) { parallax::WriteJson(report, o); })
                               : WriteOutput(out_path, format == "html" ? parallax::RenderHtml(report)
                                                                        : parallax::RenderMarkdown(report));
      if (w != kExitOk) return w;
      return report.errors.empty() ? kExitOk : kExitInputErrors;
    }
    if (*eval) return eval_exit;
    if (app.got_subcommand("train")) return train_exit;
    if (app.got_subcommand("ner")) return ner_exit;
    if (parallax::cli::RanStoreCommand(app)) return store_exit;
    if (app.got_subcommand("serve")) return serve_exit;
    if (*clean) {
      parallax::IngestOptions ingest;
      ingest.list_html_removed = true;  // show what the page held besides its text, and why
      parallax::IngestResult in = parallax::ReadInputs({clean_path}, ingest);
      for (const auto& n : in.stats.notes) std::cerr << "parallax: note: " << n.path << ": " << n.message << "\n";
      PrintErrors(in.errors);
      parallax::CleanCorpus(&in.articles);
      for (const auto& a : in.articles) {
        std::cout << "=== " << a.id << (a.title.empty() ? "" : ": " + a.title) << "\n\n" << a.text << "\n\n";
        std::cout << "--- removed (" << a.removed.size() << ")\n";
        for (const auto& b : a.removed) std::cout << "[" << b.reason << "] " << b.text << "\n";
        std::cout << "\n";
      }
      return in.errors.empty() ? kExitOk : kExitInputErrors;
    }
  } catch (const std::exception& e) {
    std::cerr << "parallax: fatal: " << e.what() << "\n";
    return kExitFatal;
  }
  return kExitFatal;
}
