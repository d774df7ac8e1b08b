#pragma once
// Every HTML main-text set under <data>/extraction, each split into its
// tuning and validation halves, scored for our extractor and for the peers
// on the same pages in the same run.
//
//   Result<ExtractionSet> set = LoadExtractionSet("../shared/data/extraction/dragnet-dev");
//   std::vector<PageScore> ours;
//   for (const SetPage& p : set->pages) ours.push_back(ScoreSetPage(*set, p, Extract(p)));
//   HalfScores v = AggregateHalf(*set, ours, DevHalf::kValidation);
//
// Two layouts are read: the Scrapinghub one (ground-truth.json {id:
// {articleBody}} and html/<id>.html.gz; scrapinghub-dev, cleaneval-dev,
// cleanportaleval-dev, dragnet-dev, l3s-gn1-dev, readability-tests-dev),
// scored with that benchmark's metric (eval/extraction.h: word 4-gram
// shingles, F1 of the mean P and R); and trafilatura's evaluation set
// (tests/evaldata.json {url: {file, with, without}}), scored with its own
// metric (snippets that must / must not appear in the whitespace-collapsed
// output, counted over the set: F1 = 2tp / (2tp + fp + fn)). A page's own
// F1 is 2tp / (2tp + fp + fn) of its counts under either metric (1 when
// neither gold nor prediction has anything to count).
//
// The split: a page is in the tuning half when InTuningHalf(page id)
// (core/split.h), the id being ground-truth.json's key (a sha256 of the
// page) or trafilatura's url key.
//
// Peers run as external programs with the uniform CLI of ../shared/peers
// (`bin/extract-<peer> --batch INDIR OUTDIR`, one .txt per .html); their
// outputs are kept in a cache folder, so a second run only reads them.
//
// Thread safety: every function is reentrant; RunPeer writes only under its
// cache folder.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/split.h"
#include "core/status.h"
#include "eval/extraction.h"

namespace parallax {

enum class ExtractionMetric { kShingles, kSnippets };

struct SetPage {
  std::string id;         // the split key
  std::string html_path;  // gzip or plain HTML
  std::string truth;      // kShingles: the gold text
  std::vector<std::string> with, without;  // kSnippets: must and must not appear
  bool tuning = false;    // InTuningHalf(id)
};

struct ExtractionSet {
  std::string name;  // the folder's name
  std::string dir;
  ExtractionMetric metric = ExtractionMetric::kShingles;
  std::vector<SetPage> pages;  // in id order
  // Published systems' stored outputs (<dir>/output, Scrapinghub only).
  std::vector<std::string> systems;
};

// The set folders under `extraction_root` (sorted by name); a folder is a
// set when it holds ground-truth.json or tests/evaldata.json.
std::vector<std::string> ListExtractionSets(const std::string& extraction_root);

// Reads either layout; fails naming the path when neither is there or the
// JSON is malformed.
Result<ExtractionSet> LoadExtractionSet(const std::string& dir);

struct PageScore {
  DocumentMatch match;  // kShingles: normalised; kSnippets: raw counts
  double f1 = 0.0;      // this page's own F1
};

PageScore ScoreSetPage(const ExtractionSet& set, const SetPage& page, std::string_view prediction);

struct HalfScores {
  double f1 = 0.0;  // the set's metric over the half's pages
  std::size_t pages = 0;
  std::size_t below_half = 0;  // pages with their own F1 < 0.5
};

// `scores[i]` belongs to set.pages[i].
HalfScores AggregateHalf(const ExtractionSet& set, const std::vector<PageScore>& scores, DevHalf half);

// Runs `peers_dir`/bin/extract-`peer` in batch mode over the set's pages
// (written as UTF-8 .html files under `cache_dir`) unless `cache_dir` already
// holds its outputs for this set, and returns page id -> text. A page the
// peer gave no output for maps to "" (an empty prediction). Fails, naming
// the program, when it is missing or exits non-zero.
Result<std::map<std::string, std::string>> RunPeer(const ExtractionSet& set, const std::string& peers_dir,
                                                   const std::string& peer, const std::string& cache_dir);

// Our extractor as `parallax analyze` reads an HTML file: bytes to UTF-8 by
// the page's charset (ingest/charset.h), then ExtractHtml's main text; ""
// when the page cannot be read (an empty prediction).
std::string ExtractMainText(std::string_view html_bytes);

}  // namespace parallax
