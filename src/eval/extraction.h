#pragma once
// Article-body extraction quality with the metric of the Scrapinghub
// article-extraction benchmark, and a reader for that benchmark's files.
//
//   Result<ExtractionBenchmark> b = LoadExtractionBenchmark("../shared/data/extraction/scrapinghub-dev");
//   std::vector<DocumentMatch> docs;
//   for (const ExtractionPage& p : b->pages) docs.push_back(MatchDocument(p.truth, Extract(p.html_path)));
//   ExtractionScores s = AggregateExtractionScores(docs, /*bootstrap_samples=*/1000);
//
// The metric (the benchmark's evaluate.py, re-implemented here so that our
// figures and the published ones are computed the same way):
//  - tokens are the matches of \w+ under Python 3 semantics: runs of
//    letters (general category L*), characters with a numeric value, and
//    '_', in any script. Combining marks (M*) are not word characters, so
//    they split words, exactly as in Python. Case is kept.
//  - a document's shingles are its token 4-grams as a multiset; a text of
//    one to three tokens has one shorter shingle (all of its tokens), an
//    empty text none.
//  - per document, tp/fp/fn are the multiset intersection and the two
//    differences, divided by their sum so that long pages weigh no more
//    than short ones.
//  - precision is the mean of tp/(tp+fp) over documents with tp+fp > 0
//    (an empty prediction does not count against precision, only against
//    recall); recall the mean of tp/(tp+fn) over documents with tp+fn > 0;
//    F1 = 2PR/(P+R) of those means, not a mean of per-document F1s.
//  - accuracy is the share of documents whose token sequences are equal.
//  - the spread is the sample standard deviation of each figure over
//    bootstrap resamples of the documents.
//
// Thread safety: every function is reentrant; nothing is shared.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace parallax {

// True for the code points that Python's re matches with \w on str.
bool IsPythonWordChar(char32_t c);

// The \w+ tokens of UTF-8 `text`, in order. Invalid UTF-8 bytes are not
// word characters (they decode as U+FFFD), so they separate tokens.
std::vector<std::string> WordTokens(std::string_view text);

// One document's shingle match, normalised so tp + fp + fn == 1 (all three
// are 0 when neither text has a token).
struct DocumentMatch {
  double tp = 0.0;
  double fp = 0.0;
  double fn = 0.0;
  bool exact = false;  // equal token sequences (the benchmark's "accuracy")
};

DocumentMatch MatchDocument(std::string_view truth, std::string_view prediction);

struct ExtractionScores {
  double f1 = 0.0;
  double precision = 0.0;
  double recall = 0.0;
  double accuracy = 0.0;
  // Sample standard deviations over the bootstrap resamples; 0 when no
  // resampling was asked for.
  double f1_std = 0.0;
  double precision_std = 0.0;
  double recall_std = 0.0;
  double accuracy_std = 0.0;
  std::size_t documents = 0;
};

// Aggregates per-document matches as described at the top. With
// bootstrap_samples > 1, also draws that many resamples (with replacement,
// from a generator seeded with `seed`, so a run is reproducible) and fills
// the *_std fields. A set where no document has a predicted shingle has
// precision 0 (the benchmark's script would fail on it instead).
ExtractionScores AggregateExtractionScores(const std::vector<DocumentMatch>& documents, int bootstrap_samples = 0,
                                           std::uint64_t seed = 42);

// ---------------------------------------------------------------------------
// The benchmark's files.

struct ExtractionPage {
  std::string id;         // the page's key in ground-truth.json (a sha256)
  std::string url;        // as given in ground-truth.json; may be empty
  std::string truth;      // the gold articleBody
  std::string html_path;  // <dir>/html/<id>.html.gz
};

struct ExtractionBenchmark {
  std::string dir;
  std::vector<ExtractionPage> pages;  // in id order
  // Published systems whose outputs are in <dir>/output, by name (the file
  // name without .json.gz or .json), sorted.
  std::vector<std::string> systems;
};

// Reads <dir>/ground-truth.json ({id: {"articleBody": ..., "url": ...}}) and
// lists <dir>/html and <dir>/output. Fails, naming the path, when the
// directory, ground-truth.json or html/ is missing, or when the ground truth
// is not a JSON object of objects. A page whose HTML file is absent stays in
// the list (the caller reports it when reading it), because dropping it
// would quietly change the figures.
Result<ExtractionBenchmark> LoadExtractionBenchmark(const std::string& dir);

// One published system's output: id -> predicted articleBody. Reads
// <dir>/output/<system>.json.gz (or .json), unwrapping the optional
// {"version": ..., "output": {...}} envelope. An id with no articleBody maps
// to "" (as the benchmark reads it).
Result<std::map<std::string, std::string>> LoadSystemOutput(const std::string& dir, const std::string& system);

// Whole contents of a gzip file (a plain file is returned as is, which zlib
// does by design). Refuses more than `max_bytes` of output, so a corrupt or
// hostile file cannot exhaust memory.
Result<std::string> ReadGzipFile(const std::string& path, std::size_t max_bytes = std::size_t{256} << 20);

}  // namespace parallax
