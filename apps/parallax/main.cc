// parallax: the command-line front end. Parses flags, calls the engine,
// prints. Exit codes: 0 all inputs fine; 1 finished, but some inputs
// failed; 2 usage or fatal error.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <iostream>
#include <string>
#include <vector>

#include "clean/cleaner.h"
#include "eval/clustering_metrics.h"
#include "eval/events.h"
#include "cluster/cluster.h"
#include "engine/engine.h"
#include "ingest/reader.h"
#include "report/report.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitInputErrors = 1;
constexpr int kExitFatal = 2;

void PrintErrors(const std::vector<parallax::InputError>& errors) {
  for (const auto& e : errors) std::cerr << "parallax: " << e.path << ": " << e.message << "\n";
}

int WriteOutput(const std::string& out_path, const std::string& content) {
  if (out_path.empty() || out_path == "-") {
    std::cout << content;
    std::cout.flush();
    return std::cout ? kExitOk : kExitFatal;
  }
  std::ofstream f(out_path, std::ios::binary);
  if (!f) {
    std::cerr << "parallax: " << out_path << ": cannot open for writing\n";
    return kExitFatal;
  }
  f << content;
  f.close();
  if (!f) {
    std::cerr << "parallax: " << out_path << ": write failed\n";
    return kExitFatal;
  }
  return kExitOk;
}

}  // namespace

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
  double threshold = parallax::ClusterOptions{}.threshold;
  analyze->add_option("PATH", paths,
                      "Files or directories (read recursively): .txt (optional front matter), .html/.htm, .jsonl/.ndjson")
      ->required();
  analyze->add_option("--format,-f", format, "Output format")
      ->check(CLI::IsMember({"json", "markdown", "html"}))
      ->capture_default_str();
  analyze->add_option("-o,--output", out_path, "Write the report to FILE instead of standard output");
  analyze->add_option("--summary-words", summary_words, "Summary length budget in words")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  analyze->add_option("--cluster-threshold", threshold,
                      "Average similarity needed to put articles in one story (higher: smaller stories)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();

  // clean
  auto* clean = app.add_subcommand("clean", "Show the clean text of one article and every block removed, with the reason");
  std::string clean_path;
  clean->add_option("FILE", clean_path, "An article file (.txt, .html, .jsonl: every article in it)")->required();

  // eval cluster
  auto* eval = app.add_subcommand("eval", "Measure quality on a public benchmark");
  eval->require_subcommand(1);
  auto* eval_cluster = eval->add_subcommand(
      "cluster", "Story clustering against gold events: B-cubed precision/recall/F1, ARI, NMI");
  std::string data_root = "../shared/data";
  bool eval_json = false;
  double eval_threshold = parallax::ClusterOptions{}.threshold;
  eval_cluster->add_option("--data", data_root, "Folder holding clustering/events-dev.tsv and the documents it names")
      ->capture_default_str();
  eval_cluster->add_option("--cluster-threshold", eval_threshold, "Clustering threshold to evaluate")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  eval_cluster->add_flag("--json", eval_json, "Print the scores as JSON");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitFatal;
  }

  try {
    if (*analyze) {
      parallax::EngineOptions opt;
      opt.analyze.summary_words = summary_words;
      opt.cluster.threshold = threshold;
      parallax::Report report = parallax::AnalyzePaths(paths, opt);
      PrintErrors(report.errors);
      if (report.articles.empty()) {
        std::cerr << "parallax: no article could be read\n";
        return kExitInputErrors;
      }
      std::string rendered = format == "json"   ? parallax::RenderJson(report)
                             : format == "html" ? parallax::RenderHtml(report)
                                                : parallax::RenderMarkdown(report);
      int w = WriteOutput(out_path, rendered);
      if (w != kExitOk) return w;
      return report.errors.empty() ? kExitOk : kExitInputErrors;
    }
    if (*eval_cluster) {
      std::vector<parallax::InputError> errors;
      auto loaded = parallax::LoadEventsDev(data_root, &errors);
      if (!loaded.ok()) {
        std::cerr << "parallax: " << loaded.status().message() << "\n";
        return kExitFatal;
      }
      PrintErrors(errors);
      std::vector<parallax::Article> articles;
      std::vector<int> gold;
      std::map<std::string, int> keys;
      for (auto& la : *loaded) {
        gold.push_back(keys.emplace(la.event_key, static_cast<int>(keys.size())).first->second);
        articles.push_back(std::move(la.article));
      }
      parallax::CleanCorpus(&articles);
      parallax::ClusterOptions copt;
      copt.threshold = eval_threshold;
      auto stories = parallax::ClusterArticles(articles, copt);
      std::vector<int> predicted(articles.size(), -1);
      for (std::size_t s = 0; s < stories.size(); ++s) {
        for (std::size_t i : stories[s]) predicted[i] = static_cast<int>(s);
      }
      auto sc = parallax::ScoreClustering(gold, predicted);
      if (eval_json) {
        std::printf("{\"items\": %zu, \"gold_clusters\": %zu, \"predicted_clusters\": %zu, \"bcubed_precision\": %.4f, "
                    "\"bcubed_recall\": %.4f, \"bcubed_f1\": %.4f, \"ari\": %.4f, \"nmi\": %.4f}\n",
                    sc.items, sc.gold_clusters, sc.predicted_clusters, sc.bcubed_precision, sc.bcubed_recall,
                    sc.bcubed_f1, sc.ari, sc.nmi);
      } else {
        std::printf("events-dev: %zu articles, %zu gold events, %zu predicted stories (threshold %.3f)\n", sc.items,
                    sc.gold_clusters, sc.predicted_clusters, eval_threshold);
        std::printf("%-10s %-10s %-10s %-8s %-8s\n", "B3-P", "B3-R", "B3-F1", "ARI", "NMI");
        std::printf("%-10.4f %-10.4f %-10.4f %-8.4f %-8.4f\n", sc.bcubed_precision, sc.bcubed_recall, sc.bcubed_f1,
                    sc.ari, sc.nmi);
      }
      return errors.empty() ? kExitOk : kExitInputErrors;
    }
    if (*clean) {
      parallax::IngestResult in = parallax::ReadInputs({clean_path}, parallax::IngestOptions{});
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
